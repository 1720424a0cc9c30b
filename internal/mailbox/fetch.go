package mailbox

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/emersion/go-imap"

	"github.com/reportmail/reportmail/internal/safefile"
)

// chunkSize is how much of a message one FETCH asks for. go-imap v1 reads every literal
// whole into memory, so the body comes in pieces (BODY.PEEK[]<offset.length>, the same
// octets as one BODY.PEEK[]): memory stays bounded and each piece goes to the file at once.
const chunkSize = 8 << 20

// Fetch writes the exact bytes the server holds for the message uid of folder to w and
// returns how many. The folder is opened read-only and the body read with BODY.PEEK, so
// the message is never marked read. A message over Config.MaxSize is refused (TooBig)
// before anything is written.
func (m *Client) Fetch(folder string, uid uint32, w io.Writer) (int64, error) {
	if _, err := m.examine(folder); err != nil {
		return 0, err
	}
	set := new(imap.SeqSet)
	set.AddNum(uid)
	msgs, err := m.fetch(set, true, []imap.FetchItem{imap.FetchUid, imap.FetchRFC822Size})
	if err != nil {
		return 0, m.msgErr("fetch", folder, uid, err)
	}
	var size int64 = -1
	for _, im := range msgs {
		if im.Uid == uid {
			size = int64(im.Size)
		}
	}
	if size < 0 {
		return 0, &Error{Kind: NotFound, Op: "fetch", Host: m.cfg.Host, Port: m.cfg.port(), Folder: folder, UID: uid}
	}
	max := m.cfg.maxSize()
	if size > max {
		return 0, &Error{Kind: TooBig, Op: "fetch", Host: m.cfg.Host, Port: m.cfg.port(), Folder: folder, UID: uid}
	}
	var total int64
	for {
		sec := &imap.BodySectionName{Peek: true, Partial: []int{int(total), chunkSize}}
		msgs, err := m.fetch(set, true, []imap.FetchItem{imap.FetchUid, sec.FetchItem()})
		if err != nil {
			return total, m.msgErr("fetch", folder, uid, err)
		}
		lit := bodyOf(msgs, uid)
		if lit == nil {
			return total, m.msgErr("fetch", folder, uid, errNoBody)
		}
		n, err := io.Copy(w, io.LimitReader(lit, max-total+1))
		total += n
		if err != nil {
			return total, &Error{Kind: Refused, Op: "write", Folder: folder, UID: uid, Err: err}
		}
		if total > max {
			return total, &Error{Kind: TooBig, Op: "fetch", Host: m.cfg.Host, Port: m.cfg.port(), Folder: folder, UID: uid}
		}
		if n < chunkSize {
			return total, nil
		}
	}
}

func bodyOf(msgs []*imap.Message, uid uint32) imap.Literal {
	for _, im := range msgs {
		if im.Uid != uid {
			continue
		}
		for _, lit := range im.Body {
			if lit != nil {
				return lit
			}
		}
	}
	return nil
}

// msgErr is folderErr for a command on one message.
func (m *Client) msgErr(op, folder string, uid uint32, err error) *Error {
	e := m.folderErr(op, folder, err)
	e.UID = uid
	return e
}

// FetchFile streams the message into path: a new name, or an existing regular file when
// replace is set (never a folder, device, pipe or through a link, as safefile.Write). The
// bytes go to a temporary file beside path that is renamed over it only once the whole
// message arrived, so a dropped connection leaves no partial file.
func (m *Client) FetchFile(folder string, uid uint32, path string, replace bool) (int64, error) {
	if err := checkTarget(path, replace); err != nil {
		return 0, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".reportmail-fetch-*.part")
	if err != nil {
		return 0, &Error{Kind: Refused, Op: "write", Folder: folder, UID: uid, Err: err}
	}
	keep := false
	defer func() {
		if !keep {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 256<<10)
	n, err := m.Fetch(folder, uid, bw)
	if err != nil {
		return 0, err
	}
	if err := errors.Join(bw.Flush(), tmp.Sync(), tmp.Close()); err != nil {
		return 0, &Error{Kind: Refused, Op: "write", Folder: folder, UID: uid, Err: err}
	}
	if err := checkTarget(path, replace); err != nil {
		return 0, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, &Error{Kind: Refused, Op: "write", Folder: folder, UID: uid, Err: err}
	}
	keep = true
	_ = safefile.SyncDir(filepath.Dir(path))
	return n, nil
}

func checkTarget(path string, replace bool) error {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !st.Mode().IsRegular():
		return &safefile.NotFileError{Path: path, Kind: fileKind(st.Mode())}
	case !replace:
		return &safefile.ExistsError{Path: path}
	}
	return nil
}

func fileKind(m fs.FileMode) safefile.Kind {
	switch {
	case m.IsDir():
		return safefile.Folder
	case m&fs.ModeSymlink != 0:
		return safefile.Symlink
	case m&fs.ModeNamedPipe != 0:
		return safefile.Pipe
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return safefile.Device
	case m&fs.ModeSocket != 0:
		return safefile.Socket
	}
	return safefile.Other
}
