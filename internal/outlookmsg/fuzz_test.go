package outlookmsg

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// fuzzSeeds are small well-formed .msg files of every shape the converter knows, so the
// fuzzer starts from files that reach deep into it.
func fuzzSeeds() [][]byte {
	rtfHTML := lzfu([]byte(`{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0 Arial;}}{\*\htmltag19 <html>}Hi \'e9\u8364?{\*\htmltag27 </html>}}`))
	signed := "MIME-Version: 1.0\r\nContent-Type: multipart/signed; boundary=\"b\"\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n"
	return [][]byte{
		mailMsg().file(),
		mailMsg().str(pidTransportHeaders, "Received: from a by b; Mon, 9 Nov 2026 09:14:03 +1300\r\nFrom: a@b.test\r\nContent-Type: text/plain\r\n").file(),
		mailMsg().bin(pidRTFCompressed, rtfHTML).bin(pidHTML, []byte("<p>x</p>")).file(),
		mailMsg().sub(attachPrefix+"00000000", attachFile("a.png", "image/png", []byte("\x89PNG")).str(pidAttachContentID, "i@x")).
			bin(pidHTML, []byte(`<img src="cid:i@x">`)).file(),
		mailMsg().sub(attachPrefix+"00000000", embedAttach("inner", mailMsg().bin(pidRTFCompressed, rtfHTML))).file(),
		mailMsg().str(pidMessageClass, "IPM.Note.SMIME.MultipartSigned").
			sub(attachPrefix+"00000000", attachFile("smime.p7m", "multipart/signed", []byte(signed))).file(),
		newObj(headerTop).str8(pidMessageClass, []byte("IPM.Note")).i32(pidMessageCodepage, 932).str8(pidBody, []byte("\x93\xfa")).file(),
		newObj(headerTop).str(pidMessageClass, "IPM.Contact").file(),
	}
}

// FuzzConvert: whatever the bytes, Convert answers with a message or one of its plain
// errors, never a panic, and never allocates far beyond the file's size.
func FuzzConvert(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
		f.Add(s[:len(s)/2])
		flipped := append([]byte{}, s...)
		for i := 512; i < len(flipped); i += 701 {
			flipped[i] ^= 0x55
		}
		f.Add(flipped)
	}
	// The real corpus, cut short and with bytes flipped in its directory and sectors.
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.msg"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil || len(b) > 64<<10 {
			continue
		}
		f.Add(b)
		f.Add(b[:len(b)*2/3])
		flipped := append([]byte{}, b...)
		for i := 0; i < len(flipped); i += 997 {
			flipped[i] ^= 0xFF
		}
		f.Add(flipped)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		res, err := Convert(data)
		runtime.ReadMemStats(&after)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > uint64(64*len(data))+64<<20 {
			t.Fatalf("allocated %d bytes for a file of %d", grew, len(data))
		}
		if err != nil {
			var nm *ErrNotMessage
			if !errors.Is(err, ErrNotCFB) && !errors.Is(err, ErrDamaged) && !errors.As(err, &nm) {
				t.Fatalf("error of no known kind: %v", err)
			}
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if i := bareLineEnd(res.Message); i >= 0 {
			t.Fatalf("bare line end at %d", i)
		}
	})
}
