package outlookmsg

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Property types (MS-OXCDATA 2.11.1).
const (
	ptShort   = 0x0002
	ptLong    = 0x0003
	ptFloat   = 0x0004
	ptDouble  = 0x0005
	ptCurr    = 0x0006
	ptAppTime = 0x0007
	ptError   = 0x000A
	ptBoolean = 0x000B
	ptObject  = 0x000D
	ptI8      = 0x0014
	ptString8 = 0x001E
	ptUnicode = 0x001F
	ptSysTime = 0x0040
	ptCLSID   = 0x0048
	ptBinary  = 0x0102
	ptMulti   = 0x1000
)

// Property IDs used here (MS-OXPROPS).
const (
	pidMessageClass        = 0x001A
	pidSubject             = 0x0037
	pidClientSubmitTime    = 0x0039
	pidTransportHeaders    = 0x007D
	pidSenderEmail         = 0x0C1F
	pidSenderName          = 0x0C1A
	pidSenderAddrType      = 0x0C1E
	pidRecipientType       = 0x0C15
	pidDeliveryTime        = 0x0E06
	pidBody                = 0x1000
	pidRTFCompressed       = 0x1009
	pidHTML                = 0x1013
	pidInternetMessageID   = 0x1035
	pidReferences          = 0x1039
	pidInReplyTo           = 0x1042
	pidDisplayName         = 0x3001
	pidAddrType            = 0x3002
	pidEmailAddress        = 0x3003
	pidCreationTime        = 0x3007
	pidSMTPAddress         = 0x39FE
	pidAttachDataBin       = 0x3701
	pidAttachExtension     = 0x3703
	pidAttachFilename      = 0x3704
	pidAttachMethod        = 0x3705
	pidAttachLongFilename  = 0x3707
	pidAttachPathname      = 0x3708
	pidAttachLongPathname  = 0x370D
	pidAttachMimeTag       = 0x370E
	pidAttachContentID     = 0x3712
	pidAttachContentLoc    = 0x3713
	pidAttachFlags         = 0x3714
	pidInternetCPID        = 0x3FDE
	pidMessageCodepage     = 0x3FFD
	pidSenderSMTPAddress   = 0x5D01
	pidSentRepSMTPAddress  = 0x5D02
	pidSentRepName         = 0x0042
	pidSentRepEmail        = 0x0065
	pidSentRepAddrType     = 0x0064
	pidNativeBody          = 0x1016
	pidAttachmentHidden    = 0x7FFE
	pidDisplayTo           = 0x0E04
	pidDisplayCc           = 0x0E03
	pidMessageFlags        = 0x0E07
	pidSenderEntryID       = 0x0C19
	pidSentRepresentingEID = 0x0041
)

// Header sizes of __properties_version1.0 (MS-OXMSG 2.4.1).
const (
	headerTop      = 32
	headerEmbedded = 24
	headerSub      = 8 // attachments and recipients
)

// props are the properties of one object (message, recipient or attachment), read from its
// own storage only.
type props struct {
	st       *storage
	r        *reader
	fixed    map[uint32][8]byte // tag → inline value
	codepage int                // for PT_STRING8 values
	err      error              // the first damage met while reading values
}

func loadProps(r *reader, st *storage, headerSize int, codepage int) (*props, error) {
	p := &props{st: st, r: r, fixed: map[uint32][8]byte{}, codepage: codepage}
	f, ok := st.streams["__properties_version1.0"]
	data, err := r.read(f)
	if err != nil {
		return nil, err
	}
	if ok && len(data) < headerSize {
		// MS-OXMSG 2.4.1: the stream opens with a header of this size, whatever follows.
		return nil, damaged("its list of properties is cut short")
	}
	if len(data) >= headerSize {
		for b := data[headerSize:]; len(b) >= 16; b = b[16:] {
			tag := binary.LittleEndian.Uint32(b)
			var v [8]byte
			copy(v[:], b[8:16])
			if _, dup := p.fixed[tag]; !dup {
				p.fixed[tag] = v
			}
		}
	}
	if cp, ok := p.int32(pidMessageCodepage); ok && cp > 0 {
		p.codepage = int(cp)
	} else if cp, ok := p.int32(pidInternetCPID); ok && cp > 0 && p.codepage == 0 {
		p.codepage = int(cp)
	}
	return p, nil
}

