package outlookmsg

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-message"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Attachment methods (PR_ATTACH_METHOD).
const (
	attachNone       = 0
	attachByValue    = 1
	attachByRef      = 2
	attachByRefRes   = 3
	attachByRefOnly  = 4
	attachEmbedded   = 5
	attachOLE        = 6
	attachByWebRef   = 7
	attFlagMHTMLRef  = 0x4 // PR_ATTACH_FLAGS: referenced from the HTML body
	maxFilenameBytes = 200
)

// attachment is one converted attachment, before it is placed in the message.
type attachment struct {
	part     *part
	name     string
	mimeType string
	tag      string // the media type Outlook recorded, before any fallback
	data     []byte // by-value attachments: the file itself
	cid      string // Content-ID without angle brackets
	location string // PR_ATTACH_CONTENT_LOCATION
	hidden   bool   // hidden or flagged as referenced from the HTML
	embedded bool
}

// attachments converts the attachment storages of a message.
func (c *converter) attachments(p *props, depth int) ([]*attachment, error) {
	var out []*attachment
	list := substorages(p.st, attachPrefix)
	if len(list) > MaxAttachments {
		c.losef("%d attachments beyond the first %d, which is as many as an Outlook email can hold",
			len(list)-MaxAttachments, MaxAttachments)
		list = list[:MaxAttachments]
	}
	for i, st := range list {
		if c.parts >= maxParts {
			c.losef("attachments beyond the first %d of all the attached emails together", maxParts)
			break
		}
		c.parts++
		ap, err := loadProps(c.r, st, headerSub, p.codepage)
		if err != nil {
			return nil, err
		}
		a, err := c.attachment(ap, i, depth)
		if err != nil {
			return nil, err
		}
		if ap.err != nil {
			return nil, ap.err
		}
		if a != nil {
			out = append(out, a)
		}
	}
	return out, nil
}

func (c *converter) attachment(ap *props, index, depth int) (*attachment, error) {
	method, hasMethod := ap.int32(pidAttachMethod)
	display := firstNonEmpty(ap.string(pidAttachLongFilename), ap.string(pidAttachFilename), ap.string(pidDisplayName))
	// A tag that is not a "type/subtype" names no type: the file name decides below.
	tag := mailmsg.ParseMediaType(ap.string(pidAttachMimeTag)).Or("")
	mediaType := tag.Type
	if display == "" {
		display = tag.Params["name"]
	}
	label := display
	if label == "" {
		label = fmt.Sprintf("attachment %d", index+1)
	}

	switch method {
	case attachEmbedded:
		return c.embedded(ap, label, depth)
	case attachByRef, attachByRefRes, attachByRefOnly:
		c.losef("an attachment stored as a link to a file on the sender's computer (%s)", label)
		return nil, nil
	case attachByWebRef:
		c.losef("an attachment stored as a link to a file kept online (%s)", label)
		return nil, nil
	case attachOLE:
		c.losef("an object inserted into the text with Outlook (%s), which only Outlook can show", label)
		return nil, nil
	}
	if !ap.has(pidAttachDataBin, ptBinary) {
		if hasMethod && method != attachNone {
			c.losef("an attachment whose contents Outlook did not save (%s)", label)
		}
		return nil, nil
	}
	data := ap.binary(pidAttachDataBin)
	if data == nil {
		data = []byte{}
	}

	ext := ap.string(pidAttachExtension)
	name, renamed := safeFilename(display, index, ext, mediaType)
	if renamed && display != "" {
		c.losef("the original name of an attachment, which could have put it outside its folder or held "+
			"invisible characters (it is now called %s)", name)
	}
	if mediaType == "" || strings.HasPrefix(mediaType, "multipart/") || strings.HasPrefix(mediaType, "message/") && mediaType != "message/rfc822" {
		mediaType = typeByName(name)
	}
	a := &attachment{
		name:     name,
		tag:      tag.Type,
		mimeType: mediaType,
		data:     data,
		cid:      strings.Trim(strings.TrimSpace(ap.string(pidAttachContentID)), "<>"),
		location: strings.TrimSpace(ap.string(pidAttachContentLoc)),
	}
	flags, _ := ap.int32(pidAttachFlags)
	a.hidden = ap.bool(pidAttachmentHidden) || flags&attFlagMHTMLRef != 0
	return a, nil
}

