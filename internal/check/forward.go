package check

import (
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Forward detection. The rule, tuned on the corpus:
//
//   - A forward marker that only forwards write ("---------- Forwarded message ---------",
//     "Begin forwarded message:", "----- Forwarded by … -----", Thunderbird's dashed
//     "Original Message") means a forward, if it is the first quoting block near the top of
//     the text.
//   - Blocks that replies write too (Outlook's "-----Original Message-----" and its
//     From/Sent/To/Subject block, "On … wrote:") mean a forward only when the subject's
//     outermost prefix is a forward prefix (mailmsg's one list: Fw:, Fwd:, WG:, TR:, RV:,
//     Doorst:, 转发:, …): a delivered reply that quotes earlier mail is itself an original.
//   - Quoted lines ("> …", or inside an HTML blockquote) are history. The one exception is a
//     forward marker quoted once: Apple Mail quotes its own "Begin forwarded message:".
//   - Whatever comes after the first block is quoted history too: a reply quoting a forward
//     is not a forward.

// topLines is how far into a text the first block is looked for. A forward puts its marker
// under a short note; a marker deeper than this is part of something else.
const topLines = 200

type blockKind int

const (
	noBlock      blockKind = iota
	forwardBlock           // written only by forwards
	replyBlock             // written by replies and by some forwards
)

// findForward decides whether the texts of a message make it an inline forward, and names
// the mail program that made it ("" when it cannot be told).
func findForward(texts []string, subject string, outlookHTML bool) (string, bool) {
	// "VS" is a forward in Danish and a reply in Finnish: on its own it proves neither.
	fwdSubject := mailmsg.ParseSubject(subject).IsForward()
	for _, text := range texts {
		kind, style := firstBlock(text)
		if kind == replyBlock && style == "" && outlookHTML {
			style = "Outlook"
		}
		if kind == forwardBlock || (kind == replyBlock && fwdSubject) {
			return style, true
		}
	}
	return "", false
}

// firstBlock finds the first forward or reply block within the top of a text.
func firstBlock(text string) (blockKind, string) {
	lines := strings.Split(text, "\n")
	seen := 0
	for i := 0; i < len(lines) && seen < topLines; i++ {
		line, depth := unquote(lines[i])
		if line == "" {
			continue
		}
		seen++
		if depth > 1 {
			continue
		}
		if kind, style := dashedMarker(line); kind == forwardBlock || (kind == replyBlock && depth == 0) {
			return kind, style
		}
		if kind, style := phraseMarker(line); kind != noBlock {
			return kind, style
		}
		if depth > 0 {
			continue
		}
		if isWroteLine(line, prevNonEmpty(lines, i)) {
			return replyBlock, ""
		}
		if style, ok := labelBlock(lines, i); ok {
			return replyBlock, style
		}
	}
	return noBlock, ""
}

// unquote strips "> " quoting and returns the trimmed line and its quote depth.
func unquote(line string) (string, int) {
	line = strings.TrimSpace(line)
	depth := 0
	for strings.HasPrefix(line, ">") {
		depth++
		line = strings.TrimLeft(line[1:], " \t")
	}
	return line, depth
}

func prevNonEmpty(lines []string, i int) string {
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if s := strings.TrimSpace(lines[j]); s != "" {
			return s
		}
	}
	return ""
}

// Phrases inside dashed marker lines, lower case.
var (
	forwardedPhrases = []string{"forwarded message", "weitergeleitete nachricht", "message transféré",
		"message transfere", "doorgestuurd bericht", "mensaje reenviado", "messaggio inoltrato",
		"mensagem encaminhada", "mensagem reencaminhada", "wiadomość przekazana dalej",
		"пересылаемое сообщение", "vidarebefordrat meddelande", "videresendt meddelelse",
		"videresendt melding", "välitetty viesti", "přeposlaná zpráva", "továbbított üzenet",
		"forwarded e-mail", "forwarded email", "forwarded mail", "forwarded note"}
	originalPhrases = []string{"original message", "ursprüngliche nachricht", "message d'origine",
		"message d’origine", "message original", "oorspronkelijk bericht", "mensaje original",
		"messaggio originale", "mensagem original", "ursprungligt meddelande", "oprindelig meddelelse",
		"opprinnelig melding", "alkuperäinen viesti", "oryginalna wiadomość", "исходное сообщение",
		"původní zpráva", "eredeti üzenet", "original nachricht"}
	// Lotus Notes: "----- Forwarded by Jane Doe/Sales/Acme on 03/03/2020 10:15 AM -----".
	notesPrefixes = []string{"forwarded by ", "weitergeleitet von ", "transféré par ", "doorgestuurd door ",
		"reenviado por ", "inoltrato da "}
	// Apple Mail and iOS: "Begin forwarded message:".
	beginForwarded = []string{"begin forwarded message", "anfang der weitergeleiteten nachricht",
		"début du message réexpédié", "début du message transféré", "begin doorgestuurd bericht",
		"inicio del mensaje reenviado", "comienzo del mensaje reenviado", "inizio messaggio inoltrato",
		"início da mensagem reencaminhada", "início da mensagem encaminhada", "vidarebefordrat brev",
		"videresendt besked", "początek przekazywanej wiadomości", "välitetty viesti alkaa"}
)

