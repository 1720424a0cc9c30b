package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// pythonParse is the reference: Python's own email package parsing the file and decoding
// every part, which is the work a check has to be able to do.
const pythonParse = `import email, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
for p in m.walk():
    if not p.is_multipart():
        p.get_content()
`

// python finds the system's interpreter: a version-manager shim on PATH can spend seconds
// starting, which would flatter us.
func python() string {
	for _, p := range []string{"/usr/bin/python3", "/usr/local/bin/python3"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "python3"
}

func checkComparison(work, cli string) comparison {
	path := filepath.Join(work, "delivered-25mb.eml")
	data := deliveredMessage(25 << 20)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		fail(err)
	}
	return comparison{
		name:     "check a 25 MB delivered message vs Python email",
		goal:     0.25,
		ours:     []string{cli, "check", "--json", path},
		ref:      []string{python(), "-c", pythonParse, path},
		dataSize: int64(len(data)),
		memGoal:  3,
	}
}

// deliveredMessage builds a message as a receiving server stores it: a Received chain, a DKIM
// signature whose body hash matches (simple body canonicalisation), a text and an HTML part
// and one large attachment filling it up to about size bytes.
func deliveredMessage(size int) []byte {
	var body bytes.Buffer
	b := "=_bench_boundary_7f3a"
	fmt.Fprintf(&body, "--%s\r\nContent-Type: multipart/alternative; boundary=\"%s-alt\"\r\n\r\n", b, b)
	fmt.Fprintf(&body, "--%s-alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", b)
	for i := range 400 {
		fmt.Fprintf(&body, "Line %d of the quarterly report, with caf=C3=A9 prices and a link to https://example.test/r/%d=\r\n and more.\r\n", i, i)
	}
	fmt.Fprintf(&body, "--%s-alt\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<html><body>\r\n", b)
	for i := range 400 {
		fmt.Fprintf(&body, "<p>Line %d of the quarterly report, <b>caf=C3=A9</b> <a href=3D\"https://example.test/r/%d\">link</a></p>\r\n", i, i)
	}
	fmt.Fprintf(&body, "</body></html>\r\n--%s-alt--\r\n", b)
	fmt.Fprintf(&body, "--%s\r\nContent-Type: application/octet-stream; name=\"report.bin\"\r\nContent-Disposition: attachment; filename=\"report.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", b)
	rng := rand.New(rand.NewPCG(1, 2))
	raw := make([]byte, 57)
	line := make([]byte, 76)
	for body.Len() < size-2048 {
		for i := range raw {
			raw[i] = byte(rng.Uint32())
		}
		base64.StdEncoding.Encode(line, raw)
		body.Write(line)
		body.WriteString("\r\n")
	}
	fmt.Fprintf(&body, "--%s--\r\n", b)

	bh := sha256.Sum256(body.Bytes())
	h := []string{
		"Received: from mx.filter.example.test (mx.filter.example.test [203.0.113.25])\r\n\tby mail.example.test (Postfix) with ESMTPS id 4XyZ1\r\n\tfor <kate@example.test>; Mon, 9 Nov 2026 09:14:03 +1300 (NZDT)",
		"Received: from out.sender.example.test (out.sender.example.test [198.51.100.77])\r\n\tby mx.filter.example.test with ESMTPS id a1b2c3\r\n\tfor <kate@example.test>; Mon, 9 Nov 2026 09:14:01 +1300",
		"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=sender.example.test; s=sel;\r\n\th=from:to:subject:date:message-id; bh=" + base64.StdEncoding.EncodeToString(bh[:]) + ";\r\n\tb=AAAA",
		"From: Finance <finance@sender.example.test>",
		"To: kate@example.test",
		"Subject: Quarterly report",
		"Date: Mon, 9 Nov 2026 09:13:58 +1300",
		"Message-ID: <bench-25mb@sender.example.test>",
		"MIME-Version: 1.0",
		"Content-Type: multipart/mixed; boundary=\"" + b + "\"",
	}
	return append([]byte(strings.Join(h, "\r\n")+"\r\n\r\n"), body.Bytes()...)
}
