package check

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
)

// FuzzCheck feeds any bytes to Check: it must not panic, must always give a known verdict,
// a non-nil list of complete findings, and a verdict that agrees with them.
func FuzzCheck(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("From: a@b\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\n--x--"))
	f.Add([]byte("Subject: =?utf-16?B?AAA?= =?x?Q?=ZZ?=\r\n\r\n"))
	// Characters whose case mappings change length or land in ASCII, where the parsers look
	// for keywords and separators.
	for _, r := range hostileRunes {
		f.Add([]byte("Received: from a" + r + "=1 (x" + r + " [198.51.100.7]) by b" + r + "; Tue, 3 Mar 2026 10:00:00 E" + r + "T\r\n" +
			"Date: 3 M" + r + "r 2026 10:00:00 +0000\r\nFrom: " + r + " <a@b>\r\nSubject: FW" + r + ": x\r\n" +
			"Content-Type: text/html; charset=" + r + "\r\n\r\n<SCR" + r + "PT>---------- Forwarded " + r + " ---------\r\n"))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r := Check(&intake.Item{Name: "f", Format: intake.EML, Raw: raw})
		if r.Findings == nil {
			t.Fatal("nil findings")
		}
		switch r.Verdict {
		case Original, NotOriginal, NotEmail:
		default:
			t.Fatalf("verdict %q", r.Verdict)
		}
		if (r.Verdict == Original) == finding.HasError(r.Findings) {
			t.Fatalf("verdict %s with findings %v", r.Verdict, codes(r.Findings))
		}
		for _, f := range r.Findings {
			if f.Code == "" || f.Message == "" || f.Advice == "" {
				t.Fatalf("incomplete finding %+v", f)
			}
			if f.Code == finding.InternalError {
				t.Fatal("Check panicked inside (its guard turned the panic into a finding)")
			}
		}
	})
}
