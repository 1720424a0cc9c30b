package mailmsg

import "strings"

// The one rule for a rejection notice's sender (RFC 3464 §2 and RFC 5321 §4.5.5: notices
// come from the mail system, with an empty reverse path). A From qualifies when its address's
// local part is one mail systems use for notices, or its display name is one they write.
// Each source:
//   - MAILER-DAEMON (Sendmail, Postfix, Exim, Apple, Yahoo), with "mailerdaemon" and
//     "mail-daemon" variants (Biglobe, older qmail set-ups);
//   - postmaster (Exchange and Microsoft 365 "Microsoft Outlook <postmaster@…>",
//     Exchange 2003, RFC 5321 §4.5.1's required mailbox);
//   - MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@… (Exchange Online's system
//     mailbox), matched by its "microsoftexchange" start;
//   - mailadmin, maildelivery, mail.delivery (hosted providers' variants);
//   - display names "Mail Delivery System" (Exim, Postfix), "Mail Delivery Subsystem"
//     (Sendmail), "Mail Administrator", "Mail Delivery Service", "MAILER-DAEMON".

var noticeLocals = []string{"mailer-daemon", "mailerdaemon", "mail-daemon", "postmaster",
	"mailadmin", "maildelivery", "mail.delivery", "mail-delivery"}

var noticeNames = []string{"mail delivery", "mailer-daemon", "mailer daemon", "mail administrator",
	"postmaster"}

// IsNoticeSender reports whether a From value (raw or decoded) is a mail system's, as
// rejection notices are sent from. A subject alone never makes a notice: phishing copies
// them.
func IsNoticeSender(from string) bool {
	list, ok := ParseAddressList(from, "")
	if !ok {
		return false
	}
	for _, a := range list {
		local := LowerASCII(a.Addr)
		if at := strings.LastIndexByte(local, '@'); at >= 0 {
			local = local[:at]
		} else if local == "" && !strings.Contains(a.Name, " ") {
			local = LowerASCII(a.Name) // a bare "MAILER-DAEMON"
		}
		for _, l := range noticeLocals {
			if local == l {
				return true
			}
		}
		if strings.HasPrefix(local, "microsoftexchange") {
			return true
		}
		name := LowerASCII(a.Name)
		for _, n := range noticeNames {
			if containsWord(name, n) {
				return true
			}
		}
	}
	return false
}

// NullReturnPath reports whether the header's Return-Path is "<>", the empty reverse path
// that notices (and other automatic replies, RFC 3834 §3.3) are sent with.
func NullReturnPath(h *Header) bool {
	for _, f := range h.All("Return-Path") {
		v := strings.TrimSpace(stripComments(f.Value()))
		if v == "<>" || v == "< >" {
			return true
		}
	}
	return false
}

// containsWord reports whether phrase stands in s as words of its own: "Postmaster" names a
// mail system, "Ann Postmasterson" a person.
func containsWord(s, phrase string) bool {
	for i := 0; i+len(phrase) <= len(s); {
		k := strings.Index(s[i:], phrase)
		if k < 0 {
			return false
		}
		start, end := i+k, i+k+len(phrase)
		if (start == 0 || !wordByte(s[start-1])) && (end == len(s) || !wordByte(s[end])) {
			return true
		}
		i = start + 1
	}
	return false
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
