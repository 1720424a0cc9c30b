package ipowner

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// maxRDAP bounds one RDAP reply: real ones are a few tens of kilobytes.
const maxRDAP = 2 << 20

// ipNetwork is the part of an RFC 9083 IP network object this package reads.
type ipNetwork struct {
	Handle       string   `json:"handle"`
	StartAddress string   `json:"startAddress"`
	EndAddress   string   `json:"endAddress"`
	Name         string   `json:"name"`
	Country      string   `json:"country"`
	Entities     []entity `json:"entities"`
	Remarks      []remark `json:"remarks"`
	Cidr0        []struct {
		V4Prefix string `json:"v4prefix"`
		V6Prefix string `json:"v6prefix"`
		Length   int    `json:"length"`
	} `json:"cidr0_cidrs"`
}

type entity struct {
	Handle     string          `json:"handle"`
	Roles      []string        `json:"roles"`
	VCardArray json.RawMessage `json:"vcardArray"`
	Entities   []entity        `json:"entities"`
	Remarks    []remark        `json:"remarks"`
}

type remark struct {
	Title       string   `json:"title"`
	Description []string `json:"description"`
}

// fetch asks base for the network holding a (RFC 9082 §3.1.1: /ip/<address>).
func fetch(ctx context.Context, client *http.Client, base string, a netip.Addr) (*ipNetwork, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"ip/"+a.String(), nil)
	if err != nil {
		return nil, ErrServerURL
	}
	req.Header.Set("Accept", "application/rdap+json, application/json")
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
			return nil, ErrRDAPTimeout
		}
		return nil, ErrRDAPUnreachable
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil, ErrNotFound
	}
	if resp.StatusCode != http.StatusOK {
		return nil, ErrRDAPUnreachable
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRDAP+1))
	if err != nil {
		return nil, ErrRDAPUnreachable
	}
	if len(body) > maxRDAP {
		return nil, ErrRDAPReply
	}
	var n ipNetwork
	if err := json.Unmarshal(body, &n); err != nil {
		return nil, ErrRDAPReply
	}
	return &n, nil
}

// newClient follows redirects (ARIN sends other registries' addresses on) only to https,
// and never more than five times.
func newClient(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, CheckRedirect: redirectPolicy}
}

func redirectPolicy(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("too many redirects")
	}
	if req.URL.Scheme != "https" && via[0].URL.Scheme == "https" {
		return errors.New("redirect away from https")
	}
	return nil
}

// vcard reads the fn, org and email of a jCard (RFC 7095): ["vcard", [[name, params, type, value], …]].
func vcard(raw json.RawMessage) (fn, org, email, kind string) {
	var top []json.RawMessage
	if json.Unmarshal(raw, &top) != nil || len(top) != 2 {
		return
	}
	var props [][]json.RawMessage
	if json.Unmarshal(top[1], &props) != nil {
		return
	}
	for _, p := range props {
		if len(p) < 4 {
			continue
		}
		var name, val string
		if json.Unmarshal(p[0], &name) != nil {
			continue
		}
		if json.Unmarshal(p[3], &val) != nil {
			var parts []string // org can be a list of units
			if json.Unmarshal(p[3], &parts) != nil || len(parts) == 0 {
				continue
			}
			val = parts[0]
		}
		val = strings.TrimSpace(val)
		switch strings.ToLower(name) {
		case "fn":
			fn = val
		case "org":
			org = val
		case "email":
			if email == "" {
				email = val
			}
		case "kind":
			kind = val
		}
	}
	return
}

func hasRole(e entity, role string) bool {
	for _, r := range e.Roles {
		if strings.EqualFold(r, role) {
			return true
		}
	}
	return false
}

// walk visits entities breadth first (the shallowest abuse contact is the network's own),
// at most four levels down.
func walk(list []entity, visit func(entity) bool) {
	for depth := 0; depth < 4 && len(list) > 0; depth++ {
		var next []entity
		for _, e := range list {
			if visit(e) {
				return
			}
			next = append(next, e.Entities...)
		}
		list = next
	}
}

// organisation: the registrant's name (ARIN, RIPE, APNIC all mark the holder so), else the
// network's description remark, else its name.
func (n *ipNetwork) organisation() string {
	var org string
	walk(n.Entities, func(e entity) bool {
		if hasRole(e, "registrant") {
			fn, o, _, _ := vcard(e.VCardArray)
			if org = o; org == "" {
				org = fn
			}
		}
		return org != ""
	})
	if org != "" {
		return org
	}
	for _, r := range n.Remarks {
		if strings.EqualFold(r.Title, "description") && len(r.Description) > 0 {
			return strings.TrimSpace(r.Description[0])
		}
	}
	return n.Name
}

func (n *ipNetwork) abuseEmail() string {
	var email string
	walk(n.Entities, func(e entity) bool {
		if hasRole(e, "abuse") {
			_, _, email, _ = vcard(e.VCardArray)
		}
		return email != ""
	})
	return strings.TrimPrefix(email, "mailto:")
}

// network is the range as a prefix when it is one ("192.0.2.0/24"), else "start - end".
func (n *ipNetwork) network() string {
	var cidrs []string
	for _, c := range n.Cidr0 {
		p := c.V4Prefix
		if p == "" {
			p = c.V6Prefix
		}
		if pr, err := netip.ParsePrefix(p + "/" + strconv.Itoa(c.Length)); err == nil {
			cidrs = append(cidrs, pr.String())
		}
	}
	if len(cidrs) > 0 {
		return strings.Join(cidrs, ", ")
	}
	start, err1 := netip.ParseAddr(n.StartAddress)
	end, err2 := netip.ParseAddr(n.EndAddress)
	if err1 != nil || err2 != nil {
		return ""
	}
	for bits := 0; bits <= start.BitLen(); bits++ {
		if p := netip.PrefixFrom(start, bits); p.Masked().Addr() == start && lastAddr(p) == end {
			return p.String()
		}
	}
	return start.String() + " - " + end.String()
}

func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 1 << (7 - i%8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}
