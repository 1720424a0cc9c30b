package mailmsg

import "testing"

func TestLFLines(t *testing.T) {
	cr := []byte("From: a@example.com\rSubject: x\r\rbody\r")
	h := ParseHeader(LFLines(cr))
	if h.Get("Subject") != "x" || !h.Separator {
		t.Fatalf("CR-only header not read: %+v", h.Fields)
	}
	if string(LFLines(cr)) != "From: a@example.com\nSubject: x\n\nbody\n" {
		t.Fatalf("got %q", LFLines(cr))
	}
	for _, s := range []string{"a\r\nb\r\n", "a\nb\rc\n", "plain"} {
		if in := []byte(s); &LFLines(in)[0] != &in[0] {
			t.Errorf("%q was copied or changed", s)
		}
	}
}
