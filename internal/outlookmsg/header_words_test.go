package outlookmsg

import (
	"strings"
	"testing"

	"github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
)

// TestNamesInAnyCharset: encoded words some programs leave in MAPI names are decoded in
// whatever charset they name, not only UTF-8, before the name is written again.
func TestNamesInAnyCharset(t *testing.T) {
	for in, want := range map[string]string{
		"=?iso-8859-1?q?R=E9sum=E9?=":    "Résumé",
		"=?windows-1252?q?Caf=E9?= menu": "Café menu",
		"=?utf-8?q?Gr=C3=BC=C3=9Fe?=":    "Grüße",
		"plain name":                     "plain name",
	} {
		res := mustConvert(t, mailMsg().str(pidSenderName, in).file())
		e, err := message.Read(strings.NewReader(string(res.Message)))
		if e == nil {
			t.Fatal(err)
		}
		from, err := (&gomail.Header{Header: e.Header}).AddressList("From")
		if err != nil || len(from) != 1 || from[0].Name != want || from[0].Address != "finance@sender.example" {
			t.Errorf("sender %q: From reads %v (%v), want %q", in, from, err, want)
		}
	}
}
