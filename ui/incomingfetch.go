package ui

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"

	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/report"
)

// fetchedFolder holds the originals fetched from the mailbox, in the app's own storage: the
// outbox keeps its own copy of what it sends, so these are only kept a few days.
const (
	fetchedFolder = "mailbox-originals"
	fetchedKeep   = 7 * 24 * time.Hour
)

// fetchedPath is a new, unique place for one fetched original (no I/O: the folder is made
// when the message is written). The name is what the desk sees on the attachment.
func (u *UI) fetchedPath() string {
	root := u.mbox.dir
	if root == "" {
		root = filepath.Join(u.app.Storage().RootURI().Path(), fetchedFolder)
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return filepath.Join(root, hex.EncodeToString(b), "original.eml")
}

// fetchInto writes the message's exact bytes (BODY.PEEK[]: it stays unread) to path, in a
// folder only this user can read, off the UI goroutine; old fetches are tidied away first.
func fetchInto(s *mailSession, folder string, uid uint32, path string) error {
	dir := filepath.Dir(path)
	tidyFetched(filepath.Dir(dir))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	err := s.do(func(c *mailbox.Client) error {
		_, err := c.FetchFile(folder, uid, path, false)
		return err
	})
	if err != nil {
		os.RemoveAll(dir)
	}
	return err
}

func tidyFetched(root string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && e.IsDir() && time.Since(info.ModTime()) > fetchedKeep {
			os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
}

// mailCardName is what a card from the mailbox calls its original, where a file's name goes.
func mailCardName(folder mailbox.Folder, m mailbox.Message) string {
	subj := mailmsg.Shorten(orDefault(m.Subject, "(no subject)"), 60)
	return "From your mailbox (" + folderLabel(folder) + "): " + subj
}

// openFromMailbox fetches one message and judges it on its own card exactly as a dropped
// file (judgeFile), then suggests the report type its folder implies.
func (s *reportScreen) openFromMailbox(sess *mailSession, folder mailbox.Folder, m mailbox.Message) {
	u := s.u
	path := u.fetchedPath()
	c := startCard(&resultCard{s: s, path: path, name: mailCardName(folder, m)}, "Fetching the email from your mailbox…")
	s.add(c)
	if u.mbox.origins == nil {
		u.mbox.origins = map[*resultCard]mailOrigin{}
	}
	u.mbox.origins[c] = mailOrigin{folder: folder, uid: m.UID}
	u.runOr(func() {
		if err := fetchInto(sess, folder.Name, m.UID, path); err != nil {
			msg := plain.Sentence(err)
			fyne.Do(func() { c.showError(msg) })
			return
		}
		s.judgeFile(c, path)
		fyne.Do(func() {
			if c.flow != nil && c.flow.chosenKind() == "" && c.flow.state == flowReady {
				c.flow.preselect(kindFromFolder(folder))
			}
		})
	}, c.readingFailed)
}

// kindFromFolder: what is in Junk was (probably) wanted mail the filter caught; anything
// else the person picks to report is spam that got through.
func kindFromFolder(f mailbox.Folder) report.Kind {
	if f.Role == mailbox.RoleJunk {
		return report.FalsePositive
	}
	return report.FalseNegative
}
