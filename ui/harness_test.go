package ui

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// The screens start some work with a plain `go` (Settings' Save and Test connection,
// loading a provider file, the saved profile at start-up) and the stall test needs a real
// sending goroutine. Fyne's test driver runs fyne.Do inline on the calling goroutine, so
// widgets would be touched from two goroutines at once. The harness wraps the test app's
// driver so every fyne.Do holds one (re-entrant) lock, and the test holds the same lock
// while it reads or taps: the race detector then sees real ordering, and waiting is driven
// by fyne.Do calls instead of sleeps.

// uiLock is a mutex its holder may take again (a fyne.Do inside a fyne.Do, or a tap whose
// handler runs u.run synchronously and calls fyne.Do).
type uiLock struct {
	mu    sync.Mutex
	owner atomic.Uint64
	did   chan struct{} // one pending "a fyne.Do has run" signal
}

func goroutineID() uint64 {
	var b [64]byte
	n := runtime.Stack(b[:], false) // "goroutine 123 [running]: ..."
	f := strings.Fields(string(b[:n]))
	id, _ := strconv.ParseUint(f[1], 10, 64)
	return id
}

func (l *uiLock) do(f func()) {
	id := goroutineID()
	if l.owner.Load() == id {
		f()
		return
	}
	l.mu.Lock()
	l.owner.Store(id)
	defer func() {
		l.owner.Store(0)
		l.mu.Unlock()
	}()
	f()
}

func (l *uiLock) signal() {
	select {
	case l.did <- struct{}{}:
	default: // a signal is already pending: the waiter will look again anyway
	}
}

type lockedDriver struct {
	fyne.Driver
	l *uiLock
}

func (d lockedDriver) DoFromGoroutine(f func(), wait bool) {
	d.l.do(func() { d.Driver.DoFromGoroutine(f, wait) })
	d.l.signal()
}

type lockedApp struct {
	fyne.App
	d fyne.Driver
}

func (a lockedApp) Driver() fyne.Driver { return a.d }

// harness is one window on the test driver with its outbox folder and password store.
type harness struct {
	t   *testing.T
	u   *UI
	app fyne.App
	pw  *secret.Memory
	dir string
	l   *uiLock
}

// newHarness builds the window like newTestUI does (u.run synchronous), on a test app
// whose fyne.Do is serialised with the test by h.do.
func newHarness(t *testing.T, opt Options) *harness {
	t.Helper()
	base := test.NewTempApp(t)
	return newHarnessOn(t, base, opt)
}

// newHarnessOn builds a second window on an existing test app, as a restarted app would
// find the same preferences.
func newHarnessOn(t *testing.T, base fyne.App, opt Options) *harness {
	t.Helper()
	if la, ok := base.(lockedApp); ok {
		base = la.App
	}
	l := &uiLock{did: make(chan struct{}, 1)}
	app := lockedApp{App: base, d: lockedDriver{Driver: base.Driver(), l: l}}
	fyne.SetCurrentApp(app)
	t.Cleanup(func() { fyne.SetCurrentApp(base) }) // runs before NewTempApp's own clean-up
	if opt.OutboxDir == "" {
		opt.OutboxDir = t.TempDir()
	}
	pw, _ := opt.Passwords.(*secret.Memory)
	if pw == nil {
		pw = secret.NewMemory()
		opt.Passwords = pw
	}
	h := &harness{t: t, app: app, pw: pw, dir: opt.OutboxDir, l: l}
	l.do(func() {
		h.u = New(app, opt)
		h.u.spawn = func(f func()) { f() }
	})
	t.Cleanup(func() { l.do(h.u.Window.Close) })
	return h
}

// do runs f holding the UI lock: use it for every look at or tap on the window while a
// goroutine of the app may be running.
func (h *harness) do(f func()) { h.l.do(f) }

// waitFor waits until cond (checked under the UI lock) holds, looking again after each
// fyne.Do. The limit only stops a broken test from hanging; nothing is timed.
func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	limit := time.NewTimer(2 * time.Minute)
	defer limit.Stop()
	for {
		var ok bool
		h.do(func() { ok = cond() })
		if ok {
			return
		}
		select {
		case <-h.l.did:
		case <-limit.C:
			h.t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// waitChan waits for a channel the test controls; the limit only stops a hang.
func waitChan[T any](t *testing.T, what string, c <-chan T) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(2 * time.Minute):
		t.Fatalf("gave up waiting for %s", what)
	}
}

const (
	testAddress  = "kate@example.co.nz"
	testUser     = "kate"
	testPassword = "correct-horse-7"
)

// startFake runs a scripted mail server and returns the options that trust its CA.
func startFake(t *testing.T, opts ...smtpfake.Options) (*smtpfake.Server, Options) {
	t.Helper()
	srv := smtpfake.Start(t, opts...)
	return srv, Options{RootCAs: srv.PKI.Pool}
}

// useAccount saves a sending account for srv and its password in the store, as Settings
// would.
func (h *harness) useAccount(srv *smtpfake.Server) account {
	h.t.Helper()
	acc := account{Address: testAddress, Host: srv.Host, Port: srv.Port, Security: send.StartTLS, Username: testUser}
	h.do(func() { h.u.saveAccount(acc) })
	if err := h.pw.Set(acc.keychainKey(), testPassword); err != nil {
		h.t.Fatal(err)
	}
	return acc
}

