package mailbox

import (
	"errors"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-imap"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// PageSize is how many messages List returns unless asked otherwise.
const PageSize = 50

// Message is one line of a folder's list.
type Message struct {
	UID     uint32    `json:"uid"`
	Folder  string    `json:"folder"`
	From    string    `json:"from"`
	Subject string    `json:"subject"`
	Date    time.Time `json:"date"` // the Date header, else when the server received it
	Size    int64     `json:"size"`
	Seen    bool      `json:"seen"`
}

// ListOptions chooses a page: Offset messages skipped from the newest, at most Limit
// (0: PageSize) returned; Search keeps the messages whose sender or subject contains it
// (the server searches).
type ListOptions struct {
	Offset, Limit int
	Search        string
}

// Page is one page of a folder, newest first. Total counts every message that matched.
type Page struct {
	Folder   string    `json:"folder"`
	Total    int       `json:"total"`
	Messages []Message `json:"messages"`
}

// examine opens folder read-only, so that browsing can change nothing (not even \Recent).
func (m *Client) examine(folder string) (*imap.MailboxStatus, error) {
	st, err := m.imap.Select(folder, true)
	if err != nil {
		return nil, m.folderErr("select", folder, err)
	}
	return st, nil
}

// folderErr tells a folder that is not there from other refusals: go-imap v1 drops the
// [NONEXISTENT] code, so the folder list is asked.
func (m *Client) folderErr(op, folder string, err error) *Error {
	e := m.classify(op, err)
	e.Folder = folder
	if e.Kind != Refused {
		return e
	}
	if infos, lerr := m.list(); lerr == nil {
		for _, info := range infos {
			if info.Name == folder || (strings.EqualFold(folder, "INBOX") && strings.EqualFold(info.Name, "INBOX")) {
				return e
			}
		}
		e.Kind = FolderGone
	}
	return e
}

// headerFields are read with BODY.PEEK[HEADER.FIELDS], not ENVELOPE: go-imap v1 decodes
// ENVELOPE's encoded words itself (UTF-8 and Latin-1 only) and would bypass mailmsg, the
// app's one reader of mail, for every other charset and for raw 8-bit headers.
var headerSection = &imap.BodySectionName{
	BodyPartName: imap.BodyPartName{Specifier: imap.HeaderSpecifier, Fields: []string{"From", "Subject", "Date"}},
	Peek:         true,
}

var listItems = []imap.FetchItem{imap.FetchUid, imap.FetchFlags, imap.FetchRFC822Size, imap.FetchInternalDate, headerSection.FetchItem()}

// List returns a page of folder, newest (highest UID) first.
func (m *Client) List(folder string, opt ListOptions) (*Page, error) {
	limit := opt.Limit
	if limit <= 0 {
		limit = PageSize
	}
	st, err := m.examine(folder)
	if err != nil {
		return nil, err
	}
	page := &Page{Folder: folder, Messages: []Message{}}
	set := new(imap.SeqSet)
	byUID := false
	if q := strings.TrimSpace(opt.Search); q != "" {
		uids, err := m.search(q)
		if err != nil {
			return nil, m.folderErr("search", folder, err)
		}
		sort.Slice(uids, func(i, j int) bool { return uids[i] > uids[j] })
		page.Total = len(uids)
		if opt.Offset >= len(uids) {
			return page, nil
		}
		for _, u := range uids[opt.Offset:min(len(uids), opt.Offset+limit)] {
			set.AddNum(u)
		}
		byUID = true
	} else {
		// Sequence numbers follow UID order, so the newest are the highest numbers.
		n := int(st.Messages)
		page.Total = n
		hi := n - opt.Offset
		if hi < 1 {
			return page, nil
		}
		set.AddRange(uint32(max(1, hi-limit+1)), uint32(hi))
	}
	msgs, err := m.fetch(set, byUID, listItems)
	if err != nil {
		return nil, m.folderErr("fetch", folder, err)
	}
	for _, im := range msgs {
		page.Messages = append(page.Messages, summary(folder, im))
	}
	sort.Slice(page.Messages, func(i, j int) bool { return page.Messages[i].UID > page.Messages[j].UID })
	return page, nil
}

// search asks the server for sender or subject containing q, in UTF-8 when q is not ASCII.
func (m *Client) search(q string) ([]uint32, error) {
	from, subj := imap.NewSearchCriteria(), imap.NewSearchCriteria()
	from.Header.Add("From", q)
	subj.Header.Add("Subject", q)
	c := &imap.SearchCriteria{Or: [][2]*imap.SearchCriteria{{from, subj}}}
	return m.imap.UidSearch(c) // go-imap adds CHARSET UTF-8 itself for non-ASCII text
}

func (m *Client) fetch(set *imap.SeqSet, byUID bool, items []imap.FetchItem) ([]*imap.Message, error) {
	ch := make(chan *imap.Message, 16)
	done := make(chan error, 1)
	go func() {
		if byUID {
			done <- m.imap.UidFetch(set, items, ch)
		} else {
			done <- m.imap.Fetch(set, items, ch)
		}
	}()
	var out []*imap.Message
	for msg := range ch {
		out = append(out, msg)
	}
	return out, <-done
}

func summary(folder string, im *imap.Message) Message {
	msg := Message{UID: im.Uid, Folder: folder, Size: int64(im.Size), Date: im.InternalDate}
	for _, f := range im.Flags {
		if strings.EqualFold(f, imap.SeenFlag) {
			msg.Seen = true
		}
	}
	var raw []byte
	for _, lit := range im.Body {
		if lit != nil {
			raw, _ = io.ReadAll(io.LimitReader(lit, 64<<10))
		}
	}
	h := mailmsg.ParseHeader(raw)
	if list, ok := h.Addresses("From"); ok && len(list) > 0 {
		a := list[0]
		switch {
		case a.Name != "" && a.Addr != "":
			msg.From = a.Name + " <" + a.Addr + ">"
		case a.Addr != "":
			msg.From = a.Addr
		default:
			msg.From = a.Name
		}
	} else {
		msg.From, _ = h.Text("From")
	}
	msg.Subject, _ = h.Text("Subject")
	msg.From, msg.Subject = mailmsg.OneLine(msg.From), mailmsg.OneLine(msg.Subject)
	if d, ok := mailmsg.ParseDate(h.Get("Date")); ok {
		msg.Date = d.Time
	}
	if !utf8.ValidString(msg.Subject) {
		msg.Subject = strings.ToValidUTF8(msg.Subject, "\uFFFD")
	}
	return msg
}

var errNoBody = errors.New("mailbox: the server sent no body")
