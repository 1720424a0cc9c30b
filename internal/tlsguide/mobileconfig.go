package tlsguide

import (
	"bytes"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"strconv"
)

// MobileConfigExt is the extension macOS and iOS open as a configuration profile.
const MobileConfigExt = ".mobileconfig"

// identifierPrefix is the app's reverse-DNS id (FyneApp.toml), so profiles it writes are
// recognisably ours in System Settings → Profiles.
const identifierPrefix = "app.reportmail.desktop.mail."

// profileNamespace seeds the name-based UUIDs below; any fixed UUID would do.
var profileNamespace = [16]byte{0x6b, 0x1e, 0x2c, 0x41, 0x9a, 0x5d, 0x4f, 0x0e, 0x8b, 0x77, 0x30, 0xd2, 0x5e, 0x19, 0xa4, 0xc3}

// MobileConfig writes an unsigned Apple configuration profile with one email account
// payload (com.apple.mail.managed) that macOS and iOS install by opening the file. It holds
// no password: the device asks for it when the profile is installed.
//
// Identifiers and UUIDs are derived from the address and servers rather than random, so the
// function stays pure and installing a corrected file replaces the earlier profile instead
// of adding a second account.
func MobileConfig(a Account) ([]byte, error) {
	c, err := a.check()
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%s|%s|%s:%d|%s:%d", c.Email, c.Protocol, c.Incoming.Host, c.Incoming.Port, c.Outgoing.Host, c.Outgoing.Port)
	profileUUID := nameUUID("profile|" + c.Email)
	accountUUID := nameUUID("account|" + key)
	accountType := "EmailTypeIMAP"
	if c.Protocol == POP {
		accountType = "EmailTypePOP"
	}

	var p plist
	p.raw(xml.Header)
	p.raw(`<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">` + "\n")
	p.raw(`<plist version="1.0">` + "\n<dict>\n")
	p.key("PayloadContent")
	p.raw("<array>\n<dict>\n")
	p.str("EmailAccountDescription", c.Email)
	if c.Name != "" {
		p.str("EmailAccountName", c.Name)
	}
	p.str("EmailAccountType", accountType)
	p.str("EmailAddress", c.Email)
	p.server("Incoming", c.Incoming, c.Username)
	p.server("Outgoing", c.Outgoing, c.Username)
	p.boolean("OutgoingPasswordSameAsIncomingPassword", true)
	p.str("PayloadDescription", "Mail settings for "+c.Email+", encrypted with TLS")
	p.str("PayloadDisplayName", c.Email)
	p.str("PayloadIdentifier", identifierPrefix+accountUUID)
	p.str("PayloadType", "com.apple.mail.managed")
	p.str("PayloadUUID", accountUUID)
	p.integer("PayloadVersion", 1)
	p.raw("</dict>\n</array>\n")
	p.str("PayloadDescription", "Sets up "+c.Email+" to send and receive mail over encrypted connections.")
	p.str("PayloadDisplayName", "Mail settings for "+c.Email)
	p.str("PayloadIdentifier", identifierPrefix+profileUUID)
	p.boolean("PayloadRemovalDisallowed", false)
	p.str("PayloadType", "Configuration")
	p.str("PayloadUUID", profileUUID)
	p.integer("PayloadVersion", 1)
	p.raw("</dict>\n</plist>\n")
	return p.Bytes(), nil
}

// plist writes the few property-list shapes a profile needs. encoding/xml cannot express a
// plist's alternating <key>/<value> pairs, so it is written directly, with every string
// escaped.
type plist struct{ bytes.Buffer }

func (p *plist) raw(s string) { p.WriteString(s) }

func (p *plist) key(k string) {
	p.WriteString("<key>")
	_ = xml.EscapeText(p, []byte(k)) // writes to a bytes.Buffer cannot fail
	p.WriteString("</key>\n")
}

func (p *plist) str(k, v string) {
	p.key(k)
	p.WriteString("<string>")
	_ = xml.EscapeText(p, []byte(v))
	p.WriteString("</string>\n")
}

func (p *plist) integer(k string, v int) {
	p.key(k)
	p.WriteString("<integer>" + strconv.Itoa(v) + "</integer>\n")
}

func (p *plist) boolean(k string, v bool) {
	p.key(k)
	if v {
		p.WriteString("<true/>\n")
	} else {
		p.WriteString("<false/>\n")
	}
}

// server writes the Incoming… or Outgoing… keys. Apple's payload has one UseSSL switch for
// both kinds of encryption: on a STARTTLS port the device upgrades the connection, on an SSL
// port it encrypts from the start, so both map to true and the port decides.
func (p *plist) server(prefix string, s Server, user string) {
	p.str(prefix+"MailServerAuthentication", "EmailAuthPassword")
	p.str(prefix+"MailServerHostName", s.Host)
	p.integer(prefix+"MailServerPortNumber", s.Port)
	p.boolean(prefix+"MailServerUseSSL", true)
	p.str(prefix+"MailServerUsername", user)
}

// nameUUID is an RFC 9562 version 5 (SHA-1, name-based) UUID in the fixed namespace.
func nameUUID(name string) string {
	h := sha1.New()
	h.Write(profileNamespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%X-%X-%X-%X-%X", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
