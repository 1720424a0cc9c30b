package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// cliBinary builds reportmail-cli once per test process, pure Go as the spec requires. The
// folder is per process (tests of several packages may run at once); old ones are swept.
func cliBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		sweepOldBuilds()
		dir, err := os.MkdirTemp("", "reportmail-cli-test-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "reportmail-cli")
		cmd := exec.Command("go", "build", "-o", binPath, "github.com/reportmail/reportmail/cmd/reportmail-cli")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func sweepOldBuilds() {
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), "reportmail-cli-test-*"))
	for _, d := range old {
		if st, err := os.Stat(d); err == nil && time.Since(st.ModTime()) > time.Hour {
			os.RemoveAll(d)
		}
	}
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs the CLI with the environment plus env ("K=V").
func run(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(cliBinary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

type submitJSON struct {
	Status    string `json:"status"`
	ID        string `json:"id"`
	Subject   string `json:"subject"`
	MessageID string `json:"message_id"`
	SHA256    string `json:"sha256"`
	Error     string `json:"error"`
	ErrorKind string `json:"error_kind"`
	Attempts  int    `json:"attempts"`
}

func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, s)
	}
	return v
}

// oneSentence checks that stderr is exactly one line of plain words, no Go error text.
func oneSentence(t *testing.T, stderr string) string {
	t.Helper()
	s := strings.TrimSuffix(stderr, "\n")
	if s == "" || strings.Contains(s, "\n") {
		t.Fatalf("stderr is not one sentence: %q", stderr)
	}
	for _, leak := range []string{"x509:", "tls:", "dial tcp", "send:", "outbox:", "smtp:", "EOF", "%!"} {
		if strings.Contains(s, leak) {
			t.Errorf("stderr leaks %q: %s", leak, s)
		}
	}
	return s
}

// Fixtures: originals as a mail client saves them, each with a fresh Message-ID.

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func spamOriginal() []byte {
	return []byte("Return-Path: <winner@prizes.example>\r\n" +
		"Received: from mx.prizes.example (mx.prizes.example [203.0.113.7])\r\n" +
		"\tby mx.example.test with ESMTPS id 4AbCdE; Mon, 2 Nov 2026 09:00:00 +1300\r\n" +
		"From: \"Prize Desk\" <winner@prizes.example>\r\nTo: reporter@example.test\r\n" +
		"Subject: You won a prize\r\nDate: Mon, 2 Nov 2026 08:59:58 +1300\r\n" +
		"Message-ID: " + mailstacktest.NewMessageID() + "\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		"Claim your prize now.\r\n.A line starting with a dot.\r\n")
}

// latin1Original is a wanted message in ISO-8859-1 with 8-bit bytes in its body.
func latin1Original() []byte {
	return []byte("Received: from mail.partner.example (mail.partner.example [198.51.100.20])\r\n" +
		"\tby mx.example.test with ESMTPS id 9XyZ; Tue, 3 Nov 2026 10:00:00 +1300\r\n" +
		"From: =?iso-8859-1?q?Ren=E9e_Dupr=E9?= <renee@partner.example>\r\nTo: reporter@example.test\r\n" +
		"Subject: =?iso-8859-1?q?Facture_d=E9cembre?=\r\nDate: Tue, 3 Nov 2026 09:59:58 +1300\r\n" +
		"Message-ID: " + mailstacktest.NewMessageID() + "\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		"Bonjour,\r\nveuillez trouver la facture de d\xe9cembre. \xc0 bient\xf4t, Ren\xe9e\r\n")
}

// virusOriginal carries an attachment the filter called a virus (harmless bytes here).
func virusOriginal() []byte {
	return []byte("Received: from smtp.sender.example (smtp.sender.example [192.0.2.44])\r\n" +
		"\tby mx.example.test with ESMTPS id 7QwE; Wed, 4 Nov 2026 11:00:00 +1300\r\n" +
		"From: <billing@sender.example>\r\nTo: reporter@example.test\r\n" +
		"Subject: Invoice attached\r\nDate: Wed, 4 Nov 2026 10:59:58 +1300\r\n" +
		"Message-ID: " + mailstacktest.NewMessageID() + "\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n" +
		"--b1\r\nContent-Type: text/plain\r\n\r\nPlease see the invoice.\r\n" +
		"--b1\r\nContent-Type: application/octet-stream; name=\"invoice.js\"\r\n" +
		"Content-Disposition: attachment; filename=\"invoice.js\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		"dmFyIHggPSAibm90IHJlYWxseSBhIHZpcnVzIjsK\r\n--b1--\r\n")
}

func rejectionNotice() []byte {
	return []byte("From: Mail Delivery System <MAILER-DAEMON@mx.example.test>\r\nTo: renee@partner.example\r\n" +
		"Subject: Undelivered Mail Returned to Sender\r\nDate: Tue, 3 Nov 2026 10:00:05 +1300\r\n" +
		"Message-ID: " + mailstacktest.NewMessageID() + "\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=us-ascii\r\n\r\n" +
		"<reporter@example.test>: host mx.example.test said: 550 5.7.1 Message rejected as spam\r\n")
}
