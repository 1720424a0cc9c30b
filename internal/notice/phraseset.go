package notice

import "strings"

// phraseSet finds which of many phrases a text holds in one pass over it, instead of one
// strings.Contains per phrase: reading the corpus spent most of its time scanning the same
// diagnostic again for each of the hundreds of phrases of each reason. Phrases are bucketed
// by a hash of their first two bytes; at each position of the text only the phrases of that
// position's bucket are compared.
type phraseSet struct {
	list   []string
	starts [setBuckets + 1]int32 // bucket b's phrase numbers are order[starts[b]:starts[b+1]]
	order  []int32
	short  []int32 // phrases under two bytes, tested with strings.Contains
}

const setBuckets = 4096

func bucketOf(a, b byte) int { return (int(a)*131 + int(b)) & (setBuckets - 1) }

func newPhraseSet(list []string) *phraseSet {
	s := &phraseSet{list: list}
	var count [setBuckets]int32
	for i, p := range list {
		if len(p) < 2 {
			s.short = append(s.short, int32(i))
			continue
		}
		count[bucketOf(p[0], p[1])]++
	}
	for b := 0; b < setBuckets; b++ {
		s.starts[b+1] = s.starts[b] + count[b]
	}
	s.order = make([]int32, s.starts[setBuckets])
	next := s.starts
	for i, p := range list {
		if len(p) < 2 {
			continue
		}
		b := bucketOf(p[0], p[1])
		s.order[next[b]] = int32(i)
		next[b]++
	}
	return s
}

// each calls found with the number of every phrase text holds, once per place it starts, in
// the order of those places (phrases starting at one place in list order); found returns
// false to stop.
func (s *phraseSet) each(text string, found func(i int) bool) {
	for _, i := range s.short {
		if strings.Contains(text, s.list[i]) && !found(int(i)) {
			return
		}
	}
	for k := 0; k+1 < len(text); k++ {
		b := bucketOf(text[k], text[k+1])
		lo, hi := s.starts[b], s.starts[b+1]
		if lo == hi {
			continue
		}
		rest := text[k:]
		for _, i := range s.order[lo:hi] {
			if strings.HasPrefix(rest, s.list[i]) && !found(int(i)) {
				return
			}
		}
	}
}

// reasonSet is every reason's literal phrases and veto phrases in one phraseSet.
var reasonSet *phraseSet

// phraseMask[i] is the reasons (as bits of reasonBit) whose phrases include phrase i;
// vetoMask[i] the reasons phrase i vetoes (notPhrases).
var phraseMask, vetoMask []uint64

var reasonBit = map[string]uint64{}

func init() {
	at := map[string]int{}
	var list []string
	slot := func(p string) int {
		if i, ok := at[p]; ok {
			return i
		}
		at[p] = len(list)
		list = append(list, p)
		phraseMask = append(phraseMask, 0)
		vetoMask = append(vetoMask, 0)
		return len(list) - 1
	}
	bit := func(r string) uint64 {
		if b, ok := reasonBit[r]; ok {
			return b
		}
		if len(reasonBit) >= 64 {
			panic("notice: more than 64 reasons have phrases")
		}
		reasonBit[r] = 1 << len(reasonBit)
		return reasonBit[r]
	}
	for r, ps := range phrases {
		b := bit(r)
		for _, p := range ps {
			if !strings.HasPrefix(p, "re:") {
				phraseMask[slot(p)] |= b
			}
		}
	}
	for r, ps := range notPhrases {
		b := bit(r)
		for _, p := range ps {
			vetoMask[slot(p)] |= b
		}
	}
	reasonSet = newPhraseSet(list)
}

// hits is what one lower-case text says by the reasons' phrases, worked out once for every
// reason and remembered; the regular-expression phrases are tried only when asked about.
type hits struct {
	text             string
	lit, veto        uint64
	reTried, reFound uint64
}

func newHits(text string) *hits {
	h := &hits{text: text}
	if text == "" {
		return h
	}
	reasonSet.each(text, func(i int) bool {
		h.lit |= phraseMask[i]
		h.veto |= vetoMask[i]
		return true
	})
	return h
}

// has reports whether the text holds one of reason's phrases and none of its veto phrases.
func (h *hits) has(reason string) bool {
	if h.text == "" {
		return false
	}
	b := reasonBit[reason]
	if h.veto&b != 0 {
		return false
	}
	if h.lit&b != 0 {
		return true
	}
	if h.reTried&b == 0 && b != 0 {
		h.reTried |= b
		for _, re := range compiled[reason] {
			if re.MatchString(h.text) {
				h.reFound |= b
				break
			}
		}
	}
	return h.reFound&b != 0
}

// any reports whether text holds one of the phrases (containsAny in one pass).
func (s *phraseSet) any(text string) bool {
	hit := false
	s.each(text, func(int) bool { hit = true; return false })
	return hit
}

var signatureSet, failureSet = newPhraseSet(signatures), newPhraseSet(failures)

// lhostMarks is every lhost's marks in one set; markOwner[i] is the lhost phrase i marks.
var lhostMarks, markOwner = func() (*phraseSet, []int) {
	var list []string
	var owner []int
	for i, l := range lhosts {
		for _, m := range l.marks {
			list = append(list, m)
			owner = append(owner, i)
		}
	}
	return newPhraseSet(list), owner
}()
var markerSet = newPhraseSet(markers)
var zoneSet = newPhraseSet(zones)
