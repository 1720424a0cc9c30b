package tlsguide

import "encoding/xml"

// AutoconfigFileName is the name Thunderbird looks for: an IT person can serve the file at
// https://autoconfig.<domain>/mail/config-v1.1.xml (or put it in Thunderbird's isp folder)
// and new accounts on that domain set themselves up with TLS.
const AutoconfigFileName = "config-v1.1.xml"

type autoconfig struct {
	XMLName  xml.Name      `xml:"clientConfig"`
	Version  string        `xml:"version,attr"`
	Provider emailProvider `xml:"emailProvider"`
}

type emailProvider struct {
	ID               string   `xml:"id,attr"`
	Domain           string   `xml:"domain"`
	DisplayName      string   `xml:"displayName"`
	DisplayShortName string   `xml:"displayShortName"`
	Incoming         acServer `xml:"incomingServer"`
	Outgoing         acServer `xml:"outgoingServer"`
}

type acServer struct {
	Type           string `xml:"type,attr"`
	Hostname       string `xml:"hostname"`
	Port           int    `xml:"port"`
	SocketType     string `xml:"socketType"`
	Authentication string `xml:"authentication"`
	Username       string `xml:"username"`
}

// Autoconfig writes a Mozilla autoconfig file (clientConfig version 1.1, as Thunderbird and
// other Mozilla-format readers take it) for the account.
func Autoconfig(a Account) ([]byte, error) {
	c, err := a.check()
	if err != nil {
		return nil, err
	}
	inType := "imap"
	if c.Protocol == POP {
		inType = "pop3"
	}
	doc := autoconfig{
		Version: "1.1",
		Provider: emailProvider{
			ID:               c.domain,
			Domain:           c.domain,
			DisplayName:      c.Email,
			DisplayShortName: c.domain,
			Incoming:         acFrom(inType, c.Incoming, c.Username),
			Outgoing:         acFrom("smtp", c.Outgoing, c.Username),
		},
	}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(append([]byte(xml.Header), out...), '\n'), nil
}

func acFrom(typ string, s Server, user string) acServer {
	socket := "STARTTLS"
	if s.Security == SSL {
		socket = "SSL"
	}
	return acServer{
		Type:       typ,
		Hostname:   s.Host,
		Port:       s.Port,
		SocketType: socket,
		// "password-cleartext" is the format's name for an ordinary password; it only ever
		// travels inside the TLS set up by socketType.
		Authentication: "password-cleartext",
		Username:       user,
	}
}
