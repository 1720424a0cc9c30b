package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/appinfo"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/samplezip"
)

func TestShape(t *testing.T) {
	r, err := Build(baseOptions(FalseNegative, asciiOriginal))
	if err != nil {
		t.Fatal(err)
	}
	checkWire(t, r)
	msg, parts := parse(t, r.Bytes)
	h := msg.Header
	want := map[string]string{
		"From":         `"Jane Doe" <jane@example.com>`,
		"To":           "emailsupport@smxemail.com",
		"Subject":      "False Negative: Cheap pills",
		"Date":         "Wed, 04 Mar 2026 10:30:00 +1300",
		"Mime-Version": "1.0",
		"X-Mailer":     "Report Mail 1.2.3",
	}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	for _, k := range []string{"Cc", "Bcc", "Reply-To", "X-Unsent", "Content-Transfer-Encoding"} {
		if _, ok := h[k]; ok {
			t.Errorf("unexpected %s header", k)
		}
	}
	if !strings.HasSuffix(r.MessageID, "@example.com>") || h.Get("Message-Id") != r.MessageID || len(r.MessageID) < 20 {
		t.Errorf("Message-ID %q (header %q)", r.MessageID, h.Get("Message-Id"))
	}
	if r.EnvelopeFrom != "jane@example.com" || r.EnvelopeTo != "emailsupport@smxemail.com" || r.EightBit || r.Fallback {
		t.Errorf("report: %+v", r)
	}
	if len(parts) != 2 {
		t.Fatalf("%d parts, want 2", len(parts))
	}
	if mt, params := parts[0].mediaType(); mt != "text/plain" || params["charset"] != "utf-8" {
		t.Errorf("first part %q %v", mt, params)
	}
	text := string(parts[0].decoded(t))
	for _, s := range []string{
		"False negative: spam or other unwanted email",
		"Reported by:      jane@example.com",
		"  This came in this morning.\n  Please block the sender.",
		`From:             "Cheap Pills" <offers@spammer.example>`,
		"To:               jane@example.com",
		"Date:             2026-03-04T08:59:00+13:00",
		"Subject:          Cheap pills",
		"Message-ID:       <4471@spammer.example>",
		"Connecting IP:    203.0.113.9",
		"Received headers: 1",
		"File given:       Cheap pills.eml",
		"SHA-256 of the message as attached:\n  " + r.AttachedSHA256,
		"Sent with Report Mail 1.2.3.",
	} {
		if !strings.Contains(strings.ReplaceAll(text, "\r\n", "\n"), s) {
			t.Errorf("summary lacks %q:\n%s", s, text)
		}
	}
	if strings.Contains(text, "zip") || strings.Contains(text, "base64") {
		t.Errorf("summary of a plain report mentions a zip or base64:\n%s", text)
	}
	original(t, parts[1], asciiOriginal, "7bit")

	v := python(t, r.Bytes)
	if v.Subject != "False Negative: Cheap pills" || len(v.To) != 1 || v.To[0] != "emailsupport@smxemail.com" || v.Cc != nil || v.Bcc != nil {
		t.Errorf("python view: %+v", v)
	}
	if len(v.Parts) != 2 || v.Parts[0].Type != "text/plain" || v.Parts[1].Type != "message/rfc822" ||
		v.Parts[1].InnerSubject != "Cheap pills" || v.Parts[1].InnerMessageID != "<4471@spammer.example>" || v.Parts[1].Filename != "original.eml" {
		t.Errorf("python parts: %+v", v.Parts)
	}
}

// original checks that p carries want as message/rfc822, byte for byte.
func original(t *testing.T, p rawPart, want []byte, cte string) {
	t.Helper()
	if mt, _ := p.mediaType(); mt != "message/rfc822" {
		t.Fatalf("attachment is %q, want message/rfc822", mt)
	}
	if got := p.header.Get("Content-Transfer-Encoding"); got != cte {
		t.Errorf("Content-Transfer-Encoding %q, want %q", got, cte)
	}
	if !bytes.Equal(p.body, want) {
		t.Fatalf("attached message differs from the original (%d bytes, want %d)", len(p.body), len(want))
	}
}

