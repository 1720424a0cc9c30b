package mailmsg

import (
	"bytes"
	"strings"
	"testing"
)

func TestHeaderDamage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		raw    string
		fields []string // names kept, in order
		damage []DamageKind
		body   string // the body as Body gives it
		ran    bool
	}{
		{
			// Pinned (issue 9): the fields after a line without a colon are seen.
			name:   "no colon mid-header",
			raw:    "From: a@example.test\r\nSubject: hi\r\nthis line is damaged\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\nMessage-ID: <1@x>\r\n\r\nbody\r\n",
			fields: []string{"From", "Subject", "Date", "Message-ID"},
			damage: []DamageKind{NoColon},
			body:   "body\r\n",
		},
		{
			name:   "LF and mixed line ends",
			raw:    "From: a@example.test\nSubject: hi\r\n folded\nDate: x\n\nbody",
			fields: []string{"From", "Subject", "Date"},
			body:   "body",
		},
		{
			name:   "mbox From line",
			raw:    "From MAILER-DAEMON Tue Mar  3 10:00:00 2026\nReturn-Path: <>\nFrom: a@example.test\n\nbody",
			fields: []string{"Return-Path", "From"},
			damage: []DamageKind{FromLine},
			body:   "body",
		},
		{
			name:   "leading white space on the first line",
			raw:    "  Received: from x by y; Tue, 3 Mar 2026 10:00:00 +0000\r\nFrom: a@example.test\r\n\r\nb",
			fields: []string{"Received", "From"},
			damage: []DamageKind{LeadingSpace},
			body:   "b",
		},
		{
			name:   "name with a space",
			raw:    "From: a@example.test\r\nReply To: b@example.test\r\nSubject: s\r\n\r\nb",
			fields: []string{"From", "Subject"},
			damage: []DamageKind{SpaceInName},
			body:   "b",
		},
		{
			name:   "Exchange banner before the fields",
			raw:    "Microsoft Mail Internet Headers Version 2.0\r\nReceived: from x by y\r\nFrom: a@example.test\r\n\r\n",
			fields: []string{"Received", "From"},
			damage: []DamageKind{NoColon},
			body:   "",
		},
		{
			name:   "damage at the end of the block",
			raw:    "From: a@example.test\r\nSubject: s\r\n=?broken\r\n\r\nbody",
			fields: []string{"From", "Subject"},
			damage: []DamageKind{NoColon},
			body:   "body",
		},
		{
			name:   "header pasted above its text",
			raw:    "From: a@example.test\r\nSubject: s\r\nHello Bob,\r\nhow are you\r\nall well here\r\nsee you soon\r\n",
			fields: []string{"From", "Subject"},
			body:   "Hello Bob,\r\nhow are you\r\nall well here\r\nsee you soon\r\n",
			ran:    true,
		},
		{
			name: "text with no header",
			raw:  "Hello Bob,\r\nNote: buy milk\r\n",
			body: "Hello Bob,\r\nNote: buy milk\r\n",
			ran:  true,
		},
		{
			name:   "obsolete space before the colon",
			raw:    "Subject : x\r\nFrom:a@example.test\r\n\r\n",
			fields: []string{"Subject", "From"},
		},
		{
			name:   "byte-order mark and blank lines first",
			raw:    "\xef\xbb\xbf\r\n\r\nFrom: a@example.test\r\n\r\nb",
			fields: []string{"From"},
			body:   "b",
		},
		{
			name:   "ends inside the header",
			raw:    "Received: x\r\nFrom: a@example.test",
			fields: []string{"Received", "From"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := []byte(tc.raw)
			h := ParseHeader(raw)
			var names []string
			for _, f := range h.Fields {
				names = append(names, f.Name)
				line := string(raw[f.Start:f.End])
				if !strings.HasPrefix(strings.TrimLeft(line, " "), f.Name) {
					t.Errorf("field %s offsets give %q", f.Name, line)
				}
			}
			if strings.Join(names, ",") != strings.Join(tc.fields, ",") {
				t.Errorf("fields %v, want %v", names, tc.fields)
			}
			var kinds []DamageKind
			for _, d := range h.Damage {
				kinds = append(kinds, d.Kind)
			}
			if len(kinds) != len(tc.damage) || (len(kinds) > 0 && kinds[0] != tc.damage[0]) {
				t.Errorf("damage %v, want %v", kinds, tc.damage)
			}
			if got := string(raw[h.Body:]); got != tc.body {
				t.Errorf("body %q, want %q", got, tc.body)
			}
			if h.RanIntoText != tc.ran {
				t.Errorf("RanIntoText %v, want %v", h.RanIntoText, tc.ran)
			}
		})
	}
}

