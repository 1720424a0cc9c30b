// Command reportmail is the Report Mail desktop app. It only wires things together: the
// screens are in package ui, the email work in internal/….
package main

import (
	"os"

	"fyne.io/fyne/v2/app"

	"github.com/reportmail/reportmail/ui"
)

func main() {
	ui.KeepCrashReports()
	a := app.NewWithID("app.reportmail.desktop")
	a.SetIcon(ui.Icon)
	u := ui.New(a, ui.Options{})
	u.Window.SetMaster()
	u.Start()
	u.Open(os.Args[1:])
	u.Window.ShowAndRun()
}
