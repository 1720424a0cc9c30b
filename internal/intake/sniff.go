package intake

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// sniffed is what the first bytes of a file say it is, when they say it clearly.
type sniffed struct {
	what     string // a plain name for a file that is not an email ("a PDF document")
	sentence string // the finding's message, when "This file is <what>, not an email." reads badly
	advice   string // a sentence for this kind of file, said before the general advice
	msg      bool   // an Outlook .msg file
	msgItem  string // for a .msg that holds no email: what it holds ("an Outlook contact")
}

func (s sniffed) decided() bool { return s.what != "" || s.msg }

// Advice sentences for kinds of files people give instead of the email.
const (
	advPicture = "A screenshot or photo shows what the screen showed, not the email itself with the hidden details of how it reached you."
	advPDF     = "A PDF made from an email keeps only what you could see, not the email itself with the hidden details of how it reached you."
	advWeb     = "A saved web page keeps only what the browser showed, not the email itself."
	advOffice  = "An email copied into a document loses the hidden details of how it reached you."
	advArchive = "If the email is inside this archive, take the email file out first and use that file."
	advRTF     = "Outlook's Save As with the type Rich Text Format keeps only the text of the email, not the email itself."
	advBinary  = "This kind of file cannot hold an email."
	advMedia   = "A recording or video cannot hold an email."
)