// dashedMarker reads lines like "---------- Forwarded message ---------", and Yahoo's plain
// text, which runs the forwarded header onto the same line ("----- Forwarded Message -----
// From: …To: …"). The number of dashes tells the program apart: Gmail writes ten,
// Thunderbird eight, Yahoo and Outlook Express five with spaces, Outlook five without.
func dashedMarker(line string) (blockKind, string) {
	lead := len(line) - len(strings.TrimLeft(line, "-"))
	if lead < 2 {
		return noBlock, ""
	}
	inner, _, closed := strings.Cut(line[lead:], "--")
	if !closed || strings.TrimSpace(inner) == "" {
		return noBlock, ""
	}
	spaced := strings.HasPrefix(inner, " ")
	phrase := strings.ToLower(strings.TrimSpace(inner))
	for _, p := range notesPrefixes {
		if strings.HasPrefix(phrase, p) {
			return forwardBlock, "Lotus Notes"
		}
	}
	if len(phrase) > 40 {
		return noBlock, ""
	}
	if containsAny(phrase, forwardedPhrases) {
		switch {
		case lead >= 10:
			return forwardBlock, "Gmail"
		case lead == 8:
			return forwardBlock, "Thunderbird"
		case lead == 5 && spaced:
			return forwardBlock, "Yahoo Mail"
		}
		return forwardBlock, ""
	}
	if containsAny(phrase, originalPhrases) {
		switch {
		case lead == 8:
			// Thunderbird's "Forward inline" wrote this before it said "Forwarded Message".
			return forwardBlock, "Thunderbird"
		case lead == 5 && !spaced:
			return replyBlock, "Outlook"
		case lead == 5:
			return replyBlock, "Outlook Express or Windows Mail"
		}
		return replyBlock, ""
	}
	return noBlock, ""
}

// phraseMarker reads undashed markers: "Begin forwarded message:".
func phraseMarker(line string) (blockKind, string) {
	l := strings.ToLower(strings.TrimRight(line, " :\u00a0"))
	if len(l) > 60 {
		return noBlock, ""
	}
	for _, p := range beginForwarded {
		if l == p {
			return forwardBlock, "Mac Mail"
		}
	}
	return noBlock, ""
}

// Reply attributions: "On Tue, 3 Mar 2020 at 10:15, Jane <jane@example.com> wrote:", which
// plain-text wrapping may split over two lines.
var (
	wroteEndings = []string{"wrote:", "schrieb:", "a écrit :", "a écrit:", "schreef:", "escribió:",
		"ha scritto:", "escreveu:", "skrev:", "kirjoitti:", "napisał:", "написал:", "написала:", "írta:"}
	wroteStarts = []string{"on ", "am ", "le ", "op ", "el ", "il ", "em ", "den ", "w dniu ", "dne "}
)

func isWroteLine(line, prev string) bool {
	l := strings.ToLower(line)
	if len(l) > 300 || !hasSuffixAny(l, wroteEndings) {
		return false
	}
	return hasPrefixAny(l, wroteStarts) || hasPrefixAny(strings.ToLower(prev), wroteStarts)
}

// labelBlock recognises a From/Sent/To/Subject block starting at lines[i]: a From label,
// then within the next lines a Sent (or Date) label and a Subject label. Outlook writes
// Sent; Apple Mail and Gmail write Date.
func labelBlock(lines []string, i int) (string, bool) {
	kind, _ := displayLabel(strings.TrimSpace(lines[i]))
	if kind != labelFrom {
		return "", false
	}
	var sent, date, subject bool
	// Outlook wraps a long To or Cc list over several lines, so the Subject can come late.
	for j := i + 1; j < len(lines) && j <= i+20; j++ {
		k, _ := displayLabel(strings.TrimSpace(lines[j]))
		switch k {
		case labelSent:
			sent = true
		case labelDate:
			date = true
		case labelSubject:
			subject = true
		}
	}
	if !subject || !(sent || date) {
		return "", false
	}
	if sent {
		return "Outlook", true
	}
	return "", true
}

func containsAny(s string, subs []string) bool {
	for _, p := range subs {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func hasPrefixAny(s string, ps []string) bool {
	for _, p := range ps {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func hasSuffixAny(s string, ps []string) bool {
	for _, p := range ps {
		if strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}
