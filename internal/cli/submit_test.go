package cli_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
)

// stackArgs are the submit options for the real stack on host:port.
func stackArgs(s *mailstacktest.Stack, host string, port int, tls string) []string {
	return []string{"--smtp-host", host, "--smtp-port", strconv.Itoa(port), "--tls", tls,
		"--smtp-user", s.User, "--ca-file", s.CAFile, "--from", s.User}
}

func stackEnv(s *mailstacktest.Stack, outbox string) []string {
	return []string{"REPORTMAIL_SMTP_PASSWORD=" + s.Password, "REPORTMAIL_OUTBOX=" + outbox}
}

type part struct {
	header textproto.MIMEHeader
	body   []byte // still in its transfer encoding
}

// splitReport parses a delivered report into its header and top-level parts.
func splitReport(t *testing.T, raw []byte) (mail.Header, []part) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("delivered report does not parse: %v", err)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("report is %q, want multipart/mixed (%v)", mt, err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	var parts []part
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("part: %v", err)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, part{textproto.MIMEHeader(p.Header), b})
	}
	return m.Header, parts
}

func textOf(t *testing.T, p part) string {
	t.Helper()
	if strings.EqualFold(p.header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		b, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(p.body)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if strings.EqualFold(p.header.Get("Content-Transfer-Encoding"), "base64") {
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(p.body)), ""))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	return string(p.body)
}

// normalised is what convert writes: the bytes a report must attach unchanged.
func normalised(t *testing.T, file string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "normalised.eml")
	if r := run(t, nil, "convert", file, "-o", out); r.code != 0 {
		t.Fatalf("convert: %d %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSubmitDeliversEachKind(t *testing.T) {
	s := mailstacktest.Require(t)
	for _, mode := range []struct {
		tls  string
		port int
	}{{"starttls", s.SMTPSubmission}, {"implicit", s.SMTPImplicit}} {
		t.Run(mode.tls, func(t *testing.T) {
			dir := t.TempDir()
			outbox := filepath.Join(dir, "outbox")
			args := stackArgs(s, s.HostGood, mode.port, mode.tls)

			t.Run("false negative", func(t *testing.T) {
				file := writeFile(t, dir, "spam.eml", spamOriginal())
				r := run(t, stackEnv(s, outbox), append([]string{"submit", "--json", "--type", "false-negative", "--note", "Got this twice today"}, append(args, file)...)...)
				got := delivered(t, s, r)
				h, parts := splitReport(t, got)
				if !strings.HasPrefix(h.Get("Subject"), "False Negative: ") || len(parts) != 2 {
					t.Fatalf("subject %q, %d parts", h.Get("Subject"), len(parts))
				}
				if !strings.Contains(textOf(t, parts[0]), "Got this twice today") {
					t.Errorf("the note is not in the summary")
				}
				assertAttached(t, parts[1], normalised(t, file))
			})

			t.Run("false positive, Latin-1 8-bit, with rejection notice", func(t *testing.T) {
				file := writeFile(t, dir, "wanted.eml", latin1Original())
				notice := writeFile(t, dir, "notice.eml", rejectionNotice())
				r := run(t, stackEnv(s, outbox), append([]string{"submit", "--json", "--type", "false-positive", "--rejection-notice", notice}, append(args, file)...)...)
				got := delivered(t, s, r)
				h, parts := splitReport(t, got)
				dec, _ := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
				if dec != "False Positive: Facture décembre" {
					t.Errorf("subject %q", dec)
				}
				if len(parts) < 3 {
					t.Fatalf("%d parts, want summary, original and notice", len(parts))
				}
				if cte := parts[1].header.Get("Content-Transfer-Encoding"); !strings.EqualFold(cte, "8bit") {
					t.Errorf("8-bit original sent as %q", cte)
				}
				assertAttached(t, parts[1], normalised(t, file))
				if !bytes.Contains(parts[2].body, []byte("Message rejected as spam")) {
					t.Errorf("the rejection notice is not attached")
				}
			})

			t.Run("virus sample", func(t *testing.T) {
				file := writeFile(t, dir, "virus.eml", virusOriginal())
				r := run(t, stackEnv(s, outbox), append([]string{"submit", "--json", "--type", "virus"}, append(args, file)...)...)
				got := delivered(t, s, r)
				h, parts := splitReport(t, got)
				if !strings.HasPrefix(h.Get("Subject"), "Virus sample: ") || len(parts) != 2 {
					t.Fatalf("subject %q, %d parts", h.Get("Subject"), len(parts))
				}
				m := regexp.MustCompile(`password is: (\S+)`).FindStringSubmatch(textOf(t, parts[0]))
				if m == nil {
					t.Fatalf("no password in the body:\n%s", textOf(t, parts[0]))
				}
				zipPath := writeFile(t, t.TempDir(), "sample.zip", []byte(textOf(t, parts[1])))
				assertZipHolds(t, zipPath, m[1], normalised(t, file))
			})
		})
	}
}

// delivered checks a successful submit and returns the report as the desk received it.
func delivered(t *testing.T, s *mailstacktest.Stack, r result) []byte {
	t.Helper()
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("submit: exit %d, stderr %q, stdout %s", r.code, r.stderr, r.stdout)
	}
	j := decode[submitJSON](t, r.stdout)
	if j.Status != "sent" || j.ID == "" || j.MessageID == "" || len(j.SHA256) != 64 {
		t.Fatalf("json %+v", j)
	}
	raw := s.WaitDelivered(t, mailstacktest.HasMessageID(j.MessageID), 15*time.Second)
	return mailstacktest.StripDelivery(raw)
}

func assertAttached(t *testing.T, p part, want []byte) {
	t.Helper()
	if mt, _, _ := mime.ParseMediaType(p.header.Get("Content-Type")); mt != "message/rfc822" {
		t.Fatalf("attachment is %q, want message/rfc822", mt)
	}
	if !bytes.Equal(p.body, want) {
		t.Fatalf("attached original differs from the normalised original (%d vs %d bytes)", len(p.body), len(want))
	}
}

// assertZipHolds opens the zip with 7-Zip (and Info-ZIP for ZipCrypto), as the desk would.
func assertZipHolds(t *testing.T, zipPath, password string, want []byte) {
	t.Helper()
	sevenZip := ""
	for _, name := range []string{"7z", "7zz", "7za"} {
		if p, err := exec.LookPath(name); err == nil {
			sevenZip = p
			break
		}
	}
	if sevenZip == "" {
		if mailstacktest.Required() {
			t.Fatal("7-Zip (7z) is not installed: scripts/deps.sh test installs it")
		}
		t.Skip("7-Zip not installed")
	}
	out := t.TempDir()
	if b, err := exec.Command(sevenZip, "x", "-y", "-p"+password, "-o"+out, zipPath).CombinedOutput(); err != nil {
		t.Fatalf("7z x: %v\n%s", err, b)
	}
	if b, err := exec.Command(sevenZip, "t", "-pwrong-password", zipPath).CombinedOutput(); err == nil {
		t.Errorf("7z accepted a wrong password:\n%s", b)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("zip holds %v, want one .eml", files)
	}
	got, _ := os.ReadFile(files[0])
	if !bytes.Equal(got, want) {
		t.Fatalf("zipped sample differs from the original (%d vs %d bytes)", len(got), len(want))
	}
	if unzip, err := exec.LookPath("unzip"); err == nil {
		if b, err := exec.Command(unzip, "-t", "-P", password, zipPath).CombinedOutput(); err != nil {
			t.Errorf("unzip -t: %v\n%s", err, b)
		}
	}
}