// sniffContainer recognises binary formats by their magic numbers. ra and size give the
// whole file (for a zip's directory or a compound file's streams); head is its start.
func sniffContainer(head []byte, ra io.ReaderAt, size int64) sniffed {
	has := func(p string) bool { return bytes.HasPrefix(head, []byte(p)) }
	pic := sniffed{what: "a picture, such as a screenshot", advice: advPicture}
	switch {
	case has("\x89PNG\r\n\x1a\n"), has("\xff\xd8\xff"), has("GIF87a"), has("GIF89a"),
		has("II*\x00"), has("MM\x00*"),
		has("RIFF") && len(head) >= 12 && string(head[8:12]) == "WEBP",
		has("BM") && len(head) >= 26 && binary.LittleEndian.Uint32(head[6:10]) == 0 &&
			binary.LittleEndian.Uint32(head[14:18]) >= 12 && binary.LittleEndian.Uint32(head[14:18]) <= 124:
		return pic
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		switch string(head[8:12]) {
		case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis":
			return pic
		}
		return sniffed{what: "a video or sound recording", advice: advMedia}
	case has("%PDF-") || !startsLikeMessage(head) && bytes.Contains(head[:min(len(head), 1024)], []byte("%PDF-")):
		// Readers accept a PDF that starts within its first 1 KB; a message whose first
		// part is a PDF sent as binary is still a message.
		return sniffed{what: "a PDF document", advice: advPDF}
	case has("PK\x03\x04"), has("PK\x05\x06"), has("PK\x07\x08"):
		return sniffZip(head, ra, size)
	case has("7z\xbc\xaf\x27\x1c"):
		return sniffed{what: "a 7-Zip archive", advice: advArchive}
	case has("Rar!\x1a\x07"):
		return sniffed{what: "a RAR archive", advice: advArchive}
	case has("\x1f\x8b\x08"), has("BZh") && len(head) >= 10 && string(head[4:10]) == "1AY&SY",
		has("\xfd7zXZ\x00"), has("\x28\xb5\x2f\xfd"):
		return sniffed{what: "a compressed file", advice: advArchive}
	case has("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
		return sniffCFB(head, ra, size)
	case has("{\\rtf"):
		return sniffed{what: "a rich text document (RTF)", advice: advRTF}
	}
	return sniffed{}
}

// sniffZip tells Office documents (which are zip files) from plain zip archives.
func sniffZip(head []byte, ra io.ReaderAt, size int64) sniffed {
	names := zipNames(head, ra, size)
	var types, word, xl, ppt, odf bool
	inner := ""
	for _, n := range names {
		switch {
		case n == "[Content_Types].xml":
			types = true
		case strings.HasPrefix(n, "word/"):
			word = true
		case strings.HasPrefix(n, "xl/"):
			xl = true
		case strings.HasPrefix(n, "ppt/"):
			ppt = true
		case n == "META-INF/manifest.xml":
			odf = true
		}
		low := strings.ToLower(n)
		if inner == "" && (strings.HasSuffix(low, ".eml") || strings.HasSuffix(low, ".msg")) {
			inner = n
		}
	}
	if bytes.Contains(head[:min(len(head), 256)], []byte("application/vnd.oasis.opendocument")) {
		odf = true
	}
	switch {
	case types && word:
		return sniffed{what: "a Word document", advice: advOffice}
	case types && xl:
		return sniffed{what: "an Excel spreadsheet", advice: advOffice}
	case types && ppt:
		return sniffed{what: "a PowerPoint presentation", advice: advOffice}
	case types:
		return sniffed{what: "an Office document", advice: advOffice}
	case odf:
		return sniffed{what: "an OpenDocument file (LibreOffice or OpenOffice)", advice: advOffice}
	case inner != "":
		return sniffed{what: "a zip archive", advice: "The zip file holds an email file (" +
			displayName(inner) + "): take that file out of the zip and use it."}
	}
	return sniffed{what: "a zip archive", advice: advArchive}
}

func displayName(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}

// zipNames lists the entries of a zip file from its central directory, or, when that
// cannot be read (a cut-off download), from the local headers at its start.
func zipNames(head []byte, ra io.ReaderAt, size int64) []string {
	const maxNames = 2000
	var names []string
	if ra != nil {
		if zr, err := zip.NewReader(ra, size); zr != nil && (err == nil || err == zip.ErrInsecurePath) {
			for i, f := range zr.File {
				if i == maxNames {
					break
				}
				names = append(names, f.Name)
			}
			return names
		}
	}
	p := 0
	for p+30 <= len(head) && len(names) < maxNames && bytes.Equal(head[p:p+4], []byte("PK\x03\x04")) {
		flags := binary.LittleEndian.Uint16(head[p+6:])
		csize := int(binary.LittleEndian.Uint32(head[p+18:]))
		nameLen := int(binary.LittleEndian.Uint16(head[p+26:]))
		extra := int(binary.LittleEndian.Uint16(head[p+28:]))
		if p+30+nameLen > len(head) {
			break
		}
		names = append(names, string(head[p+30:p+30+nameLen]))
		if flags&8 != 0 || csize < 0 {
			break // the size follows the data: the next header cannot be found from here
		}
		next := p + 30 + nameLen + extra + csize
		if next <= p {
			break
		}
		p = next
	}
	return names
}

// sniffText recognises text formats that are not email, after any UTF-16 decoding: web
// pages, saved web pages (MHTML), rich text.
func sniffText(text []byte) sniffed {
	head := text[:min(len(text), sniffSize)]
	trimmed := bytes.TrimLeft(head, " \t\r\n\f\v")
	if bytes.HasPrefix(trimmed, []byte("{\\rtf")) {
		return sniffed{what: "a rich text document (RTF)", advice: advRTF}
	}
	if len(trimmed) > 0 && trimmed[0] == '<' {
		low := bytes.ToLower(trimmed[:min(len(trimmed), 4096)])
		for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<div", "<table", "<p>", "<span", "<br"} {
			if bytes.Contains(low, []byte(tag)) {
				return sniffed{what: "a web page (an HTML file)", advice: advWeb}
			}
		}
		if bytes.HasPrefix(low, []byte("<?xml")) {
			return sniffed{what: "a data file (XML)", advice: advBinary}
		}
	}
	if isMHTML(head) {
		return sniffed{what: "a saved web page", advice: advWeb}
	}
	return sniffed{}
}

// isMHTML recognises a web page saved as a single file (.mht, .mhtml): Chrome and Edge
// write "From: <Saved by Blink>" and Snapshot-Content-Location; Internet Explorer "Saved by
// Windows Internet Explorer"; Word and Excel "Single File Web Page". Any other
// multipart/related file with no sign of ever having been mailed (no From, To, Date,
// Received, Message-ID) is one too.
func isMHTML(head []byte) bool {
	end, _ := lineAt(head, 0)
	if !mailmsg.IsFieldLine(head[:end]) {
		return false
	}
	h := mailmsg.ParseHeader(head)
	if strings.Contains(h.Get("From"), "<Saved by ") || h.Has("Snapshot-Content-Location") {
		return true
	}
	ct := mailmsg.ParseMediaType(h.Get("Content-Type"))
	if ct.Type != "multipart/related" {
		return false
	}
	if bytes.Contains(head, []byte("This document is a Single File Web Page")) {
		return true
	}
	if h.Received > 0 {
		return false
	}
	for _, n := range []string{"From", "To", "Date", "Message-ID", "Subject", "Sender"} {
		if h.Has(n) {
			return false
		}
	}
	return strings.EqualFold(ct.Params["type"], "text/html") ||
		bytes.Contains(bytes.ToLower(head), []byte("content-location:"))
}