func TestEightBitOriginal(t *testing.T) {
	o := baseOptions(FalsePositive, latin1Original)
	r, err := Build(o)
	if err != nil {
		t.Fatal(err)
	}
	checkWire(t, r)
	msg, parts := parse(t, r.Bytes)
	if !r.EightBit || msg.Header.Get("Content-Transfer-Encoding") != "8bit" {
		t.Errorf("8-bit report not marked: EightBit %v, CTE %q", r.EightBit, msg.Header.Get("Content-Transfer-Encoding"))
	}
	original(t, parts[1], latin1Original, "8bit")
	if r.Subject != "False Positive: Cheap pills" {
		t.Errorf("subject %q", r.Subject)
	}
	v := python(t, r.Bytes)
	if v.Parts[1].Type != "message/rfc822" || v.Parts[1].InnerSubject != "Grüße" {
		t.Errorf("python parts: %+v", v.Parts)
	}
}

func TestFallbacks(t *testing.T) {
	long := append(crlf("From: a@example.net\nSubject: long\n\n"), bytes.Repeat([]byte("x"), 1000)...)
	long = append(long, "\r\n"...)
	exactly998 := append(crlf("From: a@example.net\nSubject: edge\n\n"), bytes.Repeat([]byte("y"), 998)...)
	cases := []struct {
		name     string
		original []byte
		eightBit bool
		fallback bool
		why      string
	}{
		{"line of 1000 octets", long, true, true, "longer than 998"},
		{"line of exactly 998 octets", exactly998, true, false, ""},
		{"NUL", crlf("From: a@example.net\n\nnul\x00here\n"), true, true, "NUL"},
		{"bare CR", crlf("From: a@example.net\n\nbare\rCR\n"), true, true, "carriage return"},
		{"bare LF", []byte("From: a@example.net\r\n\r\nbare\nLF\r\n"), true, true, "line feed"},
		{"LF line ends", []byte("From: a@example.net\n\nbody\n"), true, true, "line feed"},
		{"8-bit without 8BITMIME", latin1Original, false, true, "8BITMIME"},
		{"ASCII without 8BITMIME", asciiOriginal, false, false, ""},
		{"CR at the very end", []byte("From: a@example.net\r\n\r\nx\r"), true, true, "carriage return"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := baseOptions(FalseNegative, c.original)
			o.EightBit = c.eightBit
			r, err := Build(o)
			if err != nil {
				t.Fatal(err)
			}
			checkWire(t, r)
			_, parts := parse(t, r.Bytes)
			if r.Fallback != c.fallback {
				t.Fatalf("Fallback = %v, want %v", r.Fallback, c.fallback)
			}
			text := string(parts[0].decoded(t))
			if !c.fallback {
				if strings.Contains(text, "octet-stream") {
					t.Errorf("summary mentions a fallback:\n%s", text)
				}
				original(t, parts[1], c.original, map[bool]string{true: "8bit", false: "7bit"}[r.EightBit])
				return
			}
			if mt, _ := parts[1].mediaType(); mt != "application/octet-stream" || parts[1].filename() != "original.eml" ||
				parts[1].header.Get("Content-Transfer-Encoding") != "base64" {
				t.Fatalf("fallback attachment: %v", parts[1].header)
			}
			if !bytes.Equal(parts[1].decoded(t), c.original) {
				t.Fatal("fallback attachment differs from the original")
			}
			if !strings.Contains(r.FallbackReason, c.why) || !strings.Contains(strings.Join(strings.Fields(text), " "), "instead of message/rfc822, because "+r.FallbackReason) {
				t.Errorf("reason %q; summary:\n%s", r.FallbackReason, text)
			}
			v := python(t, r.Bytes)
			if v.Parts[1].Type != "application/octet-stream" || v.Parts[1].SHA256 != r.AttachedSHA256 {
				t.Errorf("python parts: %+v", v.Parts)
			}
		})
	}
}

