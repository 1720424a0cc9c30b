package dnsbl

import (
	"net/netip"
	"strings"
)

// Status is a result's answer.
type Status string

const (
	Listed    Status = "listed"
	NotListed Status = "not-listed"
	Unknown   Status = "unknown"
)

// Reason says why a result is Unknown: unknown is never clean.
type Reason int

const (
	NoReason     Reason = iota
	TimedOut            // no answer within the query's time-out or the check's bound
	ServerFailed        // SERVFAIL, REFUSED or a reply that could not be read
	NotLoopback         // an answer outside 127.0.0.0/8: a resolver rewriting answers
	ErrorCode           // the list's own error code (Spamhaus 127.255.255.x, …)
	TestFailed          // the list's RFC 5782 test entries did not answer as they must
)

var loopback = netip.MustParsePrefix("127.0.0.0/8")

// Verdict is what a list's A answers mean.
type Verdict struct {
	Status  Status
	Reason  Reason
	Codes   []string
	Meaning string
	Advice  string
}

// Decode reads the A answers of one query against l. No answers is not listed.
func (l *List) Decode(answers []netip.Addr) Verdict {
	if len(answers) == 0 {
		return Verdict{Status: NotListed}
	}
	var codes []netip.Addr
	seen := map[netip.Addr]bool{}
	for _, a := range sortedAddrs(answers) {
		a = a.Unmap()
		if !seen[a] {
			seen[a] = true
			codes = append(codes, a)
		}
	}
	v := Verdict{Codes: make([]string, len(codes))}
	for i, a := range codes {
		v.Codes[i] = a.String()
	}
	for _, a := range codes {
		if !a.Is4() || !loopback.Contains(a) {
			v.Status, v.Reason = Unknown, NotLoopback
			v.Meaning = "The answer was not a blocklist answer: the DNS resolver may be rewriting answers"
			v.Advice = l.unknownAdvice()
			return v
		}
	}
	for _, a := range codes {
		if l.isError(a) {
			v.Status, v.Reason = Unknown, ErrorCode
			v.Meaning = l.errorMeaning(a)
			v.Advice = l.unknownAdvice()
			return v
		}
	}
	v.Status = Listed
	var meanings, advices []string
	for _, a := range codes {
		meanings = appendNew(meanings, l.meaning(a))
		adv, ok := l.advices[a]
		if !ok {
			adv = l.Advice
		}
		advices = appendNew(advices, adv)
	}
	v.Meaning = strings.Join(meanings, "; ")
	v.Advice = strings.Join(advices, " ")
	return v
}

func (l *List) isError(a netip.Addr) bool {
	for _, p := range l.errs {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (l *List) errorMeaning(a netip.Addr) string {
	if m, ok := l.ErrorMeanings[a.String()]; ok && m != "" {
		return m
	}
	return "The list answered with an error code instead of an answer"
}

func (l *List) unknownAdvice() string {
	if l.UnknownAdvice != "" {
		return l.UnknownAdvice
	}
	return "Check again in a few minutes or through another DNS resolver; if it keeps failing, the list may answer only resolvers registered with it."
}

// meaning words one code; a bitmask list's sum is worded bit by bit when every bit is known.
func (l *List) meaning(a netip.Addr) string {
	if m, ok := l.codes[a]; ok && m != "" {
		return m
	}
	b := a.As4()
	if l.Bitmask && b[1] == 0 && b[2] == 0 && b[3] != 0 {
		var parts []string
		for bit := 1; bit <= 128; bit <<= 1 {
			if int(b[3])&bit == 0 {
				continue
			}
			m, ok := l.codes[netip.AddrFrom4([4]byte{127, 0, 0, byte(bit)})]
			if !ok || m == "" {
				parts = nil
				break
			}
			parts = append(parts, m)
		}
		if len(parts) > 0 {
			return strings.Join(parts, "; ")
		}
	}
	return "listed, code not described"
}

func appendNew(list []string, s string) []string {
	if s == "" {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
