package smtpfake

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"strings"
)

// conn is one SMTP session (RFC 5321), just enough of it for a client under test.
type conn struct {
	srv  *Server
	o    Options
	sess *Session
	c    net.Conn // the current connection: raw, then TLS
	r    *bufio.Reader
	tls  bool
	mail *Message
}

func (cs *conn) reply(lines ...string) bool {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l)
		b.WriteString("\r\n")
	}
	_, err := io.WriteString(cs.c, b.String())
	return err == nil
}

func (cs *conn) run() {
	if cs.o.Implicit {
		tc := tls.Server(cs.c, cs.serverTLS())
		if err := tc.Handshake(); err != nil {
			return // the client refused our certificate: nothing more happens
		}
		cs.c, cs.tls = tc, true
		cs.srv.record(func() { cs.sess.TLS = true })
	}
	cs.r = newReader(cs.c)
	if !cs.greet() {
		return
	}
	for {
		line, err := cs.r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		verb = strings.ToUpper(verb)
		cs.srv.record(func() { cs.sess.Commands = append(cs.sess.Commands, verb) })
		if !cs.command(verb, arg) {
			return
		}
	}
}

// command answers one command; false ends the session.
func (cs *conn) command(verb, arg string) bool {
	switch verb {
	case "EHLO":
		return cs.reply(cs.ehlo()...)
	case "HELO":
		return cs.reply("250 fake.example.test")
	case "STARTTLS":
		if cs.tls || cs.o.NoStartTLS || cs.o.Implicit {
			return cs.reply("502 5.5.1 STARTTLS not available")
		}
		if !cs.reply("220 2.0.0 Ready to start TLS") {
			return false
		}
		tc := tls.Server(cs.c, cs.serverTLS())
		if err := tc.Handshake(); err != nil {
			return false
		}
		cs.c, cs.r, cs.tls = tc, newReader(tc), true
		cs.srv.record(func() { cs.sess.TLS = true })
		return true
	case "AUTH":
		return cs.auth(arg)
	case "MAIL":
		if cs.o.MailReply != "" {
			return cs.reply(cs.o.MailReply)
		}
		cs.mail = &Message{From: strings.TrimPrefix(arg, "FROM:")}
		return cs.reply("250 2.1.0 Ok")
	case "RCPT":
		if cs.mail == nil {
			return cs.reply("503 5.5.1 Error: need MAIL command")
		}
		if cs.o.RcptReply != "" {
			return cs.reply(cs.o.RcptReply)
		}
		cs.mail.To = append(cs.mail.To, strings.TrimPrefix(arg, "TO:"))
		return cs.reply("250 2.1.5 Ok")
	case "DATA":
		if cs.mail == nil || len(cs.mail.To) == 0 {
			return cs.reply("503 5.5.1 Error: need RCPT command")
		}
		if cs.o.DataReply != "" {
			return cs.reply(cs.o.DataReply)
		}
		if !cs.reply("354 End data with <CR><LF>.<CR><LF>") {
			return false
		}
		return cs.data()
	case "RSET":
		cs.mail = nil
		return cs.reply("250 2.0.0 Ok")
	case "NOOP":
		return cs.reply("250 2.0.0 Ok")
	case "QUIT":
		cs.reply("221 2.0.0 Bye")
		return false
	}
	return cs.reply("502 5.5.2 Error: command not recognized")
}

func (cs *conn) ehlo() []string {
	ext := []string{"PIPELINING", "ENHANCEDSTATUSCODES"}
	if cs.o.SizeLimit > 0 {
		ext = append(ext, fmt.Sprintf("SIZE %d", cs.o.SizeLimit))
	}
	if !cs.o.No8BitMIME {
		ext = append(ext, "8BITMIME")
	}
	if !cs.tls && !cs.o.NoStartTLS && !cs.o.Implicit {
		ext = append(ext, "STARTTLS")
	}
	if cs.tls || cs.o.NoStartTLS {
		ext = append(ext, "AUTH PLAIN LOGIN")
	}
	lines := []string{"250-fake.example.test"}
	for i, e := range ext {
		sep := "-"
		if i == len(ext)-1 {
			sep = " "
		}
		lines = append(lines, "250"+sep+e)
	}
	return lines
}

