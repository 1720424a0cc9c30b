package check

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/dkim"
	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
)

// manyDKIM builds a delivered message with n DKIM signatures, each with its own l=, over a
// body of about size bytes; every l= prefix matches when the body is intact.
func manyDKIM(n, size int, intact bool) []byte {
	var body bytes.Buffer
	line := strings.Repeat("abcdefghij", 7) + "\r\n"
	for body.Len() < size {
		body.WriteString(line)
	}
	b := body.Bytes() // already canonical for simple
	h := sha256.New()
	h.Write(b[:1000])
	var msg bytes.Buffer
	msg.WriteString("Received: from mail.example.org (mail.example.org [198.51.100.5]) by mx.example.net; Tue, 3 Mar 2026 10:00:00 +0000\r\n")
	msg.WriteString("From: a@example.org\r\nTo: b@example.net\r\nSubject: many\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\n")
	for i := range n {
		l := 1000 + i
		if i > 0 {
			h.Write(b[l-1 : l])
		}
		bh := base64.StdEncoding.EncodeToString(h.Sum(nil))
		fmt.Fprintf(&msg, "DKIM-Signature: v=1; a=rsa-sha256; c=simple/simple; d=example.org; s=s%d; h=from; l=%d; bh=%s; b=AAAA\r\n", i, l, bh)
	}
	msg.WriteString("\r\n")
	if !intact {
		b = append([]byte("X"), b[1:]...)
	}
	msg.Write(b)
	return msg.Bytes()
}

// TestManyDKIM: thousands of signatures are still judged by the newest ones, and the file
// says only the first few were checked.
func TestManyDKIM(t *testing.T) {
	for _, tt := range []struct {
		name   string
		n      int
		intact bool
		want   []string
	}{
		{"one intact", 1, true, nil},
		{"one changed", 1, false, []string{"dkim-body-mismatch/warning"}},
		{"1000 intact", 1000, true, []string{"dkim-many-signatures/info"}},
		{"1000 changed", 1000, false, []string{"dkim-body-mismatch/warning", "dkim-many-signatures/info"}},
		{"20000 intact", 20000, true, []string{"dkim-many-signatures/info"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := Check(&intake.Item{Name: "x", Format: intake.EML, Raw: manyDKIM(tt.n, 64<<10, tt.intact)})
			if got := codes(r.Findings); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("findings %v, want %v", got, tt.want)
			}
			checkFindingTexts(t, r.Findings)
			for _, f := range r.Findings {
				if f.Code == finding.DKIMManySignatures && !strings.Contains(f.Message, fmt.Sprintf("carries %d digital signatures", tt.n)) {
					t.Errorf("message does not say how many there are: %q", f.Message)
				}
				if f.Code == finding.DKIMManySignatures && !strings.Contains(f.Message, fmt.Sprint(dkim.MaxSignatures)) {
					t.Errorf("message does not say how many were checked: %q", f.Message)
				}
			}
		})
	}
}

// BenchmarkCheckManyDKIM: a 2 MB body under 1,000 and 20,000 signatures, each with its own
// l=. Hashing the body once per signature took 14 s for 1,000; it must stay near the cost
// of one signature.
func BenchmarkCheckManyDKIM(b *testing.B) {
	for _, n := range []int{1, 1000, 20000} {
		raw := manyDKIM(n, 2<<20, true)
		it := &intake.Item{Name: "x", Format: intake.EML, Raw: raw}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				Check(it)
			}
		})
	}
}
