package notice

// statusReasons maps an enhanced status code (RFC 3463 §3, with the later registrations:
// RFC 3886, RFC 4954, RFC 5248, RFC 7372 for x.7.20–26, RFC 7505 for 5.1.10/5.7.27,
// RFC 8689) to the reason it names by itself, the way sisimai v5's SMTP Status "Name" table
// reads them. The class matters: 4.7.1 (a temporary refusal of the client, greylisting or a
// DNSBL) is blocked, 5.7.1 is securityerror, which sisimai treats as "not decided yet" and
// lets the server's words override. Codes that say nothing by themselves (x.0.0, 4.3.0,
// 4.4.0, 4.5.0, 4.7.0) are left out.
var statusReasons = map[string]string{
	"2.1.5": "delivered", // Destination address valid

	"4.1.6":  "hasmoved",      // Destination mailbox has moved
	"4.1.7":  "rejected",      // Bad sender's mailbox address syntax
	"4.1.8":  "rejected",      // Bad sender's system address
	"4.1.9":  "systemerror",   // RFC 3886 Message relayed to non-compliant mailer
	"4.2.1":  "blocked",       // Mailbox disabled (sisimai v5: a temporary refusal reads as blocked)
	"4.2.2":  "mailboxfull",   // Mailbox full
	"4.2.3":  "exceedlimit",   // Message length exceeds administrative limit
	"4.2.4":  "filtered",      // Mailing list expansion problem
	"4.3.1":  "systemfull",    // Mail system full
	"4.3.2":  "notaccept",     // System not accepting network messages
	"4.3.3":  "systemerror",   // System not capable of selected features
	"4.3.5":  "systemerror",   // System incorrectly configured
	"4.4.1":  "expired",       // No answer from host
	"4.4.2":  "networkerror",  // Bad connection
	"4.4.3":  "systemerror",   // Directory server failure
	"4.4.4":  "networkerror",  // Unable to route
	"4.4.5":  "systemfull",    // Mail system congestion
	"4.4.6":  "networkerror",  // Routing loop detected
	"4.4.7":  "expired",       // Delivery time expired
	"4.4.8":  "networkerror",  // Retry on IPv4 (Gmail)
	"4.5.3":  "systemerror",   // Too many recipients
	"4.5.5":  "systemerror",   // Wrong protocol version
	"4.6.0":  "contenterror",  // Other or undefined media error
	"4.6.2":  "contenterror",  // Conversion required and prohibited
	"4.6.5":  "contenterror",  // Conversion failed
	"4.7.1":  "blocked",       // Delivery not authorized (temporary: greylisting, DNSBL)
	"4.7.2":  "blocked",       // Mailing list expansion prohibited
	"4.7.5":  "securityerror", // Cryptographic failure
	"4.7.6":  "securityerror", // Cryptographic algorithm not supported
	"4.7.7":  "securityerror", // Message integrity failure
	"4.7.12": "securityerror", // RFC 4954 A password transition is needed
	"4.7.15": "securityerror", // RFC 5248 Priority level is too low
	"4.7.16": "mesgtoobig",    // RFC 8689 Message is too big for the specified priority
	"4.7.24": "authfailure",   // RFC 7372 SPF validation error
	"4.7.25": "requireptr",    // RFC 7372 Reverse DNS validation failed
	"4.7.26": "authfailure",   // RFC 7372 Multiple authentication checks failed

	"5.1.0":  "userunknown",    // Other address status
	"5.1.1":  "userunknown",    // Bad destination mailbox address
	"5.1.2":  "hostunknown",    // Bad destination system address
	"5.1.3":  "userunknown",    // Bad destination mailbox address syntax
	"5.1.4":  "filtered",       // Destination mailbox address ambiguous
	"5.1.6":  "hasmoved",       // Destination mailbox has moved
	"5.1.7":  "rejected",       // Bad sender's mailbox address syntax
	"5.1.8":  "rejected",       // Bad sender's system address
	"5.1.9":  "systemerror",    // RFC 3886 Message relayed to non-compliant mailer
	"5.1.10": "notaccept",      // RFC 7505 Recipient address has null MX
	"5.2.0":  "filtered",       // Other or undefined mailbox status
	"5.2.1":  "filtered",       // Mailbox disabled, not accepting messages
	"5.2.2":  "mailboxfull",    // Mailbox full
	"5.2.3":  "exceedlimit",    // Message length exceeds administrative limit
	"5.2.4":  "filtered",       // Mailing list expansion problem
	"5.3.0":  "systemerror",    // Other or undefined mail system status
	"5.3.1":  "systemfull",     // Mail system full
	"5.3.2":  "notaccept",      // System not accepting network messages
	"5.3.3":  "systemerror",    // System not capable of selected features
	"5.3.4":  "mesgtoobig",     // Message too big for system
	"5.3.5":  "systemerror",    // System incorrectly configured
	"5.4.0":  "networkerror",   // Other or undefined network or routing status
	"5.4.3":  "systemerror",    // Directory server failure
	"5.4.4":  "hostunknown",    // Unable to route
	"5.5.2":  "syntaxerror",    // Syntax error
	"5.5.3":  "toomanyconn",    // Too many recipients (sisimai v5)
	"5.5.4":  "systemerror",    // Invalid command arguments
	"5.5.5":  "systemerror",    // Wrong protocol version
	"5.5.6":  "syntaxerror",    // RFC 4954 Authentication exchange line is too long
	"5.6.0":  "contenterror",   // Other or undefined media error
	"5.6.1":  "contenterror",   // Media not supported
	"5.6.2":  "contenterror",   // Conversion required and prohibited
	"5.6.3":  "contenterror",   // Conversion required but not supported
	"5.6.5":  "contenterror",   // Conversion failed
	"5.6.6":  "contenterror",   // RFC 4468 Message content not available
	"5.6.7":  "contenterror",   // RFC 6531 Non-ASCII addresses not permitted
	"5.6.8":  "contenterror",   // RFC 6531 UTF-8 string reply is required
	"5.6.9":  "contenterror",   // RFC 6531 UTF-8 header message cannot be transferred
	"5.7.0":  "securityerror",  // Other or undefined security status
	"5.7.1":  "securityerror",  // Delivery not authorized, message refused
	"5.7.2":  "securityerror",  // Mailing list expansion prohibited
	"5.7.3":  "securityerror",  // Security conversion required but not possible
	"5.7.4":  "securityerror",  // Security features not supported
	"5.7.5":  "securityerror",  // Cryptographic failure
	"5.7.6":  "securityerror",  // Cryptographic algorithm not supported
	"5.7.7":  "securityerror",  // Message integrity failure
	"5.7.8":  "securityerror",  // RFC 4954 Authentication credentials invalid
	"5.7.9":  "securityerror",  // RFC 4954 Authentication mechanism is too weak
	"5.7.10": "securityerror",  // RFC 5248 Encryption needed
	"5.7.11": "securityerror",  // RFC 4954 Encryption required for the mechanism
	"5.7.13": "suspend",        // RFC 5248 User account disabled
	"5.7.14": "securityerror",  // RFC 5248 Trust relationship required
	"5.7.15": "securityerror",  // RFC 5248 Priority level is too low
	"5.7.16": "mesgtoobig",     // RFC 8689 Message is too big for the specified priority
	"5.7.17": "hasmoved",       // RFC 7293 Mailbox owner has changed
	"5.7.18": "hasmoved",       // RFC 7293 Domain owner has changed
	"5.7.19": "securityerror",  // RFC 7293 RRVS test cannot be completed
	"5.7.20": "authfailure",    // RFC 7372 No passing DKIM signature found
	"5.7.21": "authfailure",    // RFC 7372 No acceptable DKIM signature found
	"5.7.22": "authfailure",    // RFC 7372 No valid author-matched DKIM signature found
	"5.7.23": "authfailure",    // RFC 7372 SPF validation failed
	"5.7.24": "authfailure",    // RFC 7372 SPF validation error
	"5.7.25": "requireptr",     // RFC 7372 Reverse DNS validation failed
	"5.7.26": "authfailure",    // RFC 7372 Multiple authentication checks failed
	"5.7.27": "notaccept",      // RFC 7505 Sender address has null MX
	"5.7.28": "spamdetected",   // RFC 8248 Mail flood of similar abusive messages
	"5.7.29": "authfailure",    // RFC 8617 ARC validation failure
	"5.7.30": "failedstarttls", // RFC 8689 REQUIRETLS support required
}

// undecided are the reasons a status code names that the server's words may still
// override (sisimai v5 Reason "GetRetried").
var undecided = map[string]bool{"": true, "undefined": true, "onhold": true, "systemerror": true,
	"securityerror": true, "expired": true, "networkerror": true, "hostunknown": true, "userunknown": true}

// statusReason is the reason an enhanced status names by itself, or "".
func statusReason(status string) string {
	return statusReasons[status]
}
