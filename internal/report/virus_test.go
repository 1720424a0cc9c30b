package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/samplezip"
	"github.com/reportmail/reportmail/internal/testkit/testtool"
)

// zipTool is the first of names on PATH (fails in CI when none is).
func zipTool(t *testing.T, names ...string) string {
	t.Helper()
	return testtool.Find(t, "Debian: apt-get install 7zip unzip", names...)
}

var passwordLine = regexp.MustCompile(`(?m)^The zip's password is: (.+)$`)

func TestVirusSample(t *testing.T) {
	cases := []struct {
		method   samplezip.Method
		password string
	}{
		{"", ""}, // the defaults: ZipCrypto, "infected"
		{samplezip.AES256, "An0ther=pass word!"},
	}
	for _, c := range cases {
		t.Run(string(c.method), func(t *testing.T) {
			o := baseOptions(Virus, latin1Original)
			o.Summary.Subject = "Invoice 4471: payment due"
			o.ZipEncryption, o.ZipPassword = c.method, c.password
			o.MsgSource = []byte("not really a .msg, but it must ride inside the zip")
			o.MsgName = "Invoice.msg"
			o.EightBit = false // the zip travels as base64 whatever the server takes
			r, err := Build(o)
			if err != nil {
				t.Fatal(err)
			}
			checkWire(t, r)
			if r.Subject != "Virus sample: Invoice 4471: payment due" || r.EightBit {
				t.Errorf("Subject %q, EightBit %v", r.Subject, r.EightBit)
			}
			_, parts := parse(t, r.Bytes)
			if len(parts) != 2 {
				t.Fatalf("%d parts, want 2 (the .msg belongs inside the zip)", len(parts))
			}
			mt, params := parts[1].mediaType()
			if mt != "application/zip" || params["name"] != "virus-sample.zip" || parts[1].header.Get("Content-Transfer-Encoding") != "base64" {
				t.Fatalf("zip part: %v", parts[1].header)
			}
			zip := parts[1].decoded(t)
			if hexSHA(zip) != r.ZipSHA256 || r.AttachedSHA256 != hexSHA(latin1Original) {
				t.Error("hashes in the report do not match what is attached")
			}

			text := string(parts[0].decoded(t))
			m := passwordLine.FindStringSubmatch(strings.ReplaceAll(text, "\r\n", "\n"))
			if m == nil {
				t.Fatalf("no password line in the summary:\n%s", text)
			}
			password := m[1]
			wantPassword, wantMethod := c.password, "AES-256"
			if c.password == "" {
				wantPassword, wantMethod = "infected", "ZipCrypto"
			}
			if password != wantPassword || r.Password != wantPassword {
				t.Errorf("password in summary %q, in report %q; want %q", password, r.Password, wantPassword)
			}
			for _, s := range []string{"Encryption:       " + wantMethod, "SHA-256 of the zip:\n  " + r.ZipSHA256,
				"SHA-256 of the message as attached:\n  " + r.AttachedSHA256, "In the zip:\n  Invoice 4471 payment due.eml (the message",
				"  Invoice.msg (the Outlook file"} {
				if !strings.Contains(strings.ReplaceAll(text, "\r\n", "\n"), s) {
					t.Errorf("summary lacks %q:\n%s", s, text)
				}
			}

			dir := t.TempDir()
			zipPath := filepath.Join(dir, "virus-sample.zip")
			if err := os.WriteFile(zipPath, zip, 0o600); err != nil {
				t.Fatal(err)
			}
			sz := zipTool(t, "7z", "7zz", "7za")
			run := func(name string, args ...string) (string, bool) {
				out, err := exec.Command(name, args...).CombinedOutput()
				return string(out), err == nil
			}
			if out, ok := run(sz, "t", "-p"+password, zipPath); !ok {
				t.Fatalf("7-Zip test failed:\n%s", out)
			}
			if _, ok := run(sz, "t", "-pwrong", zipPath); ok {
				t.Fatal("7-Zip accepted a wrong password")
			}
			if out, ok := run(sz, "x", "-p"+password, "-o"+filepath.Join(dir, "7z"), zipPath); !ok {
				t.Fatalf("7-Zip extract failed:\n%s", out)
			}
			sameFile(t, filepath.Join(dir, "7z", "Invoice 4471 payment due.eml"), latin1Original)
			sameFile(t, filepath.Join(dir, "7z", "Invoice.msg"), o.MsgSource)
			if c.method == samplezip.AES256 {
				return // Info-ZIP unzip cannot open AES zips
			}
			uz := zipTool(t, "unzip")
			if out, ok := run(uz, "-P", password, "-d", filepath.Join(dir, "unzip"), zipPath); !ok {
				t.Fatalf("unzip failed:\n%s", out)
			}
			sameFile(t, filepath.Join(dir, "unzip", "Invoice 4471 payment due.eml"), latin1Original)

			v := python(t, r.Bytes)
			if v.Parts[1].Type != "application/zip" || v.Parts[1].SHA256 != r.ZipSHA256 || !strings.Contains(v.Parts[0].Text, "The zip's password is: "+password) {
				t.Errorf("python parts: %+v", v.Parts)
			}
		})
	}
}

func sameFile(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: %d bytes, want %d identical bytes", path, len(got), len(want))
	}
}
