package ipowner

import (
	"embed"
	"encoding/json"
	"net/netip"
	"net/url"
	"strings"
)

//go:embed bootstrap/ipv4.json bootstrap/ipv6.json
var bootstrapFiles embed.FS

// Bootstrap maps address ranges to RDAP servers, as IANA's ipv4.json and ipv6.json do
// (RFC 9224).
type Bootstrap struct {
	entries []bootEntry
}

type bootEntry struct {
	prefix netip.Prefix
	base   string
}

type bootFile struct {
	Services [][][]string `json:"services"`
}

// ParseBootstrap reads files in IANA's bootstrap format; later files add to earlier ones.
func ParseBootstrap(files ...[]byte) (*Bootstrap, error) {
	b := &Bootstrap{}
	for _, data := range files {
		var f bootFile
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, ErrBootstrap
		}
		for _, svc := range f.Services {
			if len(svc) != 2 || len(svc[1]) == 0 {
				return nil, ErrBootstrap
			}
			base := ""
			for _, u := range svc[1] { // RFC 9224 §3: prefer https
				if strings.HasPrefix(u, "https://") {
					base = u
					break
				}
			}
			if base == "" {
				continue
			}
			for _, p := range svc[0] {
				pr, err := netip.ParsePrefix(p)
				if err != nil {
					return nil, ErrBootstrap
				}
				b.entries = append(b.entries, bootEntry{pr.Masked(), base})
			}
		}
	}
	if len(b.entries) == 0 {
		return nil, ErrBootstrap
	}
	return b, nil
}

// Builtin is the embedded snapshot: the five registries, ARIN for what it does not cover.
func Builtin() *Bootstrap {
	v4, _ := bootstrapFiles.ReadFile("bootstrap/ipv4.json")
	v6, _ := bootstrapFiles.ReadFile("bootstrap/ipv6.json")
	b, err := ParseBootstrap(v4, v6)
	if err != nil {
		panic("ipowner: built-in bootstrap: " + err.Error()) // caught by TestBuiltin
	}
	return b
}

// Server returns a bootstrap with one RDAP server for every address (--rdap URL).
func Server(base string) (*Bootstrap, error) {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || u.Scheme != "https" && u.Scheme != "http" {
		return nil, ErrServerURL
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return &Bootstrap{entries: []bootEntry{
		{netip.MustParsePrefix("0.0.0.0/0"), base}, {netip.MustParsePrefix("::/0"), base}}}, nil
}

// base returns the server for a, the longest matching prefix winning.
func (b *Bootstrap) base(a netip.Addr) string {
	best, bits := "", -1
	for _, e := range b.entries {
		if e.prefix.Addr().Is4() == a.Is4() && e.prefix.Contains(a) && e.prefix.Bits() > bits {
			best, bits = e.base, e.prefix.Bits()
		}
	}
	return best
}
