package dnsbl

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/netip"
	"sort"
	"strings"
)

// Kind says what a list (or a target) is about.
type Kind string

const (
	IP     Kind = "ip"
	Domain Kind = "domain"
)

// List is one blocklist, in the shape of spec/cli.md's list data. Fields after Advice are
// optional additions; a lists file without them behaves as RFC 5782 describes.
type List struct {
	Name       string            `json:"name"`
	Zone       string            `json:"zone"`
	Type       Kind              `json:"type"`
	Codes      map[string]string `json:"codes"`
	ErrorCodes []string          `json:"error_codes,omitempty"` // addresses or prefixes
	DelistURL  string            `json:"delist_url"`
	Advice     string            `json:"advice"`

	// CodeAdvice replaces Advice for an answer with this code (ZEN's SBL is cleared
	// through the network's owner, its PBL is not a listing to remove at all).
	CodeAdvice map[string]string `json:"code_advice,omitempty"`
	// ErrorMeanings words the list's error codes.
	ErrorMeanings map[string]string `json:"error_meanings,omitempty"`
	// UnknownAdvice is what to do when the list cannot answer here.
	UnknownAdvice string `json:"unknown_advice,omitempty"`
	// IPv6 lists answer 32-nibble IPv6 queries; the others are not asked about IPv6.
	IPv6 bool `json:"ipv6,omitempty"`
	// Bitmask lists (SURBL, URIBL) add their codes' last octets together.
	Bitmask bool `json:"bitmask,omitempty"`
	// TestListed and TestNotListed replace RFC 5782's test entries (127.0.0.2 and
	// 127.0.0.1; "test" and "invalid") for lists that use others.
	TestListed    string `json:"test_listed,omitempty"`
	TestNotListed string `json:"test_not_listed,omitempty"`
	// DQSZone is the zone to ask, prefixed with the key, when a Spamhaus Data Query
	// Service key is given.
	DQSZone string `json:"dqs_zone,omitempty"`

	codes   map[netip.Addr]string
	errs    []netip.Prefix
	advices map[netip.Addr]string
}

type listFile struct {
	Lists []List `json:"lists"`
}

//go:embed lists.json
var builtinJSON []byte

// Builtin returns the lists shipped with the app (SORBS closed in 2024 and is not on it).
func Builtin() []List {
	l, err := ParseLists(builtinJSON)
	if err != nil {
		panic("dnsbl: built-in lists: " + err.Error()) // caught by TestBuiltin
	}
	return l
}

// MaxListsFile bounds a lists file.
const MaxListsFile = 1 << 20

// ParseLists reads list data (the built-in shape) and checks every entry.
func ParseLists(data []byte) ([]List, error) {
	var f listFile
	dec := json.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&f); err != nil {
		return nil, &ListsError{Problem: "it is not list data in the expected shape"}
	}
	if len(f.Lists) == 0 {
		return nil, &ListsError{Problem: "it names no lists"}
	}
	if len(f.Lists) > 100 {
		return nil, &ListsError{Problem: "it names more than 100 lists"}
	}
	seen := map[string]bool{}
	for i := range f.Lists {
		l := &f.Lists[i]
		if err := l.prepare(); err != nil {
			return nil, err
		}
		key := string(l.Type) + " " + l.Zone
		if seen[key] {
			return nil, &ListsError{List: l.Name, Problem: "the zone " + l.Zone + " is named twice"}
		}
		seen[key] = true
	}
	return f.Lists, nil
}

func (l *List) prepare() error {
	bad := func(p string) error { return &ListsError{List: l.Name, Problem: p} }
	l.Name = strings.TrimSpace(l.Name)
	if l.Name == "" || len(l.Name) > 100 {
		return bad("a list has no name")
	}
	l.Zone = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(l.Zone)), ".")
	if !validName(l.Zone) {
		return bad("the zone of " + l.Name + " is not a DNS name")
	}
	if l.DQSZone != "" {
		l.DQSZone = strings.TrimSuffix(strings.ToLower(l.DQSZone), ".")
		if !validName(l.DQSZone) {
			return bad("the key zone of " + l.Name + " is not a DNS name")
		}
	}
	if l.Type != IP && l.Type != Domain {
		return bad("the type of " + l.Name + " must be ip or domain")
	}
	for _, n := range []string{l.TestListed, l.TestNotListed} {
		if n != "" && !validName(strings.ToLower(n)) && !(l.Type == IP && validIPv4(n)) {
			return bad("a test entry of " + l.Name + " is not a name or an IPv4 address")
		}
	}
	var err error
	if l.codes, err = codeMap(l.Codes); err != nil {
		return bad("a code of " + l.Name + " is not an IPv4 address")
	}
	if l.advices, err = codeMap(l.CodeAdvice); err != nil {
		return bad("a code of " + l.Name + " is not an IPv4 address")
	}
	for _, c := range l.ErrorCodes {
		p, err := parseCodeOrPrefix(c)
		if err != nil {
			return bad("an error code of " + l.Name + " is not an IPv4 address or range")
		}
		l.errs = append(l.errs, p)
	}
	if _, err := codeMap(l.ErrorMeanings); err != nil {
		return bad("an error code of " + l.Name + " is not an IPv4 address")
	}
	return nil
}

func codeMap(m map[string]string) (map[netip.Addr]string, error) {
	out := make(map[netip.Addr]string, len(m))
	for k, v := range m {
		a, err := netip.ParseAddr(strings.TrimSpace(k))
		if err != nil || !a.Is4() {
			return nil, fmt.Errorf("code %q", k)
		}
		out[a] = v
	}
	return out, nil
}

func parseCodeOrPrefix(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil || !p.Addr().Is4() {
			return netip.Prefix{}, fmt.Errorf("prefix %q", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return netip.Prefix{}, fmt.Errorf("code %q", s)
	}
	return netip.PrefixFrom(a, 32), nil
}

func validIPv4(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is4()
}

// validName accepts a lower-case DNS name without the final dot: labels of letters,
// digits, hyphens and underscores (some lists use them), 1-63 bytes, 253 in all.
func validName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// sortedAddrs orders answers numerically, so 127.0.0.2 comes before 127.0.0.10.
func sortedAddrs(a []netip.Addr) []netip.Addr {
	out := append([]netip.Addr(nil), a...)
	sort.Slice(out, func(i, j int) bool { return out[i].Less(out[j]) })
	return out
}
