package outlookmsg

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/emersion/go-message"
)

func mustConvert(t *testing.T, data []byte) *Result {
	t.Helper()
	res, err := Convert(data)
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	if i := bareLineEnd(res.Message); i >= 0 {
		t.Fatalf("bare line end at %d in\n%s", i, res.Message)
	}
	return res
}

// leaves lists the leaf parts of a message as "type disposition filename" plus their
// decoded bodies, recursing into multiparts (not into attached emails).
func leaves(t *testing.T, raw []byte) ([]string, [][]byte) {
	t.Helper()
	e, err := message.Read(bytes.NewReader(raw))
	if e == nil {
		t.Fatalf("unreadable: %v", err)
	}
	var names []string
	var bodies [][]byte
	var walk func(e *message.Entity)
	walk = func(e *message.Entity) {
		if mr := e.MultipartReader(); mr != nil {
			for {
				p, err := mr.NextPart()
				if err != nil {
					return
				}
				walk(p)
			}
		}
		mt, _, _ := e.Header.ContentType()
		disp, dp, _ := e.Header.ContentDisposition()
		b, _ := io.ReadAll(e.Body)
		names = append(names, strings.TrimSpace(mt+" "+disp+" "+dp["filename"]))
		bodies = append(bodies, b)
	}
	walk(e)
	return names, bodies
}

func headerOf(raw []byte) string {
	if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 {
		return string(raw[:i+2])
	}
	return string(raw)
}

func TestBuiltHeader(t *testing.T) {
	m := mailMsg().
		str(pidSubject, "Überweisung für Kate").
		sub(recipPrefix+"00000001", newObj(headerSub).i32(pidRecipientType, 2).
			str(pidDisplayName, "Björn").str(pidEmailAddress, "bjorn@example.test").str(pidAddrType, "SMTP")).
		sub(recipPrefix+"00000002", newObj(headerSub).i32(pidRecipientType, 3).
			str(pidDisplayName, "audit@example.test").str(pidSMTPAddress, "audit@example.test")).
		sub(recipPrefix+"00000003", newObj(headerSub).i32(pidRecipientType, 1).
			str(pidDisplayName, "Only A Name").str(pidAddrType, "EX").str(pidEmailAddress, "/o=Org/cn=Recipients/cn=x"))
	res := mustConvert(t, m.file())
	if res.Delivered || res.Received != 0 {
		t.Errorf("Delivered %v", res.Delivered)
	}
	h := headerOf(res.Message)
	for _, want := range []string{
		"Date: Mon, 09 Nov 2026 09:13:58 +0000\r\n",
		"From: \"Finance\" <finance@sender.example>\r\n",
		"Subject: =?utf-8?q?=C3=9Cberweisung_f=C3=BCr_Kate?=\r\n",
		"To: \"Kate\" <kate@example.test>\r\n",
		"Cc: =?utf-8?q?Bj=C3=B6rn?= <bjorn@example.test>\r\n",
		"Bcc: <audit@example.test>\r\n",
		"Message-Id: <q3@sender.example>\r\n",
		"MIME-Version: 1.0\r\n",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("header lacks %q:\n%s", want, h)
		}
	}
	if !strings.Contains(strings.Join(res.Lost, "\n"), "Only A Name") {
		t.Errorf("a recipient without an address is not reported: %q", res.Lost)
	}
}

func TestExchangeSender(t *testing.T) {
	ex := "/O=CONTOSO/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=FINANCE"
	m := newObj(headerTop).str(pidMessageClass, "IPM.Note").str(pidSubject, "s").str(pidBody, "b").
		str(pidSenderName, "Finance").str(pidSenderEmail, ex).str(pidSenderAddrType, "EX").
		sub(recipPrefix+"00000000", newObj(headerSub).i32(pidRecipientType, 2).str(pidDisplayName, "Finance").
			str(pidEmailAddress, strings.ToLower(ex)).str(pidAddrType, "EX").str(pidSMTPAddress, "finance@contoso.test"))
	res := mustConvert(t, m.file())
	if h := headerOf(res.Message); !strings.Contains(h, "From: \"Finance\" <finance@contoso.test>") {
		t.Errorf("Exchange sender not resolved:\n%s", h)
	}
}