// embedded converts an attached email (PR_ATTACH_DATA_OBJ, a storage of its own).
func (c *converter) embedded(ap *props, label string, depth int) (*attachment, error) {
	sub := ap.object(pidAttachDataBin)
	if sub == nil {
		c.losef("an attached email that Outlook did not save (%s)", label)
		return nil, nil
	}
	if depth+1 > MaxDepth {
		c.losef("an attached email inside more than %d levels of attached emails (%s)", MaxDepth, label)
		return nil, nil
	}
	ep, err := loadProps(c.r, sub, headerEmbedded, ap.codepage)
	if err != nil {
		return nil, err
	}
	inner, err := c.message(ep, depth+1)
	if err != nil {
		return nil, err
	}
	c.res.Embedded++
	title := label
	if title == "" || strings.HasPrefix(title, "attachment ") {
		title = inner.subject
	}
	name, _ := safeFilename(title, 0, ".eml", "message/rfc822")
	if !strings.HasSuffix(strings.ToLower(name), ".eml") && !strings.HasSuffix(strings.ToLower(name), ".msg") {
		name += ".eml"
	} else if strings.HasSuffix(strings.ToLower(name), ".msg") {
		name = name[:len(name)-4] + ".eml"
	}
	cte, why := mailmsg.Transport(inner.bytes, true)
	if why != mailmsg.Travels {
		cte = mailmsg.Binary
	}
	fields := []field{
		{"Content-Type", withParams("message/rfc822", map[string]string{"name": name})},
		{"Content-Disposition", withDisposition("attachment", name)},
		{"Content-Transfer-Encoding", cte},
	}
	return &attachment{part: leaf(fields, inner.bytes), name: name, embedded: true}, nil
}

// filePart makes the MIME part of a by-value attachment; inline pictures shown in the HTML
// get the inline disposition.
func (a *attachment) filePart(inline bool) *part {
	if a.part != nil {
		return a.part
	}
	disp := "attachment"
	if inline {
		disp = "inline"
	}
	fields := []field{{"Content-Type", withParams(a.mimeType, map[string]string{"name": a.name})}}
	fields = append(fields, field{"Content-Disposition", withDisposition(disp, a.name)})
	if a.cid != "" && validCID(a.cid) {
		fields = append(fields, field{"Content-ID", "<" + a.cid + ">"})
	}
	if a.location != "" && !strings.ContainsAny(a.location, "\r\n") && utf8.ValidString(a.location) && isASCII(a.location) {
		fields = append(fields, field{"Content-Location", a.location})
	}
	// An attached .eml file travels as a message when it can; base64 is not allowed there.
	if a.mimeType == "message/rfc822" {
		msg := toCRLF(a.data)
		if cte, why := mailmsg.Transport(msg, true); why == mailmsg.Travels && looksLikeMessage(msg) {
			return leaf(append(fields, field{"Content-Transfer-Encoding", cte}), msg)
		}
		fields[0] = field{"Content-Type", withParams("application/octet-stream", map[string]string{"name": a.name})}
	}
	fields = append(fields, field{"Content-Transfer-Encoding", "base64"})
	return leaf(fields, encodeBase64(a.data))
}

func withDisposition(disp, name string) string {
	var h message.Header
	h.SetContentDisposition(disp, map[string]string{"filename": name})
	return h.Get("Content-Disposition")
}

func validCID(s string) bool {
	return s != "" && isASCII(s) && !strings.ContainsAny(s, " \t\r\n<>\"")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 {
			return false
		}
	}
	return true
}

// looksLikeMessage: the bytes start with a header field line (and hold a line end).
func looksLikeMessage(b []byte) bool {
	end := bytes.Index(b, crlf)
	return end >= 0 && mailmsg.IsFieldLine(b[:end])
}

func firstNonEmpty(l ...string) string {
	for _, s := range l {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// safeFilename makes an attachment name safe to save: no folder parts (so it cannot land
// outside the folder it is saved in), no control or reserved characters, not empty, not too
// long. renamed reports whether the name had to change.
func safeFilename(name string, index int, ext, mediaType string) (safe string, renamed bool) {
	orig := strings.TrimSpace(name)
	s := strings.ReplaceAll(orig, "\\", "/")
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), r == 0x202E, r == 0x202D:
			return -1
		case strings.ContainsRune(`<>:"|?*`, r):
			return '_'
		}
		return r
	}, s)
	s = strings.Trim(s, " .")
	for strings.Contains(s, "..") {
		s = strings.ReplaceAll(s, "..", ".")
	}
	if s == "" {
		ext = strings.TrimSpace(ext)
		if ext == "" {
			ext = extByType[mediaType]
		}
		if ext != "" && !strings.HasPrefix(ext, ".") {
			ext = "." + ext
		}
		if !isASCII(ext) || strings.ContainsAny(ext, `/\<>:"|?* `) || len(ext) > 16 {
			ext = ""
		}
		s = fmt.Sprintf("attachment-%d%s", index+1, ext)
	}
	if len(s) > maxFilenameBytes {
		e := path.Ext(s)
		if len(e) > 16 {
			e = ""
		}
		cut := maxFilenameBytes - len(e)
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + e
	}
	return s, s != orig
}

