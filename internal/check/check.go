package check

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/reportmail/reportmail/internal/dkim"
	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/summary"
)

// Check judges one file that intake has read. It never fails: whatever the bytes, the answer
// is a verdict with findings that say why. Should a bug panic inside, the answer is the
// internal-error finding ("Something went wrong reading this file") instead of a crash.
func Check(item *intake.Item) (r *Result) {
	defer func() {
		if recover() != nil {
			r = internalResult(item)
		}
	}()
	r = &Result{
		File:     item.Name,
		Format:   item.Format,
		Findings: append([]finding.Finding{}, item.Findings...),
	}
	if item.Raw != nil {
		sum := sha256.Sum256(item.Raw)
		r.SHA256 = hex.EncodeToString(sum[:])
		r.Size = len(item.Raw)
	}
	switch {
	case item.NotEmail != "":
		if !hasCode(r.Findings, finding.NotEmail) {
			r.Findings = append(r.Findings, notEmailFinding(item.NotEmail))
		}
	case len(item.Raw) == 0:
		// Intake says why when it has no message; an empty file says nothing itself.
		if !finding.HasError(r.Findings) {
			r.Findings = append(r.Findings, notEmailFinding("an empty file"))
		}
	default:
		asNotice := noticeIsFile(item)
		summary, fs := analyse(item.Raw, item.Stored, asNotice)
		if asNotice {
			fs = append(fs, rejectionNoticeFinding(item.Notice))
		}
		r.Message = summary
		if item.Format == intake.MSG {
			// A message rebuilt from Outlook's .msg cannot match its DKIM body hashes; the
			// converted-msg finding says so in words that fit, and the .msg rides along.
			fs = slices.DeleteFunc(fs, func(f finding.Finding) bool { return f.Code == finding.DKIMBodyMismatch })
		}
		r.Findings = append(r.Findings, fs...)
	}
	if item.Notice != nil {
		r.Bounce = NewBounce(item.Name, item.Notice)
	}
	sortBySeverity(r.Findings)
	r.Verdict = verdict(item, r.Findings)
	return r
}

// internalResult answers for a file whose check panicked: not judged, so not to be sent as
// the original, with the sentence for a bug. (The file is not the culprit, so no verdict
// of NotEmail.)
func internalResult(item *intake.Item) *Result {
	r := &Result{Findings: []finding.Finding{internalFinding()}, Verdict: NotOriginal}
	if item != nil {
		r.File, r.Format = item.Name, item.Format
	}
	return r
}

// analyse reads a message once and returns its summary and the check's own findings.
// stored says the file came out of a mail program's store (see intake.Item.Stored);
// asNotice that the message is a rejection notice, which quotes what it returns: that is
// not a forward.
func analyse(raw []byte, stored, asNotice bool) (summary.Summary, []finding.Finding) {
	h := parseHeader(raw)
	s := summary.FromHeader(h)
	if dc, ok := detectDisplayCopy(raw, h); ok {
		s.From = firstNonEmpty(s.From, mailmsg.OneLine(dc.from))
		s.To = firstNonEmpty(s.To, mailmsg.OneLine(dc.to))
		s.Subject = firstNonEmpty(s.Subject, mailmsg.OneLine(dc.subject))
		return s, []finding.Finding{textExportFinding()}
	}
	if !h.LooksLikeMail() {
		return s, []finding.Finding{notEmailFinding("")}
	}
	if nothingToTrace(h) {
		// Whatever structure follows, the desk has nothing to start from.
		return s, []finding.Finding{nothingToTraceFinding()}
	}
	if headersOnly(h) {
		if !stored {
			return s, []finding.Finding{headersOnlyFinding()}
		}
		// A mail store's own copy with nothing after the header is a delivered message
		// whose body was empty or lost, not a paste: the desk can still trace it.
		return s, []finding.Finding{emptyBodyFinding()}
	}

	var fs []finding.Finding
	if !present(h, "From") {
		fs = append(fs, missingFromFinding())
	}
	if !present(h, "Date") {
		fs = append(fs, missingDateFinding())
	}
	if h.Received == 0 {
		fs = append(fs, noReceivedFinding())
	}
	if f, ok := dkimFinding(raw, h); ok {
		fs = append(fs, f)
	}
	if h.Signatures > dkim.MaxSignatures {
		fs = append(fs, manySignaturesFinding(h.Signatures, dkim.MaxSignatures))
	}

	st := readStructure(raw, h)
	if what := st.malformed(); what != "" {
		fs = append(fs, malformedFinding(what))
	}

	texts, outlookHTML, unknown := readTexts(st)
	if unknown != "" {
		fs = append(fs, unknownCharsetFinding(unknown))
	}
	if asNotice {
		return s, fs
	}
	if style, ok := findForward(texts, s.Subject, outlookHTML); ok {
		fs = append(fs, forwardFinding(style))
	}
	return s, fs
}

