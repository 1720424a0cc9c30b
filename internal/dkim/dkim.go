// Package dkim checks the body hashes of DKIM signatures (RFC 6376). It does not verify the
// signatures themselves and never looks up DNS: the body hash alone tells whether the body
// a person saved is the body that was signed, which is what the originality check needs.
package dkim

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// Status is the outcome for one signature.
type Status string

const (
	// Match: the body hashes to bh=.
	Match Status = "match"
	// Mismatch: the body, as canonicalised and limited by l=, does not hash to bh=, or it is
	// shorter than l= says: the body was changed after signing.
	Mismatch Status = "mismatch"
	// Malformed: the signature cannot be read (bad tag list, missing or invalid tags), so it
	// says nothing about the body.
	Malformed Status = "malformed"
	// Unsupported: a well-formed signature with a hash algorithm we do not know.
	Unsupported Status = "unsupported"
	// Unchecked: a well-formed signature left out because the message's hashing budget
	// (MaxHashedBytes) was spent on newer ones; it says nothing about the body.
	Unchecked Status = "unchecked"
)

// Result describes one DKIM-Signature header, in header order (the newest signature first).
type Result struct {
	Status    Status
	Domain    string // d=
	Selector  string // s=
	Algorithm string // a=
	BodyCanon string // "simple" or "relaxed"
	Length    int64  // l=, or -1 when the whole body is signed
	// Problem says, for Malformed and Unsupported, what is wrong; for a Mismatch caused by a
	// body shorter than l=, says so. Empty otherwise.
	Problem string
}

// Signature is the part of a DKIM-Signature the body hash depends on.
type Signature struct {
	Algorithm string
	Hash      string // "sha256" or "sha1"
	Relaxed   bool   // body canonicalisation
	Length    int64  // -1 when absent
	BodyHash  []byte
	Domain    string
	Selector  string
}

// maxLengthDigits is l='s limit: 1*76DIGIT (§3.5).
const maxLengthDigits = 76

// ParseSignature reads a DKIM-Signature header value. A Malformed or Unsupported status
// comes with the reason; otherwise the status is empty.
func ParseSignature(value string) (Signature, Status, string) {
	sig := Signature{Length: -1}
	tags, err := ParseTags(value)
	if err != nil {
		return sig, Malformed, err.Error()
	}
	sig.Domain, sig.Selector, sig.Algorithm = tags["d"], tags["s"], tags["a"]
	if v, ok := tags["v"]; !ok {
		return sig, Malformed, "no version tag (v=)"
	} else if v != "1" {
		return sig, Malformed, fmt.Sprintf("version %q is not 1", clip(v))
	}
	for _, t := range []string{"a", "b", "bh", "d", "h", "s"} {
		if _, ok := tags[t]; !ok {
			return sig, Malformed, "required tag " + t + "= is missing"
		}
	}
	body := "simple"
	if c, ok := tags["c"]; ok {
		head, b, hasBody := strings.Cut(c, "/")
		if !canonName(head) || (hasBody && !canonName(b)) {
			return sig, Malformed, fmt.Sprintf("unknown canonicalisation %q", clip(c))
		}
		if hasBody {
			body = b
		}
	}
	sig.Relaxed = body == "relaxed"
	if l, ok := tags["l"]; ok {
		n, err := strconv.ParseInt(l, 10, 64)
		if err != nil || n < 0 || len(l) > maxLengthDigits || strings.TrimLeft(l, "0123456789") != "" {
			return sig, Malformed, fmt.Sprintf("invalid body length l=%s", clip(l))
		}
		sig.Length = n
	}
	bh, err := base64.StdEncoding.DecodeString(stripFWS(tags["bh"]))
	if err != nil || len(bh) == 0 {
		return sig, Malformed, "the body hash (bh=) is not valid base64"
	}
	sig.BodyHash = bh
	// a= is sig-a-tag-k "-" sig-a-tag-h; only the hash matters for the body.
	_, h, ok := strings.Cut(strings.ToLower(sig.Algorithm), "-") // validTagValue: ASCII only
	if !ok || strings.Contains(h, "-") {
		return sig, Malformed, fmt.Sprintf("invalid algorithm %q", clip(sig.Algorithm))
	}
	var size int
	switch h {
	case "sha256":
		size = sha256.Size
	case "sha1":
		size = sha1.Size
	default:
		return sig, Unsupported, fmt.Sprintf("unknown hash algorithm %q", clip(h))
	}
	sig.Hash = h
	if len(bh) != size {
		return sig, Malformed, fmt.Sprintf("the body hash has %d bytes, %s needs %d", len(bh), h, size)
	}
	return sig, "", ""
}

