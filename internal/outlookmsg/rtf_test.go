package outlookmsg

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lzfu compresses RTF the simplest valid way: literals only, then the end marker (a
// reference to the dictionary's write position), with the header and CRC of MS-OXRTFCP.
func lzfu(raw []byte) []byte {
	type tok struct {
		ref bool
		b   byte
	}
	var toks []tok
	for _, c := range raw {
		toks = append(toks, tok{b: c})
	}
	toks = append(toks, tok{ref: true})
	w := (len(rtfPrebuf) + len(raw)) & 0xFFF
	var body []byte
	for i := 0; i < len(toks); i += 8 {
		group := toks[i:min(i+8, len(toks))]
		var control byte
		var data []byte
		for k, t := range group {
			if t.ref {
				control |= 1 << k
				data = append(data, byte(w>>4), byte(w<<4))
			} else {
				data = append(data, t.b)
			}
		}
		body = append(append(body, control), data...)
	}
	return rtfHeader(body, uint32(len(raw)), rtfCompressed, rtfCRC(body))
}

func rtfHeader(body []byte, rawSize, kind, crc uint32) []byte {
	h := make([]byte, 16)
	binary.LittleEndian.PutUint32(h, uint32(len(body)+12))
	binary.LittleEndian.PutUint32(h[4:], rawSize)
	binary.LittleEndian.PutUint32(h[8:], kind)
	binary.LittleEndian.PutUint32(h[12:], crc)
	return append(h, body...)
}

func TestDecompressRTF(t *testing.T) {
	// The example of MS-OXRTFCP 3.1.1: a reference into the primed dictionary and a run
	// that overlaps what it is writing.
	spec := []byte{0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5, 0xc7, 0xa7,
		0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0a, 0xf3, 0x20,
		0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f, 0xa0}
	got, err := decompressRTF(spec)
	if want := "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"; err != nil || string(got) != want {
		t.Errorf("spec example: %q, %v; want %q", got, err, want)
	}

	raw := []byte("{\\rtf1\\ansi\\ansicpg1252\\fromtext \\deff0 Hello\\par}")
	if got, err := decompressRTF(lzfu(raw)); err != nil || string(got) != string(raw) {
		t.Errorf("literals: %q, %v", got, err)
	}
	if got, err := decompressRTF(rtfHeader(raw, uint32(len(raw)), rtfUncompressed, 0)); err != nil || string(got) != string(raw) {
		t.Errorf("MELA: %q, %v", got, err)
	}
	bad := lzfu(raw)
	bad[20] ^= 0x40
	if _, err := decompressRTF(bad); err != errRTFCRC {
		t.Errorf("damaged data: %v, want the checksum error", err)
	}
	for _, b := range [][]byte{nil, raw[:10], rtfHeader(raw, 1<<30, rtfCompressed, 0), rtfHeader(raw, 5, 0x12345678, 0)} {
		if _, err := decompressRTF(b); err == nil {
			t.Errorf("%q: no error", b)
		}
	}
	// A declared size far beyond what the data can expand to is refused before allocating.
	huge := lzfu(raw)
	binary.LittleEndian.PutUint32(huge[4:], 0xFFFFFFF0)
	if _, err := decompressRTF(huge); err == nil {
		t.Errorf("huge declared size accepted")
	}
}

// TestCorpusRTF: every compressed RTF in the corpus decompresses with a good checksum and
// to its declared size.
func TestCorpusRTF(t *testing.T) {
	needCorpus(t)
	n := 0
	for _, path := range corpusFiles(t) {
		data, _ := os.ReadFile(path)
		r, err := openCFB(data)
		if err != nil {
			continue
		}
		var walk func(st *storage)
		walk = func(st *storage) {
			if f, ok := st.streams[streamName(pidRTFCompressed, ptBinary)]; ok {
				comp, err := r.read(f)
				if err != nil {
					t.Fatalf("%s: %v", filepath.Base(path), err)
				}
				out, err := decompressRTF(comp)
				if err != nil || len(out) != int(binary.LittleEndian.Uint32(comp[4:])) {
					t.Errorf("%s: %d bytes, %v", filepath.Base(path), len(out), err)
				}
				n++
			}
			for _, name := range st.order {
				if name != "__nameid_version1.0" { // its streams only look like properties
					walk(st.children[name])
				}
			}
		}
		walk(r.root)
	}
	t.Logf("%d compressed RTF bodies", n)
}

func TestRTFDeencapsulate(t *testing.T) {
	rtf := `{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}{\f1\fnil\fcharset128 MS Gothic;}}` +
		`{\colortbl\red0\green0\blue0;}` + "\r\n" +
		`{\*\htmltag19 <html>}{\*\htmltag34 <head>}{\*\htmltag161 <meta charset="utf-8">}{\*\htmltag41 </head>}` +
		`{\*\htmltag50 <body>}\htmlrtf {\htmlrtf0 ` + "\r\n" +
		`{\*\htmltag64 <p>}\htmlrtf {\htmlrtf0 Caf\'e9 \{ok\} {\f1 \'93\'fa\'96\'7b}\u8364?` +
		`{\*\htmltag84 &nbsp;}\htmlrtf \'a0\htmlrtf0 end` +
		`{\*\htmltag244 <o:p>}{\*\htmltag252 </o:p>}\htmlrtf\par}\htmlrtf0` + "\r\n" +
		`{\*\htmltag72 </p>\par }{\*\htmltag58 </body>}{\*\mhtmltag84 <img src="x">}{\*\htmltag27 </html>}}`
	if k := rtfSourceKind([]byte(rtf)); k != rtfFromHTML {
		t.Fatalf("kind %d", k)
	}
	got := rtfExtract([]byte(rtf), true)
	want := `<html><head><meta charset="utf-8"></head><body><p>Café {ok} 日本€&nbsp;end<o:p></o:p></p>` + "\r\n" + `</body></html>`
	if got != want {
		t.Errorf("HTML:\n got %q\nwant %q", got, want)
	}
	text := rtfExtract([]byte(rtf), false)
	// Text mode keeps the text runs only: the &nbsp; lives in an HTML tag group.
	if !strings.Contains(text, "Café {ok} 日本€end") || strings.Contains(text, "<p>") {
		t.Errorf("text %q", text)
	}
	if k := rtfSourceKind([]byte(`{\rtf1\ansi\fromtext\deff0 x}`)); k != rtfFromText {
		t.Errorf("fromtext kind %d", k)
	}
	if k := rtfSourceKind([]byte(`{\rtf1\ansi\deff0{\fonttbl;}\fromhtml1 x}`)); k != rtfNative {
		t.Errorf("fromhtml after the header: kind %d", k)
	}
	// Pictures and binary data are skipped, not turned into text.
	native := "{\\rtf1\\ansi\\ansicpg1251 {\\pict\\pngblip 89504e47}\\bin3 abc\xcf\xf0\xe8\xe2\xe5\xf2 \\'cf\\'f0\\line x\\tab y}"
	if got := rtfExtract([]byte(native), false); got != "Привет Пр\r\nx\ty" {
		t.Errorf("native %q", got)
	}
}

func TestRTFHostile(t *testing.T) {
	// Deep nesting, unterminated escapes and huge parameters end cleanly.
	for _, s := range []string{
		strings.Repeat("{", 100000), `{\rtf1 \'`, `{\rtf1 \u-99999999999999999999?}`, `{\rtf1 \bin999999999 x}`,
		`\`, `}}}}`, `{\*\htmltag`, `{\rtf1\uc99999 \u65 abc}`,
	} {
		rtfExtract([]byte(s), true)
		rtfExtract([]byte(s), false)
		rtfSourceKind([]byte(s))
	}
}
