package mailmsg

import "strings"

// Lookups compare names case-insensitively (RFC 5322 §1.2.2) and, where one value is
// wanted, take the first field of that name: the one the sender's program wrote when a
// relay added another (a second Subject from a list manager comes after the first).

// Lookup returns the unfolded value of the first field called name and whether there is one.
func (h *Header) Lookup(name string) (string, bool) {
	for i := range h.Fields {
		if strings.EqualFold(h.Fields[i].Name, name) {
			return h.Fields[i].Value(), true
		}
	}
	return "", false
}

// Get returns the unfolded value of the first field called name, or "".
func (h *Header) Get(name string) string {
	v, _ := h.Lookup(name)
	return v
}

// Has reports whether a field called name is present (even an empty one).
func (h *Header) Has(name string) bool {
	for i := range h.Fields {
		if strings.EqualFold(h.Fields[i].Name, name) {
			return true // without unfolding a value no one asked for
		}
	}
	return false
}

// Field returns the first field called name.
func (h *Header) Field(name string) (Field, bool) {
	for _, f := range h.Fields {
		if strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	return Field{}, false
}

// All returns every field called name, in order.
func (h *Header) All(name string) []Field {
	var out []Field
	for _, f := range h.Fields {
		if strings.EqualFold(f.Name, name) {
			out = append(out, f)
		}
	}
	return out
}

// Charset is the charset parameter of the header's Content-Type, lower case, or "". It is
// the hint Text and Addresses use for raw 8-bit header bytes.
func (h *Header) Charset() string {
	return strings.ToLower(strings.TrimSpace(ParseMediaType(h.Get("Content-Type")).Params["charset"]))
}

// Text returns the first field called name decoded for people (see Text): the value the
// result card, the mailbox picker and the report summary all show.
func (h *Header) Text(name string) (string, Warning) {
	v, ok := h.Lookup(name)
	if !ok {
		return "", 0
	}
	hint := ""
	if !isASCII(v) {
		hint = h.Charset() // only raw 8-bit bytes use it
	}
	return Text(v, hint)
}

// Addresses returns the addresses of the first field called name (see ParseAddressList).
func (h *Header) Addresses(name string) ([]Address, bool) {
	v, ok := h.Lookup(name)
	if !ok {
		return nil, false
	}
	hint := ""
	if !isASCII(v) {
		hint = h.Charset() // as in Text: only raw 8-bit bytes use it
	}
	return ParseAddressList(v, hint)
}

// ContentType is the header's media type, with RFC 2045 §5.2's default text/plain when the
// field is missing or its type unreadable.
func (h *Header) ContentType() MediaType {
	return ParseMediaType(h.Get("Content-Type")).Or("text/plain")
}

// Encoding is the header's Content-Transfer-Encoding as TransferEncoding reads it.
func (h *Header) Encoding() (string, bool) {
	return TransferEncoding(h.Get("Content-Transfer-Encoding"))
}

// LooksLikeMail reports whether the header holds at least one field a message carries.
// "Note: buy milk" parses as a field, but no mail program writes a "Note" header.
func (h *Header) LooksLikeMail() bool {
	for _, f := range h.Fields {
		if CommonField(f.Name) {
			return true
		}
	}
	return h.Received > 0
}

// CommonField reports whether name is a field mail programs and servers write.
func CommonField(name string) bool {
	n := LowerASCII(name)
	if mailFields[n] {
		return true
	}
	for _, p := range []string{"x-", "content-", "list-", "arc-", "resent-", "dkim-", "received-", "authentication-"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

var mailFields = map[string]bool{
	"from": true, "to": true, "cc": true, "bcc": true, "date": true, "subject": true,
	"message-id": true, "return-path": true, "delivered-to": true, "mime-version": true,
	"sender": true, "reply-to": true, "in-reply-to": true, "references": true,
	"received": true, "thread-topic": true, "thread-index": true, "importance": true,
	"precedence": true, "envelope-to": true, "comments": true, "keywords": true,
	"domainkey-signature": true, "user-agent": true, "organization": true,
}
