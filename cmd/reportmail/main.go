// Command reportmail is the Report Mail desktop app. It only wires things together: the
// screens are in package ui, the email work in internal/….
package main

import (
	"fmt"
	"log"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/reportmail/reportmail/internal/appinfo"
	"github.com/reportmail/reportmail/internal/instance"
	"github.com/reportmail/reportmail/ui"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "--version" {
		// The version a package check or a helpdesk reads without opening the window.
		fmt.Println(appinfo.Name, appinfo.Version)
		return
	}
	ui.KeepCrashReports()
	files := fileArgs(os.Args[1:])
	// One window per person: a second start ("Open with", reportmail FILE…) gives its files
	// to the window already open and ends. If that cannot be done, this start opens a window
	// of its own rather than nothing.
	primary, handedOver, err := instance.Claim(instance.Config{}, files)
	if handedOver {
		return
	}
	if err != nil {
		log.Printf("reportmail: starting a window of its own (%v)", err)
	}
	a := app.NewWithID(appinfo.ID)
	a.SetIcon(ui.Icon)
	u := ui.New(a, ui.Options{})
	u.Window.SetMaster()
	u.Start()
	u.Open(files)
	if primary != nil {
		defer primary.Close()
		go func() {
			err := primary.Serve(func(paths []string) { fyne.Do(func() { u.OpenHandedOver(paths) }) })
			if err != nil {
				log.Printf("reportmail: no longer taking files from other starts (%v)", err)
			}
		}()
	}
	u.Window.ShowAndRun()
}

// fileArgs drops what is not a file: macOS adds -psn_… when Finder starts an app.
func fileArgs(args []string) []string {
	var files []string
	for _, a := range args {
		if !strings.HasPrefix(a, "-psn_") {
			files = append(files, a)
		}
	}
	return files
}
