package plain

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/safefile"
	"github.com/reportmail/reportmail/internal/send"
)

func TestFileSentences(t *testing.T) {
	dir := t.TempDir()
	hostile := "evil\x1b[31m\nname\xff.eml"
	cases := []struct {
		name string
		got  string
		want []string
	}{
		{"pipe", Sentence(&intake.FileError{Path: "in.eml", Err: &safefile.NotFileError{Path: "in.eml", Kind: safefile.Pipe}}),
			[]string{"“in.eml” is not a file Report Mail can read (it is a pipe)"}},
		{"device, bare", Sentence(&safefile.NotFileError{Path: "/dev/zero", Kind: safefile.Device}),
			[]string{"is not a file Report Mail can read (it is a device)"}},
		{"folder", Sentence(&intake.FileError{Path: dir, Err: &safefile.NotFileError{Path: dir, Kind: safefile.Folder}}),
			[]string{"is a folder, not a saved email"}},
		{"standard input", Sentence(&intake.FileError{Path: "-", Err: os.ErrPermission}),
			[]string{"not allowed to open standard input"}},
		{"CA file too big", Sentence(&send.CAFileError{Path: "ca.pem", Err: &safefile.TooBigError{Path: "ca.pem", Max: 1 << 20}}),
			[]string{"“ca.pem” is too big to be a certificate file"}},
		{"CA file a pipe", Sentence(&send.CAFileError{Path: "ca.pem", Err: &safefile.NotFileError{Path: "ca.pem", Kind: safefile.Pipe}}),
			[]string{"“ca.pem” is not a file Report Mail can read (it is a pipe)"}},
		{"write over a link", WriteSentence(&safefile.NotFileError{Path: "out.eml", Kind: safefile.Symlink}, "out.eml"),
			[]string{"“out.eml” is a link to another file"}},
		{"write over a pipe", WriteSentence(&safefile.NotFileError{Path: "out.eml", Kind: safefile.Pipe}, "out.eml"),
			[]string{"“out.eml” is not a file Report Mail can write (it is a pipe)"}},
		{"write over a file", WriteSentence(&safefile.ExistsError{Path: "out.eml"}, "out.eml"),
			[]string{"“out.eml” already exists"}},
		{"hostile name, reading", Sentence(&intake.FileError{Path: filepath.Join(dir, hostile), Err: os.ErrNotExist}),
			[]string{"evil [31m name\uFFFD.eml"}},
		{"hostile name, writing", WriteSentence(os.ErrPermission, hostile), []string{"evil [31m name\uFFFD.eml"}},
	}
	for _, c := range cases {
		for _, w := range c.want {
			if !strings.Contains(c.got, w) {
				t.Errorf("%s: %q lacks %q", c.name, c.got, w)
			}
		}
		if strings.ContainsAny(c.got, "\x1b\n") || !strings.HasSuffix(c.got, ".") {
			t.Errorf("%s: %q is not one clean sentence", c.name, c.got)
		}
	}
}
