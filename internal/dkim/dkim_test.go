package dkim

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rfc6376Message is the example of RFC 6376 Appendix A (as corrected in RFC 8463 §A, whose
// body hash is the one below).
const rfc6376Message = "DKIM-Signature: v=1; a=rsa-sha256; s=brisbane; d=example.com;\r\n" +
	"      c=simple/simple; q=dns/txt; i=joe@football.example.com;\r\n" +
	"      h=Received : From : To : Subject : Date : Message-ID;\r\n" +
	"      bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n" +
	"      b=AuUoFEfDxTDkHlLXSZEpZj79LICEps6eda7W3deTVFOk4yAUoqOB\r\n" +
	"        4nujc7YopdG5dWLSdNg6xNAZpOPr+kHxt1IrE+NahM6L/LbvaHut\r\n" +
	"        KVdkLLkpVaVVQPzeRDI009SO2Il5Lu7rDNH6mZckBdrIx0orEtZV\r\n" +
	"        4bmp/YzhwvcubU4=;\r\n" +
	"Received: from client1.football.example.com  [192.0.2.1]\r\n" +
	"      by submitserver.example.com with SUBMISSION;\r\n" +
	"      Fri, 11 Jul 2003 21:01:54 -0700 (PDT)\r\n" +
	"From: Joe SixPack <joe@football.example.com>\r\n" +
	"To: Suzie Q <suzie@shopping.example.net>\r\n" +
	"Subject: Is dinner ready?\r\n" +
	"Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n" +
	"Message-ID: <20030712040037.46341.5F8J@football.example.com>\r\n" +
	"\r\n" +
	"Hi.\r\n" +
	"\r\n" +
	"We lost the game. Are you hungry yet?\r\n" +
	"\r\n" +
	"Joe.\r\n"

func statuses(rs []Result) []Status {
	out := make([]Status, len(rs))
	for i, r := range rs {
		out[i] = r.Status
	}
	return out
}

func equalStatuses(a, b []Status) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRFC6376Example(t *testing.T) {
	got := CheckBodyHashes([]byte(rfc6376Message))
	if len(got) != 1 || got[0].Status != Match {
		t.Fatalf("got %+v, want one match", got)
	}
	r := got[0]
	if r.Domain != "example.com" || r.Selector != "brisbane" || r.BodyCanon != "simple" || r.Length != -1 {
		t.Errorf("tags read wrongly: %+v", r)
	}
	// The same message with LF line ends still matches: line ends are normalised.
	if got := CheckBodyHashes([]byte(strings.ReplaceAll(rfc6376Message, "\r\n", "\n"))); got[0].Status != Match {
		t.Errorf("LF copy: %+v", got)
	}
	// One changed word in the body breaks it.
	edited := strings.Replace(rfc6376Message, "hungry", "thirsty", 1)
	if got := CheckBodyHashes([]byte(edited)); got[0].Status != Mismatch {
		t.Errorf("edited body: %+v, want mismatch", got)
	}
	// Trailing empty lines are not part of the simple canonical body.
	if got := CheckBodyHashes([]byte(rfc6376Message + "\r\n\r\n")); got[0].Status != Match {
		t.Errorf("extra trailing lines: %+v, want match", got)
	}
}

func signed(t testing.TB, tags, body string) []byte {
	t.Helper()
	return []byte("DKIM-Signature: " + tags + "\r\nFrom: a@example.com\r\n\r\n" + body)
}

func TestSignatureCases(t *testing.T) {
	body := "Hello  there \r\nsecond line\r\n\r\n"
	relaxedBH := bhOf("Hello there\r\nsecond line\r\n")
	simpleBH := bhOf("Hello  there \r\nsecond line\r\n")
	const rest = "; d=example.com; s=sel; h=from; b=AAAA"
	tests := []struct {
		name, tags, body string
		want             Status
		problem          string
	}{
		{"relaxed match", "v=1; a=rsa-sha256; c=relaxed/relaxed; bh=" + relaxedBH + rest, body, Match, ""},
		{"simple is the default", "v=1; a=rsa-sha256; bh=" + simpleBH + rest, body, Match, ""},
		{"header-only c= means simple body", "v=1; a=rsa-sha256; c=relaxed; bh=" + simpleBH + rest, body, Match, ""},
		{"relaxed hash under simple", "v=1; a=rsa-sha256; c=simple/simple; bh=" + relaxedBH + rest, body, Mismatch, ""},
		{"folded and spaced", "v = 1 ;\r\n\ta=rsa-sha256;\r\n c=relaxed/relaxed;\r\n bh=" +
			relaxedBH[:10] + "\r\n " + relaxedBH[10:20] + " \t" + relaxedBH[20:] + " ;" + rest + ";", body, Match, ""},
		{"sha1", "v=1; a=rsa-sha1; c=simple/simple; bh=" + sha1BH("Hello  there \r\nsecond line\r\n") + rest, body, Match, ""},
		{"ed25519", "v=1; a=ed25519-sha256; c=simple/relaxed; bh=" + relaxedBH + rest, body, Match, ""},
		{"l= covers a prefix", "v=1; a=rsa-sha256; c=relaxed/relaxed; l=13; bh=" + bhOf("Hello there\r\n") + rest,
			body + "appended footer\r\n", Match, ""},
		{"l= zero", "v=1; a=rsa-sha256; l=0; bh=" + bhOf("") + rest, body, Match, ""},
		{"l= longer than body", "v=1; a=rsa-sha256; c=relaxed/relaxed; l=9999; bh=" + relaxedBH + rest, body, Mismatch, "shorter"},
		{"missing bh", "v=1; a=rsa-sha256" + rest, body, Malformed, "bh="},
		{"missing v", "a=rsa-sha256; bh=" + simpleBH + rest, body, Malformed, "v="},
		{"wrong v", "v=2; a=rsa-sha256; bh=" + simpleBH + rest, body, Malformed, "version"},
		{"bad base64", "v=1; a=rsa-sha256; bh=!!!!" + rest, body, Malformed, "base64"},
		{"bh wrong size", "v=1; a=rsa-sha256; bh=" + sha1BH("x") + rest, body, Malformed, "bytes"},
		{"unknown canonicalisation", "v=1; a=rsa-sha256; c=nowsp; bh=" + simpleBH + rest, body, Malformed, "canonicalisation"},
		{"bad l", "v=1; a=rsa-sha256; l=12x; bh=" + simpleBH + rest, body, Malformed, "l="},
		{"negative l", "v=1; a=rsa-sha256; l=-1; bh=" + simpleBH + rest, body, Malformed, "l="},
		{"duplicate tag", "v=1; a=rsa-sha256; a=rsa-sha1; bh=" + simpleBH + rest, body, Malformed, "twice"},
		{"unknown hash", "v=1; a=rsa-sha512; bh=" + simpleBH + rest, body, Unsupported, "sha512"},
		{"no hash in a=", "v=1; a=rsa; bh=" + simpleBH + rest, body, Malformed, "algorithm"},
		{"empty", "", body, Malformed, ""},
		{"garbage", "this is not a tag list", body, Malformed, "no value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckBodyHashes(signed(t, tt.tags, tt.body))
			if len(got) != 1 {
				t.Fatalf("got %d results", len(got))
			}
			if got[0].Status != tt.want || !strings.Contains(got[0].Problem, tt.problem) {
				t.Errorf("got %s (%q), want %s with %q", got[0].Status, got[0].Problem, tt.want, tt.problem)
			}
			if (got[0].Status == Malformed || got[0].Status == Unsupported) && got[0].Problem == "" {
				t.Error("a malformed signature must say why")
			}
		})
	}
}

