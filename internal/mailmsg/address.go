package mailmsg

import "strings"

// QUIRK: net/mail's AddressParser refuses a whole list for one bad entry and rejects what
// RFC 5322 §4.4 calls obsolete but mail still carries (a bare "MAILER-DAEMON", an
// Exchange X.500 name in angle brackets, "addr (Name)", unquoted dots and 8-bit bytes in
// names), so addresses are read here, keeping every entry that can be read.

// Address is one mailbox of an address field.
type Address struct {
	// Name is the display name: quotes removed, encoded words decoded, on one line. For
	// the old "addr (Name)" form it is the comment.
	Name string
	// Addr is the addr-spec ("local@domain"), "" when the entry has none (a bare name, an
	// X.500 name, "Name <>").
	Addr string
	// X500 is an Exchange X.500 name ("/O=…/OU=…/CN=…", a legacyExchangeDN) written where
	// an address belongs: not an internet address, nothing can be sent to it.
	X500 string
	// Group is the name of the group the mailbox is listed in (RFC 5322 §3.4), or "".
	Group string
}

// String gives the address for people: "Name <addr>", the bare address when there is no
// other name, the name alone when there is no internet address.
func (a Address) String() string {
	switch {
	case a.Addr == "" && a.Name != "":
		return a.Name
	case a.Addr == "":
		return a.X500
	case a.Name == "" || strings.EqualFold(a.Name, a.Addr):
		return a.Addr
	}
	return a.Name + " <" + a.Addr + ">"
}

