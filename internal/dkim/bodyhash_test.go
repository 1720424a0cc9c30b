package dkim

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// refBH is the body hash a signature with these tags should carry, computed the slow way:
// the reference canonicalisation, cut at l=, hashed on its own.
func refBH(body string, relaxed bool, algo string, l int) string {
	c := referenceCanon(body, relaxed)
	if l >= 0 && l < len(c) {
		c = c[:l]
	}
	var sum []byte
	if algo == "sha1" {
		s := sha1.Sum([]byte(c))
		sum = s[:]
	} else {
		s := sha256.Sum256([]byte(c))
		sum = s[:]
	}
	return base64.StdEncoding.EncodeToString(sum)
}

func sigTags(relaxed bool, algo string, l int, bh string) string {
	c := "simple/simple"
	if relaxed {
		c = "relaxed/relaxed"
	}
	t := "v=1; a=rsa-" + algo + "; c=" + c + "; d=example.com; s=s; h=from; b=AA; bh=" + bh
	if l >= 0 {
		t += fmt.Sprintf("; l=%d", l)
	}
	return t
}

// TestSharedPass: signatures of both canonicalisations, both algorithms and many l= share
// two passes over the body, and each still gets the answer a hash of its own would give.
func TestSharedPass(t *testing.T) {
	body := "Hello  there \r\nsecond\tline\r\n\r\n" + strings.Repeat("more  text \r\n", 50) + "\r\n\r\n"
	simpleLen := len(referenceCanon(body, false))
	type sig struct {
		relaxed bool
		algo    string
		l       int
		tamper  bool // bh of a different body
		want    Status
	}
	sigs := []sig{
		{true, "sha256", -1, false, Match},
		{false, "sha256", -1, false, Match},
		{false, "sha256", -1, true, Mismatch}, // same hash asked for, wrong answer in bh=
		{true, "sha1", -1, false, Match},
		{true, "sha256", 13, false, Match},
		{true, "sha256", 13, true, Mismatch},
		{false, "sha1", 20, false, Match},
		{true, "sha256", 0, false, Match},
		{false, "sha256", simpleLen, false, Match}, // l= exactly the body
		{false, "sha256", simpleLen + 1, false, Mismatch},
	}
	if len(sigs) > MaxSignatures {
		t.Fatalf("test has %d signatures, more than MaxSignatures", len(sigs))
	}
	var values []string
	for _, s := range sigs {
		b := body
		if s.tamper {
			b = "other\r\n"
		}
		values = append(values, sigTags(s.relaxed, s.algo, s.l, refBH(b, s.relaxed, s.algo, s.l)))
	}
	got := Check(values, []byte(body))
	for i, s := range sigs {
		if got[i].Status != s.want {
			t.Errorf("signature %d %+v: got %s (%s)", i, s, got[i].Status, got[i].Problem)
		}
	}
	// Each l= prefix of a longer body, many at once: every one matches.
	var many []string
	for l := range MaxSignatures {
		many = append(many, sigTags(l%2 == 0, "sha256", l*37, refBH(body, l%2 == 0, "sha256", l*37)))
	}
	for i, r := range Check(many, []byte(body)) {
		if r.Status != Match {
			t.Errorf("prefix signature %d: %s (%s)", i, r.Status, r.Problem)
		}
	}
}

// TestSignatureCap: only the newest MaxSignatures signatures are examined.
func TestSignatureCap(t *testing.T) {
	body := strings.Repeat("text\r\n", 10)
	var raw strings.Builder
	for i := range 3 * MaxSignatures {
		fmt.Fprintf(&raw, "DKIM-Signature: %s\r\n", sigTags(false, "sha256", i, refBH(body, false, "sha256", i)))
	}
	raw.WriteString("From: a@example.com\r\n\r\n" + body)
	got := CheckBodyHashes([]byte(raw.String()))
	if len(got) != MaxSignatures {
		t.Fatalf("%d results, want %d", len(got), MaxSignatures)
	}
	for i, r := range got {
		if r.Status != Match || r.Length != int64(i) {
			t.Errorf("result %d: %+v", i, r)
		}
	}
}

// TestHashBudget: when the bytes allowed for hashing run out, what was reached is still
// answered, the rest is Unchecked (never guessed), and what is left of the budget still
// serves the other canonicalisation.
func TestHashBudget(t *testing.T) {
	old := hashBudget
	hashBudget = 1000
	t.Cleanup(func() { hashBudget = old })
	body := strings.Repeat("line of text\r\n", 200) // 2,800 bytes
	values := []string{
		sigTags(false, "sha256", 100, refBH(body, false, "sha256", 100)),
		sigTags(false, "sha256", -1, refBH(body, false, "sha256", -1)),
		sigTags(true, "sha256", 10, refBH(body, true, "sha256", 10)),
	}
	got := statuses(Check(values, []byte(body)))
	if want := []Status{Match, Unchecked, Match}; !equalStatuses(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
