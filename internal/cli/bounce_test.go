package cli_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// noticeCorpus is the shared corpus of real rejection notices; tests skip without it.
func noticeCorpus(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "corpus", "bounce", filepath.FromSlash(name))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared corpus not found (%s): notice cases skipped", p)
	}
	return p
}

// bounceKeys are the fields of the bounce object, in the spec's order (spec/cli.md).
var bounceKeys = []string{"file", "is_bounce", "kind", "reason", "recipients", "reporting_mta", "returned",
	"returned_sha256", "original", "next_step", "explanation", "advice"}

var recipientKeys = []string{"address", "action", "status", "reply_code", "reason", "hard", "remote_host", "diagnostic"}

// keysOf lists a JSON object's keys in the order they appear.
func keysOf(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", raw)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

type bounceJSON struct {
	File           string `json:"file"`
	IsBounce       bool   `json:"is_bounce"`
	Kind           string `json:"kind"`
	Reason         string `json:"reason"`
	Returned       string `json:"returned"`
	ReturnedSHA256 string `json:"returned_sha256"`
	NextStep       string `json:"next_step"`
	Explanation    string `json:"explanation"`
	Advice         string `json:"advice"`
	Original       struct {
		MessageID string `json:"message_id"`
	} `json:"original"`
	Recipients []json.RawMessage `json:"recipients"`
}

// checkBounceObject holds the bounce object to the spec, field for field.
func checkBounceObject(t *testing.T, raw json.RawMessage) bounceJSON {
	t.Helper()
	if got := keysOf(t, raw); !slices.Equal(got, bounceKeys) {
		t.Errorf("bounce fields %v, want %v", got, bounceKeys)
	}
	var b bounceJSON
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	for _, r := range b.Recipients {
		keys := keysOf(t, r)
		if len(keys) == len(recipientKeys)+1 && keys[len(keys)-1] == "blocklist" {
			keys = keys[:len(keys)-1]
		}
		if !slices.Equal(keys, recipientKeys) {
			t.Errorf("recipient fields %v, want %v", keys, recipientKeys)
		}
	}
	return b
}

func TestBounceCommand(t *testing.T) {
	full := noticeCorpus(t, "bsd/lhost-gmail-03.eml")
	headers := noticeCorpus(t, "bsd/lhost-barracuda-01.eml")
	virus := noticeCorpus(t, "bsd/lhost-postfix-62.eml")
	arf := noticeCorpus(t, "bsd/arf-02.eml")
	vacation := noticeCorpus(t, "bsd/rfc3834-02.eml")
	notNotice := noticeCorpus(t, "not/is-not-bounce-01.eml")

	t.Run("json, one file", func(t *testing.T) {
		r := run(t, nil, "bounce", "--json", full)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
		b := checkBounceObject(t, json.RawMessage(r.stdout))
		if !b.IsBounce || b.File != full || b.Returned != "full" || len(b.ReturnedSHA256) != 64 || b.Explanation == "" || b.Advice == "" {
			t.Errorf("bounce %+v", b)
		}
	})
	t.Run("json, several files: an array; one not a notice: exit 1", func(t *testing.T) {
		r := run(t, nil, "bounce", headers, "--json", virus, arf, vacation, notNotice)
		if r.code != 1 {
			t.Fatalf("exit %d, want 1 (stderr %q)", r.code, r.stderr)
		}
		var all []json.RawMessage
		if err := json.Unmarshal([]byte(r.stdout), &all); err != nil || len(all) != 5 {
			t.Fatalf("not an array of 5: %v\n%s", err, r.stdout)
		}
		want := []struct {
			kind     string
			bounce   bool
			returned string
		}{{"dsn", true, "headers"}, {"dsn", true, "full"}, {"feedback", true, "full"}, {"auto-reply", false, "none"}, {"none", false, "none"}}
		for i, raw := range all {
			b := checkBounceObject(t, raw)
			if b.Kind != want[i].kind || b.IsBounce != want[i].bounce || b.Returned != want[i].returned {
				t.Errorf("file %d: kind %q is_bounce %v returned %q, want %+v", i, b.Kind, b.IsBounce, b.Returned, want[i])
			}
		}
		if b := checkBounceObject(t, all[1]); b.Reason != "virusdetected" || b.NextStep != "virus" {
			t.Errorf("virus notice: reason %q next step %q", b.Reason, b.NextStep)
		}
	})
	t.Run("human words", func(t *testing.T) {
		r := run(t, nil, "bounce", headers)
		if r.code != 0 {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
		for _, w := range []string{"a rejection notice", "What happened: ", "Their words: ", "Returned: only the delivery details", "Sent Items", "What to do: "} {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("output lacks %q:\n%s", w, r.stdout)
			}
		}
		if r := run(t, nil, "bounce", vacation); r.code != 1 || !strings.Contains(r.stdout, "automatic reply") {
			t.Errorf("auto-reply: exit %d\n%s", r.code, r.stdout)
		}
	})
	t.Run("unreadable file: exit 2, one sentence", func(t *testing.T) {
		r := run(t, nil, "bounce", full, filepath.Join(t.TempDir(), "missing.eml"))
		if r.code != 2 {
			t.Fatalf("exit %d, want 2", r.code)
		}
		oneSentence(t, r.stderr)
	})
	t.Run("standard input", func(t *testing.T) {
		data, _ := os.ReadFile(full)
		r := runStdin(data, "bounce", "--json", "-")
		if r.code != 0 || !strings.Contains(r.stdout, `"returned": "full"`) {
			t.Errorf("exit %d %s %s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("help", func(t *testing.T) {
		if r := run(t, nil, "bounce", "--help"); r.code != 0 || !strings.Contains(r.stdout, "bounce [--json]") {
			t.Errorf("exit %d\n%s", r.code, r.stdout)
		}
		if r := run(t, nil, "help"); !strings.Contains(r.stdout, "bounce [--json]") {
			t.Errorf("general usage lacks bounce:\n%s", r.stdout)
		}
	})
}

// TestCheckOnNotice: check --json gains the same bounce object, and describes the returned
// email when the notice holds it whole (spec/cli.md, "check on a rejection notice").
func TestCheckOnNotice(t *testing.T) {
	full := noticeCorpus(t, "bsd/lhost-gmail-03.eml")
	headers := noticeCorpus(t, "bsd/lhost-barracuda-01.eml")
	type checkJSON struct {
		Verdict  string `json:"verdict"`
		Findings []struct {
			Code, Severity, Message, Advice string
		} `json:"findings"`
		SHA256 string          `json:"sha256"`
		Size   int             `json:"size"`
		Bounce json.RawMessage `json:"bounce"`
	}
	r := run(t, nil, "check", "--json", full)
	if r.code != 0 {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	c := decode[checkJSON](t, r.stdout)
	b := checkBounceObject(t, c.Bounce)
	byBounce := run(t, nil, "bounce", "--json", full)
	if !bytes.Equal(bytes.TrimSpace(reindent(t, c.Bounce)), bytes.TrimSpace(reindent(t, json.RawMessage(byBounce.stdout)))) {
		t.Errorf("check's bounce object differs from bounce's:\n%s\n%s", c.Bounce, byBounce.stdout)
	}
	if c.SHA256 != b.ReturnedSHA256 || len(c.Findings) == 0 || c.Findings[len(c.Findings)-1].Code != "returned-original" {
		t.Errorf("sha256 %s returned %s findings %+v", c.SHA256, b.ReturnedSHA256, c.Findings)
	}
	out := filepath.Join(t.TempDir(), "returned.eml")
	if r := run(t, nil, "convert", full, "-o", out); r.code != 0 {
		t.Fatalf("convert: %d %s", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(out); hashHex(got) != c.SHA256 || len(got) != c.Size {
		t.Errorf("convert did not write the returned email")
	}

	r = run(t, nil, "check", "--json", headers)
	c = decode[checkJSON](t, r.stdout)
	if r.code != 1 || c.Verdict != "not-original" || c.Findings[0].Code != "rejection-notice" || c.Findings[0].Severity != "error" ||
		!strings.Contains(c.Findings[0].Advice, "Sent Items") || c.Bounce == nil {
		t.Errorf("exit %d: %+v", r.code, c)
	}
}

func reindent(t *testing.T, raw json.RawMessage) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func hashHex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestSubmitFromNotice: a false-positive report straight from a notice that returned the
// whole email attaches that email (byte for byte what convert writes) and the notice as the
// second attachment; a notice without the email is refused with the way to go on; a Sent
// copy paired with a notice about another email is warned about.
func TestSubmitFromNotice(t *testing.T) {
	full := noticeCorpus(t, "bsd/lhost-gmail-03.eml")
	headers := noticeCorpus(t, "bsd/lhost-barracuda-01.eml")
	dir := t.TempDir()
	base := []string{"submit", "--type", "false-positive", "--from", "reporter@example.test"}

	t.Run("full return: two attachments", func(t *testing.T) {
		draft := filepath.Join(dir, "full.eml")
		r := run(t, nil, append(base, "--draft", draft, full)...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
		raw, err := os.ReadFile(draft)
		if err != nil {
			t.Fatal(err)
		}
		_, parts := splitReport(t, raw)
		if len(parts) != 3 {
			t.Fatalf("%d parts, want summary, returned email and notice", len(parts))
		}
		assertAttached(t, parts[1], normalised(t, full))
		notice, _ := os.ReadFile(full)
		if !bytes.Contains(toCRLFBytes(notice), bytes.TrimSpace([]byte(textOf(t, parts[2])))) || len(textOf(t, parts[2])) < len(parts[1].body) {
			t.Errorf("the second attachment is not the notice")
		}
	})
	t.Run("no full return: exit 1 with the way on", func(t *testing.T) {
		r := run(t, nil, append(base, "--json", "--draft", filepath.Join(dir, "headers.eml"), headers)...)
		if r.code != 1 {
			t.Fatalf("exit %d, want 1", r.code)
		}
		s := oneSentence(t, r.stderr)
		if !strings.Contains(s, "Sent Items") || !strings.Contains(s, "--rejection-notice") {
			t.Errorf("stderr %q", s)
		}
		if j := decode[submitJSON](t, r.stdout); j.Status != "not-original" {
			t.Errorf("status %q", j.Status)
		}
	})
	t.Run("Sent copy and notice: Message-ID mismatch warned", func(t *testing.T) {
		sent := writeFile(t, dir, "sent.eml", latin1Original()) // its own fresh Message-ID
		r := run(t, nil, append(base, "--json", "--draft", filepath.Join(dir, "paired.eml"), "--rejection-notice", headers, sent)...)
		if r.code != 0 {
			t.Fatalf("exit %d %s", r.code, r.stderr)
		}
		s := oneSentence(t, r.stderr)
		if !strings.Contains(s, "different email") {
			t.Errorf("stderr %q", s)
		}
		var j struct{ Warning string }
		if err := json.Unmarshal([]byte(r.stdout), &j); err != nil || j.Warning != s {
			t.Errorf("JSON warning %q, stderr %q", j.Warning, s)
		}
	})
	t.Run("Sent copy and notice about it: no warning, notice attached whole", func(t *testing.T) {
		// The returned email of the full notice is the Sent copy here.
		sent := writeFile(t, dir, "same.eml", normalised(t, full))
		draft := filepath.Join(dir, "same-report.eml")
		r := run(t, nil, append(base, "--draft", draft, "--rejection-notice", full, sent)...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
		raw, _ := os.ReadFile(draft)
		_, parts := splitReport(t, raw)
		if len(parts) != 3 || len(textOf(t, parts[2])) <= len(parts[1].body) {
			t.Errorf("%d parts; the notice must go whole, not its returned email", len(parts))
		}
	})
}

func toCRLFBytes(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}
