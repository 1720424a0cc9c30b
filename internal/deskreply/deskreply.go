// Package deskreply finds the support desk's replies to the reports the app sent, in the
// person's own mailbox, and reads what they say: the case (ticket) number the desk gave the
// report, and whether the desk could not read it. The mailbox itself is behind Source, so
// this package knows nothing of IMAP; internal/mailbox provides the real one.
//
// A reply belongs to a report when its In-Reply-To or References names the report's
// Message-ID (what every helpdesk system keeps), else when the report's subject stands in
// the reply's subject after its Re:/AW: prefixes (systems that start a fresh thread). Only
// mail from the provider's support address counts: anyone can write "Case 123456".
package deskreply

import (
	"context"
	"time"
)

// MaxMessage is how much of one message is read: an auto-reply is a few kilobytes, and the
// case number is in its subject or first lines. Sources may cut messages to this.
const MaxMessage = 256 << 10

// Message is one message in the mailbox as a Source gives it.
type Message struct {
	Raw      []byte    // the message as stored, or its first MaxMessage bytes
	Received time.Time // when the mailbox got it (IMAP INTERNALDATE); the date when Raw has none
}

// Source is the person's mailbox.
type Source interface {
	// Replies returns the messages from the address from that arrived on or after the day
	// of since (IMAP SEARCH FROM … SINCE …: a day, not an instant), in any order.
	Replies(ctx context.Context, from string, since time.Time) ([]Message, error)
}

// Report is a sent report as matching needs it.
type Report struct {
	ID        string
	Subject   string    // the report's own subject: "False Negative: …"
	MessageID string    // the report's Message-ID, angle brackets included
	Sent      time.Time // when the server accepted it
}

// By says how a reply was matched to its report.
type By string

const (
	ByReference By = "reference" // In-Reply-To or References names the report
	BySubject   By = "subject"   // the report's subject is in the reply's
)
