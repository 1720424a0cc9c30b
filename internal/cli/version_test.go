package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/appinfo"
)

// version prints the one version the app has (appinfo), not a copy of its own.
func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		var out, errOut bytes.Buffer
		if code := run([]string{arg}, strings.NewReader(""), &out, &errOut); code != exitYes {
			t.Errorf("%s: exit %d, stderr %q", arg, code, errOut.String())
		}
		if want := "reportmail-cli " + appinfo.Version + "\n"; out.String() != want {
			t.Errorf("%s: %q, want %q", arg, out.String(), want)
		}
	}
}