// FormatAddresses joins addresses for people, comma-separated.
func FormatAddresses(list []Address) string {
	parts := make([]string, 0, len(list))
	for _, a := range list {
		if s := a.String(); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// ParseAddressList reads an address field (From, To, Cc, Reply-To, …). hint is as in
// HeaderText. It keeps every entry it can read and skips only empty ones; ok is false
// when nothing at all could be read.
func ParseAddressList(v, hint string) ([]Address, bool) {
	v, _ = HeaderText(v, hint)
	var out []Address
	var group *Address // the open group, as an entry of its own for when it has no members
	members := 0
	closeGroup := func() {
		if group != nil && members == 0 && (group.Name != "" || group.X500 != "") {
			out = append(out, *group) // "Jane Doe (X.500 …):;", "undisclosed-recipients:;"
		}
		group, members = nil, 0
	}
	for _, it := range splitList(v) {
		if it.groupStart != "" {
			closeGroup()
			name, comment := phrase(it.groupStart, hint)
			group = &Address{Name: name, Group: name}
			if dn, ok := strings.CutPrefix(comment, "X.500 "); ok && IsX500(dn) {
				group.X500 = dn
			}
		}
		if a, ok := parseMailbox(it.text, hint); ok {
			if group != nil {
				a.Group = group.Name
				members++
			}
			out = append(out, a)
		}
		if it.groupEnd {
			closeGroup()
		}
	}
	closeGroup()
	return out, len(out) > 0
}

// ParseAddress reads the first address of a field.
func ParseAddress(v, hint string) (Address, bool) {
	list, ok := ParseAddressList(v, hint)
	if !ok {
		return Address{}, false
	}
	return list[0], true
}

type listItem struct {
	text       string
	groupStart string // a group's display name, when the item opens one
	groupEnd   bool
}

// splitList cuts a list at commas and group punctuation outside quotes, comments and
// angle brackets.
func splitList(v string) []listItem {
	var items []listItem
	cur := listItem{}
	depth, angle, inQuote := 0, false, false
	start := 0
	emit := func(end int, groupEnd bool) {
		cur.text = strings.TrimSpace(v[start:end])
		cur.groupEnd = groupEnd
		if cur.text != "" || cur.groupStart != "" || groupEnd {
			items = append(items, cur)
		}
		cur = listItem{}
		start = end + 1
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && (inQuote || depth > 0):
			i++
		case inQuote:
			inQuote = c != '"'
		case c == '"' && depth == 0:
			inQuote = true
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case depth > 0:
		case c == '<':
			angle = true
		case c == '>':
			angle = false
		case angle:
		case c == ',':
			emit(i, false)
		case c == ';':
			emit(i, true)
		case c == ':' && !strings.ContainsAny(v[start:i], "<@"):
			cur.groupStart = v[start:i]
			if strings.TrimSpace(cur.groupStart) == "" {
				cur.groupStart = " " // an unnamed group still opens one
			}
			start = i + 1
		}
	}
	emit(len(v), false)
	return items
}

// parseMailbox reads one entry: "Name <addr>", "addr (Name)", "addr", "Name".
func parseMailbox(s, hint string) (Address, bool) {
	if lt := topIndex(s, '<'); lt >= 0 {
		inner := s[lt+1:]
		if gt := strings.IndexByte(inner, '>'); gt >= 0 {
			inner = inner[:gt]
		}
		inner = strings.TrimSpace(inner)
		if c := strings.LastIndexByte(inner, ':'); c >= 0 && strings.HasPrefix(inner, "@") {
			inner = inner[c+1:] // obsolete route "@a,@b:user@c" (RFC 5322 §4.4)
		}
		name, comment := phrase(s[:lt], hint)
		if name == "" {
			name = comment
		}
		a := Address{Name: name}
		if IsX500(inner) {
			a.X500 = inner
		} else {
			a.Addr = inner
		}
		return a, a.Name != "" || a.Addr != "" || a.X500 != ""
	}
	text, comment := phrase(s, hint)
	if text == "" && comment == "" {
		return Address{}, false
	}
	bare := stripComments(s)
	switch {
	case IsX500(bare):
		return Address{Name: comment, X500: bare}, true
	case strings.Contains(bare, "@"):
		words := strings.Fields(bare)
		addr := words[len(words)-1]
		name := comment
		if len(words) > 1 { // "Jane Doe jane@example.com", no brackets
			n, _ := phrase(strings.Join(words[:len(words)-1], " "), hint)
			name = strings.TrimSpace(n + " " + comment)
		}
		return Address{Name: name, Addr: strings.Trim(addr, `"'`)}, true
	}
	return Address{Name: strings.TrimSpace(text + " " + comment)}, true
}

// phrase reads a display name: quoted strings unquoted, comments set aside, encoded words
// decoded (RFC 2047 §5(3), and inside quotes too, as every reader does), one line.
func phrase(s, hint string) (text, comment string) {
	var b, c strings.Builder
	depth := 0
	inQuote := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\\' && (inQuote || depth > 0) && i+1 < len(s):
			i++
			if depth > 0 {
				c.WriteByte(s[i])
			} else {
				b.WriteByte(s[i])
			}
		case inQuote:
			if ch == '"' {
				inQuote = false
			} else {
				b.WriteByte(ch)
			}
		case ch == '(':
			if depth > 0 {
				c.WriteByte(ch)
			}
			depth++
		case ch == ')' && depth > 0:
			depth--
			if depth > 0 {
				c.WriteByte(ch)
			} else {
				c.WriteByte(' ')
			}
		case depth > 0:
			c.WriteByte(ch)
		case ch == '"':
			inQuote = true
		default:
			b.WriteByte(ch)
		}
	}
	t, _ := DecodeWords(b.String(), hint)
	k, _ := DecodeWords(c.String(), hint)
	return strings.Trim(OneLine(t), `'`), OneLine(k)
}

func stripComments(s string) string {
	var b strings.Builder
	depth := 0
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '\\' && depth > 0:
			i++
		case ch == '(':
			depth++
		case ch == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteByte(ch)
		}
	}
	return strings.TrimSpace(b.String())
}

// topIndex finds c outside quoted strings and comments.
func topIndex(s string, c byte) int {
	depth, inQuote := 0, false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '\\' && (inQuote || depth > 0):
			i++
		case inQuote:
			inQuote = ch != '"'
		case ch == '"' && depth == 0:
			inQuote = true
		case ch == '(':
			depth++
		case ch == ')' && depth > 0:
			depth--
		case depth == 0 && ch == c:
			return i
		}
	}
	return -1
}

// IsX500 reports whether s is an Exchange X.500 name (legacyExchangeDN), as Outlook keeps
// for a sender inside the same Exchange organisation: "/O=Org/OU=Group/CN=Recipients/CN=jdoe",
// optionally after MAPI's "EX:" address type.
func IsX500(s string) bool {
	s = LowerASCII(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "ex:")
	return strings.HasPrefix(s, "/o=") || (strings.HasPrefix(s, "/") && strings.Contains(s, "/cn="))
}

// x500Name is the last CN of an X.500 name, the nearest thing it holds to a person's name.
func x500Name(dn string) string {
	low := LowerASCII(dn) // same length as dn: i below indexes both
	i := strings.LastIndex(low, "/cn=")
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(dn[i+4:])
}
