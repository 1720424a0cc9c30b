package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/report"
)

// A report whose record broke stays on Sent reports, marked damaged with a plain sentence
// and what can be done, and without the folder's path in any sentence.
func TestDamagedReportStaysOnSentReports(t *testing.T) {
	h := newHarness(t, Options{})
	ob := h.outbox()
	msg := []byte("From: <kate@example.co.nz>\r\nTo: <emailsupport@smxemail.com>\r\nSubject: False Negative: Broken record\r\nMessage-ID: <b@example.co.nz>\r\n\r\nbody\r\n")
	e, err := ob.Add(outbox.Message{Bytes: msg, Subject: "False Negative: Broken record", MessageID: "<b@example.co.nz>", Kind: "false-negative"},
		report.Options{Kind: report.FalseNegative, From: testAddress, To: "emailsupport@smxemail.com", Original: []byte("x")},
		testAddress, []string{"emailsupport@smxemail.com"})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ob.Dir(), "queue", e.ID, "state.json"), []byte(`{"id":`), 0o600); err != nil {
		t.Fatal(err)
	}

	h.u.tabs.SelectIndex(1)
	view := h.u.outboxView.content
	got := screen(view)
	assertShows(t, "Sent reports with a damaged report", got, "False Negative: Broken record", "Damaged",
		"does not know whether it was sent", "Send again", "Show in folder", "Remove")
	assertPlain(t, "Sent reports with a damaged report", got)
	if strings.Contains(got, ob.Dir()) || strings.Contains(got, "state.json") {
		t.Errorf("a sentence names a file or folder:\n%s", got)
	}
}
