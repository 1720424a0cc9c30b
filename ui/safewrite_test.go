package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/report"
)

// A second draft with the same subject replaced the first; a link or pipe at the name was
// written through or replaced.
func TestDraftsNeverReplaceAFile(t *testing.T) {
	dir := t.TempDir()
	writeDraft := func(o report.Options) (string, error) {
		p, _, err := writeDraftIn(dir, o)
		return p, err
	}
	raw := []byte("Received: from mx.example.net (mx.example.net [192.0.2.1]) by mx.example.test; Mon, 2 Nov 2026 09:00:00 +1300\r\n" +
		"From: <a@example.net>\r\nTo: <kate@example.co.nz>\r\nSubject: Same subject\r\n" +
		"Date: Mon, 2 Nov 2026 08:59:58 +1300\r\nMessage-ID: <same@example.net>\r\n\r\nBody\r\n")
	o := report.Options{Kind: report.FalseNegative, From: testAddress, To: "desk@example.com",
		Original: raw, AppName: "Report Mail", Now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	first, err := writeDraft(o)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(first)
	second, err := writeDraft(o)
	if err != nil {
		t.Fatal(err)
	}
	if second == first || !strings.HasSuffix(second, " (2).eml") {
		t.Fatalf("second draft saved as %q, first as %q", second, first)
	}
	if after, _ := os.ReadFile(first); string(after) != string(before) {
		t.Fatal("the first draft was changed")
	}
	for _, p := range []string{first, second} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v, mode %v, want 0600", p, err, st.Mode().Perm())
		}
	}

	// A link where the next name would go is stepped over, not written through.
	target := filepath.Join(t.TempDir(), "elsewhere.txt")
	if err := os.WriteFile(target, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	third := strings.TrimSuffix(second, " (2).eml") + " (3).eml"
	if err := os.Symlink(target, third); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	fourth := strings.TrimSuffix(second, " (2).eml") + " (4).eml"
	if err := mkfifo(fourth); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	got, err := writeDraft(o)
	if err != nil || !strings.HasSuffix(got, " (5).eml") {
		t.Fatalf("draft past a link and a pipe: %q, %v", got, err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me" {
		t.Fatal("the draft was written through the link")
	}
	if st, err := os.Lstat(fourth); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
		t.Fatal("the pipe was replaced")
	}
}

// The settings export asks before it replaces a file, and refuses a link.
func TestExportAsksBeforeReplacing(t *testing.T) {
	h := newHarness(t, Options{})
	dir := t.TempDir()
	path := filepath.Join(dir, "config-v1.1.xml")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	h.do(func() { saveExport(h.u, path, []byte("new"), false) })
	h.waitFor("the question", func() bool {
		ov := h.u.Window.Canvas().Overlays().Top()
		return ov != nil && strings.Contains(screen(ov), "Replace the existing file?")
	})
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Fatal("replaced before the person said so")
	}
	h.do(func() { h.u.Window.Canvas().Overlays().Top().Hide() })
	h.do(func() { saveExport(h.u, path, []byte("new"), true) })
	h.waitFor("the file to be replaced", func() bool {
		b, _ := os.ReadFile(path)
		return string(b) == "new"
	})

	link := filepath.Join(dir, "link.xml")
	if err := os.Symlink(path, link); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	h.do(func() { h.u.Window.Canvas().Overlays().Top().Hide() })
	h.do(func() { saveExport(h.u, link, []byte("through the link"), true) })
	h.waitFor("the refusal", func() bool {
		ov := h.u.Window.Canvas().Overlays().Top()
		return ov != nil && strings.Contains(screen(ov), "is a link to another file")
	})
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Fatal("written through the link")
	}
}
