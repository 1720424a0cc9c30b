package notice

// The remote servers' own words, per reason, lower case, matched as substrings of the
// diagnostic (and, when it says nothing, of the notice's text). Where a phrase comes from is
// said beside it: most are the wording of one server or provider, collected the way sisimai's
// Reason::* modules collect them (the "big per-reason phrase lists"); sisimai names the same
// wordings. A phrase beginning "re:" is a regular expression.
var phrases = map[string][]string{
	"mailboxfull": {
		"account is over quota", "account is temporarily over quota", "account is exceeding their quota", // Postfix/Dovecot LDA
		"boite du destinataire pleine",                                                                 // Orange (France)
		"delivery failed: over quota", "disc quota exceeded", "disk quota exceeded", "diskspace quota", // qmail, vpopmail
		"does not have enough space", "exceeded storage allocation", "exceeding its mailbox quota",
		"full mailbox", "is over disk quota", "is over quota", "mail quota exceeded",
		"mailbox exceeded the local limit", "mailbox full", "mailbox is full", "mailbox over quota",
		"mailbox has exceeded", "mailbox quota usage exceeded", "mailbox size limit exceeded",
		"maildir over quota", "userdisk quota", "domaindisk quota", "mailfolder is full", // qmail maildir
		"no space left on device", "not enough disk space", "not enough storage space",
		"over the allowed quota", "quota exceeded", "quota violation", "reached disk quota",
		"would exceed maximum allowed storage", "the user's space has been used up", // Biglobe, Chinese providers
		"user has exceeded quota", "user has too many messages on the server", "user is over quota",
		"user is over the quota", "user over quota", "was automatically rejected: quota exceeded",
		"over quota", "exceeded the limit", "mailbox size exceeded",
		"email account that you tried to reach is over quota", // Gmail
		"has exceeded its disk space limit", "mailbox is over its size limit", "mailbox quota exceeded",
		"mailbox would exceed", "exceeds its mailbox size limit",
		"postfach voll", "postfach ist voll", "speicherplatz", // GMX, Web.de
		"ящик переполнен", "mailbox is full", "превышен", // mail.ru
	},
	"mesgtoobig": {
		"mail size limit exceeded", // 1&1 (sisimai Lhost::EinsUndEins)
		"exceeded maximum inbound message size", "line limit exceeded", "max message size exceeded",
		"message file too big", "message length exceeds administrative limit", "message size exceeds fixed limit",
		"message size exceeds fixed maximum message size", "message size exceeds maximum value",
		"message too big", "message too large", "taille limite du message atteinte",
		"message is too large", "message exceeds the maximum size", "exceeds size limit",
		"size of this message exceeds", "message size exceeds", "message exceeded maximum size",
		"is larger than the", "message size limit", "exceeded the maximum message size",
	},
	"exceedlimit": {
		"message header size exceeds limit", "message exceeds local size limit", // Sendmail, Exim
		"too many rcpts", // RFC 5321 §4.5.3.1.8 wordings
	},
	"suspend": {
		"temporary locked", "account that you tried to reach is inactive", // Postfix check_recipient_access, Gmail 5.2.1
		"account disabled", "has been disabled", "boite du destinataire archivee",
		"email account that you tried to reach is disabled", "invalid/inactive user",
		"is a deactivated mailbox", "is unavailable: user is terminated", "mailbox currently suspended",
		"mailbox disabled", "mailbox is frozen", "mailbox unavailable or access denied",
		"temporarily inactive", "recipient suspend the service", "has been disabled or discontinued",
		"has been temporarily suspended", "this mailbox is disabled", "user or domain is disabled",
		"user suspended", "account is locked", "account is disabled", "account has been suspended",
		"inactive account", "mailbox is inactive", "account inactive", "user account is disabled",
		"account is suspended", "account has been disabled", "recipient is inactive",
		"is not currently accepting", "account is inactive", "this account is not active",
	},
	"hasmoved": {" has been replaced by ", "address has moved", "user has moved", "has moved to"},
	"norelaying": {
		"not configured to relay",       // Postfix relay refusals
		"email address is not verified", // Amazon SES: an unverified sender identity may not relay
		"as a relay", "insecure mail relay", "is not permitted to relay", "no relaying", "not a gateway",
		"not allowed to relay", "not local host", "not permitted to relay", "relay access denied",
		"relay denied", "relay not permitted", "relaying denied", "relaying mail to ", "relay prohibited",
		"unable to relay", "we don't handle mail for", "relaying not allowed", "we do not relay",
		"mail server requires authentication when attempting to send to a non-local e-mail address", // Exchange
	},
	"authfailure": {
		"does not have authentication information", "fails to pass authentication", // Gmail 550 5.7.1/5.7.26 // sisimai v5 AuthFailure: SPF, DKIM, DMARC
		"spf.pobox.com", "bad spf records", "dmarc policy", "please inspect your spf settings",
		"sender policy framework", "spf check: fail", "spf (sender policy framework)",
		"did not pass authentication", "unauthenticated email", "is not allowed to send mail from",
		"spf fail", "spf=fail", "spf validation", "domain authentication fail",
		"failed spf", "spf verification", "authentication checks", "does not pass dmarc", "sender domain policy",
		"has a dmarc policy", "not authorized to send on behalf", "message failed dmarc",
		// sisimai v5 reason/why-authfailure.go
		"//spf.pobox.com", "bad spf records for", "doesn't meet the required authentication level", "sender policy framework (spf) fail", "sender policy framework violation", "spf (sender policy framework) domain authentication fail", "the 5322.from address doesn't meet the authentication requirements defined for the sender", `re: is not allowed to send mail\..*_401`, `re:is not allowed to send from <.* per it's spf record`,
	},

	"userunknown": {
		// sisimai v5 reason/why-userunknown.go, the servers' words for an address that is not there
		"#5.1.1 bad address", "550 address invalid", "5.1.0 address rejected.", "address does not exist",
		"address not present in directory", "address unknown", "can't accept user", "does not exist.",
		"destination addresses were unknown", "destination server rejected recipients", "email address does not exist",
		"email address could not be found", "invalid address", "invalid mailbox", "invalid recipient",
		"is not a known user", "is not a valid mailbox", "is not an active address at this host", "mailbox does not exist",
		"mailbox invalid", "mailbox is inactive", "mailbox is unavailable", "mailbox not present", "mailbox not found",
		"mailbox unavaiable", "nessun utente simile in questo indirizzo", "no account by that name here",
		"no existe dicha persona", "no existe ese usuario ", "no mail box available for this user",
		"no mailbox by that name is currently available", "no mailbox found", "no such address here", "no such mailbox",
		"no such person at this address", "no such recipient", "no such user", "no thank you rejected: account unavailable",
		"no valid recipients, bye", "not a valid recipient", "not a valid user here", "not a local address",
		"not email addresses", "recipient address rejected. (in reply to rcpt to command)",
		"recipient address rejected: access denied", "recipient address rejected: invalid user",
		"recipient address rejected: invalid-recipient", "recipient address rejected: unknown user",
		"recipient address rejected: userunknown", "recipient does not exist", "recipient is not accepted",
		"recipient is not local", "recipient not exist", "recipient not found", "recipient not ok",
		"recipient refuses to accept your mail", "recipient unknown", "requested action not taken: mailbox unavailable",
		"resolver.adr.recipient notfound", "resolver.adr.recipnotfound", "sorry, user unknown", "sorry, badrcptto",
		"sorry, no mailbox here by that name", "sorry, your envelope recipient has been denied",
		"that domain or user isn't in my list of allowed rcpthosts", "the email account that you tried to reach does not exist",
		"the following recipients was undeliverable", "the user's email name is not found", "there is no one at this address",
		"this address no longer accepts mail", "this email address is wrong or no longer valid",
		"this recipient is in my badrecipientto list", "this recipient is not in my validrcptto list",
		"this spectator does not exist", "unknown mailbox", "unknown recipient", "unknown user", "user does not exist",
		"user missing home directory", "user not active", "user not exist", "user not found", "user not known",
		"user unknown", "utilisateur inconnu !", "vdeliver: invalid or unknown virtual user",
		"weil die adresse nicht gefunden wurde oder keine e-mails empfangen kann", "your envelope recipient is in my badrcptto list",
		`re:<[^>]*> not found`, `re:<[^>]*>\.\.\. blocked by `, `re:account .* does not exist at the organization`,
		`re:adresse d au moins un destinataire invalide\. invalid recipient\..*41[68]`, `re:bad.*recipient`,
		`re:mailbox .*does not exist`, `re:mailbox .*unavailable or access denied`, `re:no .* in name directory`,
		`re:non.*existent user`, `re:rcpt <.* does not exist`, `re:rcpt \(.*t exist `, `re:recipient .* was not found in`,
		`re:recipient address rejected: user .*  does not exist`, `re:recipient address rejected: user unknown in .*  table`,
		`re:said: 550.*5\.1\.1 .* user unknown `, `re:this user doesn't have a .* account`, `re:unknown e.*mail address`,
		`re:unknown local.*part`, `re:user .* was not found`, `re:user .* does not exist`, `re:user \(.*\) unknown`,
		// Readers' own wordings this package also reads (Domino, mail.ru and Yandex, GMX and Web.de, qmail)
		"not listed in domino directory", "не существует", "нет такого пользователя", "неверный адрес",
		"benutzer unbekannt", "unbekannter empfänger", "adresse unbekannt",
		"wasn't able to deliver your message to the following addresses", // qmail (sisimai Lhost::qmail)
	},
	"filtered": {
		// sisimai v5 reason/why-filtered.go: the recipient's own filter refused the message
		"account is protected by", "bounced address", "has restricted sms e-mail", "is not accepting any mail",
		"message filtered", "message rejected due to user rules", "not found recipient account",
		"recipient id refuse to receive mail", "recipient is only accepting mail from specific email addresses",
		"refused due to recipient preferences", "user not found", "user refuses to receive this mail",
		"user reject", "you have been blocked by the recipient",
		"resolver.rst.notauthorized",                                        // Exchange: the recipient accepts only some senders
		"rejected by a remote mail server", "because of user's mail filter", // au EZweb's own notices (sisimai Lhost::EZweb)
	},
	"requireptr": {
		// sisimai v5 reason/why-requireptr.go: the client's IP has no usable reverse DNS
		"access denied. ip name lookup failed", "all mail servers must have a ptr record with a valid reverse dns entry",
		"bad dns ptr resource record", "cannot find your hostname", "cannot resolve your address.",
		"fix reverse dns for ", "ips with missing ptr records", "no ptr record found.",
		"please get a custom reverse dns name from your isp for your host", "ptr record setup", "reverse dns failed",
		"reverse dns required", "sender ip reverse lookup rejected",
		"the ip address sending this message does not have a ptr record setup",
		"the corresponding forward dns entry does not point to the sending ip",
		"this system will not accept messages from servers/devices with no reverse dns", "unresolvable relay host name",
		"we do not accept mail from hosts with dynamic ip or generic dns ptr-records",
		`re:domain .* mismatches client ip`, `re:dns lookup failure: .* try again later`,
		`re:reverse dns lookup for host .* failed permanently`, `re:server access .* forbidden by invalid rdns record of your mail server`,
		`re:service permits .* unverifyable sending ips`,
	},
	"notcompliantrfc": {
		"this message is not rfc 5322 compliant", "rfcmessagenoncompliant", "duplicate header",
		"multiple addresses in from", "rfc 5322 compliant", "rfc 5322", "rfc5322", "not rfc compliant",
		"message contains invalid header", "more than one", "invalid message-id",
	},
	"badreputation": {
		"a poor email reputation score", "rate limited due to ip reputation", "ip/domain reputation problems",
		"very low reputation", "temporarily deferred due to unexpected volume or user complaints",
		"poor reputation", "low reputation", "bad reputation", "reputation of", "sender reputation",
		"ip reputation", "domain reputation", "reputation",
	},
	"rejected": {
		"access denied (in reply to mail from command)", "administrative prohibition", "batv failed to verify",
		"batv validation failure", "backscatter protection", "bogus mail from", "without a valid sender domain",
		"denied [bouncedeny]", "valid-address-filter", "domain of sender address", "emetteur invalide",
		"empty envelope senders not allowed", "error: no third-party dsns", "from: domain is invalid",
		"fully qualified email address required", "invalid sender", "is not a registered gateway user",
		"mail from not owned by user", "null sender is not allowed", "returned mail not accepted here",
		"sender address has been blacklisted", "sender email address rejected", "my badmailfrom list",
		"sender is spammer", "sender not pre-approved", "sender rejected", "sender domain is empty",
		"sender verify failed", "empty email address", "rejected by batv", "this server does not accept mail from",
		"unsigned dsn for", "unroutable sender address", "you are not allowed to post to this mailing list",
		"your email address has been blacklisted", "sender address rejected", "sender verification failed",
		"you do not have permission to post", "not have permission to post", // Google Groups (Lhost::GoogleGroups)
		"group may not exist", "your message was not delivered because", "sender denied",
		"don't have permission", "sender is not allowed", "rejected your message",
		// sisimai v5 reason/why-rejected.go: the sender refused, in these servers' words
		"access denied (sender blacklisted)", "because the sender isn't on the recipient's list of senders to accept mail from",
		"can't determine purported responsible address", "delivery not authorized, message refused",
		"does not exist e2110", "email address is on senderfilterconfig list", "envelope blocked - ",
		"invalid domain, see <url:", "message rejected: email address is not verified", "mx records for ",
		"recipient addresses rejected : access denied", "recipient not accepted. (batv: no tag",
		"rfc 1035 violation: recursive cname records for", "rule imposed mailbox access for",
		"sending this from a different address or alias using the ", "sender is in my black list",
		"sender was rejected", "spam reporting address", "you are sending to/from an address that has been blacklisted",
		"your access to submit messages to this e-mail system has been rejected",
	},
	"hostunknown": {
		"domain does not exist", "domain is not reachable", "domain must exist", "host or domain name not found",
		"host unknown", "mail domain mentioned in email address is unknown", "name or service not known",
		"no such domain", "unknown domain", "recipient domain must exist", "the account or domain may not exist",
		"unknown host", "unrouteable address", "unrouteable mail domain", "unrouteable host", "domain not found",
		"couldn't find any host named", "host not found",
		"mx or srv record indicated no smtp service", "unable to find mx", "no such host",
		"lookup failure", "unresolvable domain",
		"could not be resolved", "no route for domain",
		// sisimai v5 reason/why-hostunknown.go
		"host unreachable", "recipient address rejected: unknown domain name", "unroutable address",
		`re:553 .* does not exist`,
	},
	"spamdetected": {
		" - spam", "help_spam_16.htm", "554 5.7.0 reject, id=", "appears to be unsolicited",
		"blacklisted url in message", "block for spam", "blocked by policy: no spam please", "blocked by spamassassin",
		"bulk email", "unsolicited bulk e-mail", "content filter rejection", "identified this email as a bulk email",
		"denied due to spam list", "high probability of spam", "is classified as spam", "detected your message as spam",
		"mail appears to be unsolicited", "mail content denied", "may consider spam", "message considered as spam",
		"message contains spam", "message content rejected", "message detected as spam", "message looks like spam",
		"seems to be a spam", "spamprofiler", "message rejected as spam", "rejected because of unacceptable content",
		"suspected spam", "possible spam", "thinks this email is spam", "probable spam", "reject bulk.advertising",
		"spamassassin score", "rejected - bulk email", "banned content", "rejecting mail content", "spam-like",
		"not accepted due to spam filter", "spam check", "spam content matched", "spam detected", "spam email",
		"spam message rejected", "spam not accepted", "spam refused", "spam rejection", "spam score",
		"spambouncer identified spam", "spamming not allowed", "too many spam complaints", "too much spam",
		"was detected as spam", "rejected by spam filtering engine", "classification as bulk mail",
		"looked like spam", "appears to be spam", "identified as spam", "this message scored",
		"classified as spam", "recurrent pattern detection system", "spam message not queued",
		"we dont accept spam", "similar to spam", "uribl policy", "considered spam", "probably spam",
		"triggered a spam block", "spam contents", "antispam checks", "message is spam", "as spam",
		"spam policy", "junk mail", "identified as junk", "spam filter", "spam-filter", "spamfilter",
		"detected as spam", "rejected as spam", "blocked by our content filter", "content is spam",
		"likely spam", "suspicious content", "detected spam", "is spam", "spam message",
		"message was blocked by barracuda", "spam (", "marked as spam",
		"rejected due to spam classification", // Google Groups: "Your email to group … was rejected due to spam classification"
	},
	"virusdetected": {
		"potentially executable attachment", "contains prohibited virus", "used by recent viruses", "virus detected",
		"virus phishing", "infected with a virus", "contains a virus", "virus found", "a virus was found",
		"malware detected", "malicious content", "infected", "virus", "malware", "phishing",
	},
	"policyviolation": {
		"header error", "denied by policy", // Sendmail/Exim content filters (sisimai v5 PolicyViolation)
		"an illegal attachment", "by the company's e-mail policy", "contains a prohibited attachment",
		"not accepted for policy reasons", "message given low priority", "messages with multiple addresses",
		"rejected for policy reasons", "protocol violation", "not subscribed to this group",
		"rejected by organization policy", "its content presents a potential", "containing images or other attachments",
		"using a mass mailer", "policy violation", "violates our policy", "violation of policy", "content policy",
		"blocked by policy", "prohibited attachment", "attachment not allowed", "blocked attachment",
		"policy reasons", "not allowed by policy", "rejected by policy", "transport rule", "organization's policy",
		"message was blocked by", "mail policy", "against policy", "local policy", "policy rejection",
	},
	"speeding": {"please try again slower", "at a rate that prevents additional messages", "rate limit", "too many messages", "sending rate", "too fast"},
	"toomanyconn": {
		"too many recipients", // 552/452 at RCPT (sisimai v5 TooManyConn)
		"maximum connection limit", "connection rate limit exceeded", "per-domain connection limit",
		"max emails per hour", "daily message quota exceeded", "maximum sending rate exceeded",
		"too many connections", "too many concurrent smtp connections", "too many errors from your ip",
		"too many smtp sessions", "trop de connexions", "too many simultaneous connections", "too many sessions",
	},
	"blocked": {
		"bad sender ip address", "banned sending ip", "blacklisted by", "blocked using", "blocked - see http",
		"dnsbl", "client host rejected", "confirm this mail server", "connections not accepted from ip addresses",
		"currently sending spam see", "dynamic/zombied/spam ips blocked", "esmtp not accepting connections",
		"extreme bad ip profile", "helo command rejected", "host network not allowed", "hosts with dynamic ip",
		"spamcop.net/bl", "invalid ip for sending mail", "is in a black list", "is on our block list",
		"ip listed on", "ip blacklisted", "no access from mail server", "not currently accepting mail from your ip",
		"on our block list", "please use the smtp server of your isp", "refused - see http", "multi-blacklist",
		"rejecting open proxy", "sender ip address rejected", "server access forbidden by your ip",
		"after initial connection", "looks suspiciously like spammer", "too many spams from your ip",
		"we do not accept mail from dynamic ips", "you are not allowed to connect", "your network is temporary blacklisted",
		"your server requires confirmation",
		// sisimai v5 reason/why-blocked.go
		" said: 550 blocked", "client host rejected: may not be mail exchanger", "client host rejected: was not authenticated",
		"connection dropped", "connection refused by", "connection reset by peer", "connection was dropped by remote host",
		"domain does not exist:", "error: no valid recipients from ", "go away", "is not allowed to send mail from",
		"mailfrom domain is listed in spamhaus", "no matches to nameserver query", "part of their network is on our block list",
		"rejected because the sending mta or the sender has not passed validation", "service not available, closing transmission channel",
		"sorry, that domain isn't in my list of allowed rcpthosts", "temporarily deferred due to unexpected volume or user complaints",
		"to submit messages to this e-mail system has been rejected", "too many unwanted messages have been sent from the following ip address above",
		"was blocked by ", "you are sending spam", "your ip address is listed in the rbl",
		`re:access from ip address .* blocked`, `re:client host .* blocked using`, `re:dnsbl:rbl .*>_is_blocked`,
		`re:email blocked by .*(\.barracudacentral\.org|spamhaus)`, `re:host .* refused to talk to me: .* blocked`,
		`re:ip .* is blocked by earthlink`, `re:is in an .*rbl on `, `re:mail server at .* is blocked`, `re:mail from .* refused:`,
		`re:message from .* rejected based on blacklist`, `re:messages from .* temporarily deferred due to user complaints`,
		`re:server ip .* listed as abusive`, `re:sorry! your ip address.* is blocked by rbl`, `re:the (domain|email|ip).* is blacklisted`,
		`re:your access ip.* has been rejected`, `re:your sender's ip address is listed at .*\.abuseat\.org`,
	},
	"systemerror": {
		// sisimai v5 reason/why-systemerror.go: the remote system failed in itself
		"aliasing/forwarding loop broken", "can't create user output file", "could not load drd for domain",
		"internal error reading data", "internal server error: operation now in progress", "interrupted system call",
		"it encountered an error while being processed", "it would create a mail loop", "local configuration error",
		"local error in processing", "loop was found in the mail exchanger", "loops back to myself",
		"mail system configuration error", "queue file write error", "recipient deferred because there is no mdb",
		"remote server is misconfigured", "server configuration error", "service currently unavailable",
		"system config error", "temporary local problem", "timeout waiting for input", "transaction failed ",
		`re:unable to connect .*daemon`,
	},
	"networkerror": {
		"too many hops", // Sendmail 554 5.4.6
		"could not connect and send the mail", "dns records for the destination computer could not be found",
		"hop count exceeded", "host is unreachable", "host name lookup failure", "host not found, try again",
		"mail forwarding loop for", "malformed name server reply", "malformed or unexpected name server reply",
		"maximum forwarding loop count exceeded", "message looping", "routing loop", "no route to host",
		"unable to resolve route", "network is unreachable", "lost connection", "connection reset", "couldn't connect", "could not connect",
		"no smtp connection got far enough", "network error", "dns error", // Gmail: "DNS Error: … lookup of"

		// sisimai v5 reason/why-networkerror.go
		"could not connect and send the mail to", "hop count exceeded - possible mail loop", "mail forwarding loop for ", "message probably in a routing loop", "unable to resolve route ", "unrouteable mail domain",
	},

	"expired": {
		"delivery attempts will continue", "delivery time expired", "failed to deliver to domain", "giving up on",
		"has not been collected after", "message expired", "message timed out",
		"retry time not reached for any host after a long failure period", // Exim
		"server did not respond", "in the queue too long", "unable to deliver message after multiple retries",
		"within the allowed queue period", "could not be delivered for more than", "retry timeout exceeded",
		"couldn't deliver for", "has not been delivered for", "i'm not going to try again", // qmail
		"delivery expired", "queue lifetime", "too long in queue", "exceeded the max time", "expired after",
		"could not deliver for", "connection timed out", "timed out", "did not accept our requests to connect", // Gmail
		"host not reachable", "envelope expired", "all hosts have been failing", "will continue trying", // Zoho, OpenSMTPD, Exim
		"has been in the queue", "operation timed out",
		// sisimai v5 reason/why-expired.go
		"could not find a gateway for", "delivery attempts will continue to be", "failed to deliver to domain ", "have been failing for a long time", "has been delayed", "it has not been collected after", "message expired after sitting in queue for", "message expired, cannot connect to remote server", "message expired, connection refulsed", "this message has been in the queue too long", "was not reachable within the allowed queue period", "your message could not be delivered for more than", `re:could not be delivered for.* days`,
	},

	"systemfull": {
		"insufficient disk space", // Sendmail 452 4.4.5
		"mail system full", "insufficient system storage", "insufficient system resources", "system is full"},
	"mailererror": {
		"x-unix;", "command died with status", "command output:", "procmail:", "bin/procmail", "mailer error",
		"unknown mailer error", "local delivery failed", "permission denied", "exit status",
	},
	"contenterror": {
		"message header error", "improper use of 8-bit data", "message is not well formed", "bare lf",
		"illegal characters", "invalid content", "malformed message", "message content error",
	},
	"securityerror": {
		"authentication failed", "authentication required", "authentication turned on in your email client",
		"executable files are not allowed", "recipient address rejected: access denied",
		"you don't authenticate", "unauthenticated senders not allowed", "verification failure",
		"you are not authorized to send mail", "please use authenticated smtp", "must be authenticated",
		"authentication is required",
	},
	"notaccept": {
		"no mx found", // OpenSMTPD
		"does not accept mail", "host/domain does not accept mail", "null mx", "name server: .: host not found",
		"mail receiving disabled", "couldn't find a mail exchanger", "no mx record", "doesn't receive email", "does not have an mx", "domain does not accept mail", "not accepting mail", "accepts no mail",
	},
	"failedstarttls": {
		"starttls is required", "must issue a starttls command", "tls required", "starttls failed",
		"requires a secure connection", "encryption required", "tls is required",
	},
	"syntaxerror": {"syntax error", "command unrecognized", "unrecognized command", "bad sequence of commands"},
	"vacation":    {"i am away on vacation", "i am away until", "i am out of the office", "out of office", "on vacation", "auto-reply", "autoreply", "abwesenheit", "absent du bureau"},
}

// notPhrases veto a reason's phrases: words that look like it but say something else
// (sisimai v5 reason/why-rejected.go "isnot": a recipient refused is not the sender refused).
var notPhrases = map[string][]string{
	"rejected": {"5.1.0 address rejected", "recipient address rejected", "sender ip address rejected"},
}

// rejectedAtMail: Postfix's "Access denied (in reply to MAIL FROM command)", which sisimai v5
// reads as the sender refused; here the command is known apart from the words.
var rejectedAtMail = []string{"access denied"}

// userUnknownAtRcpt: Postfix's bare "Recipient address rejected. (in reply to RCPT TO
// command)", which sisimai v5 reads as userunknown with the command in the words.
var userUnknownAtRcpt = []string{"recipient address rejected."}
