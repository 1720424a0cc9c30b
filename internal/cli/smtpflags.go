package cli

import (
	"flag"
	"strings"
	"time"

	"github.com/reportmail/reportmail/internal/send"
)

// EnvPassword is where the SMTP password comes from: never a flag, which would show in
// the process list and the shell history.
const EnvPassword = "REPORTMAIL_SMTP_PASSWORD"

// smtpFlags are the mail-account options submit and outbox send share.
type smtpFlags struct {
	host, user, tls, caFile, outbox string
	auth                            string // --auth password|oauth2 (auth.go)
	port                            int
}

func addSMTPFlags(fs *flag.FlagSet) *smtpFlags {
	f := &smtpFlags{}
	fs.StringVar(&f.host, "smtp-host", "", "")
	fs.IntVar(&f.port, "smtp-port", 0, "")
	fs.StringVar(&f.user, "smtp-user", "", "")
	fs.StringVar(&f.tls, "tls", "", "")
	fs.StringVar(&f.caFile, "ca-file", "", "")
	fs.StringVar(&f.outbox, "outbox", "", "")
	fs.StringVar(&f.auth, "auth", authPassword, "")
	return f
}

// errUsage carries a sentence about the options themselves.
type errUsage string

func (e errUsage) Error() string { return string(e) }
func (e errUsage) Plain() string { return string(e) }

// config turns the flags into a send.Config, or a sentence saying what is missing.
func (f *smtpFlags) config() (send.Config, error) {
	if strings.TrimSpace(f.host) == "" {
		return send.Config{}, errUsage("Name your outgoing mail server with --smtp-host, and its port with --smtp-port (587 or 465 usually).")
	}
	if f.port <= 0 || f.port > 65535 {
		return send.Config{}, errUsage("Give the mail server's port with --smtp-port, usually 587 (STARTTLS) or 465 (SSL/TLS).")
	}
	sec, err := send.ParseSecurity(f.tls)
	if err != nil {
		return send.Config{}, errUsage("The --tls option must be starttls or implicit: Report Mail never sends without encryption.")
	}
	cfg := send.Config{Host: strings.TrimSpace(f.host), Port: f.port, Security: sec, Username: f.user,
		Timeout: send.DefaultTimeout}
	if err := f.signIn(&cfg); err != nil {
		return send.Config{}, err
	}
	if f.caFile != "" {
		pool, err := send.LoadCAFile(f.caFile)
		if err != nil {
			return send.Config{}, err
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

// quickRetries are the waits between the attempts a command makes itself before leaving a
// report in the outbox: a blip in the connection or a greylisting-style 4xx often passes in
// seconds, and the person at the prompt should not have to come back for it.
var quickRetries = []time.Duration{2 * time.Second, 6 * time.Second}
