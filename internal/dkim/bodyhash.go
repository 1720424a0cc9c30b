package dkim

import (
	"crypto/sha1"
	"crypto/sha256"
	"hash"
	"slices"
)

// A message can carry any number of DKIM-Signature headers, each with its own l=, and a
// hostile one carries thousands: hashing the body once per signature made 1,000 signatures
// on a 2 MB body cost 14 seconds. The work is bounded three ways instead:
//   - only the first MaxSignatures signatures (the newest) are examined;
//   - the body is canonicalised once per canonicalisation (simple, relaxed) for all of them,
//     fed to one hasher per algorithm, and each l= is answered by taking the sum of the
//     running hash when the canonical body reaches that length (Sum does not reset it);
//   - no more than MaxHashedBytes are hashed in all; signatures left over are Unchecked.

// MaxSignatures is how many DKIM-Signature headers Check examines. Real mail carries one to
// three; a mailing-list chain rarely more than five.
const MaxSignatures = 10

// MaxHashedBytes bounds the bytes hashed for one message, over all canonicalisations and
// algorithms: four times a 60 MB body, about a second of SHA-256.
const MaxHashedBytes = 256 << 20

// hashBudget is MaxHashedBytes; tests lower it to see the budget run out.
var hashBudget int64 = MaxHashedBytes

// want is one body hash some signature asks for.
type want struct {
	relaxed bool
	hash    string // "sha256" or "sha1"
	length  int64  // -1: the whole body
}

// outcome is what the hashing found for one want.
type outcome struct {
	digest    []byte
	short     bool // the canonical body is shorter than l=
	unchecked bool // MaxHashedBytes ran out first
}

// hashBody answers every want with at most two passes over body.
func hashBody(body []byte, wants []want) map[want]outcome {
	out := make(map[want]outcome, len(wants))
	budget := hashBudget
	// The newest signature's canonicalisation goes first, so the budget serves it.
	order := []bool{false, true}
	if len(wants) > 0 && wants[0].relaxed {
		order = []bool{true, false}
	}
	for _, relaxed := range order {
		var group []want
		for _, w := range wants {
			if w.relaxed == relaxed && !slices.Contains(group, w) {
				group = append(group, w)
			}
		}
		if len(group) == 0 {
			continue
		}
		p := newPrefixHasher(group, &budget)
		canonBody(body, relaxed, p)
		p.finish(out)
	}
	return out
}

// prefixHasher receives a canonical body and takes the digests its wants ask for.
type prefixHasher struct {
	algos  []string
	hashes []hash.Hash
	cuts   []int64 // distinct l= values still to reach, ascending
	full   bool    // some want covers the whole body
	pos    int64   // canonical bytes received
	budget *int64
	over   bool // the budget ran out
	sums   map[want][]byte
	group  []want
}

func newPrefixHasher(group []want, budget *int64) *prefixHasher {
	p := &prefixHasher{budget: budget, sums: map[want][]byte{}, group: group}
	for _, w := range group {
		if !slices.Contains(p.algos, w.hash) {
			p.algos = append(p.algos, w.hash)
			if w.hash == "sha1" {
				p.hashes = append(p.hashes, sha1.New())
			} else {
				p.hashes = append(p.hashes, sha256.New())
			}
		}
		if w.length < 0 {
			p.full = true
		} else if !slices.Contains(p.cuts, w.length) {
			p.cuts = append(p.cuts, w.length)
		}
	}
	slices.Sort(p.cuts)
	p.snapshot() // l=0
	return p
}

// done reports that nothing more is wanted from the body; canonBody stops early then.
func (p *prefixHasher) done() bool { return p.over || (!p.full && len(p.cuts) == 0) }

func (p *prefixHasher) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 && !p.done() {
		step := int64(len(b))
		if len(p.cuts) > 0 {
			step = min(step, p.cuts[0]-p.pos)
		}
		cost := step * int64(len(p.hashes))
		if cost > *p.budget {
			p.over = true
			break
		}
		*p.budget -= cost
		for _, h := range p.hashes {
			h.Write(b[:step])
		}
		p.pos += step
		b = b[step:]
		p.snapshot()
	}
	return n, nil
}

// snapshot takes the digests of every l= the body has just reached.
func (p *prefixHasher) snapshot() {
	for len(p.cuts) > 0 && p.cuts[0] == p.pos {
		for i, a := range p.algos {
			p.sums[want{hash: a, length: p.pos}] = p.hashes[i].Sum(nil)
		}
		p.cuts = p.cuts[1:]
	}
}

// finish records the outcome of every want of the pass.
func (p *prefixHasher) finish(out map[want]outcome) {
	for _, w := range p.group {
		var o outcome
		switch {
		case w.length < 0 && p.over:
			o.unchecked = true
		case w.length < 0:
			o.digest = p.hashes[slices.Index(p.algos, w.hash)].Sum(nil)
		default:
			d, ok := p.sums[want{hash: w.hash, length: w.length}]
			switch {
			case ok:
				o.digest = d
			case p.over:
				o.unchecked = true
			default:
				// The whole canonical body went by without reaching l=.
				o.short = true
			}
		}
		out[w] = o
	}
}
