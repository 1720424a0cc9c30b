package outlookmsg

import "testing"

func TestDecodeWordsInAnyCharset(t *testing.T) {
	for in, want := range map[string]string{
		"=?iso-8859-1?q?R=E9sum=E9?=":    "Résumé",
		"=?windows-1252?q?Caf=E9?= menu": "Café menu",
		"=?utf-8?q?Gr=C3=BC=C3=9Fe?=":    "Grüße",
		"plain name":                     "plain name",
	} {
		if got := decodeWords(in); got != want {
			t.Errorf("decodeWords(%q) = %q, want %q", in, got, want)
		}
	}
}
