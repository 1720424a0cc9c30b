package main

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// benchFolder holds benchFolderSize messages; its own name keeps it out of every test's way.
const (
	benchFolder     = "Bench10k"
	benchFolderSize = 10000
)

// mailboxComparison lists the newest 50 messages of a 10,000-message folder and opens one
// (its exact bytes to a file), as a person choosing from their mailbox does, beside a
// Python imaplib script doing the same over the same kind of session (implicit TLS with the
// stack's CA, LOGIN, EXAMINE, FETCH of the newest 50 with their From, Subject and Date
// decoded, UID FETCH BODY.PEEK[] of one). Ours is the two CLI commands a script would run:
// two processes and two sign-ins against the reference's one.
func mailboxComparison(work, cli string) comparison {
	ms := startMailStack()
	for _, k := range []string{"MAILSTACK_CA", "MAILSTACK_USER", "MAILSTACK_PASSWORD", "MAILSTACK_IMAPS"} {
		if ms[k] == "" {
			fail(fmt.Errorf("the mail stack's env file lacks %s", k))
		}
	}
	host, port := "127.0.0.1", ms["MAILSTACK_IMAPS"]
	newest, err := fillBenchFolder(host, port, ms["MAILSTACK_CA"], ms["MAILSTACK_USER"], ms["MAILSTACK_PASSWORD"])
	if err != nil {
		fail(fmt.Errorf("fill %s: %w", benchFolder, err))
	}
	script := filepath.Join(work, "imap_list_fetch.py")
	if err := os.WriteFile(script, []byte(imaplibScript), 0o644); err != nil {
		fail(err)
	}
	os.Setenv("REPORTMAIL_IMAP_PASSWORD", ms["MAILSTACK_PASSWORD"])
	uid := strconv.FormatUint(uint64(newest), 10)
	imapFlags := []string{"--imap-host", host, "--imap-port", port, "--tls", "implicit",
		"--imap-user", ms["MAILSTACK_USER"], "--ca-file", ms["MAILSTACK_CA"]}
	// $$ keeps each run's file apart; both sides write the message to a new file.
	oursScript := `"$0" mailbox list --folder ` + benchFolder + ` --limit 50 --json "$@" >"$OUT.$$.json" &&
exec "$0" mailbox fetch --folder ` + benchFolder + ` --uid ` + uid + ` -o "$OUT.$$.eml" "$@" 2>"$OUT.$$.log"`
	c := comparison{
		name: "mailbox: newest 50 of 10,000 + open one vs imaplib",
		goal: 1.0,
		ours: append([]string{"/usr/bin/env", "OUT=" + filepath.Join(work, "ours"), "/bin/sh", "-c", oursScript, cli}, imapFlags...),
		ref: []string{"/usr/bin/env", "OUT=" + filepath.Join(work, "ref"), "/bin/sh", "-c", `exec python3 "$@" "$OUT.$$"`, "sh",
			script, host, port, ms["MAILSTACK_USER"], ms["MAILSTACK_CA"], benchFolder, uid},
	}
	checkMailboxSides(work, c, newest)
	return c
}

// checkMailboxSides runs each side once and compares: the same 50 UIDs, newest first, and
// the opened message byte for byte.
func checkMailboxSides(work string, c comparison, newest uint32) {
	for _, argv := range [][]string{c.ours, c.ref} {
		if out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput(); err != nil {
			fail(fmt.Errorf("%v: %v\n%s", argv[:5], err, out))
		}
	}
	one := func(pattern string) string {
		m, _ := filepath.Glob(filepath.Join(work, pattern))
		if len(m) != 1 {
			fail(fmt.Errorf("want one %s, found %v", pattern, m))
		}
		return m[0]
	}
	var ours []struct {
		UID uint32 `json:"uid"`
	}
	var ref struct {
		UIDs []uint32 `json:"uids"`
	}
	for path, v := range map[string]any{one("ours.*.json"): &ours, one("ref.*.json"): &ref} {
		b, err := os.ReadFile(path)
		if err == nil {
			err = json.Unmarshal(b, v)
		}
		if err != nil {
			fail(fmt.Errorf("%s: %w", path, err))
		}
	}
	if len(ours) != 50 || len(ref.UIDs) != 50 || ours[0].UID != newest {
		fail(fmt.Errorf("listed %d and %d messages, newest %d (want 50, newest %d)", len(ours), len(ref.UIDs), ours[0].UID, newest))
	}
	for i := range ours {
		if ours[i].UID != ref.UIDs[i] {
			fail(fmt.Errorf("the lists differ at %d: uid %d vs %d", i, ours[i].UID, ref.UIDs[i]))
		}
	}
	a, errA := os.ReadFile(one("ours.*.eml"))
	b, errB := os.ReadFile(one("ref.*.eml"))
	if errA != nil || errB != nil || len(a) == 0 || !bytes.Equal(a, b) {
		fail(fmt.Errorf("the opened message differs (%d vs %d bytes; %v %v)", len(a), len(b), errA, errB))
	}
	fmt.Printf("mailbox: both list the same newest 50 of %s and open the same %d bytes\n", benchFolder, len(a))
}

