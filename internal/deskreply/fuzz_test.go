package deskreply

import (
	"testing"
	"unicode/utf8"

	"github.com/reportmail/reportmail/internal/provider"
)

// FuzzRead: any bytes read as a reply without a panic, within the bounds, and what is read
// out is text.
func FuzzRead(f *testing.F) {
	for _, c := range replyCases {
		f.Add(readTestReply(f, c.file).Raw)
	}
	prof := provider.Default()
	re, phrases := prof.CaseRegexp(), prof.ReplyProblems()
	f.Fuzz(func(t *testing.T, raw []byte) {
		r := Read(Message{Raw: raw})
		if len(r.Refs) > maxIDs || len(r.Text) > MaxMessage*4 {
			t.Fatalf("unbounded: %d refs, %d bytes of text", len(r.Refs), len(r.Text))
		}
		rep, _, _ := Match(testReports, r)
		c := CaseNumber(re, r, rep.Subject)
		if !utf8.ValidString(c) {
			t.Fatalf("case %q", c)
		}
		_ = Problem(phrases, r, rep.Subject)
		_ = FromDesk(r, prof.SupportAddress)
	})
}
