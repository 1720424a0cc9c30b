package intake

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/guidance"
	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Binary samples are made here rather than committed: each is what the real program
// writes, cut down to what identifies it.

func picture(t testing.TB, encode func(*bytes.Buffer, image.Image) error) []byte {
	img := image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{color.White, color.Black})
	img.SetColorIndex(1, 1, 1)
	var b bytes.Buffer
	if err := encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func zipOf(t testing.TB, names ...string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if n == "mimetype" {
			_, _ = w.Write([]byte("application/vnd.oasis.opendocument.text"))
		} else {
			_, _ = w.Write([]byte("<?xml version=\"1.0\"?><x/>"))
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gzipOf(t testing.TB, s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, _ = zw.Write([]byte(s))
	_ = zw.Close()
	return b.Bytes()
}

type cfbStream struct {
	name string
	data []byte
}

// cfb builds a minimal Compound File Binary file (MS-CFB version 3, 512-byte sectors):
// header, one FAT sector, one directory sector, then each stream in whole sectors. Streams
// shorter than the 4096-byte mini stream cutoff are padded to it, so no mini stream is needed.
func cfb(streams ...cfbStream) []byte {
	const (
		free  = 0xFFFFFFFF
		end   = 0xFFFFFFFE
		fat   = 0xFFFFFFFD
		noSID = 0xFFFFFFFF
	)
	le32 := binary.LittleEndian.PutUint32
	le16 := binary.LittleEndian.PutUint16
	hdr := make([]byte, 512)
	copy(hdr, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	le16(hdr[24:], 0x3E)
	le16(hdr[26:], 3)
	le16(hdr[28:], 0xFFFE)
	le16(hdr[30:], 9)
	le16(hdr[32:], 6)
	le32(hdr[44:], 1) // FAT sectors
	le32(hdr[48:], 1) // first directory sector
	le32(hdr[56:], 4096)
	le32(hdr[60:], end)
	le32(hdr[68:], end)
	for i := 76; i < 512; i += 4 {
		le32(hdr[i:], free)
	}
	le32(hdr[76:], 0) // the FAT is sector 0

	fatSec := make([]byte, 512)
	for i := 0; i < 512; i += 4 {
		le32(fatSec[i:], free)
	}
	le32(fatSec[0:], fat)
	le32(fatSec[4:], end)
	dir := make([]byte, 512)
	entry := func(i int, name string, typ byte, child, right, start uint32, size uint64) {
		e := dir[i*128 : (i+1)*128]
		u := utf16.Encode([]rune(name))
		for k, c := range u {
			le16(e[2*k:], c)
		}
		if name != "" {
			le16(e[64:], uint16(2*len(u)+2))
		}
		e[66], e[67] = typ, 1
		le32(e[68:], noSID)
		le32(e[72:], right)
		le32(e[76:], child)
		le32(e[116:], start)
		binary.LittleEndian.PutUint64(e[120:], size)
	}
	for i := 0; i < 4; i++ {
		entry(i, "", 0, noSID, noSID, 0, 0)
	}
	entry(0, "Root Entry", 5, 1, noSID, end, 0)
	var data []byte
	next := uint32(2)
	for i, s := range streams {
		body := s.data
		if len(body) < 4096 {
			body = append(body, make([]byte, 4096-len(body))...)
		}
		n := uint32((len(body) + 511) / 512)
		right := uint32(noSID)
		if i+1 < len(streams) {
			right = uint32(i + 2)
		}
		entry(i+1, s.name, 2, noSID, right, next, uint64(len(body)))
		for k := uint32(0); k < n; k++ {
			v := next + k + 1
			if k == n-1 {
				v = end
			}
			le32(fatSec[4*(next+k):], v)
		}
		padded := make([]byte, n*512)
		copy(padded, body)
		data = append(data, padded...)
		next += n
	}
	return append(append(append(hdr, fatSec...), dir...), data...)
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func randomBytes(n int, seed int64) []byte {
	b := make([]byte, n)
	rand.New(rand.NewSource(seed)).Read(b)
	return b
}

// generated are the files people drop instead of an email, and what intake must call them.
func generated(t testing.TB) map[string]struct {
	data []byte
	what string // part of NotEmail; "" for an Outlook .msg
} {
	type c = struct {
		data []byte
		what string
	}
	bmp := make([]byte, 70)
	copy(bmp, "BM")
	binary.LittleEndian.PutUint32(bmp[2:], 70)
	binary.LittleEndian.PutUint32(bmp[10:], 54)
	binary.LittleEndian.PutUint32(bmp[14:], 40)
	return map[string]c{
		"screenshot.png": {picture(t, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) }), "picture"},
		"photo.jpg":      {picture(t, func(b *bytes.Buffer, i image.Image) error { return jpeg.Encode(b, i, nil) }), "picture"},
		"anim.gif":       {picture(t, func(b *bytes.Buffer, i image.Image) error { return gif.Encode(b, i, nil) }), "picture"},
		"paint.bmp":      {bmp, "picture"},
		"web.webp":       {[]byte("RIFF\x24\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"), "picture"},
		"scan.tiff":      {append([]byte("II*\x00\x08\x00\x00\x00"), make([]byte, 64)...), "picture"},
		"iphone.heic":    {append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), make([]byte, 64)...), "picture"},
		"clip.mp4":       {append([]byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"), make([]byte, 64)...), "video"},
		"printed.pdf":    {[]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<</Type/Catalog>>\nendobj\ntrailer\n<</Root 1 0 R>>\n%%EOF\n"), "PDF"},
		"letter.docx":    {zipOf(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml"), "Word document"},
		"list.xlsx":      {zipOf(t, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"), "Excel spreadsheet"},
		"slides.pptx":    {zipOf(t, "[Content_Types].xml", "_rels/.rels", "ppt/presentation.xml"), "PowerPoint"},
		"letter.odt":     {zipOf(t, "mimetype", "content.xml", "META-INF/manifest.xml"), "OpenDocument"},
		"mail.zip":       {zipOf(t, "Overdue invoice.eml"), "zip archive"},
		"files.zip":      {zipOf(t, "a.txt", "b.txt"), "zip archive"},
		"cut.zip":        {zipOf(t, "[Content_Types].xml", "word/document.xml")[:60], "Office document"},
		"files.7z":       {append([]byte("7z\xbc\xaf\x27\x1c\x00\x04"), randomBytes(64, 7)...), "7-Zip"},
		"files.rar":      {append([]byte("Rar!\x1a\x07\x01\x00"), randomBytes(64, 8)...), "RAR"},
		"mail.eml.gz":    {gzipOf(t, "Subject: hi\r\n\r\nhi\r\n"), "compressed"},
		"empty.eml":      {nil, "empty"},
		"blank.eml":      {[]byte(" \r\n\t\r\n\r\n"), "empty"},
		"bom-only.txt":   {[]byte("\xef\xbb\xbf\r\n"), "empty"},
		"random.bin":     {randomBytes(4096, 1), "binary"},
		"utf16-noise.txt": {append([]byte{0xFF, 0xFE}, bytes.Repeat([]byte{0x00, 0xD8}, 200)...),
			"binary"}, // unpaired surrogates only
		"legacy.doc":   {cfb(cfbStream{"WordDocument", []byte{0xEC, 0xA5}}, cfbStream{"\x01CompObj", nil}), "Word document"},
		"legacy.xls":   {cfb(cfbStream{"Workbook", []byte{0x09, 0x08}}), "Excel spreadsheet"},
		"legacy.ppt":   {cfb(cfbStream{"PowerPoint Document", []byte{0}}), "PowerPoint"},
		"thumbs.db":    {cfb(cfbStream{"Catalog", []byte{1}}), "older Microsoft Office or Windows file"},
		"cut.doc":      {cfb(cfbStream{"WordDocument", nil})[:512], "damaged"},
		"message.msg":  {cfb(cfbStream{"__properties_version1.0", []byte{0}}, cfbStream{"__substg1.0_0037001F", utf16le("Overdue invoice")}), ""},
		"cut.msg":      {cfb(cfbStream{"__properties_version1.0", nil}, cfbStream{"__substg1.0_001A001F", utf16le("IPM.Note")})[:1536], ""},
		"contact.msg":  {cfb(cfbStream{"__properties_version1.0", nil}, cfbStream{"__substg1.0_001A001F", utf16le("IPM.Contact")}), "Outlook contact"},
		"calendar.msg": {cfb(cfbStream{"__substg1.0_001A001E", []byte("IPM.Appointment")}, cfbStream{"__properties_version1.0", nil}), "calendar"},
	}
}

func TestGenerated(t *testing.T) {
	for name, c := range generated(t) {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(p, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			it := mustOpen(t, p, Options{})
			rd, err := Read(name, c.data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, rd)
			for _, it := range []*Item{it, rd} {
				if it.Raw != nil {
					t.Errorf("Raw set for %s", name)
				}
				if c.what == "" { // an Outlook email
					if it.Format != MSG || !hasCode(it, finding.MsgNotSupported) || !bytes.Equal(it.Source, c.data) || it.NotEmail != "" {
						t.Errorf("Format %q, findings %v, NotEmail %q", it.Format, codes(it), it.NotEmail)
					}
					f := it.Findings[0]
					if f.Severity != finding.Error || !strings.Contains(f.Advice, "Outlook on the web") {
						t.Errorf("finding %+v", f)
					}
					continue
				}
				if !strings.Contains(it.NotEmail, c.what) {
					t.Errorf("NotEmail %q, want it to mention %q", it.NotEmail, c.what)
				}
				f := it.Findings[0]
				named := strings.Contains(f.Message, it.NotEmail) || strings.Contains(f.Message, "empty") ||
					strings.Contains(f.Message, "binary data")
				if len(it.Findings) != 1 || f.Severity != finding.Error || !named ||
					!strings.Contains(f.Advice, guidance.SaveOriginal) {
					t.Errorf("findings %+v", it.Findings)
				}
				if strings.HasSuffix(name, ".msg") {
					if it.Format != MSG || f.Code != finding.NotAMailItem {
						t.Errorf("Outlook item: Format %q, code %s", it.Format, f.Code)
					}
				} else if it.Format != Other || f.Code != finding.NotEmail {
					t.Errorf("Format %q, code %s", it.Format, f.Code)
				}
			}
			if name == "mail.zip" && !strings.Contains(it.Findings[0].Advice, "Overdue invoice.eml") {
				t.Errorf("advice does not name the email in the zip: %s", it.Findings[0].Advice)
			}
		})
	}
}

func TestOutlookItemsCorpus(t *testing.T) {
	needCorpus(t)
	for file, what := range map[string]string{
		"msgreader-NOTMAIL-contactUnicode.msg":         "an Outlook contact",
		"msgreader-NOTMAIL-Appointment_sample_EST.msg": "an Outlook calendar appointment",
		"msgreader-NOTMAIL-A_memo-stickynote.msg":      "an Outlook note",
		"msgreader-Simple.msg":                         "",
		"msgreader-nonUnicodeCP932.msg":                "",
	} {
		t.Run(file, func(t *testing.T) {
			it := mustOpen(t, filepath.Join(corpusDir, "msg", file), Options{})
			if it.Format != MSG || it.NotEmail != what || it.Source == nil {
				t.Errorf("Format %q, NotEmail %q", it.Format, it.NotEmail)
			}
		})
	}
}

// TestDecodeBase64 pins the base64 intake meets in attached messages, as mailmsg decodes it.
func TestDecodeBase64(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for i := 0; i < 200; i++ {
		data := randomBytes(r.Intn(300), int64(i))
		enc := base64.StdEncoding.EncodeToString(data)
		var wrapped strings.Builder
		for len(enc) > 0 { // lines of odd lengths, with stray spaces, as broken mailers write
			n := min(len(enc), 1+r.Intn(80))
			wrapped.WriteString(enc[:n])
			wrapped.WriteString([]string{"\r\n", "\n", " \r\n", ""}[r.Intn(4)])
			enc = enc[n:]
		}
		if got := mailmsg.DecodeBase64([]byte(wrapped.String()), 0); !bytes.Equal(got, data) {
			t.Fatalf("case %d: decoded %x, want %x", i, got, data)
		}
	}
	if got := mailmsg.DecodeBase64([]byte("SGVsbG8"), 0); string(got) != "Hello" {
		t.Errorf("unpadded: %q", got)
	}
}

func TestQPEncode(t *testing.T) {
	in := "caf\xc3\xa9 = ok \nline with trailing space \n" + strings.Repeat("word ", 40) + "\n" + strings.Repeat("x", 200)
	out := qpEncode([]byte(in))
	for _, line := range strings.Split(string(out), "\r\n") {
		if len(line) > qpLine {
			t.Errorf("line of %d: %q", len(line), line)
		}
	}
	if got := mailmsg.DecodeQP(out, 0); string(got) != strings.ReplaceAll(in, "\n", "\r\n") {
		t.Errorf("round trip: %q", got)
	}
}
