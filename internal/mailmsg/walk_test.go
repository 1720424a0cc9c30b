package mailmsg

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

const nested = "From: a@example.test\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\n" +
	"preamble\r\n--outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n" +
	"--inner\r\nContent-Type: text/plain\r\n\r\nplain\r\n--inner\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--inner--\r\n" +
	"--outer\r\nContent-Type: message/rfc822\r\n\r\nFrom: b@example.test\r\nSubject: inner\r\n\r\ninner body\r\n" +
	"--outer--\r\nepilogue\r\n"

func TestWalk(t *testing.T) {
	raw := []byte(nested)
	var got []string
	res := Walk(raw, Limits{}, func(p *Part) Action {
		got = append(got, p.Path+"="+p.Type.Type+":"+strings.TrimSpace(string(p.Body()))[:min(5, len(strings.TrimSpace(string(p.Body()))))])
		if !p.InOriginal || string(raw[p.Start:p.End]) != string(p.Buf[p.Start:p.End]) {
			t.Errorf("part %s not in the original", p.Path)
		}
		return Descend
	})
	want := []string{"=multipart/mixed:pream", "1=multipart/alternative:--inn", "1.1=text/plain:plain",
		"1.2=text/html:<p>ht", "2=message/rfc822:From:", "2.1=text/plain:inner"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("walk\n got %v\nwant %v", got, want)
	}
	if res.Parts != 6 || res.Limit != NoLimit || res.Problems != 0 {
		t.Errorf("result %+v", res)
	}
}

func TestWalkNoDescentByDefault(t *testing.T) {
	n := 0
	Walk([]byte(nested), Limits{}, func(p *Part) Action { n++; return Continue })
	if n != 5 {
		t.Errorf("visited %d parts, want 5 (not inside the attached message)", n)
	}
}

func TestWalkEncodedMessage(t *testing.T) {
	inner := "From: b@example.test\r\nSubject: inner\r\n\r\nhi\r\n"
	raw := "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + base64.StdEncoding.EncodeToString([]byte(inner)) + "\r\n--b--\r\n"
	var subj string
	var orig bool
	Walk([]byte(raw), Limits{}, func(p *Part) Action {
		if p.Depth == 2 {
			subj, orig = p.Header.Get("Subject"), p.InOriginal
		}
		return Descend
	})
	if subj != "inner" || orig {
		t.Errorf("subject %q inOriginal %v", subj, orig)
	}
}

func TestWalkProblems(t *testing.T) {
	for _, tc := range []struct {
		name string
		raw  string
		want Problem
	}{
		{"unclosed", "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n", Unclosed},
		{"no boundary parameter", "Content-Type: multipart/mixed\r\n\r\nx\r\n", NoBoundary},
		{"boundary absent", "Content-Type: multipart/mixed; boundary=b\r\n\r\nx\r\n", BoundaryAbsent},
		{"empty multipart", "Content-Type: multipart/mixed; boundary=b\r\n\r\n\r\n", EmptyMultipart},
		{"longer boundary is not ours", "Content-Type: multipart/mixed; boundary=b\r\n\r\n--bb\r\n\r\nx\r\n", BoundaryAbsent},
	} {
		if got := Walk([]byte(tc.raw), Limits{}, nil).Problems; got != tc.want {
			t.Errorf("%s: problems %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestWalkLimits(t *testing.T) {
	var deep string
	for i := range 80 {
		deep += fmt.Sprintf("Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n", i, i)
	}
	deep += "\r\nx\r\n"
	if got := Walk([]byte(deep), Limits{}, nil).Limit; got != DepthLimit {
		t.Errorf("deep: %v", got)
	}
	wide := "Content-Type: multipart/mixed; boundary=b\r\n\r\n" + strings.Repeat("--b\r\n\r\nx\r\n", 50) + "--b--\r\n"
	if r := Walk([]byte(wide), Limits{MaxParts: 10}, nil); r.Limit != PartsLimit || r.Parts != 10 {
		t.Errorf("wide: %+v", r)
	}
	if r := Walk([]byte(wide), Limits{MaxScan: 10}, nil); r.Limit != ScanLimit {
		t.Errorf("scan: %+v", r)
	}
}

func TestWalkDigestDefault(t *testing.T) {
	raw := "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nFrom: x@example.test\r\n\r\nhi\r\n--d--\r\n"
	var typ string
	Walk([]byte(raw), Limits{}, func(p *Part) Action {
		if p.Depth == 1 {
			typ = p.Type.Type
		}
		return Continue
	})
	if typ != "message/rfc822" {
		t.Errorf("digest part type %q (RFC 2046 §5.1.5)", typ)
	}
}
