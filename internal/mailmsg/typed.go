package mailmsg

import "net/mail"

// ParseTypedAddress reads an address a person typed or a profile names (the sending
// account, --from, --to, the support desk). Unlike ParseAddress, which must read whatever
// real mail carries, this is strict on purpose: an address we are about to send with has to
// be one every server takes, so RFC 5322's addr-spec as net/mail knows it is the rule.
func ParseTypedAddress(s string) (*mail.Address, error) { return mail.ParseAddress(s) }
