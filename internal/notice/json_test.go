package notice

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"
)

// The JSON is spec/cli.md's `bounce` object without "file" and "is_bounce", which the CLI adds.
func TestJSONFields(t *testing.T) {
	n := &Notice{Recipients: []Recipient{{Blocklist: &Blocklist{}}}}
	b, _ := json.Marshal(n)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := []string{"advice", "explanation", "kind", "next_step", "original", "reason", "recipients",
		"reporting_mta", "returned", "returned_sha256"}
	if got := keys(m); !reflect.DeepEqual(got, want) {
		t.Errorf("notice fields %v, want %v", got, want)
	}
	r := m["recipients"].([]any)[0].(map[string]any)
	want = []string{"action", "address", "blocklist", "diagnostic", "hard", "reason", "remote_host", "reply_code", "status"}
	if got := keys(r); !reflect.DeepEqual(got, want) {
		t.Errorf("recipient fields %v, want %v", got, want)
	}
	if got := keys(r["blocklist"].(map[string]any)); !reflect.DeepEqual(got, []string{"listed", "url", "zone"}) {
		t.Errorf("blocklist fields %v", got)
	}
	if got := keys(m["original"].(map[string]any)); !reflect.DeepEqual(got, []string{"date", "from", "message_id", "subject", "to"}) {
		t.Errorf("original fields %v", got)
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
