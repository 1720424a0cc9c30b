package autoconfig

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Kind is what a server is for, as the file names it.
type Kind string

const (
	IMAP Kind = "imap"
	POP3 Kind = "pop3"
	SMTP Kind = "smtp"
)

// Incoming reports whether mail is fetched from a server of this kind.
func (k Kind) Incoming() bool { return k == IMAP || k == POP3 }

// Security is how a connection is encrypted, in the file's socketType words.
type Security string

const (
	SSL      Security = "SSL"      // encrypted from the first byte (implicit TLS)
	STARTTLS Security = "STARTTLS" // upgraded before anything private is sent
	Plain    Security = "plain"    // not encrypted: never recommended
)

// Server is one server a mail program connects to.
type Server struct {
	Kind     Kind
	Host     string // lower case, no trailing dot
	Port     int
	Security Security
	// Username is the sign-in name with the file's placeholders filled in; "" means the
	// file gave none we could fill, and the mail program should use the address.
	Username string
	// Auth lists the file's authentication values in its order ("password-cleartext",
	// "password-encrypted", "OAuth2", …).
	Auth []string
	// Checked is true when a live check (Options.Confirm) found this server safe to use.
	Checked bool
}

// Config is what one config-v1.1.xml file says, with placeholders filled for one address.
type Config struct {
	DisplayName string   // the provider's name as the file gives it, one line
	Incoming    []Server // encrypted servers, in the order a mail program should try them
	Outgoing    []Server
	Unsafe      []Server // servers the file offers without encryption
}

// maxServers bounds how many servers of one file are kept: a real file has a handful.
const maxServers = 16

type xmlConfig struct {
	XMLName   xml.Name `xml:"clientConfig"`
	Providers []struct {
		DisplayName string      `xml:"displayName"`
		Incoming    []xmlServer `xml:"incomingServer"`
		Outgoing    []xmlServer `xml:"outgoingServer"`
	} `xml:"emailProvider"`
}

type xmlServer struct {
	Type       string   `xml:"type,attr"`
	Hostname   string   `xml:"hostname"`
	Port       string   `xml:"port"`
	SocketType string   `xml:"socketType"`
	Username   string   `xml:"username"`
	Auth       []string `xml:"authentication"`
}

// Parse reads a Thunderbird config-v1.1.xml file for the address addr. Servers the file
// describes badly (an unknown type or socket type, a host name that is not one, a port out
// of range) are left out; a file with no usable server at all is a *FileError wrapping
// ErrBadFile. Parse reads what it is given: callers bound the size.
func Parse(data []byte, addr string) (Config, error) {
	local, domain, ok := splitAddress(addr)
	if !ok {
		return Config{}, &AddressError{Address: addr}
	}
	var doc xmlConfig
	dec := xml.NewDecoder(bytes.NewReader(data))
	// Files in the wild are UTF-8; a file declaring another charset is read as its bytes
	// rather than refused, since only ASCII names and numbers are used from it.
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	if err := dec.Decode(&doc); err != nil {
		return Config{}, &FileError{Why: "not a mail settings file", Err: errors.Join(ErrBadFile, err)}
	}
	fill := strings.NewReplacer("%EMAILADDRESS%", local+"@"+domain, "%EMAILLOCALPART%", local, "%EMAILDOMAIN%", domain)
	var c Config
	for _, p := range doc.Providers {
		if c.DisplayName == "" {
			c.DisplayName = mailmsg.Shorten(mailmsg.OneLine(p.DisplayName), 80)
		}
		for _, x := range p.Incoming {
			c.add(x, fill, true)
		}
		for _, x := range p.Outgoing {
			c.add(x, fill, false)
		}
	}
	if len(c.Incoming)+len(c.Outgoing)+len(c.Unsafe) == 0 {
		return Config{}, &FileError{Why: "no usable mail server in it", Err: ErrBadFile}
	}
	c.Incoming = preferIncoming(c.Incoming)
	return c, nil
}

