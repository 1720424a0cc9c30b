package intake

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/notice"
)

// readNotice reads msg (CR LF) with internal/notice, the one rule for what a rejection
// notice is, and returns it when the file is a notice about a delivery (a DSN, an NDR or a
// feedback report; an auto-reply is not one). A notice a mailing list passed on to its
// members (List-Id on a message that is not itself the report) reached the person as list
// mail: that delivered message is what they have and what the desk traces, so it stays
// whole, as it did before notices were read.
func readNotice(msg []byte) *notice.Notice {
	n := notice.Read(msg)
	if !n.IsBounce() {
		return nil
	}
	h := mailmsg.ParseHeader(msg)
	if h.Has("List-Id") && h.ContentType().Type != "multipart/report" {
		return nil
	}
	return n
}

// returnedOriginal is the message a notice returned whole, in CR LF form, or nil. The
// notice's returned_sha256 is set to the hash of exactly these bytes, so the notice, the
// check and the report name one figure for one attachment.
func returnedOriginal(n *notice.Notice) []byte {
	if n.Returned != notice.ReturnedFull || len(n.ReturnedMessage) == 0 {
		return nil
	}
	inner := toCRLF(n.ReturnedMessage)
	n.ReturnedMessage = inner
	sum := sha256.Sum256(inner)
	n.ReturnedSHA256 = hex.EncodeToString(sum[:])
	return inner
}
