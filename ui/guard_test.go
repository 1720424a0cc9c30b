package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/intake"
)

// A panic while a dropped file is checked costs that card a plain sentence: the window, the
// other cards and the file itself are untouched, and the next drop works.
func TestPanicWhileCheckingAFileKeepsTheAppWorking(t *testing.T) {
	u := newTestUI(t)
	path, _ := filepath.Abs(filepath.Join("testdata", "original.eml"))
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	real := checkMessage
	checkMessage = func(*intake.Item) *check.Result { panic("a bug in the check") }
	u.HandleDrop(fyne.NewPos(10, 10), []fyne.URI{fileURI(t, "original.eml")})
	checkMessage = real
	got := texts(u.report.results.Objects[0])
	if !strings.Contains(got, somethingWentWrongReading) {
		t.Fatalf("the card does not say what happened:\n%s", got)
	}

	u.HandleDrop(fyne.NewPos(10, 10), []fyne.URI{fileURI(t, "original.eml")})
	if got := texts(u.report.results.Objects[0]); !strings.Contains(got, "This is the original email") {
		t.Fatalf("the next drop did not work after a panic:\n%s", got)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("the user's file changed")
	}
}

// A background loop that panics is started again; one that returns is not.
func TestKeepRunningRestartsALoopAfterAPanic(t *testing.T) {
	u := newTestUI(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runs := make(chan int, maxRestartsOfBackgroundRun+1)
	n := 0
	u.keepRunning(ctx, func(context.Context) {
		n++
		runs <- n
		if n == 1 {
			panic("first run fails")
		}
	})
	waitChan(t, "the first run", runs)
	waitChan(t, "the run after the panic", runs)
	select {
	case <-runs:
		t.Fatal("a loop that returned normally was started again")
	default:
	}
}