func (c *Config) add(x xmlServer, fill *strings.Replacer, incoming bool) {
	if len(c.Incoming)+len(c.Outgoing)+len(c.Unsafe) >= maxServers {
		return
	}
	s, ok := server(x, fill)
	if !ok || s.Kind.Incoming() != incoming {
		return
	}
	switch {
	case s.Security == Plain:
		c.Unsafe = append(c.Unsafe, s)
	case incoming:
		c.Incoming = append(c.Incoming, s)
	default:
		c.Outgoing = append(c.Outgoing, s)
	}
}

func server(x xmlServer, fill *strings.Replacer) (Server, bool) {
	var s Server
	switch Kind(strings.ToLower(strings.TrimSpace(x.Type))) {
	case IMAP:
		s.Kind = IMAP
	case POP3:
		s.Kind = POP3
	case SMTP:
		s.Kind = SMTP
	default:
		return Server{}, false // Exchange, EWS, JMAP…: not something this app sets up
	}
	host, ok := hostName(fill.Replace(strings.TrimSpace(x.Hostname)))
	if !ok {
		return Server{}, false
	}
	s.Host = host
	port, err := strconv.Atoi(strings.TrimSpace(x.Port))
	if err != nil || port < 1 || port > 65535 {
		return Server{}, false
	}
	s.Port = port
	switch strings.ToUpper(strings.TrimSpace(x.SocketType)) {
	case "SSL", "TLS":
		s.Security = SSL
	case "STARTTLS":
		s.Security = STARTTLS
	case "PLAIN":
		s.Security = Plain
	default:
		return Server{}, false
	}
	if u := fill.Replace(strings.TrimSpace(x.Username)); u != "" && !strings.Contains(u, "%") && len(u) <= 254 && printable(u) {
		s.Username = u
	}
	for _, a := range x.Auth {
		if a = strings.TrimSpace(a); a != "" && len(s.Auth) < 8 && len(a) <= 64 && printable(a) {
			s.Auth = append(s.Auth, a)
		}
	}
	return s, true
}

// preferIncoming orders incoming servers as a settings file should offer them: IMAP before
// POP (mail stays on the server, and the app reads originals over IMAP), and for each,
// encrypted from the first byte (RFC 8314) before STARTTLS; otherwise the file's order.
func preferIncoming(in []Server) []Server {
	rank := func(s Server) int {
		r := 0
		if s.Kind == POP3 {
			r += 2
		}
		if s.Security != SSL {
			r++
		}
		return r
	}
	out := make([]Server, 0, len(in))
	for want := 0; want < 4; want++ {
		for _, s := range in {
			if rank(s) == want {
				out = append(out, s)
			}
		}
	}
	return out
}

// hostName checks and normalises a host name from a file or a DNS answer.
func hostName(h string) (string, bool) {
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	if h == "" || len(h) > 253 {
		return "", false
	}
	if ip := net.ParseIP(h); ip != nil {
		return h, ip.To4() != nil // an IPv6 literal cannot be written as a bare host
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return "", false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return "", false
			}
		}
	}
	return h, true
}

// splitAddress splits a bare address into its local part and lower-case domain.
func splitAddress(addr string) (local, domain string, ok bool) {
	addr = strings.TrimSpace(addr)
	at := strings.LastIndexByte(addr, '@')
	if at < 1 || at == len(addr)-1 || len(addr) > 254 || !printable(addr) || strings.ContainsAny(addr, " <>\"") {
		return "", "", false
	}
	domain, ok = hostName(addr[at+1:])
	if !ok || !strings.Contains(domain, ".") || net.ParseIP(domain) != nil {
		return "", "", false
	}
	return addr[:at], domain, true
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// String is for logs and test failures.
func (s Server) String() string {
	return fmt.Sprintf("%s %s:%d %s", s.Kind, s.Host, s.Port, s.Security)
}
