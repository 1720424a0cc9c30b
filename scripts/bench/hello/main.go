// Command hello is the bare Fyne window `make bench` starts beside Report Mail, so the app's
// start-up is judged against what Fyne itself costs on this machine.
package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("app.reportmail.bench.hello")
	w := a.NewWindow("Hello Bench")
	w.SetContent(widget.NewLabel("Hello"))
	w.ShowAndRun()
}
