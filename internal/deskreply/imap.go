package deskreply

import (
	"context"
	"errors"
	"time"

	"github.com/reportmail/reportmail/internal/mailbox"
)

// Bounds of one search: the newest maxFound messages per folder that name the desk's
// address, each at most maxFetch big (a reply carrying the report back is a few MB; one of
// 30 MB is not an auto-reply).
const (
	maxFound = 200
	maxFetch = 30 << 20
)

// Mailbox is the person's IMAP mailbox (internal/mailbox): the INBOX and the Junk folder,
// where a filter may well put an automatic reply. Each Replies call is one session.
type Mailbox struct{ Config mailbox.Config }

// Replies implements Source. The server searches the sender; the date is checked here,
// since internal/mailbox's search takes text only.
func (s Mailbox) Replies(ctx context.Context, from string, since time.Time) ([]Message, error) {
	cfg := s.Config
	if cfg.MaxSize <= 0 || cfg.MaxSize > maxFetch {
		cfg.MaxSize = maxFetch
	}
	c, err := mailbox.Dial(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	folders := []string{"INBOX"}
	if fs, err := c.Folders(); err == nil {
		for _, f := range fs {
			if f.Role == mailbox.RoleJunk && f.Selectable {
				folders = append(folders, f.Name)
			}
		}
	}
	var out []Message
	for i, folder := range folders {
		page, err := c.List(folder, mailbox.ListOptions{Search: from, Limit: maxFound})
		if err != nil {
			if i > 0 && errors.Is(err, mailbox.ErrFolderGone) {
				continue // Junk went away between LIST and SELECT: nothing to read there
			}
			return nil, err
		}
		for _, m := range page.Messages {
			if !m.Date.IsZero() && m.Date.Before(since) {
				continue
			}
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			w := &headWriter{limit: MaxMessage}
			if _, err := c.Fetch(folder, m.UID, w); err != nil {
				if errors.Is(err, mailbox.ErrTooBig) || errors.Is(err, mailbox.ErrNotFound) {
					continue // not an auto-reply, or deleted meanwhile
				}
				return nil, err
			}
			out = append(out, Message{Raw: w.buf, Received: m.Date})
		}
	}
	return out, nil
}

// headWriter keeps the first limit bytes and drops the rest: the case number is near the
// top, and a reply is read whole only to keep the session in step.
type headWriter struct {
	buf   []byte
	limit int
}

func (w *headWriter) Write(p []byte) (int, error) {
	if room := w.limit - len(w.buf); room > 0 {
		w.buf = append(w.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}
