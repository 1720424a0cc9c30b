package dnsbl

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Target is one thing to check: an IP address, or a domain with its parents.
type Target struct {
	Input   string     // as given
	Kind    Kind       // IP or Domain
	Addr    netip.Addr // for IP
	Checked []Checked  // the names asked about, target first
}

// Checked is one name asked about, and why it was asked.
type Checked struct {
	Name string `json:"name"`
	Why  string `json:"why"`
}

// Why a name was checked, as the JSON says it.
const (
	WhyIP     = "the IP"
	WhyHost   = "the host"
	WhyParent = "a parent domain"
)

// ParseTarget reads an IP address (v4, v6, optionally in [brackets]) or a host or domain
// name. A domain brings each parent down to the registrable domain, never a public suffix
// such as co.nz: a listing of the parent is as bad as one of the host.
func ParseTarget(s string) (Target, error) {
	in := strings.TrimSpace(s)
	raw := strings.TrimSuffix(strings.TrimPrefix(in, "["), "]")
	if len(raw) >= 5 && strings.EqualFold(raw[:5], "ipv6:") {
		raw = raw[5:]
	}
	shown := shortShown(in)
	if a, err := netip.ParseAddr(raw); err == nil {
		if a.Zone() != "" {
			return Target{}, &TargetError{Target: shown, Why: notName}
		}
		a = a.Unmap()
		if !publicAddr(a) {
			return Target{}, &TargetError{Target: shown, Why: notPublicIP}
		}
		return Target{Input: in, Kind: IP, Addr: a, Checked: []Checked{{Name: a.String(), Why: WhyIP}}}, nil
	}
	name, err := idna.Lookup.ToASCII(strings.TrimSuffix(raw, "."))
	name = strings.ToLower(name)
	if err != nil || !validName(name) || !strings.Contains(name, ".") || looksNumeric(name) {
		return Target{}, &TargetError{Target: shown, Why: notName}
	}
	reg, err := publicsuffix.EffectiveTLDPlusOne(name)
	if err != nil {
		return Target{}, &TargetError{Target: shown, Why: publicSuffix}
	}
	t := Target{Input: in, Kind: Domain, Checked: []Checked{{Name: name, Why: WhyHost}}}
	for n := name; n != reg; {
		_, n, _ = strings.Cut(n, ".")
		t.Checked = append(t.Checked, Checked{Name: n, Why: WhyParent})
	}
	return t, nil
}

// looksNumeric refuses a dotted number that is not an address (999.1.1.1): a list would
// read it as an IP query.
func looksNumeric(name string) bool {
	last := name[strings.LastIndexByte(name, '.')+1:]
	_, err := strconv.Atoi(last)
	return err == nil
}

func publicAddr(a netip.Addr) bool {
	return a.IsValid() && !a.IsLoopback() && !a.IsPrivate() && !a.IsUnspecified() &&
		!a.IsLinkLocalUnicast() && !a.IsLinkLocalMulticast() && !a.IsMulticast() &&
		!a.IsInterfaceLocalMulticast()
}

func shortShown(s string) string { return mailmsg.Shorten(mailmsg.OneLine(s), 80) }

// reverseName is the label sequence a DNSBL is asked for an address: reversed octets for
// IPv4, 32 reversed nibbles for IPv6.
func reverseName(a netip.Addr) string {
	if a.Is4() {
		b := a.As4()
		return strconv.Itoa(int(b[3])) + "." + strconv.Itoa(int(b[2])) + "." + strconv.Itoa(int(b[1])) + "." + strconv.Itoa(int(b[0]))
	}
	const hex = "0123456789abcdef"
	b := a.As16()
	out := make([]byte, 0, 64)
	for i := 15; i >= 0; i-- {
		out = append(out, hex[b[i]&0xf], '.', hex[b[i]>>4], '.')
	}
	return string(out[:len(out)-1])
}
