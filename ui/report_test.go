package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/secret"
)

// newTestUI builds the window on Fyne's test driver with background work made synchronous,
// so a test sees the finished screen as soon as the call returns.
func newTestUI(t *testing.T) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	u := New(a, Options{OutboxDir: t.TempDir(), Passwords: secret.NewMemory()})
	u.spawn = func(f func()) { f() }
	t.Cleanup(u.Window.Close)
	return u
}

// texts collects every label's text under o, to assert what a person would read.
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Button:
			b.WriteString(w.Text + "\n")
		case *widget.Select:
			b.WriteString(w.Selected + "\n")
		case *widget.Card:
			b.WriteString(w.Title + "\n")
			if w.Content != nil {
				walk(w.Content)
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.WidgetRenderer(w)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

func fileURI(t *testing.T, name string) fyne.URI {
	p, err := filepath.Abs(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return storage.NewFileURI(p)
}

func TestEmptyStateSaysWhatToDo(t *testing.T) {
	u := newTestUI(t)
	got := texts(u.Window.Content())
	for _, want := range []string{"Drop a saved email here", "drag the email to your desktop first", "Open…", "Paste message source"} {
		if !strings.Contains(strings.ToLower(got), strings.ToLower(want)) {
			t.Errorf("empty window does not say %q; it says:\n%s", want, got)
		}
	}
}

func TestDropOriginalAndForward(t *testing.T) {
	u := newTestUI(t)
	u.HandleDrop(fyne.NewPos(10, 10), []fyne.URI{fileURI(t, "original.eml")})
	got := texts(u.report.results)
	if !strings.Contains(got, "This is the original email") || !strings.Contains(got, "You have won a holiday") {
		t.Fatalf("original not shown as original:\n%s", got)
	}

	u.HandleDrop(fyne.NewPos(10, 10), []fyne.URI{fileURI(t, "forward.eml")})
	got = texts(u.report.results.Objects[0])
	if !strings.Contains(got, "This is not the original email") {
		t.Fatalf("forward not refused:\n%s", got)
	}
	if !strings.Contains(got, "Get the original from your mail program") {
		t.Errorf("refusal does not show how to get the original:\n%s", got)
	}
	if len(u.report.results.Objects) != 2 {
		t.Errorf("want two result cards, have %d", len(u.report.results.Objects))
	}
}

func TestDropOfNothingExplainsDragToDesktop(t *testing.T) {
	u := newTestUI(t)
	uri, err := storage.ParseURI("outlook://message/123")
	if err != nil {
		t.Fatal(err)
	}
	u.HandleDrop(fyne.NewPos(1, 1), []fyne.URI{uri})
	if len(u.report.results.Objects) != 0 {
		t.Fatalf("a non-file drop made a result card")
	}
	ov := u.Window.Canvas().Overlays().Top()
	if ov == nil || !strings.Contains(texts(ov), "desktop first") {
		t.Fatalf("no explanation shown for a drop that delivered nothing")
	}
}

func TestPasteViewSource(t *testing.T) {
	u := newTestUI(t)
	raw, err := readTestdata("original.eml")
	if err != nil {
		t.Fatal(err)
	}
	u.app.Clipboard().SetContent(string(raw))
	u.report.paste()
	if got := texts(u.report.results); !strings.Contains(got, "This is the original email") {
		t.Fatalf("pasted source not accepted:\n%s", got)
	}
}

func TestMailboxFileOffersAPicker(t *testing.T) {
	u := newTestUI(t)
	u.HandleDrop(fyne.NewPos(1, 1), []fyne.URI{fileURI(t, "three.mbox")})
	c := u.report.cards[0]
	if c.item == nil || len(c.item.Mbox) != 3 {
		t.Fatalf("mailbox not read as three messages: %+v", c.item)
	}
	if c.picker == nil {
		t.Fatal("no message picker for a mailbox file")
	}
	c.picker.list.Select(2)
	if got := texts(c.root); !strings.Contains(got, "Third prize") {
		t.Fatalf("picking message 3 did not show it:\n%s", got)
	}
}
