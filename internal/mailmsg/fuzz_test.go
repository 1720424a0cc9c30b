package mailmsg

import (
	"testing"
	"unicode/utf8"
)

// The fuzzers hold each reader to its promise: no panic, offsets inside the input, text
// that is valid UTF-8. Seeds are the table cases.

func FuzzHeader(f *testing.F) {
	for _, s := range []string{nested, "From: a\r\nbroken\r\nDate: x\r\n\r\nb", "From x\n  To: y\n\n", " \r\n\r\n",
		"Reply To: x\r\n\tcont\r\nA: b\r\n", "\xef\xbb\xbfFrom: a\r\n"} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, raw []byte, part bool) {
		h := ParseHeaderWith(raw, HeaderOptions{Part: part, MaxFields: 50})
		if h.Body < h.End || h.Body > len(raw) || h.Start > h.End {
			t.Fatalf("offsets start %d end %d body %d of %d", h.Start, h.End, h.Body, len(raw))
		}
		last := h.Start
		for _, fl := range h.Fields {
			if fl.Start < last || fl.End > h.End+0 && fl.End > h.Body || fl.Start >= fl.End {
				t.Fatalf("field %q at %d..%d (block %d..%d)", fl.Name, fl.Start, fl.End, h.Start, h.End)
			}
			last = fl.End
			fl.Value()
		}
		for _, d := range h.Damage {
			if d.Start > d.End || d.End > len(raw) {
				t.Fatalf("damage %+v", d)
			}
		}
		h.LooksLikeMail()
		if s, _ := h.Text("Subject"); !utf8.ValidString(s) {
			t.Fatalf("Text not UTF-8: %q", s)
		}
	})
}

func FuzzMediaType(f *testing.F) {
	for _, s := range []string{`text/plain; charset="utf-8"`, "multipart/mixed;; boundary=b", "a; name*0*=x''%41; name*1=b c=d",
		`x/y; q="\"`, "attachment; filename*=utf-16''%00a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		m := ParseMediaType(v)
		if m.Params == nil {
			t.Fatal("nil params")
		}
		if m.Type != "" && !validType(m.Type) {
			t.Fatalf("type %q", m.Type)
		}
	})
}

func FuzzWalk(f *testing.F) {
	f.Add([]byte(nested))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\nRnJvbTogYQ0KDQpi\r\n--b--"))
	f.Add([]byte("Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\n--d\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		Walk(raw, Limits{MaxParts: 200}, func(p *Part) Action {
			if p.Start > p.BodyStart || p.BodyStart > p.End || p.End > len(p.Buf) {
				t.Fatalf("part %s at %d/%d/%d of %d", p.Path, p.Start, p.BodyStart, p.End, len(p.Buf))
			}
			if p.InOriginal && len(p.Buf) != len(raw) {
				t.Fatal("InOriginal part not in the input")
			}
			p.Decoded(1 << 12)
			return Descend
		})
	})
}

func FuzzDecodeWords(f *testing.F) {
	for _, s := range []string{"caf\xe9", "=?utf-8?b?w6k=?= =?utf-8?b?4oI=?=", "=?x?q?=ZZ?=", "=?utf-16?B?AAA?=", "=?gb2312?b?1tDOxA==?="} {
		f.Add(s, "")
	}
	f.Add("\xa4\xa4", "big5")
	f.Fuzz(func(t *testing.T, s, hint string) {
		if len(hint) > 40 {
			return
		}
		out, _ := DecodeWords(s, hint)
		if !utf8.ValidString(out) {
			t.Fatalf("not UTF-8: %q", out)
		}
		DecodeBase64([]byte(s), 7)
		DecodeQP([]byte(s), 7)
		ParseSubject(out)
	})
}

func FuzzDate(f *testing.F) {
	for _, s := range []string{"Tue, 3 Mar 2026 10:00:00 NZDT", "3 Mar 26 10:00 A", "2026-03-03T10:00:00+01:00", "Tue Mar  3 10:00:00 2026",
		"3 Mar 2026 10:00:00 GMT+1", "(c) 3 (x) Mar 2026 10:00:00 -0000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := ParseDate(s); ok && (d.Time.Year() < 1970 || d.Time.Year() > 2200) {
			t.Fatalf("implausible %v", d.Time)
		}
	})
}

func FuzzAddress(f *testing.F) {
	for _, s := range []string{`"Doe, Jane" <jane@example.test>`, "Team: a@b, c@d;, e@f", "a@b (Name (nested))", `"\" <x>`,
		"Jane </O=X/CN=Y>", "undisclosed-recipients:;", "MAILER-DAEMON", "/o=x\x80\x80\x80\x80/cn=", "EX:/O=\u212a/CN=y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		list, _ := ParseAddressList(s, "")
		for _, a := range list {
			if !utf8.ValidString(a.Name) {
				t.Fatalf("name not UTF-8: %q", a.Name)
			}
			v, rec := FormatFrom(a.Name, a.Addr+a.X500)
			if rec && !PlausibleAddress(a.Addr) {
				t.Fatalf("recovered %q from %+v", v, a)
			}
		}
		FormatFrom("", s) // a name from the X.500 name alone
		IsNoticeSender(s)
	})
}
