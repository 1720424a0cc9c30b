package cli

import (
	"bytes"
	"encoding/json"
	"testing"
)

// The many-files JSON of bounce is assembled from elements encoded in parallel; it must be
// byte for byte what one json.Encoder with a two-space indent writes, HTML left unescaped.
func TestWriteJSONArrayIsTheEncodersOutput(t *testing.T) {
	type item struct {
		Name string         `json:"name"`
		List []string       `json:"list"`
		Map  map[string]int `json:"map,omitempty"`
		Nest *item          `json:"nest,omitempty"`
	}
	for _, items := range [][]any{
		{},
		{item{Name: "<b>&</b>"}},
		{item{Name: "a", List: []string{"x", "y"}, Map: map[string]int{"k": 1}}, item{Nest: &item{Name: "n"}}, "plain", 3},
	} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(items); err != nil {
			t.Fatal(err)
		}
		var elems [][]byte
		for _, it := range items {
			b, err := encodeElement(it)
			if err != nil {
				t.Fatal(err)
			}
			elems = append(elems, b)
		}
		var got bytes.Buffer
		if code := writeJSONArray(&got, elems, exitYes); code != exitYes {
			t.Fatalf("exit %d", code)
		}
		if got.String() != want.String() {
			t.Errorf("got\n%s\nwant\n%s", got.String(), want.String())
		}
	}
}