func TestTransportHeaders(t *testing.T) {
	th := "Microsoft Mail Internet Headers Version 2.0\r\n" +
		"Received: from mx2.example.test ([203.0.113.9]) by mx.example.test;\r\n\tMon, 9 Nov 2026 09:14:03 +1300\r\n" +
		"Received: from out.sender.example ([198.51.100.77])\n by mx2.example.test; Mon, 9 Nov 2026 09:14:01 +1300\n" +
		"DKIM-Signature: v=1; a=rsa-sha256; d=sender.example; s=sel; bh=AAAA; b=BBBB\r\n" +
		"From: Finance <finance@sender.example>\r\n" +
		"To: kate@example.test\r\n" +
		"Subject: Quarterly report\r\n" +
		"Date: Mon, 9 Nov 2026 09:13:58 +1300\r\n" +
		"Message-ID: <q3@sender.example>\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/alternative;\r\n\tboundary=\"----=_NextPart_000_0001\"\r\n" +
		"Content-Transfer-Encoding: 7bit\r\n" +
		"X-Filter: checked\r\n\r\n" +
		"This is a multi-part message in MIME format.\r\n"
	m := mailMsg().str(pidTransportHeaders, th)
	res := mustConvert(t, m.file())
	if !res.Delivered || res.Received != 2 || !res.DKIMSigned || len(res.Added) != 0 {
		t.Errorf("Delivered %v Received %d DKIM %v Added %v", res.Delivered, res.Received, res.DKIMSigned, res.Added)
	}
	want := "Received: from mx2.example.test ([203.0.113.9]) by mx.example.test;\r\n\tMon, 9 Nov 2026 09:14:03 +1300\r\n" +
		"Received: from out.sender.example ([198.51.100.77])\r\n by mx2.example.test; Mon, 9 Nov 2026 09:14:01 +1300\r\n" +
		"DKIM-Signature: v=1; a=rsa-sha256; d=sender.example; s=sel; bh=AAAA; b=BBBB\r\n" +
		"From: Finance <finance@sender.example>\r\n" +
		"To: kate@example.test\r\n" +
		"Subject: Quarterly report\r\n" +
		"Date: Mon, 9 Nov 2026 09:13:58 +1300\r\n" +
		"Message-ID: <q3@sender.example>\r\n" +
		"X-Filter: checked\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=us-ascii\r\n"
	if !bytes.HasPrefix(res.Message, []byte(want)) {
		t.Errorf("header:\n%s\nwant:\n%s", headerOf(res.Message), want)
	}
	if bytes.Contains(res.Message, []byte("NextPart")) || bytes.Contains(res.Message, []byte("Microsoft Mail Internet")) {
		t.Errorf("old structure kept")
	}

	// A saved header that lacks lines the properties have gets them, and says so.
	m = mailMsg().str(pidTransportHeaders, "X-Mozilla-Status: 0001\r\nMessage-ID: <q3@sender.example>\r\nSubject: Quarterly report\r\n")
	res = mustConvert(t, m.file())
	if !res.Delivered || strings.Join(res.Added, " ") != "Date From To" {
		t.Errorf("Added %v", res.Added)
	}
}

