package dnsbl

import "fmt"

// ListsError says why list data (a --lists file, a provider profile's lists) cannot be used.
type ListsError struct {
	List    string // the list's name, when known
	Problem string // plain words, without a full stop
}

func (e *ListsError) Error() string { return "dnsbl: lists: " + e.Problem }

// Plain is the sentence a person reads (internal/plain uses it).
func (e *ListsError) Plain() string {
	return "This blocklist file cannot be used: " + e.Problem + "."
}

// TargetError says why something typed in is not an address or a domain to check.
type TargetError struct {
	Target string
	Why    targetWhy
}

type targetWhy int

const (
	notName targetWhy = iota
	publicSuffix
	notPublicIP
	badKey
)

func (e *TargetError) Error() string { return fmt.Sprintf("dnsbl: target %q: %d", e.Target, e.Why) }

// Plain is the sentence a person reads.
func (e *TargetError) Plain() string {
	switch e.Why {
	case publicSuffix:
		return fmt.Sprintf("“%s” is shared by many unrelated domains, so it cannot be checked: give your own domain or your server's name.", e.Target)
	case notPublicIP:
		return fmt.Sprintf("“%s” is a private or local address, which no public blocklist lists: give your server's public address.", e.Target)
	case badKey:
		return "The Spamhaus Data Query Service key is not in the right form: copy it again from your Spamhaus account."
	}
	return fmt.Sprintf("“%s” is neither an IP address nor a domain name: give an address such as 192.0.2.1 or a name such as mail.example.com.", e.Target)
}

// ResolverError says a --resolver value is not HOST:PORT.
type ResolverError struct{ Server string }

func (e *ResolverError) Error() string { return "dnsbl: resolver " + e.Server + " is not HOST:PORT" }

// Plain is the sentence a person reads.
func (e *ResolverError) Plain() string {
	return "The DNS resolver must be given as an address and a port, for example 127.0.0.1:53."
}