func TestSubjects(t *testing.T) {
	cases := []struct {
		kind     Kind
		original string
		want     string
	}{
		{FalseNegative, "Cheap pills", "False Negative: Cheap pills"},
		{FalseNegative, "", "False Negative: (no subject)"},
		{FalseNegative, "   \t ", "False Negative: (no subject)"},
		{FalseNegative, "false negative: Re: pills", "False Negative: Re: pills"},
		{FalseNegative, "FALSE NEGATIVE:", "False Negative: (no subject)"},
		{FalseNegative, "False Negatives are rare", "False Negative: False Negatives are rare"},
		{FalsePositive, "False Negative: wrong words", "False Positive: False Negative: wrong words"},
		{Virus, "Invoice\r\nBcc: evil@example.net", "Virus sample: Invoice Bcc: evil@example.net"},
		{FalsePositive, "Grüße aus Köln – Rechnung 日本語のテキスト", "False Positive: Grüße aus Köln – Rechnung 日本語のテキスト"},
		{FalsePositive, "=?utf-8?q?not_encoded?= literally", "False Positive: =?utf-8?q?not_encoded?= literally"},
		{FalseNegative, strings.Repeat("long ", 30), "False Negative: " + strings.TrimSpace(strings.Repeat("long ", 30))},
		{FalseNegative, strings.Repeat("x", 150), "False Negative: " + strings.Repeat("x", 150)},
		{FalseNegative, strings.Repeat("é", 500), "False Negative: " + strings.Repeat("é", 199) + "…"},
	}
	for _, c := range cases {
		o := baseOptions(c.kind, asciiOriginal)
		o.Summary.Subject = c.original
		r, err := Build(o)
		if err != nil {
			t.Fatal(err)
		}
		checkWire(t, r)
		msg, _ := parse(t, r.Bytes)
		if r.Subject != c.want {
			t.Errorf("Subject for %q = %q, want %q", c.original, r.Subject, c.want)
		}
		if got := decodeHeader(t, msg.Header.Get("Subject")); got != c.want {
			t.Errorf("decoded Subject for %q = %q, want %q", c.original, got, c.want)
		}
		if !strings.HasPrefix(msg.Header.Get("Subject"), provider.Default().SubjectPrefixes.For(string(c.kind))+":") {
			t.Errorf("raw Subject %q does not start with the plain prefix", msg.Header.Get("Subject"))
		}
		if _, ok := msg.Header["Bcc"]; ok {
			t.Error("a subject smuggled in a Bcc header")
		}
		for _, line := range strings.Split(string(r.Bytes[:bytes.Index(r.Bytes, []byte("\r\n\r\n"))]), "\r\n") {
			if len(line) > 78 && !strings.HasPrefix(line, "Content-Type: multipart") {
				t.Errorf("header line of %d octets: %q", len(line), line)
			}
		}
		if v := python(t, r.Bytes); v.Subject != c.want {
			t.Errorf("python Subject %q, want %q", v.Subject, c.want)
		}
	}
}

func TestNonASCIISummary(t *testing.T) {
	o := baseOptions(FalsePositive, asciiOriginal)
	o.Summary.Subject = "Grüße aus Köln"
	o.Summary.From = "Jürgen Müller <jm@sender.example>"
	o.Note = "Das ist eine echte Rechnung – bitte freigeben. " + strings.Repeat("Sehr lang. ", 20)
	r, err := Build(o)
	if err != nil {
		t.Fatal(err)
	}
	checkWire(t, r)
	_, parts := parse(t, r.Bytes)
	if cte := parts[0].header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
		t.Errorf("summary CTE %q", cte)
	}
	text := string(parts[0].decoded(t))
	for _, s := range []string{"Subject:          Grüße aus Köln", "Jürgen Müller", "bitte freigeben. Sehr lang."} {
		if !strings.Contains(text, s) {
			t.Errorf("summary lacks %q:\n%s", s, text)
		}
	}
	if v := python(t, r.Bytes); !strings.Contains(v.Parts[0].Text, "Grüße aus Köln") {
		t.Errorf("python text: %q", v.Parts[0].Text)
	}
}