func TestOrderAndSplit(t *testing.T) {
	body := "text\r\n"
	good := "v=1; a=rsa-sha256; bh=" + bhOf(body) + "; d=new.example; s=s; h=from; b=AA"
	bad := "v=1; a=rsa-sha256; bh=" + bhOf("other\r\n") + "; d=old.example; s=s; h=from; b=AA"
	raw := "Received: x\r\nDKIM-Signature: " + good + "\r\ndkim-signature : " + bad +
		"\r\nSubject: s\r\n\r\n" + body
	got := CheckBodyHashes([]byte(raw))
	if !equalStatuses(statuses(got), []Status{Match, Mismatch}) || got[0].Domain != "new.example" {
		t.Fatalf("got %+v", got)
	}
	// A message without a blank line has an empty body.
	if got := CheckBodyHashes([]byte("DKIM-Signature: v=1; a=rsa-sha256; bh=" + bhOf("") +
		"; d=d; s=s; h=from; b=AA\r\nFrom: x")); len(got) != 1 || got[0].Status != Mismatch {
		t.Errorf("no body, simple: %+v (simple hashes an empty body as CRLF)", got)
	}
	if got := CheckBodyHashes(nil); len(got) != 0 {
		t.Errorf("nil message: %+v", got)
	}
}

// TestCorpus runs real signed messages: which signatures match was worked out once with this
// code and checked against an independent line-by-line hash; mismatches are real (mailing
// lists adding footers, test fixtures edited after signing).
func TestCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s: real-message cases skipped", dir)
	}
	M, X, B := Match, Mismatch, Malformed
	tests := map[string][]Status{
		"eml/mailauth-arc-fail.eml":                    {M, M},
		"eml/mailauth-arc-pass.eml":                    {M},
		"eml/mailauth-authtest.eml":                    {M},
		"eml/mailauth-bimi.eml":                        {M, M},
		"eml/mailauth-dkim-ec-signed.eml":              {M, M},
		"eml/mailauth-message2.eml":                    {M}, // empty body, relaxed
		"eml/mailauth-message3.eml":                    {M, M},
		"eml/mailauth-message4.eml":                    {M},
		"eml/mailauth-zproov.eml":                      {M},
		"eml/mailparser-nodemailer.eml":                {M},
		"eml/mikel-empty_group_lists.eml":              {X},
		"eml/mimekit-gmail.msg":                        {M},
		"eml/mimekit-issue358.txt":                     {X},
		"eml/mimekit-multipart-no-end-boundary.msg":    {M},
		"eml/mimekit-related.msg":                      {M},
		"eml/mimekit-rfc8463-example.msg":              {M, M},
		"eml/spamassassin-dkim-arc-ok01.eml":           {M},
		"eml/spamassassin-dkim-test-fail-02.msg":       {M}, // fails on the header signature only
		"eml/spamassassin-dkim-test-pass-01.msg":       {M},
		"eml/spamassassin-nice-dkim-MultipleSig_06":    {B, B}, // pre-RFC draft: no v=, no bh=
		"spam/osst-users-spam-085ff509.eml":            {M, X, X},
		"spam/osst-users-spam-9689b0cf.eml":            {M, X, X, X, X},
		"spam/osst-users-spam-0002c0cb.eml":            {X, X},
		"spam/osst-users-spam-f447ffb8.eml":            {X, X, X},
		"spam/spamassassin-welcomelist-paypal.com.eml": nil,
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Skipf("corpus file missing: %v", err)
			}
			crlf := bytes.ReplaceAll(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
			for _, in := range [][]byte{raw, crlf} {
				if got := statuses(CheckBodyHashes(in)); !equalStatuses(got, want) {
					t.Errorf("got %v, want %v", got, want)
				}
			}
		})
	}
}

