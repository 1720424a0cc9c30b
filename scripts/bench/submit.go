package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// benchMailStack is the bench's own Postfix and Dovecot (scripts/mailstack.sh): a folder and
// ports of its own, so that it never disturbs a stack the tests are using. The folder stays
// between runs so that its certificates are made only once.
var benchMailStack = map[string]string{
	"MAILSTACK_DIR":             filepath.Join(os.TempDir(), "reportmail-bench-mailstack"),
	"MAILSTACK_SMTP_STARTTLS":   "21025",
	"MAILSTACK_SMTP_TRAP":       "21026",
	"MAILSTACK_SMTP_SMALL":      "21027",
	"MAILSTACK_SMTP_SUBMISSION": "21587",
	"MAILSTACK_SMTP_IMPLICIT":   "21465",
	"MAILSTACK_IMAP":            "21143",
	"MAILSTACK_IMAPS":           "21993",
	"MAILSTACK_POP3":            "21110",
	"MAILSTACK_POP3S":           "21995",
	// Without these the bench's stack would take the test stack's default ports.
	"MAILSTACK_IMAPS_NOMOVE": "21994",
	"MAILSTACK_IMAPS_BARE":   "21996",
	"MAILSTACK_OAUTH_PORT":   "21980",
}

// benchStackSettings is the started stack's env, so that each comparison that needs the
// stack shares one start (a second start would empty its Maildir).
var benchStackSettings map[string]string

// startMailStack installs (when missing) and starts the bench's mail stack, stops it when
// the bench ends, and returns the settings it wrote to its env file.
func startMailStack() map[string]string {
	if benchStackSettings != nil {
		return benchStackSettings
	}
	env := os.Environ()
	for k, v := range benchMailStack {
		env = append(env, k+"="+v)
	}
	for _, step := range []string{"install", "start"} {
		cmd := exec.Command("scripts/mailstack.sh", step)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			fail(fmt.Errorf("scripts/mailstack.sh %s: %v\n%s", step, err, out))
		}
	}
	cleanups = append(cleanups, func() {
		cmd := exec.Command("scripts/mailstack.sh", "stop")
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "bench: scripts/mailstack.sh stop: %v\n%s", err, out)
		}
	})
	f, err := os.Open(filepath.Join(benchMailStack["MAILSTACK_DIR"], "env"))
	if err != nil {
		fail(err)
	}
	defer f.Close()
	settings := map[string]string{}
	for sc := bufio.NewScanner(f); sc.Scan(); {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			settings[k] = v
		}
	}
	benchStackSettings = settings
	return settings
}

