package intake

import (
	"strconv"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/finding"
)

// TestEmlxCount: an .emlx whose first line is not the length of the message in it says so in
// one plain sentence, and the message is read up to Mac Mail's notes, never cut short or
// run into them.
func TestEmlxCount(t *testing.T) {
	const msg = "Subject: x\nFrom: a@b.example\n\nbody\n"
	const plist = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\">\n<plist version=\"1.0\">\n<dict/>\n</plist>\n"
	raw := strings.ReplaceAll(msg, "\n", "\r\n")
	n := strconv.Itoa(len(msg)) // 35
	tests := []struct {
		name, data, file string
		message          string // "" when the count is right
	}{
		{"right count", n + "\n" + msg + plist, "1.emlx", ""},
		{"right count, padded", n + "        \n" + msg + plist, "1.emlx", ""},
		{"right count, no notes", n + "\n" + msg, "1.emlx", ""},
		{"much bigger than the file", "500000\n" + msg + plist, "1.emlx",
			"says its email is 500000 bytes long, but the file holds only"},
		{"bigger, without notes", "500\n" + msg, "x", "says its email is 500 bytes long, but the file holds only 39,"},
		{"too big for any number", "99999999999999999999999\n" + msg + plist, "1.emlx",
			"says its email is 99999999999999999999999 bytes long, but the file holds only"},
		{"zero", "0\n" + msg + plist, "x", "says its email is 0 bytes long, which cannot be right"},
		{"negative", "-12\n" + msg + plist, "1.emlx", "says its email is -12 bytes long, which cannot be right"},
		{"smaller than the message", "20\n" + msg + plist, "1.emlx", "says its email is 20 bytes long, but the email in it is 35 bytes long"},
		{"garbage, by its name", "garbage\n" + msg, "1.EMLX", "does not start with the length of its email"},
		{"garbage, by its notes", "12ab\n" + msg + plist, "x", "does not start with the length of its email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it, err := Read(tt.file, []byte(tt.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, it)
			if it.Format != EMLX || string(it.Raw) != raw {
				t.Fatalf("Format %q, Raw %q", it.Format, it.Raw)
			}
			var got *finding.Finding
			for i := range it.Findings {
				if it.Findings[i].Code == finding.EmlxBadCount {
					got = &it.Findings[i]
				}
			}
			switch {
			case tt.message == "" && got != nil:
				t.Errorf("unexpected finding %q", got.Message)
			case tt.message != "" && got == nil:
				t.Errorf("no %s finding: %v", finding.EmlxBadCount, codes(it))
			case got != nil && (!strings.Contains(got.Message, tt.message) || got.Severity != finding.Warning ||
				strings.Count(got.Message, ". ") > 0 || got.Advice == ""):
				t.Errorf("finding %+v, want one sentence with %q", *got, tt.message)
			}
		})
	}
	// A first line that is text, in a file that is neither named nor laid out as an .emlx,
	// is no .emlx.
	if it, _ := Read("note.txt", []byte("garbage\n"+msg), Options{}); it.Format == EMLX {
		t.Errorf("a text file read as .emlx")
	}
}
