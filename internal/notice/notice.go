// Package notice reads rejection notices: RFC 3464 delivery status notifications (and their
// RFC 6533 global form), the notices servers write without that structure, auto-replies
// (RFC 3834) and feedback reports (RFC 5965). It says what the remote server said, why the
// message was refused in sisimai's vocabulary of reasons, what of the original came back, and
// which next step helps. All mail reading goes through internal/mailmsg.
//
// The JSON of a Notice is the `bounce` object of the CLI contract (spec/cli.md), field for
// field; the caller adds "file" and "is_bounce" (IsBounce).
package notice

// Kinds of notice.
const (
	KindNone      = "none"
	KindDSN       = "dsn"        // RFC 3464 / RFC 6533 structure
	KindNDR       = "ndr"        // a server's own text without that structure
	KindFeedback  = "feedback"   // RFC 5965 ARF
	KindAutoReply = "auto-reply" // RFC 3834, vacation
)

// What came back of the original.
const (
	ReturnedFull    = "full"    // a whole message: a header and a body
	ReturnedHeaders = "headers" // only its header
	ReturnedNone    = "none"
)

// Next steps (spec/cli.md "bounce").
const (
	StepFalsePositive = "false-positive"
	StepVirus         = "virus"
	StepBlocklist     = "blocklist"
	StepCheckAddress  = "check-address"
	StepMailboxFull   = "mailbox-full"
	StepTryLater      = "try-later"
	StepNotFilter     = "not-a-filter-problem"
	StepOther         = "other"
)

// Notice is what a rejection notice says.
type Notice struct {
	Kind         string      `json:"kind"`
	Reason       string      `json:"reason"`
	Recipients   []Recipient `json:"recipients"`
	ReportingMTA string      `json:"reporting_mta"`
	Returned     string      `json:"returned"`
	// ReturnedSHA256 is the hex SHA-256 of ReturnedMessage, for a full return only.
	ReturnedSHA256 string   `json:"returned_sha256"`
	Original       Original `json:"original"`
	NextStep       string   `json:"next_step"`
	Explanation    string   `json:"explanation"`
	Advice         string   `json:"advice"`

	// ReturnedMessage holds the returned message's bytes when Returned is full (the
	// original check, convert and the report use), its header when Returned is headers. It
	// is a sub-slice of the input, or of a decoded copy when the part was encoded or the file
	// had lone-CR line ends.
	ReturnedMessage []byte `json:"-"`
}

// Recipient is one address the notice reports on.
type Recipient struct {
	Address    string     `json:"address"`
	Action     string     `json:"action"`
	Status     string     `json:"status"`
	ReplyCode  string     `json:"reply_code"`
	Reason     string     `json:"reason"`
	Hard       bool       `json:"hard"`
	RemoteHost string     `json:"remote_host"`
	Diagnostic string     `json:"diagnostic"`
	Blocklist  *Blocklist `json:"blocklist,omitempty"`
}

// Blocklist is the DNS blocklist a rejection names.
type Blocklist struct {
	Zone   string `json:"zone"`
	Listed string `json:"listed"`
	URL    string `json:"url"`
}

// Original describes the returned message (from its returned header).
type Original struct {
	From      string `json:"from"`
	To        string `json:"to"`
	Subject   string `json:"subject"`
	Date      string `json:"date"`
	MessageID string `json:"message_id"`
}

// IsBounce reports whether n is a notice about a delivery (a DSN, an NDR or a feedback
// report); an auto-reply is not one, and nil is not either.
func (n *Notice) IsBounce() bool {
	return n != nil && (n.Kind == KindDSN || n.Kind == KindNDR || n.Kind == KindFeedback)
}

// Blocklisted returns the first blocklist a recipient's rejection names, or nil.
func (n *Notice) Blocklisted() *Blocklist {
	if n == nil {
		return nil
	}
	for _, r := range n.Recipients {
		if r.Blocklist != nil {
			return r.Blocklist
		}
	}
	return nil
}