func TestBodiesAndAttachments(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\nfake picture")
	pdf := []byte("%PDF-1.4\n\x00\xff binary")
	html := []byte(`<html><head><meta charset="windows-1252"></head><body><p>Caf` + "\xe9" + ` <img src="cid:image001.png@01D7"></p></body></html>`)
	m := mailMsg().bin(pidHTML, html).
		sub(attachPrefix+"00000000", attachFile("report.pdf", "", pdf)).
		sub(attachPrefix+"00000001", attachFile("image001.png", "image/png", png).
			str(pidAttachContentID, "image001.png@01D7").flag(pidAttachmentHidden, true))
	res := mustConvert(t, m.file())
	names, bodies := leaves(t, res.Message)
	want := []string{
		"text/plain", "text/html", "image/png inline image001.png", "application/pdf attachment report.pdf",
	}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Fatalf("parts %q, want %q", names, want)
	}
	// The HTML keeps its own bytes and charset (go-message decodes it for us here).
	if string(bodies[1]) != strings.Replace(string(html), "\xe9", "é", 1) || !bytes.Contains(res.Message, []byte("Caf=E9")) ||
		!bytes.Equal(bodies[2], png) || !bytes.Equal(bodies[3], pdf) {
		t.Errorf("bodies changed: %q", bodies)
	}
	for _, w := range []string{"multipart/mixed", "multipart/related", "multipart/alternative",
		"text/html; charset=windows-1252", "Content-Id: <image001.png@01D7>"} {
		if !bytes.Contains(res.Message, []byte(w)) {
			t.Errorf("no %q", w)
		}
	}
	if res.Attachments != 1 || res.Inline != 1 || strings.Join(res.Bodies, ",") != "plain text,HTML" || len(res.Lost) != 0 {
		t.Errorf("Attachments %d Inline %d Bodies %v Lost %v", res.Attachments, res.Inline, res.Bodies, res.Lost)
	}
}

func TestRTFBodies(t *testing.T) {
	native := []byte(`{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}\b Bold\b0  words\par}`)
	html := []byte(`{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0 Arial;}}{\*\htmltag19 <html>}{\*\htmltag50 <body>}Hi \'e9{\*\htmltag58 </body>}{\*\htmltag27 </html>}}`)
	fromText := []byte(`{\rtf1\ansi\ansicpg1252\fromtext \deff0{\fonttbl{\f0 Arial;}}Plain\par text\par}`)

	// Real rich text is kept beside the plain text, and said so.
	res := mustConvert(t, mailMsg().bin(pidRTFCompressed, lzfu(native)).file())
	names, bodies := leaves(t, res.Message)
	if strings.Join(names, "|") != "text/plain|text/rtf" || !bytes.Equal(toCRLF(bodies[1]), toCRLF(native)) {
		t.Errorf("parts %q", names)
	}
	if len(res.Lost) != 1 || !strings.Contains(res.Lost[0], "RTF") {
		t.Errorf("Lost %q", res.Lost)
	}

	// HTML kept inside the RTF comes back as HTML.
	res = mustConvert(t, mailMsg().bin(pidRTFCompressed, lzfu(html)).file())
	names, bodies = leaves(t, res.Message)
	if strings.Join(names, "|") != "text/plain|text/html" || string(bodies[1]) != "<html><body>Hi é</body></html>" {
		t.Errorf("parts %q, html %q", names, bodies[len(bodies)-1])
	}

	// Without PR_BODY the plain text comes out of the RTF.
	noBody := newObj(headerTop).str(pidMessageClass, "IPM.Note").str(pidSubject, "s")
	res = mustConvert(t, noBody.bin(pidRTFCompressed, lzfu(fromText)).file())
	names, bodies = leaves(t, res.Message)
	if strings.Join(names, "|") != "text/plain" || string(bodies[0]) != "Plain\r\ntext\r\n" {
		t.Errorf("parts %q, text %q", names, bodies)
	}

	// A damaged RTF is left out and said so; the plain text still comes through.
	bad := lzfu(native)
	bad[len(bad)-3] ^= 0xFF
	res = mustConvert(t, mailMsg().bin(pidRTFCompressed, bad).file())
	if names, _ = leaves(t, res.Message); strings.Join(names, "|") != "text/plain" ||
		len(res.Lost) != 1 || !strings.Contains(res.Lost[0], "damaged") {
		t.Errorf("parts %q, Lost %q", names, res.Lost)
	}
}

