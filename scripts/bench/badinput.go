package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reportmail/reportmail/internal/intake"
)

// pythonParseAll is the reference for hostile input: Python's email package parsing and
// decoding each file in turn, as pythonParse does for one, carrying on past a file it
// cannot handle (an unknown charset raises LookupError, deep nesting can raise
// RecursionError) the way our check carries on with a finding. Like intake it first refuses
// a file bigger than any message (intake.MaxMessageSize, passed as argv[1]): parsing the
// 200 MB file would cost Python seconds and a gigabyte, and the ratio would then hide any
// slowness of ours on the other files.
const pythonParseAll = `import email, os, sys
from email import policy
limit = int(sys.argv[1])
for path in sys.argv[2:]:
    try:
        if os.path.getsize(path) > limit:
            continue
        with open(path, 'rb') as f:
            m = email.message_from_binary_file(f, policy=policy.default)
        for p in m.walk():
            if not p.is_multipart():
                p.get_content()
    except Exception:
        pass
`

// hugeSize is the size of the sparse file: more than any mail server accepts, so intake
// must refuse it after reading only its start.
const hugeSize = 200 << 20

// badInputComparisons writes the hostile files the unit tests use (as data, without their
// timing) to work and times one check of all of them against Python parsing the same files.
// Ours must be no slower: bad input gets an answer at once, it never makes us crawl.
func badInputComparisons(work, cli string) []comparison {
	dir := filepath.Join(work, "hostile")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail(err)
	}
	var paths []string
	var size int64 // bytes of the files that are really there, so the × column means something
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			fail(err)
		}
		paths = append(paths, p)
		size += int64(len(data))
	}

	write("zero-bytes.eml", nil)

	rng := rand.New(rand.NewPCG(3, 4))
	junk := make([]byte, 1<<20)
	for i := range junk {
		junk[i] = byte(rng.Uint32())
	}
	write("random-1mb.bin", junk)

	write("header-line-2mb.eml", []byte("Received: from mx.example.test (mx.example.test [192.0.2.1]) by mail.example.test; Tue, 3 Mar 2026 10:00:00 +0000\r\n"+
		"Subject: "+strings.Repeat("spam ", 400_000)+"\r\nFrom: a@example.test\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\n\r\nbody\r\n"))

	write("nested-300.eml", nestedMultiparts(300))

	write("broken-boundary.eml", []byte("Received: from mx.example.test (mx.example.test [192.0.2.1]) by mail.example.test; Tue, 3 Mar 2026 10:00:00 +0000\r\n"+
		"From: a@example.test\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\nSubject: broken\r\n"+
		"Content-Type: multipart/mixed; boundary=\"never-used\r\n\r\n"+
		"--other\r\nContent-Type: text/plain\r\n\r\nhello\r\n--other\r\nContent-Type: message/rfc822\r\n\r\nFrom: x@y.example\r\n\r\nx\r\n--other--\r\n"))

	write("unknown-charset.eml", []byte("Received: from mx.example.test (mx.example.test [192.0.2.1]) by mail.example.test; Tue, 3 Mar 2026 10:00:00 +0000\r\n"+
		"From: =?x-klingon?Q?Kor?= <a@example.test>\r\nSubject: =?x-unknown?B?AAEC?= =?utf-8?Q?caf=C3=A9?=\r\n"+
		"Date: Tue, 3 Mar 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=x-klingon\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"+
		"Qapla'=E9=FF\r\n"))

	// A 200 MB message that takes no disk space: only its start is written.
	huge := filepath.Join(dir, "sparse-200mb.eml")
	f, err := os.Create(huge)
	if err != nil {
		fail(err)
	}
	if _, err := f.WriteString("Received: from mx.example.test (mx.example.test [192.0.2.1]) by mail.example.test; Tue, 3 Mar 2026 10:00:00 +0000\r\nFrom: a@example.test\r\nSubject: big\r\n\r\n"); err != nil {
		fail(err)
	}
	if err := f.Truncate(hugeSize); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
	paths = append(paths, huge)

	return []comparison{{
		name:     fmt.Sprintf("check %d hostile files vs Python email", len(paths)),
		goal:     1.0,
		ours:     append([]string{cli, "check", "--json"}, paths...),
		ref:      append([]string{python(), "-c", pythonParseAll, strconv.Itoa(intake.MaxMessageSize)}, paths...),
		dataSize: size,
		memGoal:  0, // not judged: the point is that bad input never makes us slow
	}}
}

// nestedMultiparts is a delivered message whose text sits depth multiparts deep.
func nestedMultiparts(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("Received: from mx.example.test (mx.example.test [192.0.2.1]) by mail.example.test; Tue, 3 Mar 2026 10:00:00 +0000\r\n" +
		"From: a@example.test\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\nSubject: deep\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n", i-1, i)
	}
	fmt.Fprintf(&b, "--b%d\r\nContent-Type: text/plain\r\n\r\nbottom\r\n", depth)
	for i := depth; i >= 0; i-- {
		fmt.Fprintf(&b, "--b%d--\r\n", i)
	}
	return b.Bytes()
}