// TestLargeBody: a 25 MB body with two signatures hashes to a match for both, without
// copying it (a handful of allocations). Its speed is measured by
// BenchmarkCheckBodyHashes25MB and `make bench`.
func TestLargeBody(t *testing.T) {
	if testing.Short() {
		t.Skip("large body")
	}
	raw := bigMessage(25 << 20)
	if got := CheckBodyHashes(raw); len(got) != 2 || got[0].Status != Match || got[1].Status != Match {
		t.Fatalf("got %+v", got)
	}
	allocs := testing.AllocsPerRun(3, func() { CheckBodyHashes(raw) })
	if allocs > 200 {
		t.Errorf("%v allocations per check, want a handful", allocs)
	}
}

func BenchmarkCheckBodyHashes25MB(b *testing.B) {
	raw := bigMessage(25 << 20)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		CheckBodyHashes(raw)
	}
}

// bigMessage builds a message of about size bytes: base64 lines with a relaxed and a simple
// signature over it.
func bigMessage(size int) []byte {
	var body bytes.Buffer
	line := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xa5, 0x5a, 0x33}, 19))
	body.WriteString("Some text  with\tspaces  \r\n\r\n")
	for body.Len() < size {
		body.WriteString(line)
		body.WriteString("\r\n")
	}
	b := body.Bytes()
	var simple, relaxed bytes.Buffer
	canonBody(b, false, &simple)
	canonBody(b, true, &relaxed)
	s1, s2 := sha256.Sum256(simple.Bytes()), sha256.Sum256(relaxed.Bytes())
	var raw bytes.Buffer
	raw.WriteString("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s; h=from;\r\n bh=" +
		base64.StdEncoding.EncodeToString(s2[:]) + "; b=AAAA\r\n")
	raw.WriteString("DKIM-Signature: v=1; a=rsa-sha256; c=simple/simple; d=example.com; s=s; h=from;\r\n bh=" +
		base64.StdEncoding.EncodeToString(s1[:]) + "; b=AAAA\r\n")
	raw.WriteString("From: a@example.com\r\n\r\n")
	raw.Write(b)
	return raw.Bytes()
}
