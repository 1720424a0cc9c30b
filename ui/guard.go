package ui

import (
	"context"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// Every goroutine the UI starts goes through run, runOr or goSafe. A bug or a hostile file
// that panics in background work must cost the user one message, never the window, the
// other cards or anything they gave us.

// somethingWentWrong is what a person reads when background work failed in a way we did not
// foresee. It says what is safe, because that is the first worry.
const (
	somethingWentWrong         = "Something went wrong. Report Mail is still running, and nothing you gave it was lost or changed."
	somethingWentWrongReading  = "Something went wrong reading this file. The file itself has not been changed: you can try again, or send it to your IT helpdesk to look at."
	panicLogPrefix             = "reportmail: recovered from a panic in background work"
	maxRestartsOfBackgroundRun = 5
)

// run starts f off the UI goroutine (through u.spawn, which tests make synchronous). A
// panic shows the general "something went wrong" message.
func (u *UI) run(f func()) { u.runOr(f, nil) }

// runOr is run with a say-so of its own: onPanic runs on the UI goroutine instead of the
// general message, for example to put "something went wrong reading this file" on a card.
func (u *UI) runOr(f func(), onPanic func()) {
	u.spawn(func() {
		defer u.rescue(onPanic)
		f()
	})
}

// goSafe always starts a real goroutine, for loops and timers that must not run inline
// even in tests.
func (u *UI) goSafe(f func()) {
	go func() {
		defer u.rescue(nil)
		f()
	}()
}

// keepRunning runs a background loop until ctx ends, starting it again after a panic (a
// few times: a loop that panics every time is a bug to report, not to spin on).
func (u *UI) keepRunning(ctx context.Context, loop func(context.Context)) {
	go func() {
		for range maxRestartsOfBackgroundRun {
			if !u.panicked(func() { loop(ctx) }) || ctx.Err() != nil {
				return
			}
		}
	}()
}

// panicked runs f and reports whether it panicked (the panic is recovered and shown).
func (u *UI) panicked(f func()) (did bool) {
	defer func() {
		if v := recover(); v != nil {
			did = true
			u.rescueValue(v, nil)
		}
	}()
	f()
	return false
}

// rescue is deferred at the top of every background goroutine.
func (u *UI) rescue(onPanic func()) {
	if v := recover(); v != nil {
		u.rescueValue(v, onPanic)
	}
}

func (u *UI) rescueValue(v any, onPanic func()) {
	if v == nil {
		return
	}
	// The details are for whoever fixes the bug; the person at the window gets a sentence.
	log.Printf("%s: %v\n%s", panicLogPrefix, v, debug.Stack())
	fyne.Do(func() {
		if onPanic != nil {
			onPanic()
			return
		}
		u.showDialog(dialog.NewInformation("Something went wrong", somethingWentWrong, u.Window), dialogKeys{})
	})
}

// KeepCrashReports sends the runtime's report of a crash we could not recover from (a
// panic on the UI goroutine) to a file in the user's cache folder, so there is something
// for whoever fixes it even when the app was started from a desktop icon.
func KeepCrashReports() {
	dir, err := os.UserCacheDir()
	if err != nil {
		return
	}
	dir = filepath.Join(dir, "reportmail")
	if os.MkdirAll(dir, 0o700) != nil {
		return
	}
	f, err := os.OpenFile(filepath.Join(dir, "crash.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return
	}
	_ = debug.SetCrashOutput(f, debug.CrashOptions{})
	f.Close() // SetCrashOutput keeps its own copy of the descriptor
}

// later runs f on the UI goroutine after d, unless the window has closed by then: a timer
// (such as "Copied" turning back into "Copy") must never touch widgets of a closed window.
func (u *UI) later(d time.Duration, f func()) {
	u.goSafe(func() {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-u.life.Done():
			return
		case <-t.C:
		}
		fyne.Do(func() {
			if u.life.Err() == nil {
				f()
			}
		})
	})
}