// builtinTypes are the media types of common attachments, used when Outlook recorded none
// (the system's own table differs from machine to machine).
var builtinTypes = map[string]string{
	".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
	".gif": "image/gif", ".bmp": "image/bmp", ".tif": "image/tiff", ".tiff": "image/tiff",
	".txt": "text/plain", ".htm": "text/html", ".html": "text/html", ".csv": "text/csv",
	".zip": "application/zip", ".eml": "message/rfc822", ".msg": "application/vnd.ms-outlook",
	".doc": "application/msword", ".xls": "application/vnd.ms-excel",
	".ppt":  "application/vnd.ms-powerpoint",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".ics":  "text/calendar", ".vcf": "text/vcard", ".rtf": "application/rtf", ".xml": "application/xml",
	".svg": "image/svg+xml", ".webp": "image/webp", ".mp3": "audio/mpeg", ".mp4": "video/mp4",
	".wav": "audio/wav", ".7z": "application/x-7z-compressed", ".rar": "application/vnd.rar",
	".gz": "application/gzip", ".exe": "application/octet-stream", ".js": "text/javascript",
	".p7m": "application/pkcs7-mime", ".p7s": "application/pkcs7-signature", ".asc": "application/pgp-signature",
}

var extByType = map[string]string{
	"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif",
	"image/bmp": ".bmp", "image/tiff": ".tif", "text/plain": ".txt", "text/html": ".html",
	"text/csv": ".csv", "application/zip": ".zip", "message/rfc822": ".eml",
	"application/vnd.ms-outlook": ".msg", "application/msword": ".doc", "application/vnd.ms-excel": ".xls",
	"text/calendar": ".ics", "text/vcard": ".vcf", "application/rtf": ".rtf", "text/rtf": ".rtf",
	"application/pkcs7-mime": ".p7m", "application/pkcs7-signature": ".p7s",
}

func typeByName(name string) string {
	if t, ok := builtinTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// signedEntity returns the signed or encrypted message a S/MIME item keeps as its only
// attachment: for multipart/signed, the whole MIME entity as it was signed; for
// application/pkcs7-mime, the PKCS #7 data wrapped as the message body.
func (c *converter) signedEntity(atts []*attachment) []byte {
	if len(atts) != 1 || atts[0].embedded || atts[0].data == nil {
		return nil
	}
	a := atts[0]
	data := toCRLF(a.data)
	h := mailmsg.ParseHeader(data)
	if a.tag == "multipart/signed" || h.ContentType().Type == "multipart/signed" {
		if !looksLikeMessage(data) || !h.Separator {
			return nil
		}
		if !h.Has("MIME-Version") {
			data = append([]byte("MIME-Version: 1.0\r\n"), data...)
		}
		return data
	}
	if a.mimeType == "application/pkcs7-mime" || a.mimeType == "application/x-pkcs7-mime" ||
		strings.EqualFold(path.Ext(a.name), ".p7m") {
		params := map[string]string{"name": "smime.p7m"}
		switch {
		case bytes.Contains(a.data[:min(len(a.data), 64)], oidEnvelopedData):
			params["smime-type"] = "enveloped-data"
			c.losef("the text of the email, which is encrypted: it is kept encrypted, as it was sent")
		case bytes.Contains(a.data[:min(len(a.data), 64)], oidSignedData):
			params["smime-type"] = "signed-data"
		}
		fields := []field{
			{"MIME-Version", "1.0"},
			{"Content-Type", withParams("application/pkcs7-mime", params)},
			{"Content-Disposition", withDisposition("attachment", "smime.p7m")},
			{"Content-Transfer-Encoding", "base64"},
		}
		seq := 0
		b, err := leaf(fields, encodeBase64(a.data)).render(&seq)
		if err != nil {
			return nil
		}
		return b
	}
	return nil
}

var (
	oidSignedData    = []byte{0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02}
	oidEnvelopedData = []byte{0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x03}
)
