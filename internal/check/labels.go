package check

import (
	"strings"
	"unicode"
)

// Display labels that mail programs write above a forwarded or exported message, in the
// languages our users' Outlook, Gmail and Apple Mail speak. Lower case, without the colon.
var (
	fromLabels = []string{"from", "von", "de", "van", "da", "från", "fra", "lähettäjä", "od", "от",
		"feladó", "odesílatel", "afzender"}
	sentLabels = []string{"sent", "gesendet", "envoyé", "envoye", "verzonden", "enviado", "enviado el",
		"inviato", "skickat", "sendt", "lähetetty", "wysłano", "отправлено", "elküldve", "odesláno",
		"verstuurd"}
	dateLabels    = []string{"date", "datum", "fecha", "data", "dátum", "päivämäärä"}
	toLabels      = []string{"to", "an", "à", "a", "aan", "para", "till", "til", "vastaanottaja", "do", "кому", "címzett", "komu"}
	ccLabels      = []string{"cc", "kopie", "copie", "cópia", "kopia", "копия", "bcc"}
	subjectLabels = []string{"subject", "betreff", "objet", "onderwerp", "asunto", "oggetto", "assunto",
		"ämne", "emne", "aihe", "temat", "тема", "tárgy", "předmět"}
	otherLabels = []string{"attachments", "anlagen", "pièces jointes", "bijlagen", "datos adjuntos",
		"allegati", "importance", "wichtigkeit", "priorité", "urgentie"}
)

type labelKind int

const (
	noLabel labelKind = iota
	labelFrom
	labelSent
	labelDate
	labelTo
	labelCc
	labelSubject
	labelOther
)

// displayLabel recognises a line such as "From: x", "*Sent:* x", "De : x", "Betreff:\tx" or
// "**From:** x" (a plain-text rendering of bold HTML), and returns its kind and the value
// after the colon.
func displayLabel(line string) (labelKind, string) {
	line = strings.TrimLeft(line, " \t*_\ufeff")
	colon := strings.IndexByte(line, ':')
	if colon <= 0 || colon > 40 {
		return noLabel, ""
	}
	name := strings.ToLower(strings.TrimRight(line[:colon], " \t*_\u00a0"))
	rest := strings.TrimLeft(line[colon+1:], "*_")
	if rest != "" && !unicode.IsSpace(rune(rest[0])) {
		// "From:x" is not how any program lays out its labels; "http://" is not a label.
		return noLabel, ""
	}
	value := strings.TrimSpace(rest)
	for _, l := range []struct {
		kind  labelKind
		names []string
	}{
		{labelFrom, fromLabels}, {labelSent, sentLabels}, {labelDate, dateLabels}, {labelTo, toLabels},
		{labelCc, ccLabels}, {labelSubject, subjectLabels}, {labelOther, otherLabels},
	} {
		for _, n := range l.names {
			if name == n {
				return l.kind, value
			}
		}
	}
	return noLabel, ""
}
