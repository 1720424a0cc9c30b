package intake

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf16"

	"github.com/reportmail/reportmail/internal/outlookmsg"
	"github.com/richardlehane/mscfb"
)

// Outlook .msg files, old Word .doc, Excel .xls and PowerPoint .ppt files are all Compound
// File Binary (CFB) containers with the same magic number. The names of the streams inside
// tell them apart: a .msg has "__substg1.0_…" property streams and "__properties_version1.0".

func sniffCFB(head []byte, ra io.ReaderAt, size int64) (s sniffed) {
	defer func() {
		// mscfb reads whatever the file claims; a crafted file must not take us down.
		if recover() != nil {
			s = cfbByBytes(upTo(head, ra, size))
		}
	}()
	if ra == nil {
		return cfbByBytes(head)
	}
	r, err := mscfb.New(ra)
	if err != nil {
		return cfbByBytes(upTo(head, ra, size))
	}
	var word, excel, ppt, msg bool
	var class *mscfb.File
	for _, f := range r.File {
		if len(f.Path) != 0 {
			continue // inside an attachment or an embedded message
		}
		switch {
		case strings.HasPrefix(f.Name, "__substg1.0_"), f.Name == "__properties_version1.0",
			f.Name == "__nameid_version1.0":
			msg = true
			if strings.HasPrefix(f.Name, "__substg1.0_001A") {
				class = f
			}
		case f.Name == "WordDocument":
			word = true
		case f.Name == "Workbook", f.Name == "Book":
			excel = true
		case f.Name == "PowerPoint Document":
			ppt = true
		}
	}
	switch {
	case msg:
		return sniffed{msg: true, msgItem: msgItemKind(class)}
	case word:
		return sniffed{what: "a Word document", advice: advOffice}
	case excel:
		return sniffed{what: "an Excel spreadsheet", advice: advOffice}
	case ppt:
		return sniffed{what: "a PowerPoint presentation", advice: advOffice}
	}
	return sniffed{what: "an older Microsoft Office or Windows file", advice: advBinary}
}

// msgItemKind reads PR_MESSAGE_CLASS (0x001A) and names the item when it is not an email.
func msgItemKind(f *mscfb.File) string {
	if f == nil || f.Size <= 0 {
		return ""
	}
	buf := make([]byte, min(f.Size, 512))
	n, _ := io.ReadFull(f, buf)
	buf = buf[:n]
	var class string
	if strings.HasSuffix(f.Name, "001F") { // PT_UNICODE: UTF-16LE
		u := make([]uint16, len(buf)/2)
		for i := range u {
			u[i] = uint16(buf[2*i]) | uint16(buf[2*i+1])<<8
		}
		class = string(utf16.Decode(u))
	} else {
		class = string(buf)
	}
	class = strings.TrimRight(class, "\x00")
	if outlookmsg.IsMailClass(class) {
		return ""
	}
	return outlookmsg.ItemKind(class)
}

// cfbByBytes decides from the raw bytes when the compound file cannot be read (cut off or
// damaged): stream names are stored as UTF-16 in the directory sectors.
func cfbByBytes(b []byte) sniffed {
	u16 := func(s string) []byte {
		out := make([]byte, 0, 2*len(s))
		for i := 0; i < len(s); i++ {
			out = append(out, s[i], 0)
		}
		return out
	}
	switch {
	case bytes.Contains(b, u16("__substg1.0_")), bytes.Contains(b, u16("__properties_version1.0")):
		return sniffed{msg: true}
	case bytes.Contains(b, u16("WordDocument")):
		return sniffed{what: "a Word document", advice: advOffice}
	case bytes.Contains(b, u16("Workbook")):
		return sniffed{what: "an Excel spreadsheet", advice: advOffice}
	case bytes.Contains(b, u16("PowerPoint Document")):
		return sniffed{what: "a PowerPoint presentation", advice: advOffice}
	}
	return sniffed{what: "a damaged or unknown Microsoft Office file", advice: advBinary}
}

// upTo returns the first 8 MiB of the file (or head when the file cannot be read again), so
// a damaged compound file is searched beyond its first sectors but never without limit.
func upTo(head []byte, ra io.ReaderAt, size int64) []byte {
	if ra == nil {
		return head
	}
	buf := make([]byte, min(size, 8<<20))
	n, _ := ra.ReadAt(buf, 0)
	if n < len(head) {
		return head
	}
	return buf[:n]
}