func canonName(s string) bool { return s == "simple" || s == "relaxed" }

// Check computes the body hash of each signature value over body (the bytes after the blank
// line that ends the header) and compares it with bh=. Only the first MaxSignatures values
// are examined and have a Result; the bounds on the work are explained in bodyhash.go.
func Check(signatures []string, body []byte) []Result {
	signatures = signatures[:min(len(signatures), MaxSignatures)]
	results := make([]Result, 0, len(signatures))
	sigs := make([]Signature, 0, len(signatures))
	var wants []want
	for _, v := range signatures {
		sig, status, problem := ParseSignature(v)
		r := Result{
			Status: status, Problem: problem,
			Domain: sig.Domain, Selector: sig.Selector, Algorithm: sig.Algorithm,
			BodyCanon: "simple", Length: sig.Length,
		}
		if sig.Relaxed {
			r.BodyCanon = "relaxed"
		}
		if status == "" {
			wants = append(wants, want{sig.Relaxed, sig.Hash, sig.Length})
		}
		results = append(results, r)
		sigs = append(sigs, sig)
	}
	sums := hashBody(body, wants)
	for i, sig := range sigs {
		r := &results[i]
		if r.Status != "" {
			continue
		}
		s := sums[want{sig.Relaxed, sig.Hash, sig.Length}]
		switch {
		case s.unchecked:
			r.Status, r.Problem = Unchecked, "the body is too long to check"
		case s.short:
			// §3.5 l=: a body shorter than the signed length was cut after signing.
			r.Status, r.Problem = Mismatch, "the body is shorter than the signed length (l=)"
		case subtle.ConstantTimeCompare(s.digest, sig.BodyHash) == 1:
			r.Status = Match
		default:
			r.Status = Mismatch
		}
	}
	return results
}

// CheckBodyHashes finds the DKIM-Signature headers of a raw message (CRLF or LF line ends)
// and checks the body hashes of the first MaxSignatures. The results are in header order:
// newest signature first.
func CheckBodyHashes(raw []byte) []Result {
	sigs, body := split(raw)
	return Check(sigs, body)
}

// split returns the DKIM-Signature values of the header block and the body. The header ends
// at the first empty line; a line that is neither a field nor a continuation also ends it
// and starts the body, as lenient parsers do.
func split(raw []byte) ([]string, []byte) {
	var sigs []string
	cur := -1 // start of the current DKIM-Signature value, or -1
	flush := func(end int) {
		if cur >= 0 && len(sigs) < MaxSignatures {
			sigs = append(sigs, string(raw[cur:end]))
		}
		cur = -1
	}
	i := 0
	for i < len(raw) {
		next := len(raw)
		end := next
		if j := bytes.IndexByte(raw[i:], '\n'); j >= 0 {
			end = i + j
			next = end + 1
		}
		line := bytes.TrimSuffix(raw[i:end], []byte("\r"))
		switch {
		case len(line) == 0:
			flush(i)
			return sigs, raw[next:]
		case line[0] == ' ' || line[0] == '\t':
			// continuation: the pending value grows to the end of this line
		default:
			flush(i)
			colon := bytes.IndexByte(line, ':')
			if colon <= 0 {
				return sigs, raw[i:]
			}
			name := bytes.TrimRight(line[:colon], " \t")
			if bytes.EqualFold(name, []byte("DKIM-Signature")) {
				cur = i + colon + 1
			}
		}
		i = next
	}
	flush(len(raw))
	return sigs, nil
}
