package probe

import (
	"fmt"
	"net"
	"strings"
	"time"
)

// replyError is the server saying no, in its own words.
type replyError struct{ text string }

func (e *replyError) Error() string { return "probe: server refused: " + e.text }

// dialect is the few commands of one protocol that a check needs. None of them carries a
// credential: there is no LOGIN, USER, PASS or AUTH here, and there must never be.
type dialect interface {
	greet(s *session, d time.Duration) (caps, error)
	capabilities(s *session) (caps, error)
	startTLS(s *session) error
	quit(s *session)
}

func dialectFor(t Target) dialect {
	switch t.family() {
	case IMAP:
		return &imapDialect{}
	case POP3:
		return pop3Dialect{}
	}
	return smtpDialect{}
}

// quitWait bounds the goodbye: its answer does not change the verdict.
const quitWait = 2 * time.Second

// ---- IMAP (RFC 9051 / 3501): CAPABILITY, STARTTLS, LOGOUT ----

type imapDialect struct{ n int }

func (d *imapDialect) tag() string { d.n++; return fmt.Sprintf("a%d", d.n) }

func (d *imapDialect) greet(s *session, wait time.Duration) (caps, error) {
	line, err := s.readLine(wait)
	if err != nil {
		return caps{}, err
	}
	u := strings.ToUpper(line)
	switch {
	case strings.HasPrefix(u, "* OK"), strings.HasPrefix(u, "* PREAUTH"):
		if atoms, ok := imapGreetingCaps(line); ok {
			return imapCaps(atoms), nil
		}
		return caps{}, nil
	case strings.HasPrefix(u, "* BYE"):
		return caps{}, &replyError{line}
	}
	return caps{}, errGarbled
}

// command sends one tagged command and reads to its tagged answer, handing each untagged
// line to untagged.
func (d *imapDialect) command(s *session, cmd string, wait time.Duration, untagged func(string)) error {
	tag := d.tag()
	if err := s.send(tag + " " + cmd); err != nil {
		return err
	}
	for i := 0; i < maxReplyLines; i++ {
		line, err := s.readLine(wait)
		if err != nil {
			return err
		}
		if strings.HasPrefix(line, "* ") {
			if untagged != nil {
				untagged(line)
			}
			continue
		}
		rest, ok := strings.CutPrefix(line, tag+" ")
		if !ok {
			if strings.HasPrefix(line, "+") {
				return errGarbled // a continuation request: nothing of ours asks for one
			}
			continue
		}
		if len(rest) >= 2 && strings.EqualFold(rest[:2], "OK") {
			return nil
		}
		return &replyError{line}
	}
	return errTooMany
}

func (d *imapDialect) capabilities(s *session) (caps, error) {
	c := caps{}
	err := d.command(s, "CAPABILITY", s.reply, func(line string) {
		if atoms, ok := imapCapabilityLine(line); ok {
			c = imapCaps(atoms)
		}
	})
	return c, err
}

func (d *imapDialect) startTLS(s *session) error { return d.command(s, "STARTTLS", s.reply, nil) }

func (d *imapDialect) quit(s *session) { _ = d.command(s, "LOGOUT", min(s.reply, quitWait), nil) }

// ---- POP3 (RFC 1939, 2449, 2595): CAPA, STLS, QUIT ----

type pop3Dialect struct{}

func pop3Status(line string) (bool, error) {
	switch {
	case strings.HasPrefix(line, "+OK"):
		return true, nil
	case strings.HasPrefix(line, "-ERR"):
		return false, nil
	}
	return false, errGarbled
}

func (pop3Dialect) greet(s *session, wait time.Duration) (caps, error) {
	line, err := s.readLine(wait)
	if err != nil {
		return caps{}, err
	}
	ok, err := pop3Status(line)
	if err != nil {
		return caps{}, err
	}
	if !ok {
		return caps{}, &replyError{line}
	}
	return caps{}, nil
}

