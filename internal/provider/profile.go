// Package provider holds everything provider-specific as data: where reports go, how to
// reach the desk by phone and when, which ports its mail service uses, and the words a
// report's subject starts with. SMX is built in; an IT provider can ship its own profile
// file (the same JSON shape as smx.json) to its customers.
package provider

import (
	"strings"

	// The desk's hours are in its own time zone; Windows has no zoneinfo database, so the
	// zone data rides in the binary.
	_ "time/tzdata"
)

// Format is the newest profile file format this version reads.
const Format = 1

// Profile is one provider's details. Field names in JSON are the snake_case of the Go names.
// Every field is shown to the user or written into the report; fields older files carry
// that this version no longer has ("id", "sales_address", "extra_recipients_allowed") are
// ignored like any unknown field.
type Profile struct {
	Format         int     `json:"format,omitempty"`
	Name           string  `json:"name"` // shown to users: "SMX Cloud Email Security"
	SupportAddress string  `json:"support_address"`
	Phones         []Phone `json:"phones,omitempty"`
	Hours          Hours   `json:"hours"`
	// OutOfHours says what happens to email sent while the desk is closed.
	OutOfHours string `json:"out_of_hours,omitempty"`
	// StatusURL is where the provider posts incidents and planned maintenance.
	StatusURL   string      `json:"status_url,omitempty"`
	MailServers MailServers `json:"mail_servers"`
	Ports       []Port      `json:"ports,omitempty"`
	// SubjectPrefixes are the words the desk's rules look for at the start of a subject.
	SubjectPrefixes SubjectPrefixes `json:"subject_prefixes"`
	// CasePattern finds the case (ticket) number in the desk's replies: a Go regexp with
	// exactly one capture group, the number. Empty: DefaultCasePattern (see replies.go).
	CasePattern string `json:"case_pattern,omitempty"`
	// ReplyProblem are phrases, in any case, by which a reply says the desk could not read
	// a report ("could not be read"). Empty: DefaultReplyProblems.
	ReplyProblem []string `json:"reply_problem,omitempty"`
	// OAuth lists the services users can sign in with instead of a mail password
	// (Microsoft 365, Google); see oauth.go.
	OAuth []OAuth `json:"oauth,omitempty"`
}

// Phone is one number for the desk.
type Phone struct {
	Label  string `json:"label"`          // "New Zealand freephone"
	Number string `json:"number"`         // as people dial it: "0800 769 769"
	Note   string `json:"note,omitempty"` // "option 1", or the number spelled as words
}

// MailServers are the host names the TLS set-up guide shows. Either may contain "{domain}",
// filled with the user's own mail domain; empty means "ask your IT provider" (Hint says so).
type MailServers struct {
	Incoming string `json:"incoming,omitempty"`
	Outgoing string `json:"outgoing,omitempty"`
	Hint     string `json:"hint,omitempty"`
}

// Fill puts the user's mail domain into the "{domain}" placeholders.
func (m MailServers) Fill(domain string) MailServers {
	domain = strings.ToLower(strings.TrimSpace(domain))
	m.Incoming = strings.ReplaceAll(m.Incoming, "{domain}", domain)
	m.Outgoing = strings.ReplaceAll(m.Outgoing, "{domain}", domain)
	return m
}

// Port is one way to reach the mail service securely.
type Port struct {
	Service  string `json:"service"`  // "POP", "IMAP" or "SMTP"
	Port     int    `json:"port"`     // 1–65535
	Security string `json:"security"` // "starttls" (upgrade after connecting) or "ssl" (encrypted from the start)
	Label    string `json:"label"`    // the word mail programs show: "STARTTLS", "SSL", "TLS"
}

// Security values.
const (
	StartTLS = "starttls"
	SSL      = "ssl"
)

// PortsFor lists the ports for one service ("IMAP"), in profile order.
func (p Profile) PortsFor(service string) []Port {
	var out []Port
	for _, pt := range p.Ports {
		if strings.EqualFold(pt.Service, service) {
			out = append(out, pt)
		}
	}
	return out
}

// SubjectPrefixes are keyed by the report kinds' CLI words.
type SubjectPrefixes struct {
	FalseNegative string `json:"false-negative"`
	FalsePositive string `json:"false-positive"`
	Virus         string `json:"virus"`
}

// For returns the prefix for a report kind ("false-negative", "false-positive", "virus"),
// or "" for an unknown kind.
func (s SubjectPrefixes) For(kind string) string {
	switch kind {
	case "false-negative":
		return s.FalseNegative
	case "false-positive":
		return s.FalsePositive
	case "virus":
		return s.Virus
	}
	return ""
}

// clone copies the slices so a caller changing its copy cannot change the built-in one.
func (p Profile) clone() Profile {
	p.Phones = append([]Phone(nil), p.Phones...)
	p.Ports = append([]Port(nil), p.Ports...)
	p.Hours.Days = append([]string(nil), p.Hours.Days...)
	p.ReplyProblem = append([]string(nil), p.ReplyProblem...)
	p.OAuth = cloneOAuth(p.OAuth)
	return p
}