func TestMsgRidesAlong(t *testing.T) {
	o := baseOptions(FalseNegative, asciiOriginal)
	o.MsgSource = append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, bytes.Repeat([]byte{0, 1, 2, 0xff}, 3000)...)
	o.MsgName = `C:\Users\jane\Desktop\Cheap pills.msg`
	r, err := Build(o)
	if err != nil {
		t.Fatal(err)
	}
	checkWire(t, r)
	_, parts := parse(t, r.Bytes)
	if len(parts) != 3 {
		t.Fatalf("%d parts, want 3", len(parts))
	}
	original(t, parts[1], asciiOriginal, "7bit")
	mt, params := parts[2].mediaType()
	if mt != "application/vnd.ms-outlook" || params["name"] != "Cheap pills.msg" || parts[2].filename() != "Cheap pills.msg" {
		t.Errorf(".msg part: %v", parts[2].header)
	}
	if !bytes.Equal(parts[2].decoded(t), o.MsgSource) {
		t.Error(".msg attachment differs")
	}
	if text := string(parts[0].decoded(t)); !strings.Contains(strings.Join(strings.Fields(text), " "), "Outlook file this message was converted from, so that nothing is lost in conversion: Cheap pills.msg.") {
		t.Errorf("summary:\n%s", text)
	}
	v := python(t, r.Bytes)
	if len(v.Parts) != 3 || v.Parts[2].Type != "application/vnd.ms-outlook" || v.Parts[2].Filename != "Cheap pills.msg" {
		t.Errorf("python parts: %+v", v.Parts)
	}
}

func TestRejectionNotice(t *testing.T) {
	notice := crlf(`From: MAILER-DAEMON@mx.smxemail.com
To: anna@sender.example
Subject: Undelivered Mail Returned to Sender
Message-ID: <bounce-1@mx.smxemail.com>

550 5.7.1 Message rejected as spam
`)
	o := baseOptions(FalsePositive, latin1Original)
	o.RejectionNotice = notice
	r, err := Build(o)
	if err != nil {
		t.Fatal(err)
	}
	checkWire(t, r)
	_, parts := parse(t, r.Bytes)
	if len(parts) != 3 {
		t.Fatalf("%d parts, want 3", len(parts))
	}
	original(t, parts[1], latin1Original, "8bit")
	original(t, parts[2], notice, "7bit")
	if parts[2].filename() != "rejection-notice.eml" {
		t.Errorf("notice file name %q", parts[2].filename())
	}
	v := python(t, r.Bytes)
	if v.Parts[2].Type != "message/rfc822" || v.Parts[2].InnerSubject != "Undelivered Mail Returned to Sender" {
		t.Errorf("python parts: %+v", v.Parts)
	}

	o.RejectionNotice = append(notice, 0)
	if r, err = Build(o); err != nil {
		t.Fatal(err)
	}
	_, parts = parse(t, r.Bytes)
	if !r.NoticeFallback || r.Fallback || parts[2].header.Get("Content-Transfer-Encoding") != "base64" || !bytes.Equal(parts[2].decoded(t), o.RejectionNotice) {
		t.Errorf("notice with NUL: NoticeFallback %v, header %v", r.NoticeFallback, parts[2].header)
	}
}

