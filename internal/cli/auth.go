package cli

import (
	"context"
	"os"
	"strings"

	"github.com/reportmail/reportmail/internal/send"
)

// EnvOAuthToken is where --auth oauth2 takes the access token from, for scripts that hold
// their own (spec/cli.md, "Token sign-in"). Like the password, never a flag.
const EnvOAuthToken = "REPORTMAIL_OAUTH_TOKEN"

// The --auth words.
const (
	authPassword = "password"
	authOAuth2   = "oauth2"
)

func init() {
	const after = "[--smtp-user USER]"
	with := after + " [--auth password|oauth2]"
	old := commandUsage["submit"]
	commandUsage["submit"] = strings.Replace(old, after, with, 1)
	usage = strings.Replace(usage, old, commandUsage["submit"], 1)
}

// signIn fills in how cfg signs in: the password from EnvPassword, or with --auth oauth2
// the access token from EnvOAuthToken, which send offers only after TLS (XOAUTH2 or
// OAUTHBEARER, whichever the server has).
func (f *smtpFlags) signIn(cfg *send.Config) error {
	switch strings.ToLower(strings.TrimSpace(f.auth)) {
	case authPassword, "":
		cfg.Password = os.Getenv(EnvPassword)
		if cfg.Username != "" && cfg.Password == "" {
			return errUsage("Put your mail password in the environment variable " + EnvPassword + "; Report Mail does not take it as an option.")
		}
		return nil
	case authOAuth2:
		token := strings.TrimSpace(os.Getenv(EnvOAuthToken))
		if token == "" {
			return errUsage("Put the access token in the environment variable " + EnvOAuthToken + " to sign in with --auth oauth2.")
		}
		if strings.TrimSpace(cfg.Username) == "" {
			return errUsage("Give the mail account the token belongs to with --smtp-user when signing in with --auth oauth2.")
		}
		cfg.Token = func(context.Context) (string, error) { return token, nil }
		return nil
	}
	return errUsage("The --auth option must be password or oauth2.")
}
