package check

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
)

// TestJSONContract holds the Result's JSON to the names in spec/cli.md.
func TestJSONContract(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "gmail-forward.eml"))
	if err != nil {
		t.Fatal(err)
	}
	r := Check(item("gmail-forward.eml", raw))
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if got, want := keys(doc), []string{"file", "findings", "format", "message", "sha256", "size", "verdict"}; !slices.Equal(got, want) {
		t.Errorf("top-level keys %v, want %v", got, want)
	}
	var msg map[string]json.RawMessage
	if err := json.Unmarshal(doc["message"], &msg); err != nil {
		t.Fatal(err)
	}
	if got, want := keys(msg), []string{"date", "from", "message_id", "received_count", "source_ip", "subject", "to"}; !slices.Equal(got, want) {
		t.Errorf("message keys %v, want %v", got, want)
	}
	var findings []map[string]json.RawMessage
	if err := json.Unmarshal(doc["findings"], &findings); err != nil || len(findings) == 0 {
		t.Fatalf("findings %s: %v", doc["findings"], err)
	}
	if got, want := keys(findings[0]), []string{"advice", "code", "message", "severity"}; !slices.Equal(got, want) {
		t.Errorf("finding keys %v, want %v", got, want)
	}
	if string(doc["verdict"]) != `"not-original"` || string(doc["format"]) != `"eml"` {
		t.Errorf("verdict %s format %s", doc["verdict"], doc["format"])
	}
	var count int
	if err := json.Unmarshal(msg["received_count"], &count); err != nil || count != 2 {
		t.Errorf("received_count %s", msg["received_count"])
	}

	// An original with nothing to say still has a list: [] and never null.
	clean := Check(item("ok.eml", []byte("Received: from a (a [192.0.2.1]) by b; Tue, 3 Mar 2026 10:00:00 +0000\n"+
		"From: a@example.com\nDate: Tue, 3 Mar 2026 10:00:00 +0000\nSubject: s\n\nbody\n")))
	b, _ = json.Marshal(clean)
	if !bytes.Contains(b, []byte(`"findings":[]`)) || clean.Verdict != Original {
		t.Errorf("clean result: %s", b)
	}
}

func keys(m map[string]json.RawMessage) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
