package cli_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reportmail/reportmail/internal/cli"
)

func runStdin(stdin []byte, args ...string) result {
	var out, errb bytes.Buffer
	code := cli.RunWithStdin(args, bytes.NewReader(stdin), &out, &errb)
	return result{out.String(), errb.String(), code}
}

// fifo makes a named pipe with no writer: an ordinary open for reading waits for it for
// ever, so a command that returns at all did not wait.
func fifo(t *testing.T, dir, name string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes in the file system on Windows")
	}
	p := filepath.Join(dir, name)
	if err := mkfifo(p); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	return p
}

var draftArgs = []string{"--type", "false-negative", "--from", "reporter@example.test"}

// Every path the CLI reads from a person: a pipe is refused at once with one sentence.
func TestPipesAndDevicesAreRefusedNotWaitedOn(t *testing.T) {
	dir := t.TempDir()
	pipe := fifo(t, dir, "pipe.eml")
	good := writeFile(t, dir, "spam.eml", spamOriginal())
	out := filepath.Join(dir, "out.eml")
	smtp := []string{"--smtp-host", "127.0.0.1", "--smtp-port", "9", "--outbox", filepath.Join(dir, "outbox")}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"check", []string{"check", pipe}, "is not a file Report Mail can read (it is a pipe)"},
		{"check, device", []string{"check", os.DevNull}, "is not a file Report Mail can read (it is a device)"},
		{"convert", []string{"convert", pipe, "-o", out}, "(it is a pipe)"},
		{"convert, flags first", []string{"convert", "-o", out, pipe}, "(it is a pipe)"},
		{"zip", []string{"zip", pipe, "-o", filepath.Join(dir, "s.zip")}, "(it is a pipe)"},
		{"submit FILE", append(append([]string{"submit", "--draft", out}, draftArgs...), pipe), "(it is a pipe)"},
		{"submit --rejection-notice", []string{"submit", "--type", "false-positive", "--from", "r@example.test", "--draft", out, good, "--rejection-notice", pipe}, "(it is a pipe)"},
		{"submit --ca-file", append(append(append([]string{"submit"}, draftArgs...), smtp...), "--ca-file", pipe, good), "(it is a pipe)"},
		{"submit --ca-file /dev/zero", append(append(append([]string{"submit"}, draftArgs...), smtp...), good, "--ca-file", "/dev/zero"), "(it is a device)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if strings.Contains(strings.Join(c.args, " "), "/dev/zero") {
				if _, err := os.Stat("/dev/zero"); err != nil {
					t.Skip("no /dev/zero")
				}
			}
			r := runIn(c.args...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2 (stderr %q, stdout %q)", r.code, r.stderr, r.stdout)
			}
			if s := oneSentence(t, r.stderr); !strings.Contains(s, c.want) {
				t.Fatalf("stderr %q lacks %q", s, c.want)
			}
			if _, err := os.Lstat(out); err == nil {
				t.Fatal("something was written")
			}
		})
	}

	// The pipe does not hold up the other files of the same check.
	r := runIn("check", pipe, good)
	if r.code != 2 || !strings.Contains(r.stdout, "spam.eml: the original email") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	oneSentence(t, r.stderr)
}

func TestCAFileTooBig(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "ca.pem")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // sparse
		t.Fatal(err)
	}
	f.Close()
	good := writeFile(t, dir, "spam.eml", spamOriginal())
	r := runIn(append(append([]string{"submit", "--ca-file", big, "--smtp-host", "127.0.0.1", "--smtp-port", "9"}, draftArgs...), good)...)
	if s := oneSentence(t, r.stderr); r.code != 2 || !strings.Contains(s, "“"+big+"” is too big to be a certificate file") {
		t.Fatalf("exit %d, stderr %q", r.code, s)
	}
}

