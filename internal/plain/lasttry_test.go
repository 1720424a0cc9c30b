package plain

import (
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/send"
)

// TestLastTry: the sentence for a stored failure is made now, from its facts, with the
// server's words in it; an old record's stored sentence is shown as it is.
func TestLastTry(t *testing.T) {
	tests := []struct {
		name string
		e    outbox.Entry
		want string // the sentence starts with this
		has  string // and holds this
	}{
		{"refused", outbox.Entry{LastFailure: &outbox.Failure{Kind: send.Refused, Code: 554, Enhanced: "5.7.1", Reply: "Message refused by policy"}},
			"Your mail server refused the report.", "“5.7.1 Message refused by policy”"},
		{"too large", outbox.Entry{LastFailure: &outbox.Failure{Kind: send.TooLarge, Limit: 10 << 20, Size: 25 << 20}},
			"The report (25.0 MB) is larger than the 10.0 MB", ""},
		{"no answer", outbox.Entry{LastFailure: &outbox.Failure{Kind: send.NoAnswer, Host: "smtp.example.co.nz", Port: 587, Waited: 30e9}},
			"The mail server smtp.example.co.nz:587 did not answer within 30 seconds", ""},
		{"unknown outcome", outbox.Entry{LastFailure: &outbox.Failure{Kind: send.Unknown}}, MaybeSent, ""},
		{"not the transport's", outbox.Entry{LastFailure: &outbox.Failure{Temporary: true}}, "Sending did not work this time", ""},
		{"old record", outbox.Entry{LastError: "Your mail server refused the report. It said: “5.7.1 Message refused by policy”.", LastErrorKind: "refused"},
			"Your mail server refused the report. It said: “5.7.1 Message refused by policy”.", ""},
		{"new record wins over an old sentence", outbox.Entry{LastError: "old words", LastFailure: &outbox.Failure{Kind: send.AuthFailed, Code: 535}},
			"The mail server did not accept your user name or password.", ""},
		{"nothing wrong", outbox.Entry{}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LastTry(tt.e)
			if !strings.HasPrefix(got, tt.want) || !strings.Contains(got, tt.has) || (tt.want == "") != (got == "") {
				t.Errorf("LastTry = %q, want %q… holding %q", got, tt.want, tt.has)
			}
		})
	}
}
