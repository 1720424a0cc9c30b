package notice

import (
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// signatures are sentences only a mail server's notice holds, lower case, each with the
// server that writes it. One of them makes a notice by itself.
var signatures = []string{
	"this is the qmail-send program",                                                 // qmail
	"i'm afraid i wasn't able to deliver your message",                               // qmail
	"this is the mail system at host",                                                // Postfix
	"message was created automatically by mail delivery software",                    // Exim, GMX/Web.de
	"a message that you sent could not be delivered to one or more of its",           // Exim
	"the original message was received at",                                           // Sendmail
	"----- transcript of session follows -----",                                      // Sendmail
	"the following addresses had permanent fatal errors",                             // Sendmail
	"your message did not reach some or all of the intended recipients",              // Exchange 2003/2007
	"delivery has failed to these recipients or groups",                              // Exchange 2010–2019
	"couldn't be delivered to",                                                       // Microsoft 365
	"delivery to the following recipient failed permanently",                         // Gmail
	"delivery to the following recipients failed",                                    // Gmail
	"there was a temporary problem delivering your message",                          // Gmail
	"the response from the remote server was",                                        // Gmail, Google Workspace
	"sorry, we were unable to deliver your message to the following address",         // Yahoo
	"an error occurred while trying to deliver the mail to the following recipients", // Amazon SES
	"this is the mailer-daemon, please do not reply to this email",                   // OpenSMTPD
	"an error has occurred while attempting to deliver a message",                    // OpenSMTPD
	"this is a delivery status notification",                                         // Courier
	"courier mail server at",                                                         // Courier
	"your message was not delivered to the following recipients",                     // Domino/Notes
	"was not delivered to",                                                           // Domino, Notes
	"your message could not be sent",                                                 // Mimecast
	"your message couldn't be delivered",                                             // Mimecast, Microsoft 365
	"message delivery has failed",                                                    // Barracuda, SurfControl
	"your message was blocked by",                                                    // Barracuda
	"the following recipients did not receive your message",                          // Trend Micro
	"this message was created automatically by the mail system",                      // mail.ru, Yandex
	"не удалось доставить", "не может быть доставлено",                               // mail.ru, Yandex
	"this message was sent to you by the mail server", // Zoho
	"unable to deliver your message",                  // Zoho, generic
	"mail delivery failed",                            // generic
	"delivery failure",                                // generic
}

// failures are the generic "could not be delivered" sentences, in the corpus's languages;
// one counts only with a mail system's sender or a notice's subject.
var failures = []string{
	"could not be delivered", "couldn't be delivered", "was not delivered", "undeliverable", "undelivered",
	"delivery failed", "delivery has failed", "permanent error", "unable to deliver", "failed to deliver",
	"non-delivery", "not be delivered", "delivery problem", "could not deliver", "returned to sender",
	"message not delivered", "delivery status notification", "delivery notification", "mail system error",
	"konnte nicht zugestellt werden", "unzustellbar", "nicht zugestellt", // German
	"n'a pas pu être remis", "non remis", "impossible de remettre", "échec de la remise", // French
	"no se pudo entregar", "no ha podido ser entregado", "no se puede entregar", // Spanish
	"non è stato possibile recapitare", "impossibile recapitare", // Italian
	"não foi possível entregar", "não pôde ser entregue", // Portuguese
	"не доставлено", "не удалось доставить", // Russian
	"配信できません", "送信できませんでした", "届きませんでした", "配送できません", // Japanese
	"无法投递", "退信", // Chinese
}

// bounceSubjects are notice subjects, lower case.
var bounceSubjects = []string{"undeliverable", "undelivered", "delivery status notification",
	"mail delivery failed", "mail delivery failure", "returned mail", "failure notice", "delivery failure",
	"delivery has failed", "nondeliverable", "non-deliverable", "could not be delivered", "not delivered",
	"returned to sender", "mail system error", "delivery notification", "warning: could not send",
	"delivery failed", "unzustellbar", "nicht zustellbar", "non remis", "non distribuable", "onbestelbaar",
	"no se puede entregar", "impossibile recapitare", "mail failure", "delivery report",
	"message delayed", "delayed mail", "undeliverable mail", "returned message", "problem delivering",
	"postfix smtp server: errors from",              // Postfix's notice to postmaster
	"メールエラー", "配信できません", "配信できませんでした", "送信できませんでした", // KDDI, Trend Micro (Japanese)
}

func containsAny(s string, list []string) bool {
	for _, p := range list {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// signaturePairs are two sentences that, together, only one server's notice holds.
var signaturePairs = [][2]string{
	{"error message below:", "message details:"}, // Apache James (its bounce mailet's notice)
}

func looksLikeNDR(h *mailmsg.Header, subject, from, low string) bool {
	if h.Has("X-Failed-Recipients") || signatureSet.any(low) {
		return true
	}
	for _, p := range signaturePairs {
		if strings.Contains(low, p[0]) && strings.Contains(low, p[1]) {
			return true
		}
	}
	system := mailmsg.IsNoticeSender(from) || mailmsg.NullReturnPath(h)
	subj := containsAny(lower(subject), bounceSubjects)
	return (system && subj) || ((system || subj) && failureSet.any(low))
}

// vacationSubjects are auto-reply subjects, lower case (Outlook, Gmail, Exchange, others).
var vacationSubjects = []string{"out of office", "out of the office", "automatic reply", "auto reply",
	"auto-reply", "autoreply", "auto response", "autoresponse", "vacation", "away from", "abwesenheit",
	"absence", "réponse automatique", "respuesta automática", "risposta automatica", "automatisch antwoord"}

// isAutoReply: RFC 3834 §5's Auto-Submitted: auto-replied, the fields responders used before
// it (X-Autoreply, X-Autorespond, Precedence: auto_reply), or an auto-reply subject.
func isAutoReply(h *mailmsg.Header, subject string) bool {
	as := mailmsg.LowerASCII(h.Get("Auto-Submitted"))
	if strings.HasPrefix(as, "auto-replied") || h.Has("X-Autoreply") || h.Has("X-Autorespond") ||
		mailmsg.LowerASCII(h.Get("Precedence")) == "auto_reply" {
		return true
	}
	return containsAny(lower(subject), vacationSubjects)
}
