package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
)

// latinMbox: the second message has a raw Latin-1 subject (no encoded words) and a date in
// New Zealand daylight time, 10:00 at +13:00.
const latinMbox = "From a@b.example Mon Jan 13 21:00:00 2025\n" +
	"From: a@b.example\nSubject: first\nDate: Mon, 13 Jan 2025 21:00:00 +0000\n\nbody one\n\n" +
	"From c@d.example Tue Jan 14 10:00:00 2025\n" +
	"Received: from mx.d.example by mx.example; Tue, 14 Jan 2025 10:00:00 +1300\n" +
	"From: Ren\xe9e <c@d.example>\nTo: me@example.org\nSubject: caf\xe9\n" +
	"Date: Tue, 14 Jan 2025 10:00:00 NZDT\nMessage-ID: <2@d.example>\n" +
	"Content-Type: text/plain; charset=iso-8859-1\n\nbody two\n"

// TestPickerAndCardAgree: the mailbox picker and the result card read a message's subject
// and date the same way (issue 9): the same text, the same instant.
func TestPickerAndCardAgree(t *testing.T) {
	p := filepath.Join(t.TempDir(), "latin.mbox")
	if err := os.WriteFile(p, []byte(latinMbox), 0o600); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t)
	u.HandleDrop(fyne.NewPos(1, 1), []fyne.URI{storage.NewFileURI(p)})
	c := u.report.cards[0]
	pk := c.picker
	if pk == nil || len(pk.rows) != 2 {
		t.Fatalf("no picker with two messages")
	}
	when := time.Date(2025, 1, 13, 21, 0, 0, 0, time.UTC)
	label := pk.rows[1]
	if !strings.Contains(label, "café") || !strings.Contains(label, formatWhen(when)) {
		t.Errorf("picker offers %q, want the subject café and the instant %s", label, when.Local())
	}
	pk.list.Select(1)
	got := texts(c.root)
	if !strings.Contains(got, "\ncafé\n") {
		t.Errorf("the card does not show the subject café:\n%s", got)
	}
	if !strings.Contains(got, "\nDate\n"+formatWhen(when)+"\n") {
		t.Errorf("the card does not show the instant %s:\n%s", when.Local(), got)
	}
	if strings.Contains(got, "\uFFFD") || strings.Contains(strings.Join(c.picker.rows, "\n"), "\uFFFD") {
		t.Errorf("a replacement character is shown:\n%s\n%q", got, c.picker.rows)
	}
}