// fillBenchFolder makes benchFolder hold benchFolderSize messages, reusing it when it
// already does, and returns the newest UID.
func fillBenchFolder(host, port, caFile, user, password string) (uint32, error) {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return 0, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 10 * time.Second}, "tcp", net.JoinHostPort(host, port),
		&tls.Config{RootCAs: pool, ServerName: host})
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(5 * time.Minute)); err != nil {
		return 0, err
	}
	s := &rawIMAP{r: bufio.NewReaderSize(conn, 64<<10), w: bufio.NewWriterSize(conn, 1<<20)}
	if _, err := s.r.ReadString('\n'); err != nil { // greeting
		return 0, err
	}
	if _, err := s.cmd("LOGIN " + quote(user) + " " + quote(password)); err != nil {
		return 0, err
	}
	_, _ = s.cmd("CREATE " + benchFolder) // NO when it is there already
	lines, err := s.cmd("STATUS " + benchFolder + " (MESSAGES UIDNEXT)")
	if err != nil {
		return 0, err
	}
	count, next := statusNumber(lines, "MESSAGES"), statusNumber(lines, "UIDNEXT")
	if count != benchFolderSize {
		if count > 0 { // a partial fill from an interrupted run: start again
			if _, err := s.cmd("DELETE " + benchFolder); err != nil {
				return 0, err
			}
			if _, err := s.cmd("CREATE " + benchFolder); err != nil {
				return 0, err
			}
		}
		start := time.Now()
		if err := s.appendAll(benchFolderSize); err != nil {
			return 0, err
		}
		if lines, err = s.cmd("STATUS " + benchFolder + " (MESSAGES UIDNEXT)"); err != nil {
			return 0, err
		}
		count, next = statusNumber(lines, "MESSAGES"), statusNumber(lines, "UIDNEXT")
		fmt.Printf("mailbox: filled %s with %d messages in %v\n", benchFolder, count, time.Since(start).Round(time.Millisecond))
	}
	if count != benchFolderSize || next < 2 {
		return 0, fmt.Errorf("%s holds %d messages (uidnext %d), want %d", benchFolder, count, next, benchFolderSize)
	}
	_, _ = s.cmd("LOGOUT")
	return uint32(next - 1), nil
}

type rawIMAP struct {
	r   *bufio.Reader
	w   *bufio.Writer
	tag int
}

// cmd sends one command and reads up to its tagged reply, returning the untagged lines.
func (s *rawIMAP) cmd(line string) ([]string, error) {
	s.tag++
	tag := "b" + strconv.Itoa(s.tag)
	if _, err := s.w.WriteString(tag + " " + line + "\r\n"); err != nil {
		return nil, err
	}
	if err := s.w.Flush(); err != nil {
		return nil, err
	}
	var untagged []string
	for {
		l, err := s.r.ReadString('\n')
		if err != nil {
			return untagged, err
		}
		if rest, ok := strings.CutPrefix(l, tag+" "); ok {
			if !strings.HasPrefix(rest, "OK") {
				return untagged, fmt.Errorf("%s: %s", strings.Fields(line)[0], strings.TrimSpace(rest))
			}
			return untagged, nil
		}
		untagged = append(untagged, l)
	}
}

// appendAll stores n messages with one MULTIAPPEND (RFC 3502) of LITERAL+ literals
// (RFC 7888): one command, one round trip and one transaction for all of them (single
// pipelined APPENDs cost Dovecot a commit each, about 4 ms apiece here).
func (s *rawIMAP) appendAll(n int) error {
	s.tag++
	tag := "b" + strconv.Itoa(s.tag)
	done := make(chan error, 1)
	go func() {
		for {
			l, err := s.r.ReadString('\n')
			if err != nil {
				done <- err
				return
			}
			if rest, ok := strings.CutPrefix(l, tag+" "); ok {
				if !strings.HasPrefix(rest, "OK") {
					err = fmt.Errorf("APPEND: %s", strings.TrimSpace(rest))
				}
				done <- err
				return
			}
		}
	}()
	fmt.Fprintf(s.w, "%s APPEND %s", tag, benchFolder)
	for i := 0; i < n; i++ {
		msg := benchMessage(i, n)
		fmt.Fprintf(s.w, " (\\Seen) {%d+}\r\n", len(msg))
		s.w.Write(msg)
	}
	s.w.WriteString("\r\n")
	if err := s.w.Flush(); err != nil {
		return err
	}
	return <-done
}

