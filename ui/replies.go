package ui

import (
	"context"
	"log"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/reportmail/reportmail/internal/deskreply"
	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/provider"
)

// replyWaits are the pauses, after a report was sent, before each look for the desk's
// automatic reply: it usually comes within minutes, later when the desk's queue is long
// (looks at about 2, 10 and 30 minutes).
var replyWaits = []time.Duration{2 * time.Minute, 8 * time.Minute, 20 * time.Minute}

// replyLookTimeout bounds one look: a sign-in, two searches and a few small fetches.
const replyLookTimeout = 5 * time.Minute

// repliesState is the reply search's part of the UI.
type repliesState struct {
	// source is the person's mailbox, false while no incoming account is set up; nil means
	// incomingMailbox. Tests set it.
	source func() (deskreply.Source, bool)

	once     sync.Once
	nudge    chan struct{} // a report was sent: start the looks of replyWaits
	mu       sync.Mutex
	lastSent time.Time // the newest sending noteSent has seen
	looking  bool      // a look is running: another would only find the same
}

func (r *repliesState) nudges() chan struct{} {
	r.once.Do(func() { r.nudge = make(chan struct{}, 1) })
	return r.nudge
}

// incomingMailbox is the person's incoming (IMAP) account as the reply search uses it.
//
// A sign-in with Microsoft 365 or Google reads its own mailbox (tokenMailbox); otherwise the
// incoming account of Settings is used when its password is saved.
func (u *UI) incomingMailbox() (deskreply.Source, bool) {
	var acc account
	fyne.DoAndWait(func() { acc = u.account() })
	if cfg, ok := u.tokenMailbox(acc); ok {
		cfg.RootCAs = u.serverRoots()
		return deskreply.Mailbox{Config: cfg}, true
	}
	// The incoming account of Settings, with its saved password: nobody asked for this
	// look, so it never prompts.
	var t mailTarget
	var ok bool
	fyne.DoAndWait(func() { t, ok = u.mailTarget() })
	if !ok || t.token {
		return nil, false
	}
	pw, err := u.passwords().Get(t.acc.keychainKey())
	if err != nil || pw == "" {
		return nil, false
	}
	t = u.withRoots(t)
	t.cfg.Password = pw
	return deskreply.Mailbox{Config: t.cfg}, true
}

// LookForReplies looks once in the person's mailbox for the desk's replies to the reports
// sent lately, records their case numbers in the outbox and shows them in Sent reports.
// Call it off the UI goroutine. Without an incoming account it does nothing; a failure is
// logged, not shown: nobody asked for this look, and the next one may well work.
func (u *UI) LookForReplies(ctx context.Context) {
	get := u.replies.source
	if get == nil {
		get = u.incomingMailbox
	}
	src, ok := get()
	if !ok || src == nil {
		return
	}
	r := &u.replies
	r.mu.Lock()
	if r.looking {
		r.mu.Unlock()
		return
	}
	r.looking = true
	r.mu.Unlock()
	defer func() { r.mu.Lock(); r.looking = false; r.mu.Unlock() }()

	ob, err := u.outbox()
	if err != nil {
		return
	}
	var prof provider.Profile
	fyne.DoAndWait(func() { prof = u.prof })
	ctx, cancel := context.WithTimeout(ctx, replyLookTimeout)
	defer cancel()
	found, err := deskreply.Look(ctx, ob, src, prof, nil)
	if err != nil {
		log.Printf("reportmail: looking for the support desk's replies: %v", err)
		return
	}
	if len(found) > 0 {
		u.reportsChanged()
	}
}

// repliesLoop looks for replies when the app starts and, after each report is sent, at
// the times of replyWaits; a new report sent starts the waits again.
func (u *UI) repliesLoop(ctx context.Context) {
	u.LookForReplies(ctx)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	var waits []time.Duration
	for {
		select {
		case <-ctx.Done():
			return
		case <-u.replies.nudges():
			waits = replyWaits
		case <-timer.C:
			u.LookForReplies(ctx)
		}
		if len(waits) > 0 {
			timer.Reset(waits[0])
			waits = waits[1:]
		}
	}
}

// noteSent is told the history each time the reports change: a report sent since the last
// time, within the span of replyWaits (by this app, or by the CLI while it ran), starts the
// looks for its reply.
func (u *UI) noteSent(history []outbox.Entry) {
	var newest time.Time
	for _, e := range history {
		if e.SentAt.After(newest) {
			newest = e.SentAt
		}
	}
	var span time.Duration
	for _, w := range replyWaits {
		span += w
	}
	r := &u.replies
	r.mu.Lock()
	fresh := newest.After(r.lastSent) && time.Since(newest) < span
	if newest.After(r.lastSent) {
		r.lastSent = newest
	}
	r.mu.Unlock()
	if fresh {
		select {
		case r.nudges() <- struct{}{}:
		default: // one is already waiting
		}
	}
}
