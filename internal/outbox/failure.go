package outbox

import (
	"errors"
	"time"

	"github.com/reportmail/reportmail/internal/send"
)

// Failure is what went wrong in a report's last attempt, kept as facts rather than words:
// the sentence is made when the report is shown (internal/plain), so no wording is frozen on
// disk and a later version can say it better.
type Failure struct {
	Kind      send.Kind     `json:"kind,omitempty"` // "": the failure was not the transport's
	Op        string        `json:"op,omitempty"`   // the step: connect, tls, auth, mail, rcpt, data
	Host      string        `json:"host,omitempty"`
	Port      int           `json:"port,omitempty"`
	Code      int           `json:"code,omitempty"` // the server's reply code; 0: it said nothing
	Enhanced  string        `json:"enhanced,omitempty"`
	Reply     string        `json:"reply,omitempty"`
	Temporary bool          `json:"temporary,omitempty"`
	Waited    time.Duration `json:"waited_ns,omitempty"`
	Limit     int64         `json:"limit,omitempty"` // the server's announced SIZE
	Size      int64         `json:"size,omitempty"`  // the report's, against Limit
}

// failureOf keeps what err says that a sentence may need.
func failureOf(err error) *Failure {
	var se *send.Error
	if !errors.As(err, &se) {
		return &Failure{Temporary: send.IsTemporary(err)}
	}
	return &Failure{Kind: se.Kind, Op: se.Op, Host: se.Host, Port: se.Port, Code: se.Code, Enhanced: se.Enhanced,
		Reply: se.Reply, Temporary: se.Temporary, Waited: se.Waited, Limit: se.Limit, Size: se.Size}
}

// Err is the failure as the error it was, for internal/plain to word.
func (f *Failure) Err() error {
	return &send.Error{Kind: f.Kind, Op: f.Op, Host: f.Host, Port: f.Port, Code: f.Code, Enhanced: f.Enhanced,
		Reply: f.Reply, Temporary: f.Temporary, Waited: f.Waited, Limit: f.Limit, Size: f.Size}
}
