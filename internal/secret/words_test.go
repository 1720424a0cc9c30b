package secret

import (
	"strings"
	"testing"
)

// One keychain state, one story: every text about the password agrees with the others.
func TestWordsAgree(t *testing.T) {
	cases := []struct {
		goos       string
		persistent bool
		why        error
		name       string // the keychain's name where it works, the reason where it does not
	}{
		{"darwin", true, nil, "the Keychain"},
		{"windows", true, nil, "Credential Manager"},
		{"linux", true, nil, "the keyring"},
		{"freebsd", true, nil, "the keyring"},
		{"linux", false, &Error{Op: "get", Kind: ErrUnavailable}, "this computer has no password keychain"},
		{"linux", false, &Error{Op: "get", Kind: ErrDenied}, "the keyring was not unlocked"},
		{"darwin", false, &Error{Op: "get", Kind: ErrTimeout}, "the Keychain did not answer"},
		{"windows", false, nil, "this computer has no password keychain"},
	}
	for _, c := range cases {
		w := wordsFor(c.goos, c.persistent, c.why)
		if w.Works != c.persistent {
			t.Errorf("%s %v: Works = %v", c.goos, c.persistent, w.Works)
		}
		for _, s := range []string{w.Placeholder, w.Remember, w.Kept, w.NotKept, w.Notice} {
			if strings.Contains(s, "%!") || strings.Contains(s, "  ") {
				t.Errorf("%s: badly built text %q", c.goos, s)
			}
		}
		if c.persistent {
			for _, s := range []string{w.Placeholder, w.Remember, w.Kept} {
				if !strings.Contains(s, c.name) {
					t.Errorf("%s: %q does not name %s", c.goos, s, c.name)
				}
			}
			if w.Notice != "" {
				t.Errorf("%s: a working keychain has a notice: %q", c.goos, w.Notice)
			}
			if !strings.HasSuffix(w.NotKept, AskEachTime) {
				t.Errorf("%s: not remembering says %q", c.goos, w.NotKept)
			}
			continue
		}
		if !strings.Contains(w.Remember, c.name) || !strings.Contains(strings.ToLower(w.Notice), strings.ToLower(c.name)) {
			t.Errorf("%s %v: the tick %q and the notice %q do not give the reason %q", c.goos, c.why, w.Remember, w.Notice, c.name)
		}
		if !strings.HasSuffix(w.Notice, AskEachTime) || w.NotKept != "Saved. "+w.Notice {
			t.Errorf("%s %v: notice %q and after-Save %q disagree", c.goos, c.why, w.Notice, w.NotKept)
		}
		if w.Kept != "" {
			t.Errorf("%s: no keychain, yet a 'kept' message %q", c.goos, w.Kept)
		}
		if strings.Contains(w.Placeholder, "kept") {
			t.Errorf("%s: the placeholder promises to keep it: %q", c.goos, w.Placeholder)
		}
	}
}