func (pop3Dialect) capabilities(s *session) (caps, error) {
	if err := s.send("CAPA"); err != nil {
		return caps{}, err
	}
	line, err := s.readLine(s.reply)
	if err != nil {
		return caps{}, err
	}
	ok, err := pop3Status(line)
	if err != nil || !ok {
		return caps{}, err // no CAPA (RFC 1939 servers): nothing known, not a failure
	}
	c := caps{known: true}
	for i := 0; i < maxReplyLines; i++ {
		line, err := s.readLine(s.reply)
		if err != nil {
			return c, err
		}
		if line == "." {
			return c, nil
		}
		c.pop3Capa(strings.TrimPrefix(line, "."))
	}
	return c, errTooMany
}

func (pop3Dialect) startTLS(s *session) error {
	if err := s.send("STLS"); err != nil {
		return err
	}
	line, err := s.readLine(s.reply)
	if err != nil {
		return err
	}
	ok, err := pop3Status(line)
	if err != nil {
		return err
	}
	if !ok {
		return &replyError{line}
	}
	return nil
}

func (pop3Dialect) quit(s *session) {
	if s.send("QUIT") == nil {
		_, _ = s.readLine(min(s.reply, quitWait))
	}
}

// ---- SMTP (RFC 5321, 3207): EHLO, STARTTLS, QUIT ----

type smtpDialect struct{}

// reply reads one whole reply and returns its code and lines' texts.
func (smtpDialect) reply(s *session, wait time.Duration) (int, []string, error) {
	var texts []string
	first := 0
	for i := 0; i < maxReplyLines; i++ {
		line, err := s.readLine(wait)
		if err != nil {
			return 0, nil, err
		}
		code, more, text, ok := smtpLine(line)
		if !ok || (first != 0 && code != first) {
			return 0, nil, errGarbled
		}
		first = code
		texts = append(texts, text)
		if !more {
			return code, texts, nil
		}
	}
	return 0, nil, errTooMany
}

func (d smtpDialect) greet(s *session, wait time.Duration) (caps, error) {
	code, texts, err := d.reply(s, wait)
	if err != nil {
		return caps{}, err
	}
	if code != 220 {
		return caps{}, &replyError{fmt.Sprintf("%d %s", code, strings.Join(texts, " "))}
	}
	return caps{}, nil
}

// ehloName is the address literal of our end (RFC 5321 section 4.1.3): always valid, and
// it tells the server nothing it does not already know.
func ehloName(c net.Conn) string {
	host, _, err := net.SplitHostPort(c.LocalAddr().String())
	ip := net.ParseIP(host)
	switch {
	case err != nil || ip == nil:
		return "localhost"
	case ip.To4() != nil:
		return "[" + ip.String() + "]"
	}
	return "[IPv6:" + ip.String() + "]"
}

func (d smtpDialect) capabilities(s *session) (caps, error) {
	if err := s.send("EHLO " + ehloName(s.conn)); err != nil {
		return caps{}, err
	}
	code, texts, err := d.reply(s, s.reply)
	if err != nil {
		return caps{}, err
	}
	c := caps{known: true}
	if code != 250 {
		return c, nil // no ESMTP: no STARTTLS, no AUTH
	}
	for _, t := range texts[1:] {
		c.ehloKeyword(t)
	}
	return c, nil
}

func (d smtpDialect) startTLS(s *session) error {
	if err := s.send("STARTTLS"); err != nil {
		return err
	}
	code, texts, err := d.reply(s, s.reply)
	if err != nil {
		return err
	}
	if code != 220 {
		return &replyError{fmt.Sprintf("%d %s", code, strings.Join(texts, " "))}
	}
	return nil
}

func (d smtpDialect) quit(s *session) {
	if s.send("QUIT") == nil {
		_, _, _ = d.reply(s, min(s.reply, quitWait))
	}
}