// dropOriginal drops testdata/original.eml and returns its report form.
func (h *harness) dropOriginal() *reportFlow {
	h.t.Helper()
	var f *reportFlow
	h.do(func() {
		h.u.HandleDrop(fyne.NewPos(5, 5), []fyne.URI{fileURI(h.t, "original.eml")})
		f = findFlow(h.t, h.u)
	})
	return f
}

func (h *harness) outbox() *outbox.Outbox {
	h.t.Helper()
	ob, err := h.u.outbox()
	if err != nil {
		h.t.Fatal(err)
	}
	return ob
}

func (h *harness) queued() []outbox.Entry {
	h.t.Helper()
	l, err := h.outbox().List()
	if err != nil {
		h.t.Fatal(err)
	}
	return l
}

func (h *harness) history() []outbox.Entry {
	h.t.Helper()
	l, err := h.outbox().History()
	if err != nil {
		h.t.Fatal(err)
	}
	return l
}

// overlay is the top dialog or pop-up, or fails the test.
func (h *harness) overlay() fyne.CanvasObject {
	h.t.Helper()
	ov := h.u.Window.Canvas().Overlays().Top()
	if ov == nil {
		h.t.Fatal("no dialog is showing")
	}
	return ov
}

// screen is what a person can read under o: labels, buttons, links, chosen and offered
// options, typed text and placeholders, skipping what is hidden.
func screen(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	line := func(s string) {
		if s != "" {
			b.WriteString(s + "\n")
		}
	}
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			line(w.Text)
		case *widget.Button:
			line(w.Text)
		case *widget.Hyperlink:
			line(w.Text)
		case *widget.Check:
			line(w.Text)
		case *widget.RadioGroup:
			for _, opt := range w.Options {
				line(opt)
			}
		case *widget.Select:
			if w.Selected != "" {
				line(w.Selected)
			} else {
				line(w.PlaceHolder)
			}
		case *widget.Entry:
			if w.Text != "" && !w.Password {
				line(w.Text)
			} else {
				line(w.PlaceHolder)
			}
		case *widget.RichText:
			line(w.String())
		case *canvas.Text:
			line(w.Text)
		case *widget.Card:
			line(w.Title)
			line(w.Subtitle)
			walk(w.Content)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

// rawErrorMarks are pieces of Go error text that must never reach the screen.
var rawErrorMarks = []string{"error:", "dial tcp", "x509", "EOF", "%!"}

func assertPlain(t *testing.T, where, text string) {
	t.Helper()
	for _, m := range rawErrorMarks {
		if strings.Contains(text, m) {
			t.Errorf("%s shows raw error text %q:\n%s", where, m, text)
		}
	}
}

func assertShows(t *testing.T, where, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not show %q; it shows:\n%s", where, w, text)
		}
	}
}

// find returns the first widget of type T under o (visible or not) that ok accepts.
func find[T fyne.CanvasObject](o fyne.CanvasObject, ok func(T) bool) T {
	var zero T
	var walk func(fyne.CanvasObject) (T, bool)
	walk = func(o fyne.CanvasObject) (T, bool) {
		if o == nil {
			return zero, false
		}
		if w, is := o.(T); is && (ok == nil || ok(w)) {
			return w, true
		}
		switch w := o.(type) {
		case *widget.Card:
			return walk(w.Content)
		case *fyne.Container:
			for _, c := range w.Objects {
				if r, found := walk(c); found {
					return r, true
				}
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(w).Objects() {
				if r, found := walk(c); found {
					return r, true
				}
			}
		}
		return zero, false
	}
	r, _ := walk(o)
	return r
}

// button finds the visible button with this text, or fails the test.
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	b := find(o, func(b *widget.Button) bool { return b.Text == text && b.Visible() })
	if b == nil {
		t.Fatalf("no %q button in:\n%s", text, screen(o))
	}
	return b
}

// typeInto clears an entry and types into it as a person would.
func typeInto(e *widget.Entry, text string) {
	e.SetText("")
	test.Type(e, text)
}

// writeProfile writes a small IT provider profile and checks it loads.
func writeProfile(t *testing.T) (path string, p provider.Profile) {
	t.Helper()
	const js = `{
  "format": 1,
  "id": "acme-it",
  "name": "Acme IT Services",
  "support_address": "mailhelp@acme-it.example.co.nz",
  "phones": [{"label": "Helpdesk", "number": "09 555 0199", "note": "ask for email"}],
  "hours": {"zone": "Pacific/Auckland", "days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "open": "09:00", "close": "17:00", "holidays": "nz"},
  "mail_servers": {"hint": "Ask Acme IT for your mail server names."},
  "subject_prefixes": {"false-negative": "False Negative", "false-positive": "False Positive", "virus": "Virus sample"},
  "extra_recipients_allowed": false
}`
	dir := t.TempDir()
	path = filepath.Join(dir, "acme.json")
	if err := os.WriteFile(path, []byte(js), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := provider.Load(path)
	if err != nil {
		t.Fatalf("test profile does not load: %v", err)
	}
	return path, p
}
