package cli_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/samplezip"
	"github.com/reportmail/reportmail/internal/testkit/testtool"
)

// zipTool is the first of names on PATH (fails in CI when none is).
func zipTool(t *testing.T, names ...string) string {
	t.Helper()
	return testtool.Find(t, "Debian: apt-get install 7zip unzip", names...)
}

func toolRun(t *testing.T, name string, args ...string) (string, bool) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if _, exit := err.(*exec.ExitError); err != nil && !exit {
		t.Fatal(err)
	}
	return string(out), err == nil
}

// extract7z extracts with 7-Zip and returns the one file that comes out.
func extract7z(t *testing.T, zipPath, password, wantName string) []byte {
	t.Helper()
	sz := zipTool(t, "7z", "7zz", "7za")
	if out, ok := toolRun(t, sz, "t", "-pnot-the-password", zipPath); ok {
		t.Fatalf("7-Zip accepted a wrong password:\n%s", out)
	}
	dest := t.TempDir()
	if out, ok := toolRun(t, sz, "x", "-p"+password, "-o"+dest, zipPath); !ok {
		t.Fatalf("7-Zip could not extract %s:\n%s", zipPath, out)
	}
	got, err := os.ReadFile(filepath.Join(dest, wantName))
	if err != nil {
		names, _ := os.ReadDir(dest)
		t.Fatalf("%v (extracted: %v)", err, names)
	}
	return got
}

func TestZipOpensInZipTools(t *testing.T) {
	dir := t.TempDir()
	sample := virusOriginal()
	big := append(bytes.Clone(sample), bytes.Repeat([]byte("QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\r\n"), 60_000)...)
	in := writeFile(t, dir, "invoice.eml", sample)
	bigIn := writeFile(t, dir, "big sample.eml", big)
	mod := time.Date(2026, 11, 4, 10, 59, 58, 0, time.Local)
	if err := os.Chtimes(in, mod, mod); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name, in, entry, password string
		args                      []string
		want                      []byte
		unzip                     bool
	}{
		{"defaults", in, "invoice.eml", "infected", nil, sample, true},
		{"password and flags after the file", in, "invoice.eml", "s3cret pass!", []string{"--password", "s3cret pass!"}, sample, true},
		{"name", in, "Your invoice 4471.eml", "infected", []string{"--name", "Your invoice: 4471"}, sample, true},
		{"aes256", in, "invoice.eml", "infected", []string{"--encryption", "aes256"}, sample, false},
		{"several deflate pieces", bigIn, "big sample.eml", "infected", nil, big, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "sample.zip")
			r := runIn(append([]string{"zip", c.in, "-o", out}, c.args...)...)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			if lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n"); len(lines) != 1 || !strings.Contains(r.stdout, c.entry) || !strings.Contains(r.stdout, out) {
				t.Fatalf("stdout is not one line naming %q and the zip: %q", c.entry, r.stdout)
			}
			if got := extract7z(t, out, c.password, c.entry); !bytes.Equal(got, c.want) {
				t.Fatalf("7-Zip extracted %d bytes, want %d identical bytes", len(got), len(c.want))
			}
			if !c.unzip {
				return
			}
			uz := zipTool(t, "unzip")
			if out, ok := toolRun(t, uz, "-t", "-P", "not-the-password", out); ok {
				t.Fatalf("unzip accepted a wrong password:\n%s", out)
			}
			got, ok := toolRun(t, uz, "-p", "-P", c.password, out, c.entry)
			if !ok || got != string(c.want) {
				t.Fatalf("unzip gave %d bytes (ok=%v), want %d identical bytes", len(got), ok, len(c.want))
			}
		})
	}

	// The entry carries the file's own modification time.
	out := filepath.Join(dir, "dated.zip")
	if r := runIn("zip", in, "-o", out); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	sz := zipTool(t, "7z", "7zz", "7za")
	listing, ok := toolRun(t, sz, "l", "-slt", "-pinfected", out)
	if !ok || !strings.Contains(listing, "Modified = "+mod.Format("2006-01-02 15:04:05")) ||
		!strings.Contains(listing, "Method = ZipCrypto Deflate") {
		t.Fatalf("7-Zip listing lacks the file's date or ZipCrypto Deflate:\n%s", listing)
	}
}

func TestZipRefusals(t *testing.T) {
	dir := t.TempDir()
	orig := virusOriginal()
	in := writeFile(t, dir, "invoice.eml", orig)
	out := filepath.Join(dir, "out.zip")
	sparse := filepath.Join(dir, "huge.bin")
	f, err := os.Create(sparse)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(samplezip.MaxEntrySize + 1); err != nil { // takes no disk space
		t.Fatal(err)
	}
	f.Close()

	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{"-o", out}, "Name one file to zip"},
		{"no output", []string{in}, "Name one file to zip"},
		{"two files", []string{in, in, "-o", out}, "Name one file to zip"},
		{"unknown option", []string{in, "-o", out, "--level", "9"}, "The option -level is not known."},
		{"option without value", []string{in, "-o"}, "needs a value"},
		{"unknown encryption", []string{in, "-o", out, "--encryption", "rar"}, "must be zipcrypto or aes256"},
		{"empty password", []string{in, "-o", out, "--password", ""}, "needs a password"},
		{"accented password", []string{in, "-o", out, "--password", "mötley"}, "only English letters"},
		{"missing file", []string{filepath.Join(dir, "nope.eml"), "-o", out}, "cannot find"},
		{"folder", []string{dir, "-o", out}, "is a folder"},
		{"device", []string{os.DevNull, "-o", out}, "not a file Report Mail can read (it is a device)"},
		{"too large", []string{sparse, "-o", out}, "too large to zip"},
		{"output in a missing folder", []string{in, "-o", filepath.Join(dir, "no", "such", "out.zip")}, "does not exist"},
		{"output over the input", []string{in, "-o", in}, "would replace the file being zipped"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runIn(append([]string{"zip"}, c.args...)...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2 (stderr %q)", r.code, r.stderr)
			}
			if s := oneSentence(t, r.stderr); !strings.Contains(s, c.want) {
				t.Fatalf("stderr %q lacks %q", s, c.want)
			}
			if r.stdout != "" {
				t.Fatalf("stdout %q, want nothing", r.stdout)
			}
			if _, err := os.Stat(out); err == nil {
				t.Fatal("a zip was written")
			}
		})
	}
	if got, _ := os.ReadFile(in); !bytes.Equal(got, orig) {
		t.Fatal("the input changed")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}