func TestDraft(t *testing.T) {
	r, err := Build(baseOptions(FalseNegative, latin1Original))
	if err != nil {
		t.Fatal(err)
	}
	d := Draft(r)
	if !bytes.HasPrefix(d, []byte("X-Unsent: 1\r\n")) {
		t.Fatalf("draft starts %q", d[:40])
	}
	msg, parts := parse(t, d)
	if msg.Header.Get("To") != "emailsupport@smxemail.com" || msg.Header.Get("From") == "" || msg.Header.Get("Subject") != r.Subject {
		t.Errorf("draft header: %v", msg.Header)
	}
	for _, k := range []string{"Date", "Message-Id"} {
		if _, ok := msg.Header[k]; ok {
			t.Errorf("draft has %s", k)
		}
	}
	original(t, parts[1], latin1Original, "8bit")
	// Apart from the header lines it drops and adds, the draft is the report.
	bodyAt := func(b []byte) []byte { return b[bytes.Index(b, []byte("\r\n\r\n")):] }
	if !bytes.Equal(bodyAt(d), bodyAt(r.Bytes)) {
		t.Error("draft body differs from the report's")
	}
	if again := Draft(&Report{Bytes: d}); !bytes.Equal(again, d) {
		t.Error("drafting a draft changed it")
	}
	v := python(t, d)
	if v.XUnsent == nil || *v.XUnsent != "1" || v.Date != nil || v.MessageID != nil || len(v.To) != 1 || v.To[0] != "emailsupport@smxemail.com" {
		t.Errorf("python view of draft: %+v", v)
	}
}

func TestRefusals(t *testing.T) {
	cases := []struct {
		name string
		edit func(o *Options)
		want error
	}{
		{"unknown kind", func(o *Options) { o.Kind = "spam" }, ErrKind},
		{"no from", func(o *Options) { o.From = "" }, ErrFrom},
		{"bad from", func(o *Options) { o.From = "jane at example.com" }, ErrFrom},
		{"non-ASCII from", func(o *Options) { o.From = "jürgen@example.com" }, ErrFrom},
		{"two recipients", func(o *Options) { o.To = "emailsupport@smxemail.com, boss@example.com" }, ErrTo},
		{"a group", func(o *Options) { o.To = "Desk: emailsupport@smxemail.com;" }, ErrTo},
		{"an Exchange name", func(o *Options) { o.From = "Jane </o=Org/ou=Group/cn=Recipients/cn=jane>" }, ErrFrom},
		{"no address in the brackets", func(o *Options) { o.From = `"Jane" <>` }, ErrFrom},
		{"no recipient", func(o *Options) { o.To = "" }, ErrTo},
		{"no original", func(o *Options) { o.Original = nil }, ErrNoOriginal},
		{"accented zip password", func(o *Options) { o.Kind = Virus; o.ZipPassword = "mötley" }, samplezip.ErrPasswordChars},
		{"unknown zip method", func(o *Options) { o.Kind = Virus; o.ZipEncryption = "rar" }, samplezip.ErrMethod},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := baseOptions(FalseNegative, asciiOriginal)
			c.edit(&o)
			r, err := Build(o)
			if !errors.Is(err, c.want) || r != nil {
				t.Fatalf("Build: %v, want %v", err, c.want)
			}
		})
	}
}

func TestAddressNames(t *testing.T) {
	cases := []struct{ from, wantName string }{
		{"jane@example.com", ""},
		{"Jane Doe <jane@example.com>", "Jane Doe"},
		{`"Doe, Jane" <jane@example.com>`, "Doe, Jane"},
		{"=?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <jane@example.com>", "Jürgen Müller"},
		{strings.Repeat("日本", 80) + " <jane@example.com>", strings.Repeat("日本", 7) + "…"},
		{"Jürgen Müller-Lüdenscheidt von und zu Großbritannien <jane@example.com>", "Jürgen Müller-Lüdenscheidt von und zu G…"},
	}
	for _, c := range cases {
		o := baseOptions(FalseNegative, asciiOriginal)
		o.From = c.from
		r, err := Build(o)
		if err != nil {
			t.Fatalf("%q: %v", c.from, err)
		}
		checkWire(t, r)
		msg, _ := parse(t, r.Bytes)
		a, err := msg.Header.AddressList("From")
		if err != nil || len(a) != 1 || a[0].Name != c.wantName || a[0].Address != "jane@example.com" || r.EnvelopeFrom != "jane@example.com" {
			t.Errorf("From %q reads back as %v (%v)", c.from, a, err)
		}
		if v := python(t, r.Bytes); !strings.Contains(v.From, "jane@example.com") || !strings.Contains(v.From, c.wantName) {
			t.Errorf("python From %q", v.From)
		}
	}
}