// /proc files report a size of 0 but have content: check called them empty.
func TestProcFileIsNotCalledEmpty(t *testing.T) {
	st, err := os.Stat("/proc/version")
	if err != nil || st.Size() != 0 {
		t.Skip("no /proc/version, or it reports its size")
	}
	r := runIn("check", "/proc/version")
	if r.code == 2 || strings.Contains(r.stdout, "empty") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestStandardInput(t *testing.T) {
	dir := t.TempDir()
	msg := spamOriginal()
	out := filepath.Join(dir, "out.eml")
	for _, args := range [][]string{{"check", "-"}, {"check", "--json", "-"}, {"check", "-", "--json"}} {
		r := runStdin(msg, args...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		if !strings.Contains(r.stdout, "-: the original email") && !strings.Contains(r.stdout, `"file": "-"`) {
			t.Fatalf("%v: stdout %q", args, r.stdout)
		}
	}
	if r := runStdin(msg, "convert", "-", "-o", out); r.code != 0 {
		t.Fatalf("convert -: exit %d, stderr %q", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(out); !bytes.Contains(got, []byte("Subject: You won a prize")) {
		t.Fatalf("convert - wrote %q", got)
	}
	draft := filepath.Join(dir, "draft.eml")
	if r := runStdin(msg, append(append([]string{"submit", "--draft", draft}, draftArgs...), "-")...); r.code != 0 {
		t.Fatalf("submit -: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := runStdin(msg, "zip", "-o", filepath.Join(dir, "s.zip"), "-"); r.code != 0 || !strings.Contains(r.stdout, "message.eml") {
		t.Fatalf("zip -: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r := runStdin(msg, "check", "-", "-")
	if r.code != 2 || !strings.Contains(r.stderr, "give “-” once") {
		t.Fatalf("check - -: exit %d, stderr %q", r.code, r.stderr)
	}
	r = runStdin(nil, "convert", "-", "-o", filepath.Join(dir, "empty.eml"))
	if r.code != 1 || !strings.Contains(r.stderr, "empty") {
		t.Fatalf("convert of empty input: exit %d, stderr %q", r.code, r.stderr)
	}
}

// The three commands that write a file the person names: never over a pipe, a device or
// a link; over an existing file only with --force; readable only by the owner.
func TestOutputsAreWrittenSafely(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "spam.eml", spamOriginal())
	commands := []struct {
		name string
		args func(out string) []string
	}{
		{"convert -o", func(out string) []string { return []string{"convert", in, "-o", out} }},
		{"convert -o, flags first", func(out string) []string { return []string{"convert", "-o", out, in} }},
		{"zip -o", func(out string) []string { return []string{"zip", "-o", out, in} }},
		{"submit --draft", func(out string) []string {
			return append(append([]string{"submit", in}, draftArgs...), "--draft", out)
		}},
	}
	for _, cmd := range commands {
		t.Run(cmd.name, func(t *testing.T) {
			d := t.TempDir()
			target := writeFile(t, d, "someone else.txt", []byte("keep me"))
			link := filepath.Join(d, "link.out")
			nullLink := filepath.Join(d, "null.out")
			if err := os.Symlink(target, link); err != nil {
				t.Skipf("no symbolic links: %v", err)
			}
			if err := os.Symlink(os.DevNull, nullLink); err != nil {
				t.Fatal(err)
			}
			pipe := fifo(t, d, "pipe.out")
			for _, c := range []struct {
				what, path, want string
			}{
				{"a pipe", pipe, "(it is a pipe)"},
				{"a device", os.DevNull, "(it is a device)"},
				{"a link to a device", nullLink, "is a link to another file"},
				{"a link to a file", link, "is a link to another file"},
			} {
				for _, force := range []bool{false, true} {
					args := cmd.args(c.path)
					if force {
						args = append(args, "--force")
					}
					r := runIn(args...)
					if s := oneSentence(t, r.stderr); r.code != 2 || !strings.Contains(s, c.want) {
						t.Errorf("over %s (force %v): exit %d, stderr %q", c.what, force, r.code, s)
					}
				}
			}
			if got, _ := os.ReadFile(target); string(got) != "keep me" {
				t.Errorf("the file behind the link now holds %q", got)
			}
			if st, err := os.Lstat(pipe); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
				t.Error("the pipe was replaced")
			}
			for _, l := range []string{link, nullLink} {
				if st, err := os.Lstat(l); err != nil || st.Mode()&fs.ModeSymlink == 0 {
					t.Errorf("%s was replaced", l)
				}
			}

			out := filepath.Join(d, "new.out")
			if r := runIn(cmd.args(out)...); r.code != 0 {
				t.Fatalf("new file: exit %d, stderr %q", r.code, r.stderr)
			}
			if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
				t.Fatalf("new file: %v, mode %v, want 0600", err, st.Mode().Perm())
			}
			if err := os.WriteFile(out, []byte("earlier"), 0o600); err != nil {
				t.Fatal(err)
			}
			r := runIn(cmd.args(out)...)
			if s := oneSentence(t, r.stderr); r.code != 2 || s != "“"+out+"” already exists; add --force to replace it." {
				t.Fatalf("existing file: exit %d, stderr %q", r.code, s)
			}
			if got, _ := os.ReadFile(out); string(got) != "earlier" {
				t.Fatalf("the existing file was changed: %q", got)
			}
			if r := runIn(append([]string{cmd.args(out)[0], "--force"}, cmd.args(out)[1:]...)...); r.code != 0 {
				t.Fatalf("--force: exit %d, stderr %q", r.code, r.stderr)
			}
			if got, _ := os.ReadFile(out); string(got) == "earlier" {
				t.Fatal("--force did not replace the file")
			}
			left, _ := filepath.Glob(filepath.Join(d, ".*"))
			if len(left) > 0 {
				t.Fatalf("temporary files left: %v", left)
			}
		})
	}
}

// A file name is printed as subjects are: no escape sequences, no line breaks.
func TestFileNamesAreCleanedOnTheTerminal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows file names cannot hold control characters")
	}
	dir := t.TempDir()
	name := "red\x1b[31m\nline\xff.eml"
	in := writeFile(t, dir, name, spamOriginal())
	missing := filepath.Join(dir, "gone\x1b]0;owned\a.eml")
	out := filepath.Join(dir, "out\x1b[2J.zip")
	for _, args := range [][]string{
		{"check", in, missing},
		{"convert", missing, "-o", filepath.Join(dir, "x.eml")},
		{"zip", in, "-o", out},
		{"zip", in, "-o", out},
		{"submit", missing, "--draft", out, "--type", "virus", "--from", "r@example.test"},
		{"check\x1b[31m", in},
	} {
		r := runIn(args...)
		for _, s := range []string{r.stdout, r.stderr} {
			if strings.ContainsAny(s, "\x1b\a") || !utf8.ValidString(s) {
				t.Errorf("%q printed a control character or invalid UTF-8: %q", args, s)
			}
		}
		if strings.Contains(r.stdout+r.stderr, "red\n") {
			t.Errorf("%q printed the name's line break", args)
		}
	}
}

func TestCommandHelp(t *testing.T) {
	for _, cmd := range []string{"check", "convert", "submit", "zip"} {
		for _, h := range []string{"--help", "-h"} {
			r := runIn(cmd, h)
			if r.code != 0 || !strings.Contains(r.stdout, "reportmail-cli\n  "+cmd) || r.stderr != "" {
				t.Errorf("%s %s: exit %d, stdout %q, stderr %q", cmd, h, r.code, r.stdout, r.stderr)
			}
			if cmd != "check" && !strings.Contains(r.stdout, "--force") {
				t.Errorf("%s %s does not document --force", cmd, h)
			}
		}
	}
}