func TestHeaderValues(t *testing.T) {
	raw := []byte("SUBJECT: one\r\n two\r\nsubject: second\r\nX-Empty:\r\n\r\n")
	h := ParseHeader(raw)
	if got := h.Get("Subject"); got != "one two" {
		t.Errorf("Get = %q", got)
	}
	if got := len(h.All("subject")); got != 2 {
		t.Errorf("All = %d", got)
	}
	if !h.Has("x-empty") || h.Has("x-missing") {
		t.Error("Has")
	}
	f, _ := h.Field("Subject")
	if string(raw[f.Start:f.End]) != "SUBJECT: one\r\n two\r\n" || string(f.Raw) != " one\r\n two" {
		t.Errorf("field bytes %q / %q", raw[f.Start:f.End], f.Raw)
	}
}

func TestHeaderBounds(t *testing.T) {
	var b bytes.Buffer
	for range 20 {
		b.WriteString("Received: from x\r\n X-Spam: y\r\n")
	}
	b.WriteString("\r\nbody")
	raw := b.Bytes()
	h := ParseHeaderWith(raw, HeaderOptions{MaxFields: 5})
	if len(h.Fields) != 5 || h.Received != 20 {
		t.Errorf("kept %d fields, counted %d Received", len(h.Fields), h.Received)
	}
	if string(raw[h.Body:]) != "body" || !h.Separator {
		t.Errorf("body %q", raw[h.Body:])
	}
	if len(h.Damage) != 1 || h.Damage[0].Kind != Overflow {
		t.Errorf("damage %+v", h.Damage)
	}
	long := strings.Repeat("x", 3*MaxValue)
	if got := ParseHeader([]byte("Subject: " + long + "\r\n\r\n")).Get("Subject"); len(got) > MaxValue {
		t.Errorf("value not capped: %d", len(got))
	}
}

func TestPartHeader(t *testing.T) {
	// RFC 2046 §5.1.1: a part that starts with an empty line has an empty header.
	h := ParseHeaderWith([]byte("\r\nContent-Type: text/html\r\n"), HeaderOptions{Part: true})
	if len(h.Fields) != 0 || h.Body != 2 || !h.Separator {
		t.Errorf("%+v", h)
	}
}

// Apache James puts a Content-Type parameter on a line of its own, unfolded: it still
// belongs to the Content-Type, and the fields after it are still read.
func TestUnfoldedParameterLine(t *testing.T) {
	raw := []byte("From: a@example.org\r\nContent-Type: multipart/report; report-type=delivery-status;\r\nboundary=\"----=_Part_0\"\r\nSubject: Warning\r\n\r\nbody\r\n")
	h := ParseHeader(raw)
	if len(h.Damage) != 0 {
		t.Errorf("damage %v", h.Damage)
	}
	mt := h.ContentType()
	if mt.Type != "multipart/report" || mt.Params["boundary"] != "----=_Part_0" {
		t.Errorf("content type %+v", mt)
	}
	if h.Get("Subject") != "Warning" {
		t.Errorf("the field after the parameter line is lost: %q", h.Get("Subject"))
	}
	// A line that is not a parameter, after a value that does not end in ";", stays damage.
	h = ParseHeader([]byte("From: a@example.org\r\nContent-Type: text/plain\r\nboundary=x\r\nSubject: s\r\n\r\n"))
	if len(h.Damage) != 1 || h.Get("Subject") != "s" {
		t.Errorf("damage %v, subject %q", h.Damage, h.Get("Subject"))
	}
}
