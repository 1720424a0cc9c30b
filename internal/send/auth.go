package send

import (
	"strings"

	"github.com/wneessen/go-mail/smtp"
)

// auth signs in when a user name is set. It runs only on a connection dial has proved to be
// TLS, and picks the mechanism itself: go-mail's auto-discovery believes an implicit-TLS
// connection made by a custom dialler is unencrypted and would skip PLAIN and LOGIN.
func (s *session) auth(client *smtp.Client) error {
	c := s.cfg
	if c.Username == "" {
		return nil
	}
	if st, err := client.GetTLSConnectionState(); err != nil || !st.HandshakeComplete {
		return &Error{Kind: NoStartTLS, Op: "tls", Host: c.Host, Port: c.port(), Err: err}
	}
	ok, offered := client.Extension("AUTH")
	if !ok {
		return &Error{Kind: AuthUnavailable, Op: "auth", Host: c.Host, Port: c.port()}
	}
	if c.Token != nil {
		return s.tokenAuth(client, strings.Fields(strings.ToUpper(offered)))
	}
	a := pickAuth(strings.Fields(strings.ToUpper(offered)), c)
	if a == nil {
		return &Error{Kind: AuthUnavailable, Op: "auth", Host: c.Host, Port: c.port(), Reply: offered}
	}
	if err := client.Auth(a); err != nil {
		return s.classify("auth", err)
	}
	return nil
}

// pickAuth prefers the SCRAM mechanisms (the password never crosses the wire), then PLAIN
// and LOGIN, which TLS protects; CRAM-MD5 last because servers keep its secret in clear.
func pickAuth(offered []string, c Config) smtp.Auth {
	has := func(m string) bool {
		for _, o := range offered {
			if o == m {
				return true
			}
		}
		return false
	}
	switch {
	case has("SCRAM-SHA-256"):
		return smtp.ScramSHA256Auth(c.Username, c.Password)
	case has("SCRAM-SHA-1"):
		return smtp.ScramSHA1Auth(c.Username, c.Password)
	case has("PLAIN"):
		// allowUnenc=false keeps go-mail's own refusal as a second line of defence.
		return smtp.PlainAuth("", c.Username, c.Password, c.Host, false)
	case has("LOGIN"):
		return smtp.LoginAuth(c.Username, c.Password, c.Host, false)
	case has("CRAM-MD5"):
		return smtp.CRAMMD5Auth(c.Username, c.Password)
	}
	return nil
}