func TestParseKind(t *testing.T) {
	for _, k := range []Kind{FalseNegative, FalsePositive, Virus} {
		if got, err := ParseKind(" " + strings.ToUpper(string(k))); err != nil || got != k {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, err)
		}
	}
	if _, err := ParseKind("spam"); !errors.Is(err, ErrKind) {
		t.Errorf("ParseKind(spam): %v", err)
	}
}

// TestSubjectPrefixFromProfile: the words before the subject are the provider profile's.
// The report once kept its own copy of SMX's words and no caller passed the profile's, so
// an IT provider's own prefixes never reached its desk.
func TestSubjectPrefixFromProfile(t *testing.T) {
	acme, err := provider.Parse([]byte(`{"name": "Acme IT", "support_address": "spam@acme.example.nz",
	  "hours": {"zone": "Pacific/Auckland", "days": ["Mon"], "open": "9:00", "close": "17:00"},
	  "subject_prefixes": {"false-negative": "Missed spam", "false-positive": "Wrongly blocked", "virus": "Malware"}}`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		prefixes provider.SubjectPrefixes
		kind     Kind
		original string
		want     string
	}{
		{"SMX false negative", provider.Default().SubjectPrefixes, FalseNegative, "Cheap pills", "False Negative: Cheap pills"},
		{"SMX false positive", provider.Default().SubjectPrefixes, FalsePositive, "Invoice", "False Positive: Invoice"},
		{"SMX virus", provider.Default().SubjectPrefixes, Virus, "Invoice", "Virus sample: Invoice"},
		{"own false negative", acme.SubjectPrefixes, FalseNegative, "Cheap pills", "Missed spam: Cheap pills"},
		{"own false positive", acme.SubjectPrefixes, FalsePositive, "Invoice", "Wrongly blocked: Invoice"},
		{"own virus", acme.SubjectPrefixes, Virus, "Invoice", "Malware: Invoice"},
		{"own words not doubled", acme.SubjectPrefixes, FalseNegative, "missed SPAM: Cheap pills", "Missed spam: Cheap pills"},
		{"SMX words kept under another desk's", acme.SubjectPrefixes, FalseNegative, "False Negative: x", "Missed spam: False Negative: x"},
		{"no prefix given: smx.json's", provider.SubjectPrefixes{}, Virus, "Invoice", "Virus sample: Invoice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := baseOptions(c.kind, asciiOriginal)
			o.Summary.Subject = c.original
			o.SubjectPrefix = c.prefixes.For(string(c.kind))
			r, err := Build(o)
			if err != nil {
				t.Fatal(err)
			}
			msg, _ := parse(t, r.Bytes)
			if r.Subject != c.want || decodeHeader(t, msg.Header.Get("Subject")) != c.want {
				t.Errorf("Subject %q (header %q), want %q", r.Subject, msg.Header.Get("Subject"), c.want)
			}
		})
	}
}

// TestAppNameAndVersion: the summary and X-Mailer name this build when the caller does not.
func TestAppNameAndVersion(t *testing.T) {
	cases := []struct{ name, version, want string }{
		{"Report Mail", "1.2.3", "Report Mail 1.2.3"},
		{"", "", appinfo.Name + " " + appinfo.Version},
		{"Report Mail", "", "Report Mail " + appinfo.Version},
	}
	for _, c := range cases {
		o := baseOptions(FalseNegative, asciiOriginal)
		o.AppName, o.AppVersion = c.name, c.version
		r, err := Build(o)
		if err != nil {
			t.Fatal(err)
		}
		msg, parts := parse(t, r.Bytes)
		if got := msg.Header.Get("X-Mailer"); got != c.want {
			t.Errorf("%q %q: X-Mailer %q, want %q", c.name, c.version, got, c.want)
		}
		if text := string(parts[0].decoded(t)); !strings.Contains(text, "Sent with "+c.want+".") {
			t.Errorf("%q %q: summary does not say %q:\n%s", c.name, c.version, c.want, text)
		}
	}
}
