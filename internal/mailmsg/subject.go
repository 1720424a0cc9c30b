package mailmsg

import (
	"strings"
	"unicode/utf8"
)

// PrefixKind says what a subject prefix marks.
type PrefixKind uint8

const (
	NoPrefix PrefixKind = iota
	Reply
	Forward
	// ForwardOrReply: a prefix that is a forward in one language and a reply in another
	// ("VS": Danish and Norwegian Outlook forward, Finnish Outlook reply). Callers with
	// other evidence (the language of a quoted header block) decide; on its own it proves
	// neither.
	ForwardOrReply
)

// prefixes is the one list of the subject prefixes mail programs add, lower case, with the
// program and language that writes each. Outlook localises them per language (its
// "Reply"/"Forward" subject prefixes); Thunderbird, Gmail and Apple Mail write Re:/Fwd: in
// every language unless told otherwise.
var prefixes = map[string]PrefixKind{
	// English: every program; "Fwrd" from older webmail.
	"re": Reply, "fw": Forward, "fwd": Forward, "fwrd": Forward,
	// German Outlook: AW (Antwort), WG (Weitergeleitet).
	"aw": Reply, "wg": Forward,
	// French Outlook: TR (Transféré); "Trans" from older French clients. Replies are RE.
	"tr": Forward, "trans": Forward,
	// Spanish Outlook: RV (Reenviado). Replies are RE.
	"rv": Forward,
	// Portuguese Outlook: RES (Resposta), ENC (Encaminhado).
	"res": Reply, "enc": Forward,
	// Italian Outlook: R and RIF (Riferimento), I (Inoltro).
	"r": Reply, "rif": Reply, "i": Forward,
	// Dutch Outlook: Antw (Antwoord), Doorst (Doorsturen).
	"antw": Reply, "doorst": Forward,
	// Swedish Outlook: SV (Svar), VB (Vidarebefordrat).
	"sv": Reply, "vb": Forward,
	// Danish and Norwegian Outlook: SV (Svar), VS (Videresend), which is Finnish for a reply.
	"vs": ForwardOrReply,
	// Finnish Outlook: VS (Vastaus, above), VL (Välitä).
	"vl": Forward,
	// Icelandic Outlook: SV (Svar), FS (Framsent).
	"fs": Forward,
	// Polish Outlook: Odp (Odpowiedź), PD (Przekazanie dalej).
	"odp": Reply, "pd": Forward,
	// Hungarian Outlook: V (Válasz), Továbbítás and its short form Tov.
	"v": Reply, "továbbítás": Forward, "tov": Forward,
	// Czech clients: Odp (Odpověď, above), Přeposlat.
	"přeposlat": Forward,
	// Turkish Outlook: YNT (Yanıt), İLT (İlet); the dotted capital is folded to "i".
	"ynt": Reply, "ilt": Forward,
	// Indonesian Outlook: BLS (Balas), TRS (Terusan).
	"bls": Reply, "trs": Forward,
	// Lithuanian clients: Ats (Atsakymas), Pers (Persiųsta).
	"ats": Reply, "pers": Forward,
	// Russian clients (Mail.ru, The Bat!): Отв (Ответ), Пересл (Пересланное).
	"отв": Reply, "пересл": Forward,
	// Greek Outlook: ΑΠ (Απάντηση), ΣΧΕΤ (Σχετικά), ΠΡΘ (Προώθηση).
	"απ": Reply, "σχετ": Reply, "πρθ": Forward,
	// Chinese Outlook (simplified): 答复, 转发; QQ Mail and Foxmail: 回复.
	"答复": Reply, "回复": Reply, "转发": Forward,
	// Chinese Outlook (traditional): 回覆, 轉寄; 轉送 from other clients.
	"回覆": Reply, "轉寄": Forward, "轉送": Forward,
	// Japanese clients: 返信, 転送.
	"返信": Reply, "転送": Forward,
	// Korean Outlook: 회신, 전달.
	"회신": Reply, "전달": Forward,
	// Welsh Outlook: ATB (Ateb), YML (Ymlaen).
	"atb": Reply, "yml": Forward,
}