// benchMessage is message i of n: a delivered-looking message of about 3 KB; the newest is
// the one opened, with a 200 KB attachment, as a typical spam with a "document" has.
func benchMessage(i, n int) []byte {
	var b bytes.Buffer
	when := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 7 * time.Minute)
	fmt.Fprintf(&b, "Return-Path: <sender%d@bulk.example>\r\n", i%97)
	for hop := 0; hop < 3; hop++ {
		fmt.Fprintf(&b, "Received: from relay%d.bulk.example (relay%d.bulk.example [198.51.100.%d])\r\n\tby mx%d.example.test with ESMTPS id %08X%d; %s\r\n",
			hop, hop, (i+hop)%250+1, hop, i*31+hop, hop, when.Format(time.RFC1123Z))
	}
	fmt.Fprintf(&b, "From: =?utf-8?q?Offre_sp=C3=A9ciale_%d?= <sender%d@bulk.example>\r\nTo: reporter@example.test\r\n", i%13, i%97)
	fmt.Fprintf(&b, "Subject: Your weekly offer number %d - limited time\r\nDate: %s\r\n", i, when.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <bench-%d@bulk.example>\r\nMIME-Version: 1.0\r\n", i)
	if i < n-1 {
		b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n")
		for l := 0; b.Len() < 3000; l++ {
			fmt.Fprintf(&b, "Line %d of an offer you did not ask for, number %d, with a link to click.\r\n", l, i)
		}
		return b.Bytes()
	}
	b.WriteString("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nSee the document.\r\n" +
		"--b1\r\nContent-Type: application/octet-stream; name=\"invoice.doc\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	line := strings.Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo", 3)[:76] + "\r\n"
	for b.Len() < 200<<10 {
		b.WriteString(line)
	}
	b.WriteString("--b1--\r\n")
	return b.Bytes()
}

func statusNumber(lines []string, item string) int {
	for _, l := range lines {
		if i := strings.Index(l, item+" "); i >= 0 && strings.HasPrefix(l, "* STATUS") {
			f := strings.FieldsFunc(l[i+len(item)+1:], func(r rune) bool { return r == ' ' || r == ')' || r == '\r' || r == '\n' })
			if len(f) > 0 {
				n, _ := strconv.Atoi(f[0])
				return n
			}
		}
	}
	return -1
}

func quote(s string) string { return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"` }

// imaplibScript is the reference: the same job with Python's standard library.
const imaplibScript = `import email, email.policy, imaplib, json, os, re, ssl, sys

host, port, user, ca, folder, uid, out = sys.argv[1:8]
ctx = ssl.create_default_context(cafile=ca)
m = imaplib.IMAP4_SSL(host, int(port), ssl_context=ctx, timeout=30)
m.login(user, os.environ["REPORTMAIL_IMAP_PASSWORD"])
typ, data = m.select(folder, readonly=True)
n = int(data[0])
typ, data = m.fetch("%d:%d" % (max(1, n - 49), n),
    "(UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (FROM SUBJECT DATE)])")
rows = []
for item in data:
    if not isinstance(item, tuple):
        continue
    meta, head = item
    h = email.message_from_bytes(head, policy=email.policy.default)
    rows.append({"uid": int(re.search(rb"UID (\d+)", meta).group(1)),
                 "from": str(h["from"] or ""), "subject": str(h["subject"] or ""),
                 "date": str(h["date"] or ""), "size": int(re.search(rb"RFC822.SIZE (\d+)", meta).group(1)),
                 "seen": b"\\Seen" in meta})
rows.sort(key=lambda r: r["uid"], reverse=True)
with open(out + ".json", "w") as f:
    json.dump({"uids": [r["uid"] for r in rows], "rows": rows}, f)
typ, data = m.uid("FETCH", uid, "(BODY.PEEK[])")
with open(out + ".eml", "xb") as f:
    f.write(data[0][1])
m.logout()
`
