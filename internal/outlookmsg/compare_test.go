package outlookmsg

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset"
	gomail "github.com/emersion/go-message/mail"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// The corpus of real .msg files lives beside the repository.
const corpusDir = "../../../shared/corpus/msg"

func needCorpus(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("the shared .msg corpus is not here (%s): skipping", corpusDir)
	}
}

func corpusFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.msg"))
	if err != nil || len(files) == 0 {
		t.Skipf("no .msg files in %s", corpusDir)
	}
	return files
}

// summary is what two conversions of the same .msg are compared on.
type summary struct {
	subject   string
	from      string
	to        []string
	messageID string
	received  []string
	plain     []string // decoded text/plain bodies, whitespace normalised
	html      []string // decoded text/html bodies, reduced to their words
	attach    map[string]int
	wholes    [][]byte // attachments that are multipart entities themselves (kept whole)
}

var space = regexp.MustCompile(`\s+`)

func norm(s string) string { return strings.TrimSpace(space.ReplaceAllString(s, " ")) }

// summarize reads a message the way a mail program would.
func summarize(t testing.TB, raw []byte) *summary {
	t.Helper()
	s := &summary{attach: map[string]int{}}
	e, err := message.Read(bytes.NewReader(endHeaderAtJunk(raw)))
	if e == nil {
		t.Fatalf("unreadable message: %v", err)
	}
	h := gomail.Header{Header: e.Header}
	s.subject, _ = h.Subject()
	s.subject = norm(s.subject)
	if l, err := h.AddressList("From"); err == nil && len(l) > 0 {
		s.from = strings.ToLower(l[0].Address)
	}
	if l, err := h.AddressList("To"); err == nil {
		for _, a := range l {
			s.to = append(s.to, strings.ToLower(a.Address))
		}
	}
	s.messageID = norm(h.Get("Message-Id"))
	for _, r := range h.Values("Received") {
		s.received = append(s.received, norm(r))
	}
	s.walk(t, e, true, 0)
	return s
}

func (s *summary) walk(t testing.TB, e *message.Entity, top bool, depth int) {
	if depth > 10 {
		return
	}
	mt, params, _ := e.Header.ContentType()
	if strings.HasPrefix(mt, "multipart/") && params["boundary"] != "" {
		mr := e.MultipartReader()
		for {
			p, err := mr.NextPart()
			if p == nil || err != nil {
				break
			}
			s.walk(t, p, top, depth+1)
		}
		return
	}
	body, _ := io.ReadAll(e.Body)
	_, dparams, _ := e.Header.ContentDisposition()
	disp := mailmsg.ParseMediaType(e.Header.Get("Content-Disposition")).Type
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	switch {
	case mt == "message/rfc822":
		inner, _ := message.Read(bytes.NewReader(body))
		if inner != nil {
			s.walk(t, inner, false, depth+1)
		}
	case strings.HasPrefix(mt, "multipart/"):
		// msgconvert writes a signed message's signed part as a "multipart/signed" leaf
		// whose body is the whole signed entity, header included.
		s.wholes = append(s.wholes, toCRLF(body))
		if inner, _ := message.Read(bytes.NewReader(body)); inner != nil {
			s.walk(t, inner, false, depth+1)
		}
	case name == "" && disp != "attachment" && (mt == "text/plain" || mt == "text/html" || mt == "" || mt == "application/rtf" || mt == "text/rtf"):
		if !top {
			return
		}
		text := decodeBody(body, params["charset"])
		switch mt {
		case "text/html":
			s.html = append(s.html, htmlWords(text))
		case "text/plain", "":
			s.plain = append(s.plain, norm(text))
		}
	default:
		sum := sha256.Sum256(body)
		s.attach[hex.EncodeToString(sum[:])]++
	}
}

// endHeaderAtJunk ends the header at the first line that is neither a field nor a
// continuation, as Python's email package does (MissingHeaderBodySeparatorDefect).
func endHeaderAtJunk(raw []byte) []byte {
	for off := 0; off < len(raw); {
		end := bytes.IndexByte(raw[off:], '\n')
		if end < 0 {
			return raw
		}
		line := bytes.TrimRight(raw[off:off+end], "\r")
		if len(line) == 0 {
			return raw
		}
		if line[0] != ' ' && line[0] != '\t' {
			if !mailmsg.IsFieldLine(line) {
				out := append([]byte{}, raw[:off]...)
				out = append(out, "\r\n"...)
				return append(out, raw[off:]...)
			}
		}
		off += end + 1
	}
	return raw
}

// decodeBody turns a body into UTF-8 by its charset (go-message has decoded those it knows).
func decodeBody(b []byte, cs string) string {
	cs = strings.ToLower(cs)
	switch cs {
	case "", "utf-8", "us-ascii":
		return string(b)
	}
	if cp, ok := charsetCodepage(cs); ok {
		return decodeCodepage(b, cp)
	}
	return string(b)
}

var tags = regexp.MustCompile(`(?s)<style.*?</style>|<!--.*?-->|<[^>]*>`)

func htmlWords(s string) string {
	return norm(strings.NewReplacer("&nbsp;", " ", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#8230;", "…").
		Replace(tags.ReplaceAllString(s, " ")))
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sameAttachments(ours, ref *summary) bool {
	if len(ours.attach) != len(ref.attach) {
		return false
	}
	for k, n := range ref.attach {
		if ours.attach[k] != n {
			return false
		}
	}
	return true
}

// convertFile converts one corpus file and checks what every conversion must hold.
func convertFile(t testing.TB, path string) *Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Convert(data)
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	if i := bareLineEnd(res.Message); i >= 0 {
		t.Errorf("bare line end at %d", i)
	}
	return res
}

// bareLineEnd returns the offset of a CR or LF that is not part of CRLF, or -1.
func bareLineEnd(b []byte) int {
	for i, c := range b {
		if c == '\n' && (i == 0 || b[i-1] != '\r') {
			return i
		}
		if c == '\r' && (i+1 >= len(b) || b[i+1] != '\n') {
			return i
		}
	}
	return -1
}
