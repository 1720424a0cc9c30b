package outlookmsg

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// Windows code pages as Outlook records them (PR_MESSAGE_CODEPAGE, PR_INTERNET_CPID, \ansicpg),
// with the MIME charset name that goes with them.
type codepageInfo struct {
	enc     encoding.Encoding // nil: UTF-8
	charset string
}

var codepages = map[int]codepageInfo{
	437:   {charmap.CodePage437, "ibm437"},
	850:   {charmap.CodePage850, "ibm850"},
	852:   {charmap.CodePage852, "ibm852"},
	855:   {charmap.CodePage855, "ibm855"},
	858:   {charmap.CodePage858, "ibm00858"},
	860:   {charmap.CodePage860, "ibm860"},
	862:   {charmap.CodePage862, "ibm862"},
	863:   {charmap.CodePage863, "ibm863"},
	865:   {charmap.CodePage865, "ibm865"},
	866:   {charmap.CodePage866, "ibm866"},
	874:   {charmap.Windows874, "windows-874"},
	932:   {japanese.ShiftJIS, "shift_jis"},
	936:   {simplifiedchinese.GBK, "gbk"},
	949:   {korean.EUCKR, "euc-kr"},
	950:   {traditionalchinese.Big5, "big5"},
	1200:  {unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le"},
	1201:  {unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be"},
	1250:  {charmap.Windows1250, "windows-1250"},
	1251:  {charmap.Windows1251, "windows-1251"},
	1252:  {charmap.Windows1252, "windows-1252"},
	1253:  {charmap.Windows1253, "windows-1253"},
	1254:  {charmap.Windows1254, "windows-1254"},
	1255:  {charmap.Windows1255, "windows-1255"},
	1256:  {charmap.Windows1256, "windows-1256"},
	1257:  {charmap.Windows1257, "windows-1257"},
	1258:  {charmap.Windows1258, "windows-1258"},
	10000: {charmap.Macintosh, "macintosh"},
	20127: {charmap.Windows1252, "us-ascii"}, // ASCII read leniently
	20866: {charmap.KOI8R, "koi8-r"},
	20932: {japanese.EUCJP, "euc-jp"},
	21866: {charmap.KOI8U, "koi8-u"},
	28591: {charmap.ISO8859_1, "iso-8859-1"},
	28592: {charmap.ISO8859_2, "iso-8859-2"},
	28593: {charmap.ISO8859_3, "iso-8859-3"},
	28594: {charmap.ISO8859_4, "iso-8859-4"},
	28595: {charmap.ISO8859_5, "iso-8859-5"},
	28596: {charmap.ISO8859_6, "iso-8859-6"},
	28597: {charmap.ISO8859_7, "iso-8859-7"},
	28598: {charmap.ISO8859_8, "iso-8859-8"},
	28599: {charmap.ISO8859_9, "iso-8859-9"},
	28603: {charmap.ISO8859_13, "iso-8859-13"},
	28605: {charmap.ISO8859_15, "iso-8859-15"},
	38598: {charmap.ISO8859_8I, "iso-8859-8-i"},
	50220: {japanese.ISO2022JP, "iso-2022-jp"},
	50221: {japanese.ISO2022JP, "iso-2022-jp"},
	50222: {japanese.ISO2022JP, "iso-2022-jp"},
	51932: {japanese.EUCJP, "euc-jp"},
	51936: {simplifiedchinese.GBK, "gb2312"},
	51949: {korean.EUCKR, "euc-kr"},
	52936: {simplifiedchinese.HZGB2312, "hz-gb-2312"},
	54936: {simplifiedchinese.GB18030, "gb18030"},
	65001: {nil, "utf-8"},
}

// charsetCodepage maps a MIME charset name (from an HTML meta tag) back to a code page.
func charsetCodepage(name string) (int, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	switch name {
	case "utf8":
		return 65001, true
	case "iso-8859-1", "latin1", "us-ascii", "ascii":
		return 1252, true // what every reader does with them
	case "sjis", "x-sjis", "windows-31j", "cp932":
		return 932, true
	case "gb2312", "x-gbk", "cp936":
		return 936, true
	case "ks_c_5601-1987", "cp949":
		return 949, true
	}
	for cp, info := range codepages {
		if info.charset == name {
			return cp, true
		}
	}
	return 0, false
}

// decodeCodepage turns 8-bit text in a Windows code page into UTF-8. Text in an unknown
// code page is read as UTF-8 when it is valid UTF-8, else as Windows-1252, which every byte
// decodes in: a wrong letter is better than a lost body.
func decodeCodepage(b []byte, cp int) string {
	info, ok := codepages[cp]
	if ok && info.enc == nil {
		if utf8.Valid(b) {
			return string(b)
		}
		info = codepages[1252]
	}
	if !ok {
		if utf8.Valid(b) {
			return string(b)
		}
		info = codepages[1252]
	}
	out, err := info.enc.NewDecoder().Bytes(b)
	if err != nil {
		out, _ = charmap.Windows1252.NewDecoder().Bytes(b)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// knownCodepage reports whether cp can be decoded exactly.
func knownCodepage(cp int) bool {
	_, ok := codepages[cp]
	return ok
}