// maxPrefixes bounds how many leading prefixes and tags are read ("Re: Re: Fwd: …").
const maxPrefixes = 10

// SubjectInfo is what the start of a subject says.
type SubjectInfo struct {
	// Outer is the kind of the outermost prefix ("Fwd: Re: x" is a Forward).
	Outer PrefixKind
	// Base is the subject with every leading prefix removed, and the tags ("[External]",
	// "*****SPAM*****") standing before a removed prefix; a tag before the text itself stays.
	Base string
}

// IsForward: the outermost prefix is a forward prefix (not the ambiguous "VS").
func (s SubjectInfo) IsForward() bool { return s.Outer == Forward }

// IsReply: the outermost prefix is a reply prefix (not the ambiguous "VS").
func (s SubjectInfo) IsReply() bool { return s.Outer == Reply }

// ParseSubject reads the prefixes of a decoded subject. The one rule: a prefix is a word
// from the list, in any case, optionally followed by a count ("Fwd[2]", "RE(3)", "FW 2"),
// then optional white space and a colon, ASCII ':' or full-width '：' (Chinese and Japanese
// clients). Tags in square brackets and spam filters' asterisk tags may stand before it.
func ParseSubject(subject string) SubjectInfo {
	s := strings.TrimSpace(subject)
	info := SubjectInfo{}
	for range maxPrefixes {
		rest := skipTags(s)
		kind, after, ok := prefixAt(rest)
		if !ok {
			break
		}
		if info.Outer == NoPrefix {
			info.Outer = kind
		}
		s = strings.TrimSpace(after)
	}
	info.Base = s
	return info
}

// skipTags skips "[…]" tags and "*****SPAM*****"-style tags at the start of s.
func skipTags(s string) string {
	for range maxPrefixes {
		switch {
		case strings.HasPrefix(s, "["):
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return s
			}
			s = strings.TrimSpace(s[end+1:])
			continue
		case strings.HasPrefix(s, "*"):
			s = strings.TrimLeft(s, "*")
			if len(s) >= 4 && strings.EqualFold(s[:4], "spam") {
				s = s[4:]
			}
			s = strings.TrimSpace(strings.TrimLeft(s, "*"))
			continue
		}
		return s
	}
	return s
}

// prefixAt reads one prefix at the start of s and returns what follows its colon.
func prefixAt(s string) (PrefixKind, string, bool) {
	colon, width := strings.IndexByte(s, ':'), 1
	if fw := strings.Index(s, "："); fw >= 0 && (colon < 0 || fw < colon) {
		colon, width = fw, len("：")
	}
	if colon <= 0 || utf8.RuneCountInString(s[:colon]) > 14 {
		return NoPrefix, "", false
	}
	word := strings.TrimSpace(s[:colon])
	// "Fwd[2]", "RE(3)" and "FW 2" count as "Fwd", "RE" and "FW".
	if k := strings.IndexAny(word, "[( "); k > 0 {
		if !countSuffix(word[k:]) {
			return NoPrefix, "", false
		}
		word = word[:k]
	}
	kind, ok := prefixes[foldPrefix(word)]
	if !ok {
		return NoPrefix, "", false
	}
	return kind, s[colon+width:], true
}

// countSuffix accepts "[2]", "(2)", " 2".
func countSuffix(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "["), "(")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "]"), ")")
	return isDigits(s)
}

// foldPrefix lower-cases a prefix; Turkish dotted and dotless I both fold to "i", so İLT,
// ILT and ılt match.
func foldPrefix(w string) string {
	w = strings.NewReplacer("İ", "i", "ı", "i").Replace(w)
	return strings.ToLower(w)
}