// nothingToTrace: no sender, no date, no Message-ID and no delivery record. The desk traces
// a message by those; a block without any of them (a list of MIME parts, a lone Subject) is
// not a message as it was sent or delivered.
func nothingToTrace(h *mailmsg.Header) bool {
	return h.Received == 0 && !present(h, "From") && !present(h, "Date") && !present(h, "Message-ID")
}

// headersOnly: the file ends inside the header block, and the header shows the message had
// a body (it was delivered, or declares sections). A header paste from Outlook's message
// properties looks like this; a message sent with no body at all does not carry Received
// lines or a multipart type, so it is left alone.
func headersOnly(h *mailmsg.Header) bool {
	if h.Separator || h.RanIntoText {
		return false
	}
	return h.Received > 0 || strings.HasPrefix(h.ContentType().Type, "multipart/")
}

// dkimFinding judges the DKIM signatures: the newest readable one decides. If it does not
// match, the body changed after the last signing; if it matches but an older one does not,
// a mailing list changed and re-signed the body, which is only worth a note.
func dkimFinding(raw []byte, h *mailmsg.Header) (finding.Finding, bool) {
	values := h.All("DKIM-Signature")
	if len(values) == 0 {
		return finding.Finding{}, false
	}
	// dkim.Check looks at no more than its first MaxSignatures; copying the rest would
	// only cost memory.
	sigs := make([]string, min(len(values), dkim.MaxSignatures))
	for i := range sigs {
		sigs[i] = string(values[i].Raw)
	}
	results := dkim.Check(sigs, raw[h.Body:])
	newest := -1
	for i, r := range results {
		if r.Status == dkim.Match || r.Status == dkim.Mismatch {
			newest = i
			break
		}
	}
	if newest < 0 {
		return finding.Finding{}, false
	}
	if results[newest].Status == dkim.Mismatch {
		return dkimMismatchFinding(), true
	}
	for _, r := range results[newest+1:] {
		if r.Status == dkim.Mismatch {
			return dkimListFinding(), true
		}
	}
	return finding.Finding{}, false
}

// readTexts decodes the message's text parts within the limits, HTML reduced to lines. It
// reports whether an HTML part carries Outlook's reply/forward block and the first charset
// that could not be read.
func readTexts(st *structure) (texts []string, outlookHTML bool, unknown string) {
	budget := maxTotalText
	// Plain text first: it is what the sender's program wrote most directly.
	ordered := make([]textPart, 0, len(st.texts))
	for _, p := range st.texts {
		if !p.html {
			ordered = append(ordered, p)
		}
	}
	for _, p := range st.texts {
		if p.html {
			ordered = append(ordered, p)
		}
	}
	for _, p := range ordered {
		if budget <= 0 {
			break
		}
		text, known := decodeTextPart(p, min(maxTextBytes, budget))
		budget -= len(text)
		if !known && unknown == "" {
			unknown = p.charset
		}
		if p.html {
			if strings.Contains(text, "divRplyFwdMsg") {
				outlookHTML = true
			}
			text = htmlToText(text)
		}
		texts = append(texts, text)
	}
	return texts, outlookHTML, unknown
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