// submitComparison submits a report of a 10 MB original to the local Postfix (submission
// port: STARTTLS, AUTH, the stack's own CA) beside swaks sending the same report, prebuilt
// once with --draft, over the same kind of session. Ours does all a submit does: check the
// original, build the report, write it to a fresh outbox (fsync), send it and file it as
// sent. A first run of each checks that both really arrive in the Maildir.
func submitComparison(work, cli string) comparison {
	ms := startMailStack()
	for _, k := range []string{"MAILSTACK_CA", "MAILSTACK_USER", "MAILSTACK_PASSWORD", "MAILSTACK_MAILDIR", "MAILSTACK_SMTP_SUBMISSION"} {
		if ms[k] == "" {
			fail(fmt.Errorf("the mail stack's env file lacks %s", k))
		}
	}
	original := filepath.Join(work, "original-10mb.eml")
	orig := deliveredMessage(10 << 20)
	if err := os.WriteFile(original, orig, 0o644); err != nil {
		fail(err)
	}
	const from, to = "reporter@example.test", "desk@example.test"
	draft := filepath.Join(work, "report-draft.eml")
	if out, err := exec.Command(cli, "submit", "--type", "false-negative", "--from", from, "--to", to,
		"--draft", draft, original).CombinedOutput(); err != nil {
		fail(fmt.Errorf("submit --draft: %v\n%s", err, out))
	}
	report, err := os.ReadFile(draft)
	if err != nil {
		fail(err)
	}
	data := filepath.Join(work, "report-swaks.txt")
	if err := os.WriteFile(data, smtpData(report), 0o644); err != nil {
		fail(err)
	}

	// The CLI takes the password only from the environment, which measure passes on.
	os.Setenv("REPORTMAIL_SMTP_PASSWORD", ms["MAILSTACK_PASSWORD"])
	c := comparison{
		name: "submit a 10 MB report vs swaks",
		goal: 1.2,
		// A fresh outbox per run ($$: the shell's process number, kept by exec).
		ours: []string{"/bin/sh", "-c", `exec "$@" --outbox "$0/outbox-$$"`, work,
			cli, "submit", "--type", "false-negative", "--from", from, "--to", to,
			"--smtp-host", "localhost", "--smtp-port", ms["MAILSTACK_SMTP_SUBMISSION"],
			"--smtp-user", ms["MAILSTACK_USER"], "--ca-file", ms["MAILSTACK_CA"], original},
		ref: []string{"swaks", "--suppress-data", "--silent", "2", "--no-data-fixup",
			"--server", "localhost", "--port", ms["MAILSTACK_SMTP_SUBMISSION"],
			"--tls", "--tls-verify", "--tls-ca-path", ms["MAILSTACK_CA"],
			"--auth", "PLAIN", "--auth-user", ms["MAILSTACK_USER"], "--auth-password", ms["MAILSTACK_PASSWORD"],
			"--from", from, "--to", to, "--data", "@" + data},
		dataSize: int64(len(report)),
	}

	// Both must really deliver: one run each, then the Maildir must hold two more messages,
	// the swaks one ending with the draft byte for byte and ours holding the original byte
	// for byte (as Postfix stores them: LF line ends).
	maildir := ms["MAILSTACK_MAILDIR"]
	before := delivered(maildir)
	for _, argv := range [][]string{c.ours, c.ref} {
		if out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput(); err != nil {
			fail(fmt.Errorf("%s: %v\n%s", filepath.Base(argv[len(argv)-1]), err, out))
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(delivered(maildir)) < len(before)+2 {
		if time.Now().After(deadline) {
			fail(fmt.Errorf("the two test reports did not both arrive in %s", maildir))
		}
		time.Sleep(50 * time.Millisecond)
	}
	lf := func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")) }
	sent, attached := lf(report), lf(orig)
	var ours, theirs int
	for p := range delivered(maildir) {
		if before[p] {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			fail(err)
		}
		switch {
		case bytes.HasSuffix(b, sent):
			theirs = len(b)
		case bytes.Contains(b, attached):
			ours = len(b)
		}
	}
	if ours == 0 || theirs == 0 {
		fail(fmt.Errorf("the reports did not arrive as sent (ours %d bytes, swaks %d bytes)", ours, theirs))
	}
	fmt.Printf("submit: both reports delivered (ours %d bytes, swaks %d bytes as stored)\n", ours, theirs)
	return c
}

// smtpData turns a message into what swaks --no-data-fixup sends as DATA. With that option
// swaks sends the file as it is and then CRLF, adding nothing else: so the file must have
// CRLF line ends, dot-stuffing (RFC 5321 4.5.2) and end with CRLF "." without a CRLF of its
// own (a file ending in CRLF.CRLF would send an empty command after the message).
func smtpData(msg []byte) []byte {
	s := bytes.ReplaceAll(msg, []byte("\r\n"), []byte("\n"))
	s = bytes.ReplaceAll(s, []byte("\n"), []byte("\r\n"))
	if !bytes.HasSuffix(s, []byte("\r\n")) {
		s = append(s, "\r\n"...)
	}
	if s[0] == '.' {
		s = append([]byte("."), s...)
	}
	s = bytes.ReplaceAll(s, []byte("\r\n."), []byte("\r\n.."))
	return append(s, '.')
}

// delivered lists the messages in a Maildir.
func delivered(maildir string) map[string]bool {
	seen := map[string]bool{}
	for _, sub := range []string{"new", "cur"} {
		es, _ := os.ReadDir(filepath.Join(maildir, sub))
		for _, e := range es {
			seen[filepath.Join(maildir, sub, e.Name())] = true
		}
	}
	return seen
}
