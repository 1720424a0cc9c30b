package cli

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/emersion/go-sasl"

	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/oauth/tokenauth"
	"github.com/reportmail/reportmail/internal/send"
)

// EnvIMAPPassword is where the incoming account's password comes from (spec/cli.md,
// mailbox); without it, EnvPassword's, since most people have one password for both.
const EnvIMAPPassword = "REPORTMAIL_IMAP_PASSWORD"

// imapFlags are spec/cli.md's IMAP-FLAGS, shared by every command that reads the mailbox.
type imapFlags struct {
	host, user, tls, caFile, auth string
	port                          int
}

func addIMAPFlags(fs *flag.FlagSet) *imapFlags {
	f := addIMAPServerFlags(fs)
	fs.StringVar(&f.tls, "tls", "", "")
	fs.StringVar(&f.caFile, "ca-file", "", "")
	fs.StringVar(&f.auth, "auth", authPassword, "")
	return f
}

// addIMAPServerFlags registers the flags only the incoming server has. submit shares
// --ca-file and --auth with the outgoing server and already has --tls for it, so there the
// incoming server's is --imap-tls (which every mailbox command accepts too, so that a
// script can pass one set of IMAP-FLAGS everywhere).
func addIMAPServerFlags(fs *flag.FlagSet) *imapFlags {
	f := &imapFlags{auth: authPassword}
	fs.StringVar(&f.host, "imap-host", "", "")
	fs.IntVar(&f.port, "imap-port", 0, "")
	fs.StringVar(&f.user, "imap-user", "", "")
	fs.StringVar(&f.tls, "imap-tls", "", "")
	return f
}

// config turns the flags into a mailbox.Config, or an errUsage saying what is missing.
func (f *imapFlags) config() (mailbox.Config, error) {
	if strings.TrimSpace(f.host) == "" {
		return mailbox.Config{}, errUsage("Name your incoming mail server with --imap-host, and its port with --imap-port (993 usually).")
	}
	if f.port < 0 || f.port > 65535 {
		return mailbox.Config{}, errUsage("Give the incoming mail server's port with --imap-port, usually 993 (SSL/TLS) or 143 (STARTTLS).")
	}
	if strings.TrimSpace(f.user) == "" {
		return mailbox.Config{}, errUsage("Give your mailbox's user name with --imap-user, usually your email address.")
	}
	sec, err := send.ParseSecurity(f.tls)
	if err != nil {
		return mailbox.Config{}, errUsage("The --tls option must be starttls or implicit: Report Mail never reads mail without encryption.")
	}
	cfg := mailbox.Config{Host: strings.TrimSpace(f.host), Port: f.port, Security: sec, Username: strings.TrimSpace(f.user)}
	if err := f.signIn(&cfg); err != nil {
		return mailbox.Config{}, err
	}
	if f.caFile != "" {
		pool, err := send.LoadCAFile(f.caFile)
		if err != nil {
			return mailbox.Config{}, err
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

// signIn fills in how cfg signs in (spec/cli.md, "Token sign-in"): the password from the
// environment, or with --auth oauth2 the access token from EnvOAuthToken, offered with
// OAUTHBEARER or XOAUTH2, whichever the server has; mailbox calls SASL only once TLS is up.
func (f *imapFlags) signIn(cfg *mailbox.Config) error {
	switch strings.ToLower(strings.TrimSpace(f.auth)) {
	case authPassword, "":
		pw := os.Getenv(EnvIMAPPassword)
		if pw == "" {
			pw = os.Getenv(EnvPassword)
		}
		if pw == "" {
			return errUsage("Put your mailbox password in the environment variable " + EnvIMAPPassword + "; Report Mail does not take it as an option.")
		}
		cfg.Password = pw
		return nil
	case authOAuth2:
		token := strings.TrimSpace(os.Getenv(EnvOAuthToken))
		if token == "" {
			return errUsage("Put the access token in the environment variable " + EnvOAuthToken + " to sign in with --auth oauth2.")
		}
		user, host, port := cfg.Username, cfg.Host, cfg.Port
		if port == 0 { // OAUTHBEARER names the port the client chose: the default one
			port = 993
			if cfg.Security == send.StartTLS {
				port = 143
			}
		}
		cfg.SASL = func(offered []string) (sasl.Client, error) {
			mech := tokenauth.Pick(offered, "")
			if mech == "" {
				return nil, fmt.Errorf("%w: offered %v", mailbox.ErrNoMechanism, offered)
			}
			return tokenauth.New(mech, user, token, host, port), nil
		}
		return nil
	}
	return errUsage("The --auth option must be password or oauth2.")
}
