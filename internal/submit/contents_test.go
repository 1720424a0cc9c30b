package submit

import (
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/report"
)

// What the window shows before sending is read from the built report: the summary, then
// the original as message/rfc822 with its exact size, or for a virus the zip.
func TestContentsListsWhatWillGo(t *testing.T) {
	item, err := intake.Read("win.eml", []byte(original), intake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		kind report.Kind
		want []Part
	}{
		{report.FalseNegative, []Part{{Type: "text/plain"}, {Name: "original.eml", Type: "message/rfc822", Size: int64(len(item.Raw))}}},
		{report.Virus, []Part{{Type: "text/plain"}, {Name: "virus-sample.zip", Type: "application/zip"}}},
	} {
		o := report.Options{Kind: c.kind, From: "kate@example.test", To: "desk@example.test", Now: time.Now()}
		FromCheck(&o, item, check.Check(item), "win.eml")
		r, err := Build(o)
		if err != nil {
			t.Fatal(err)
		}
		got := Contents(r)
		if len(got) != len(c.want) {
			t.Fatalf("%s: parts %+v", c.kind, got)
		}
		for i, w := range c.want {
			g := got[i]
			if g.Type != w.Type || (w.Name != "" && g.Name != w.Name) || g.Size <= 0 || (w.Size > 0 && g.Size != w.Size) {
				t.Errorf("%s part %d: %+v, want %+v", c.kind, i, g, w)
			}
		}
	}
}
