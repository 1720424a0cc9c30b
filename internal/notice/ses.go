package notice

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Amazon SES reports a bounce or a delivery to an SNS topic as JSON, which SNS mails as the
// whole body, either the SES notification itself or SNS's envelope with it as the "Message"
// string (docs.aws.amazon.com/ses/latest/dg/notification-contents.html). Its fields are a
// delivery status's, so the reader turns them into one and reads it like any other.

type sesRecipient struct {
	EmailAddress   string `json:"emailAddress"`
	Action         string `json:"action"`
	Status         string `json:"status"`
	DiagnosticCode string `json:"diagnosticCode"`
}

type sesNotification struct {
	Type    string `json:"notificationType"`
	Message string `json:"Message"` // SNS's envelope
	Bounce  struct {
		Recipients   []sesRecipient `json:"bouncedRecipients"`
		ReportingMTA string         `json:"reportingMTA"`
	} `json:"bounce"`
	Delivery struct {
		Recipients   []string `json:"recipients"`
		SMTPResponse string   `json:"smtpResponse"`
		ReportingMTA string   `json:"reportingMTA"`
	} `json:"delivery"`
}

// sesStatus is the delivery status an SES notification in text holds, or nil.
func sesStatus(text string) []byte {
	if !strings.Contains(text, "notificationType") {
		return nil
	}
	start := strings.IndexByte(text, '{')
	if start < 0 {
		return nil
	}
	// Sendmail splits a line longer than its limit with "!" and a folded line; SNS's JSON
	// is one long line, so undo that first.
	body := strings.ReplaceAll(text[start:], "!\n ", "")
	var n sesNotification
	dec := json.NewDecoder(strings.NewReader(body))
	if dec.Decode(&n) != nil {
		return nil
	}
	if n.Type == "" && n.Message != "" {
		msg := n.Message
		n = sesNotification{}
		if json.Unmarshal([]byte(msg), &n) != nil {
			return nil
		}
	}
	line := func(b *bytes.Buffer, name, v string) {
		if v = strings.Join(strings.Fields(v), " "); v != "" {
			b.WriteString(name + ": " + v + "\n")
		}
	}
	var b bytes.Buffer
	switch n.Type {
	case "Bounce":
		line(&b, "Reporting-MTA", n.Bounce.ReportingMTA)
		for i, r := range n.Bounce.Recipients {
			if i >= maxRecipients {
				break
			}
			b.WriteString("\n")
			line(&b, "Final-Recipient", "rfc822; "+r.EmailAddress)
			line(&b, "Action", r.Action)
			line(&b, "Status", r.Status)
			line(&b, "Diagnostic-Code", r.DiagnosticCode)
		}
	case "Delivery":
		line(&b, "Reporting-MTA", "dns; "+n.Delivery.ReportingMTA)
		status := findStatus(n.Delivery.SMTPResponse)
		if status == "" {
			status = "2.0.0"
		}
		for i, r := range n.Delivery.Recipients {
			if i >= maxRecipients {
				break
			}
			b.WriteString("\n")
			line(&b, "Final-Recipient", "rfc822; "+r)
			line(&b, "Action", "delivered")
			line(&b, "Status", status)
			line(&b, "Diagnostic-Code", "smtp; "+n.Delivery.SMTPResponse)
		}
	default:
		return nil
	}
	if !strings.Contains(b.String(), "Final-Recipient") {
		return nil
	}
	return b.Bytes()
}
