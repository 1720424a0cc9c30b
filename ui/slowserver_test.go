package ui

import (
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// A server that takes its time to greet is not a frozen window: the card says what it is
// waiting for, as the command line does, and the report still goes once the server speaks.
func TestSlowServerSaysWhatItWaitsFor(t *testing.T) {
	srv, opt := startFake(t, smtpfake.Options{GreetingDelay: 5 * time.Second})
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()

	var wg sync.WaitGroup
	h.u.spawn = func(fn func()) {
		wg.Add(1)
		go func() { defer wg.Done(); fn() }()
	}
	h.do(func() {
		f.kind.SetSelected(kindChoices[0].label)
		test.Tap(f.sendBtn)
	})
	h.waitFor("the card to say it is connecting", func() bool {
		return strings.HasPrefix(f.status.Text, "Connecting to "+srv.Host)
	})
	wg.Wait()
	if n := len(srv.Delivered()); n != 1 {
		t.Fatalf("the slow server got %d reports, want 1", n)
	}
}