// auth reads PLAIN or LOGIN credentials (RFC 4616, draft-murchison-sasl-login) so the record
// can say who tried, then answers as scripted.
func (cs *conn) auth(arg string) bool {
	inClear := !cs.tls
	cs.srv.record(func() {
		cs.sess.AuthAttempted = true
		cs.sess.AuthInClear = cs.sess.AuthInClear || inClear
	})
	mech, initial, _ := strings.Cut(arg, " ")
	var user, pass string
	switch strings.ToUpper(mech) {
	case "PLAIN":
		if initial == "" {
			if !cs.reply("334 ") {
				return false
			}
			l, err := cs.r.ReadString('\n')
			if err != nil {
				return false
			}
			initial = strings.TrimSpace(l)
		}
		raw, _ := base64.StdEncoding.DecodeString(initial)
		if parts := bytes.Split(raw, []byte{0}); len(parts) == 3 {
			user, pass = string(parts[1]), string(parts[2])
		}
	case "LOGIN":
		for i, prompt := range []string{"334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6"} {
			if !cs.reply(prompt) {
				return false
			}
			l, err := cs.r.ReadString('\n')
			if err != nil {
				return false
			}
			v, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(l))
			if i == 0 {
				user = string(v)
			} else {
				pass = string(v)
			}
		}
	default:
		return cs.reply("504 5.5.4 Unrecognized authentication type")
	}
	cs.srv.record(func() { cs.sess.User = user })
	if cs.o.AuthReply != "" {
		return cs.reply(cs.o.AuthReply)
	}
	if cs.o.Users != nil && (cs.o.Users[user] != pass || user == "") {
		return cs.reply("535 5.7.8 Error: authentication failed: authentication failure")
	}
	return cs.reply("235 2.7.0 Authentication successful")
}

// data reads the message up to the lone dot, applying the scripted faults on the way.
func (cs *conn) data() bool {
	var buf bytes.Buffer
	for {
		line, err := cs.r.ReadBytes('\n')
		if len(line) > 0 {
			cs.srv.signal(1, cs.srv.data)
		}
		if err != nil {
			cs.keep(buf.Bytes(), false)
			return false
		}
		if bytes.Equal(line, []byte(".\r\n")) || bytes.Equal(line, []byte(".\n")) {
			break
		}
		if line[0] == '.' {
			line = line[1:] // RFC 5321 section 4.5.2: undo dot-stuffing
		}
		buf.Write(line)
		if cs.o.DropAfter > 0 && buf.Len() >= cs.o.DropAfter {
			cs.keep(buf.Bytes(), false)
			return false
		}
		if cs.o.StallAfter > 0 && buf.Len() >= cs.o.StallAfter {
			cs.keep(buf.Bytes(), false)
			cs.stall()
			return false
		}
	}
	if done, ok := cs.atDot(buf.Bytes()); done {
		return ok
	}
	if cs.o.StallAtDot {
		cs.keep(buf.Bytes(), false)
		cs.stall()
		return false
	}
	if cs.o.DotReply != "" {
		cs.keep(buf.Bytes(), false)
		return cs.reply(cs.o.DotReply)
	}
	cs.keep(buf.Bytes(), true)
	return cs.reply("250 2.0.0 Ok: queued as FAKE" + fmt.Sprint(len(cs.srv.Delivered())))
}

// stall stops reading and answering until the server closes: the client's writes block
// once the socket buffers fill, and its reads never return.
func (cs *conn) stall() {
	cs.srv.signal(0, cs.srv.stalled)
	<-cs.srv.done
}

func (cs *conn) keep(data []byte, accepted bool) {
	m := *cs.mail
	m.Data = append([]byte(nil), data...)
	m.Accepted = accepted
	cs.srv.record(func() { cs.sess.Messages = append(cs.sess.Messages, m) })
	cs.mail = nil
}
