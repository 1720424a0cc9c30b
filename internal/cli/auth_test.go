package cli_test

import (
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/cli"
)

// --auth is checked before anything is read or sent; each mistake gets its own sentence.
// Sending with a token, and a refused one (exit 2, "sign in again"), is tested against the
// real servers in internal/oauth, the one package serving the stack's introspection port.
func TestAuthFlag(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "spam.eml", spamOriginal())
	base := []string{"submit", "--type", "false-negative", "--from", "reporter@example.test",
		"--smtp-host", "127.0.0.1", "--smtp-port", "9", "--outbox", dir + "/outbox"}
	for _, tc := range []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"unknown word", nil, []string{"--auth", "kerberos", "--smtp-user", "u"}, "--auth option must be password or oauth2"},
		{"no token", []string{cli.EnvOAuthToken + "="}, []string{"--auth", "oauth2", "--smtp-user", "u"}, cli.EnvOAuthToken},
		{"no user", []string{cli.EnvOAuthToken + "=tok"}, []string{"--auth", "oauth2"}, "--smtp-user"},
		{"password still needs the password", []string{cli.EnvPassword + "="}, []string{"--auth", "password", "--smtp-user", "u"}, cli.EnvPassword},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append(append([]string{}, base...), tc.args...), file)
			r := run(t, tc.env, args...)
			s := oneSentence(t, r.stderr)
			if r.code != 2 || !strings.Contains(s, tc.want) {
				t.Errorf("exit %d, %q; want exit 2 naming %s", r.code, s, tc.want)
			}
		})
	}
	r := run(t, nil, "submit", "--help")
	if !strings.Contains(r.stdout, "[--auth password|oauth2]") {
		t.Errorf("submit --help does not show --auth:\n%s", r.stdout)
	}
}