func TestCodepages(t *testing.T) {
	sjis := []byte("\x93\xfa\x96\x7b\x8c\xea") // 日本語 in Shift_JIS
	for name, m := range map[string]*msgBuilder{
		"PR_MESSAGE_CODEPAGE": newObj(headerTop).i32(pidMessageCodepage, 932),
		"PR_INTERNET_CPID":    newObj(headerTop).i32(pidInternetCPID, 50220),
		"RTF \\ansicpg":       newObj(headerTop).bin(pidRTFCompressed, lzfu([]byte(`{\rtf1\ansi\ansicpg932\fromtext x}`))),
	} {
		m.str8(pidMessageClass, []byte("IPM.Note")).str8(pidSubject, sjis).str8(pidBody, sjis)
		res := mustConvert(t, m.file())
		s := summarize(t, res.Message)
		if s.subject != "日本語" || len(s.plain) != 1 || s.plain[0] != "日本語" {
			t.Errorf("%s: subject %q, text %q", name, s.subject, s.plain)
		}
	}
	// No code page at all: Windows-1252, as Outlook's western default.
	m := newObj(headerTop).str8(pidMessageClass, []byte("IPM.Note")).str8(pidBody, []byte("caf\xe9 \x85"))
	if s := summarize(t, mustConvert(t, m.file()).Message); s.plain[0] != "café …" {
		t.Errorf("text %q", s.plain)
	}
}

func TestEmbedded(t *testing.T) {
	inner := mailMsg().str(pidSubject, "Inner").str(pidTransportHeaders,
		"Received: from a by b; Mon, 9 Nov 2026 09:14:03 +1300\r\nFrom: x@y.test\r\nSubject: Inner\r\n").
		sub(attachPrefix+"00000000", attachFile("inner.txt", "text/plain", []byte("inside\n")))
	m := mailMsg().sub(attachPrefix+"00000000", embedAttach("Inner mail", inner))
	res := mustConvert(t, m.file())
	if res.Embedded != 1 || res.Attachments != 1 {
		t.Errorf("Embedded %d Attachments %d", res.Embedded, res.Attachments)
	}
	names, bodies := leaves(t, res.Message)
	if names[len(names)-1] != "message/rfc822 attachment Inner mail.eml" {
		t.Fatalf("parts %q", names)
	}
	innerNames, innerBodies := leaves(t, bodies[len(bodies)-1])
	if strings.Join(innerNames, "|") != "text/plain|text/plain attachment inner.txt" || string(innerBodies[1]) != "inside\n" {
		t.Errorf("inner parts %q %q", innerNames, innerBodies)
	}
	if !bytes.Contains(bodies[len(bodies)-1], []byte("Received: from a by b")) {
		t.Errorf("the attached email lost its delivery header")
	}

	// Nesting is followed MaxDepth levels deep, no further.
	deep := mailMsg()
	for i := 0; i < MaxDepth+2; i++ {
		deep = mailMsg().sub(attachPrefix+"00000000", embedAttach(fmt.Sprintf("level %d", i), deep))
	}
	res = mustConvert(t, deep.file())
	if res.Embedded != MaxDepth || !strings.Contains(strings.Join(res.Lost, "\n"), "levels") {
		t.Errorf("Embedded %d, Lost %q", res.Embedded, res.Lost)
	}
}

func TestAttachmentKinds(t *testing.T) {
	m := mailMsg().
		sub(attachPrefix+"00000000", newObj(headerSub).i32(pidAttachMethod, attachByRefOnly).
			str(pidAttachLongFilename, "budget.xlsx").str(pidAttachLongPathname, `C:\Users\kate\budget.xlsx`)).
		sub(attachPrefix+"00000001", newObj(headerSub).i32(pidAttachMethod, attachByWebRef).str(pidDisplayName, "Shared deck")).
		sub(attachPrefix+"00000002", newObj(headerSub).i32(pidAttachMethod, attachOLE).str(pidDisplayName, "Picture (Device Independent Bitmap)")).
		sub(attachPrefix+"00000003", newObj(headerSub).i32(pidAttachMethod, attachByValue).str(pidAttachLongFilename, "missing.doc")).
		sub(attachPrefix+"00000004", attachFile(`..\..\Startup\evil.exe`, "", []byte("MZ"))).
		sub(attachPrefix+"00000005", attachFile("a\x01b\u202Etxt.exe", "application/x-msdownload", []byte("MZ"))).
		sub(attachPrefix+"00000006", attachFile("", "image/gif; name=\"tolk.gif\"", []byte("GIF89a"))).
		sub(attachPrefix+"00000007", attachFile("", "", []byte("?")).str(pidAttachExtension, ".dat")).
		sub(attachPrefix+"00000008", attachFile("saved.eml", "message/rfc822", []byte("From: a@b.test\nSubject: s\n\nbody\n")))
	res := mustConvert(t, m.file())
	lost := strings.Join(res.Lost, "\n")
	for _, w := range []string{"link to a file on the sender's computer (budget.xlsx)", "link to a file kept online (Shared deck)",
		"only Outlook can show", "did not save (missing.doc)", "now called evil.exe", "now called abtxt.exe"} {
		if !strings.Contains(lost, w) {
			t.Errorf("Lost does not say %q:\n%s", w, lost)
		}
	}
	names, bodies := leaves(t, res.Message)
	want := []string{"text/plain", "application/octet-stream attachment evil.exe",
		"application/x-msdownload attachment abtxt.exe", "image/gif attachment tolk.gif",
		"application/octet-stream attachment attachment-8.dat", "message/rfc822 attachment saved.eml"}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Errorf("parts %q\nwant  %q", names, want)
	}
	if string(bodies[len(bodies)-1]) != "From: a@b.test\r\nSubject: s\r\n\r\nbody\r\n" {
		t.Errorf("attached .eml %q", bodies[len(bodies)-1])
	}
}

