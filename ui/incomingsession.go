package ui

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/send"
)

// mailboxState is the window's one signed-in mailbox session and what the Report tab knows
// about cards taken from the mailbox.
type mailboxState struct {
	mu   sync.Mutex
	sess *mailSession
	// origins are the cards whose original came from the mailbox (UI goroutine only).
	origins map[*resultCard]mailOrigin
	// timeout bounds each network wait; 0 is mailbox.DefaultTimeout. Tests shorten it.
	timeout time.Duration
	// picker is the "Choose from my mailbox" dialog last opened (UI goroutine; tests read it).
	picker *mailPicker
	// dir holds the fetched originals; "" is the app's storage folder. Tests set it.
	dir string
}

// mailOrigin is where a card's original is in the mailbox.
type mailOrigin struct {
	folder mailbox.Folder
	uid    uint32
}

// mailSession is one IMAP connection shared by the picker, the fetches and the moves: one
// command at a time (mailbox.Client is not safe for several goroutines), signed in again
// when the server dropped an idle connection while the person was reading the list.
type mailSession struct {
	u  *UI
	t  mailTarget // with the password
	mu sync.Mutex
	c  *mailbox.Client
}

// do runs f on a signed-in client, off the UI goroutine.
func (s *mailSession) do(f func(*mailbox.Client) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for try := 0; ; try++ {
		if s.c == nil {
			c, err := mailbox.Dial(s.u.life, s.t.cfg)
			s.settle(err)
			if err != nil {
				return err
			}
			s.c = c
		}
		err := f(s.c)
		if try == 0 && mailbox.KindOf(err) == mailbox.ConnectionLost {
			s.c.Close()
			s.c = nil
			continue
		}
		return err
	}
}

// settle tells the password store how a sign-in went, as sending does: a refused password
// is forgotten, a typed one kept only once the server took it.
func (s *mailSession) settle(err error) {
	if s.t.token {
		return
	}
	if mailbox.KindOf(err) == mailbox.AuthFailed {
		err = &send.Error{Kind: send.AuthFailed} // the store speaks the sending account's words
	}
	s.u.settlePassword(s.t.acc.keychainKey(), s.t.cfg.Password, err)
}

// close logs out; it may wait for a command to end, so never call it on the UI goroutine.
func (s *mailSession) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.c != nil {
		s.c.Close()
		s.c = nil
	}
}

// dropMailboxSession ends the session (settings changed); the next look signs in again.
func (u *UI) dropMailboxSession() {
	u.mbox.mu.Lock()
	s := u.mbox.sess
	u.mbox.sess = nil
	u.mbox.mu.Unlock()
	if s != nil {
		u.goSafe(s.close)
	}
}

// noMailboxYet is said when something needs the mailbox and none is set up.
const noMailboxYet = "Report Mail cannot read your mailbox yet: enter your incoming mail server (IMAP) in Settings, then try again."

// withMailbox runs then off the UI goroutine with a signed-in session, asking for the
// password when the keychain has none or the server refused the saved one; fail runs on the
// UI goroutine with one sentence. Call it on the UI goroutine.
func (u *UI) withMailbox(then func(*mailSession), fail func(string)) {
	t, ok := u.mailTarget()
	if !ok {
		fail(noMailboxYet)
		return
	}
	u.mbox.mu.Lock()
	s := u.mbox.sess
	u.mbox.mu.Unlock()
	if s != nil && s.t.key() == t.key() {
		u.run(func() { then(s) })
		return
	}
	u.run(func() { u.connectMailbox(t, "", then, fail) })
}

// connectMailbox signs in, off the UI goroutine, with typed or the saved password.
func (u *UI) connectMailbox(t mailTarget, typed string, then func(*mailSession), fail func(string)) {
	t = u.withRoots(t)
	if !t.token {
		pw := typed
		if pw == "" {
			pw, _ = u.passwords().Get(t.acc.keychainKey())
		}
		if pw == "" {
			fyne.Do(func() { u.askMailboxPassword(t, then, fail) })
			return
		}
		t.cfg.Password = pw
	}
	s := &mailSession{u: u, t: t}
	if err := s.do(func(*mailbox.Client) error { return nil }); err != nil {
		if !t.token && mailbox.KindOf(err) == mailbox.AuthFailed {
			fyne.Do(func() { u.askMailboxPassword(t, then, fail) }) // the prompt says it was refused
			return
		}
		msg := plain.Sentence(err)
		fyne.Do(func() { fail(msg) })
		return
	}
	u.mbox.mu.Lock()
	old := u.mbox.sess
	u.mbox.sess = s
	u.mbox.mu.Unlock()
	if old != nil {
		old.close()
	}
	then(s)
}

// askMailboxPassword is the password prompt for the incoming server. UI goroutine.
func (u *UI) askMailboxPassword(t mailTarget, then func(*mailSession), fail func(string)) {
	reason := "Report Mail needs the password of your mailbox on " + t.cfg.Host + " to show your emails."
	u.passwordDialog(t.acc, reason, "Open", func(pw string, ok bool) {
		if !ok {
			fail("Your mailbox was not opened: the password is needed to sign in to " + t.cfg.Host + ".")
			return
		}
		u.run(func() { u.connectMailbox(t, pw, then, fail) })
	})
}