func streamName(id, typ uint16) string {
	return fmt.Sprintf("__substg1.0_%04X%04X", id, typ)
}

func (p *props) note(err error) {
	if err != nil && p.err == nil {
		p.err = err
	}
}

func (p *props) has(id, typ uint16) bool {
	if _, ok := p.st.streams[streamName(id, typ)]; ok {
		return true
	}
	_, ok := p.fixed[uint32(id)<<16|uint32(typ)]
	return ok
}

// raw returns a variable-length value's stream.
func (p *props) raw(id, typ uint16) []byte {
	b, err := p.r.read(p.st.streams[streamName(id, typ)])
	p.note(err)
	return b
}

// str returns a string property, Unicode or 8-bit, and whether it is there.
func (p *props) str(id uint16) (string, bool) {
	if f, ok := p.st.streams[streamName(id, ptUnicode)]; ok {
		b, err := p.r.read(f)
		p.note(err)
		return trimNul(decodeUTF16(b)), true
	}
	if f, ok := p.st.streams[streamName(id, ptString8)]; ok {
		b, err := p.r.read(f)
		p.note(err)
		return trimNul(decodeCodepage(b, p.codepage)), true
	}
	return "", false
}

func (p *props) string(id uint16) string {
	s, _ := p.str(id)
	return s
}

func (p *props) binary(id uint16) []byte { return p.raw(id, ptBinary) }

func (p *props) int32(id uint16) (int32, bool) {
	v, ok := p.fixed[uint32(id)<<16|ptLong]
	if !ok {
		return 0, false
	}
	return int32(binary.LittleEndian.Uint32(v[:4])), true
}

func (p *props) bool(id uint16) bool {
	v, ok := p.fixed[uint32(id)<<16|ptBoolean]
	return ok && v[0] != 0
}

// time returns a PT_SYSTIME property (a FILETIME: 100 ns since 1601, UTC).
func (p *props) time(id uint16) (time.Time, bool) {
	v, ok := p.fixed[uint32(id)<<16|ptSysTime]
	if !ok {
		return time.Time{}, false
	}
	ft := binary.LittleEndian.Uint64(v[:])
	if ft == 0 || ft >= 0x7FFF_FFFF_FFFF_FFFF {
		return time.Time{}, false
	}
	const epochDiff = 116444736000000000 // 1601-01-01 to 1970-01-01 in 100 ns
	if ft < epochDiff {
		return time.Time{}, false
	}
	d := ft - epochDiff
	t := time.Unix(int64(d/1e7), int64(d%1e7)*100).UTC()
	if t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

// multiStr returns a multi-valued string property (PT_MV_UNICODE / PT_MV_STRING8): the
// lengths stream lists the values, each in its own "-XXXXXXXX" stream.
func (p *props) multiStr(id uint16) []string {
	for _, typ := range []uint16{ptMulti | ptUnicode, ptMulti | ptString8} {
		name := streamName(id, typ)
		lens, ok := p.st.streams[name]
		if !ok {
			continue
		}
		n := lens.Size / 4
		var out []string
		for i := int64(0); i < n && i < 2048; i++ {
			f := p.st.streams[name+"-"+fmt.Sprintf("%08X", i)]
			b, err := p.r.read(f)
			p.note(err)
			if typ&0xFF == ptUnicode {
				out = append(out, trimNul(decodeUTF16(b)))
			} else {
				out = append(out, trimNul(decodeCodepage(b, p.codepage)))
			}
		}
		return out
	}
	return nil
}

// object returns the storage of a PT_OBJECT property (an embedded message or OLE object).
func (p *props) object(id uint16) *storage {
	return p.st.children[streamName(id, ptObject)]
}

func decodeUTF16(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

func trimNul(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// subIndex reads the number at the end of "__attach_version1.0_#0000000A".
func subIndex(name, prefix string) (int, bool) {
	if !strings.HasPrefix(name, prefix) {
		return 0, false
	}
	n, err := strconv.ParseUint(name[len(prefix):], 16, 32)
	if err != nil {
		return 0, false
	}
	return int(n), true
}