func TestSafeFilename(t *testing.T) {
	for _, c := range []struct{ in, ext, out string }{
		{"report.pdf", "", "report.pdf"},
		{"../../etc/passwd", "", "passwd"},
		{`C:\Windows\System32\x.dll`, "", "x.dll"},
		{"..", ".bin", "attachment-1.bin"},
		{"...", "", "attachment-1"},
		{"a<b>c:d|e?f*g\"h", "", "a_b_c_d_e_f_g_h"},
		{"tab\tname\r\n.txt", "", "tabname.txt"},
		{"x..y", "", "x.y"},
		{strings.Repeat("é", 150) + ".docx", "", strings.Repeat("é", 97) + ".docx"},
		{"", "exe/../", "attachment-1"},
	} {
		got, _ := safeFilename(c.in, 0, c.ext, "")
		if got != c.out {
			t.Errorf("safeFilename(%q) = %q, want %q", c.in, got, c.out)
		}
		if strings.ContainsAny(got, `/\`) || strings.Contains(got, "..") || len(got) > maxFilenameBytes {
			t.Errorf("unsafe %q", got)
		}
	}
}

func TestAttachmentLimit(t *testing.T) {
	m := mailMsg()
	for i := 0; i <= MaxAttachments; i++ {
		m.sub(fmt.Sprintf("%s%08X", attachPrefix, i), attachFile(fmt.Sprintf("f%d.txt", i), "text/plain", []byte{'x'}))
	}
	res := mustConvert(t, m.file())
	if res.Attachments != MaxAttachments || !strings.Contains(strings.Join(res.Lost, "\n"), "beyond the first 2048") {
		t.Errorf("Attachments %d Lost %q", res.Attachments, res.Lost)
	}
}

func TestSigned(t *testing.T) {
	signed := "MIME-Version: 1.0\r\nContent-Type: multipart/signed; micalg=sha-256;\r\n\tprotocol=\"application/pkcs7-signature\"; boundary=\"b1\"\r\n\r\n" +
		"--b1\r\nContent-Type: text/plain\r\n\r\nsigned text\r\n--b1\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHAqCAMIACAQEx\r\n--b1--\r\n"
	th := "Received: from a by b; Mon, 9 Nov 2026 09:14:03 +1300\r\nFrom: x@y.test\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/signed; boundary=\"b1\"\r\n"
	m := mailMsg().str(pidMessageClass, "IPM.Note.SMIME.MultipartSigned").str(pidTransportHeaders, th).
		sub(attachPrefix+"00000000", attachFile("smime.p7m", "multipart/signed", []byte(signed)))
	res := mustConvert(t, m.file())
	// The signed entity is the body, byte for byte; the lines the saved header lacked
	// (Date, To, Message-ID) come from the properties, outside what was signed.
	want := "Received: from a by b; Mon, 9 Nov 2026 09:14:03 +1300\r\nFrom: x@y.test\r\nSubject: s\r\n"
	if !res.Signed || !bytes.HasPrefix(res.Message, []byte(want)) || !bytes.HasSuffix(res.Message, []byte(signed)) ||
		bytes.Count(res.Message, []byte("MIME-Version")) != 1 {
		t.Errorf("signed message:\n%s", res.Message)
	}

	// Opaque S/MIME (encrypted): the PKCS #7 data becomes the body.
	p7 := append([]byte{0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x03}, bytes.Repeat([]byte{7}, 100)...)
	m = mailMsg().str(pidMessageClass, "IPM.Note.SMIME").str(pidTransportHeaders, th).
		sub(attachPrefix+"00000000", attachFile("smime.p7m", "application/pkcs7-mime", p7))
	res = mustConvert(t, m.file())
	names, bodies := leaves(t, res.Message)
	if !res.Signed || strings.Join(names, "|") != "application/pkcs7-mime attachment smime.p7m" || !bytes.Equal(bodies[0], p7) ||
		!bytes.Contains(res.Message, []byte("smime-type=enveloped-data")) {
		t.Errorf("encrypted message: %q\n%s", names, res.Message)
	}
}

func TestRefused(t *testing.T) {
	for class, kind := range map[string]string{
		"IPM.Contact": "an Outlook contact", "IPM.Appointment": "an Outlook calendar appointment",
		"IPM.StickyNote": "an Outlook note", "IPM.Task": "an Outlook task", "IPM.Activity": "an Outlook journal entry",
		"IPM.DistList": "an Outlook contact group",
	} {
		_, err := Convert(newObj(headerTop).str(pidMessageClass, class).file())
		var nm *ErrNotMessage
		if !errors.As(err, &nm) || nm.Class != class || ItemKind(class) != kind || !strings.Contains(err.Error(), kind) {
			t.Errorf("%s: %v", class, err)
		}
	}
	for _, class := range []string{"IPM.Note", "IPM.Note.SMIME", "REPORT.IPM.Note.NDR", "IPM.Schedule.Meeting.Request", "IPM.TaskRequest", "IPM.Notification"} {
		if !IsMailClass(class) {
			t.Errorf("%s is not mail", class)
		}
	}
	if _, err := Convert([]byte("From: a@b\r\n\r\nx")); !errors.Is(err, ErrNotCFB) {
		t.Errorf("text: %v", err)
	}
	if _, err := Convert(newObj(headerTop).str(pidSubject, "no class").file()); !errors.Is(err, ErrDamaged) {
		t.Errorf("no class: %v", err)
	}
}

// TestHostile: damaged and crafted compound files give an error, never a panic or a huge
// allocation.
func TestHostile(t *testing.T) {
	good := mailMsg().sub(attachPrefix+"00000000", attachFile("big.bin", "", bytes.Repeat([]byte("x"), 20000))).file()
	for cut := 0; cut < len(good); cut += 97 {
		if _, err := Convert(good[:cut]); err == nil {
			// Cutting only the unused end of the last sector may leave a whole file.
			if cut < len(good)-512 {
				t.Errorf("cut at %d: no error", cut)
			}
		} else if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrNotCFB) {
			t.Errorf("cut at %d: %v", cut, err)
		}
	}

	// A stream that claims to be bigger than the file.
	bad := append([]byte{}, good...)
	patchSize(t, bad, "__substg1.0_37010102", 0x7FFFFFF0)
	if _, err := Convert(bad); !errors.Is(err, ErrDamaged) {
		t.Errorf("huge stream: %v", err)
	}

	// Many attachments whose data all point at the same sectors: each would be read (and
	// held) again, so the total read is bounded by the file's size.
	m := mailMsg().sub(attachPrefix+"00000000", attachFile("f0", "", bytes.Repeat([]byte("y"), 256<<10)))
	for i := 1; i < 40; i++ {
		m.sub(fmt.Sprintf("%s%08X", attachPrefix, i), attachFile(fmt.Sprintf("f%d", i), "", bytes.Repeat([]byte("z"), 4096)))
	}
	shared := m.file()
	start, size := entryOf(t, shared, "__substg1.0_37010102", 0)
	for i := 1; i < 40; i++ {
		setEntry(t, shared, "__substg1.0_37010102", i, start, size)
	}
	if _, err := Convert(shared); !errors.Is(err, ErrDamaged) {
		t.Errorf("shared sectors: %v", err)
	}
}

// Directory entries of a file written by buildCFB, found by name (the n-th of that name).
func dirEntries(b []byte) []int {
	start := int(binary.LittleEndian.Uint32(b[48:]))
	var offs []int
	// buildCFB writes the directory in consecutive sectors.
	for off := (start + 1) * 512; off+128 <= len(b); off += 128 {
		nameLen := int(binary.LittleEndian.Uint16(b[off+64:]))
		if nameLen == 0 && b[off+66] == 0 {
			break
		}
		offs = append(offs, off)
	}
	return offs
}

func findEntry(t *testing.T, b []byte, name string, nth int) int {
	t.Helper()
	want := utf16le(name)
	for _, off := range dirEntries(b) {
		if bytes.HasPrefix(b[off:off+64], want) {
			if nth == 0 {
				return off
			}
			nth--
		}
	}
	t.Fatalf("no entry %s", name)
	return 0
}

func utf16le(s string) []byte {
	var out []byte
	for _, r := range s {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

func patchSize(t *testing.T, b []byte, name string, size uint64) {
	off := findEntry(t, b, name, 0)
	binary.LittleEndian.PutUint64(b[off+120:], size)
}

func entryOf(t *testing.T, b []byte, name string, nth int) (uint32, uint64) {
	off := findEntry(t, b, name, nth)
	return binary.LittleEndian.Uint32(b[off+116:]), binary.LittleEndian.Uint64(b[off+120:])
}

func setEntry(t *testing.T, b []byte, name string, nth int, start uint32, size uint64) {
	off := findEntry(t, b, name, nth)
	binary.LittleEndian.PutUint32(b[off+116:], start)
	binary.LittleEndian.PutUint64(b[off+120:], size)
}

// TestMultiValued reads a multi-valued string property: a lengths stream and one stream per
// value, within the object's own storage.
func TestMultiValued(t *testing.T) {
	const pidKeywordsLike = 0x8001
	lens := make([]byte, 8)
	binary.LittleEndian.PutUint32(lens, 8)
	binary.LittleEndian.PutUint32(lens[4:], 6)
	m := mailMsg().stream(pidKeywordsLike, ptMulti|ptUnicode, lens)
	m.nodes = append(m.nodes,
		&tnode{name: streamName(pidKeywordsLike, ptMulti|ptUnicode) + "-00000000", data: utf16le("Red\x00")},
		&tnode{name: streamName(pidKeywordsLike, ptMulti|ptUnicode) + "-00000001", data: utf16le("Ok\x00")})
	r, err := openCFB(m.file())
	if err != nil {
		t.Fatal(err)
	}
	p, err := loadProps(r, r.root, headerTop, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.multiStr(pidKeywordsLike); strings.Join(got, ",") != "Red,Ok" {
		t.Errorf("values %q", got)
	}
	if got := p.multiStr(0x8002); got != nil {
		t.Errorf("absent property: %q", got)
	}
}

// TestLostBounded: a file with thousands of things that cannot be kept names the first few
// and counts the rest, and names from the file are shown without control characters.
func TestLostBounded(t *testing.T) {
	m := mailMsg()
	for i := 0; i < 50; i++ {
		m.sub(fmt.Sprintf("%s%08X", attachPrefix, i), newObj(headerSub).i32(pidAttachMethod, attachByRef).
			str(pidAttachLongFilename, fmt.Sprintf("file\r\n%d\x1b[31m.doc", i)))
	}
	res := mustConvert(t, m.file())
	if len(res.Lost) != maxLost+1 || res.Lost[maxLost] != "30 more things like those" {
		t.Errorf("Lost %d: %q", len(res.Lost), res.Lost[len(res.Lost)-1])
	}
	if !strings.Contains(res.Lost[0], "(file0[31m.doc)") {
		t.Errorf("name shown as %q", res.Lost[0])
	}
}
