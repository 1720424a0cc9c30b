package send

import (
	"context"
	"errors"
	"io"
	"net"
	"net/textproto"
	"sync"
	"time"

	"github.com/wneessen/go-mail/smtp"
)

// Unknown is an outcome nobody knows: the whole report and its final dot went out, and the
// connection ended (closed, reset, timed out, cancelled) before the server answered. The
// server may have accepted it, so sending again may deliver a second copy. It is not
// temporary: only the person decides whether to send it again.
const Unknown Kind = "unknown-outcome"

// ErrUnknown matches any Error of Kind Unknown (errors.Is).
var ErrUnknown = &Error{Kind: Unknown}

// DefaultReplyTimeout is how long the server has to answer the final dot: RFC 5321
// §4.5.3.2.6 asks for 10 minutes, since a server may check the whole message (virus and spam
// scans) before it answers, and giving up early is what turns one report into two.
const DefaultReplyTimeout = 10 * time.Minute

func (c Config) replyTimeout() time.Duration {
	if c.ReplyTimeout <= 0 {
		return DefaultReplyTimeout
	}
	return c.ReplyTimeout
}

// Hooks let a caller follow one sending. Either may be nil.
type Hooks struct {
	// Progress is called with the bytes written so far and the total.
	Progress func(done, total int64)
	// DataSent is called once, when the final dot has been written and before the server's
	// answer is read: from this moment the report may have been delivered whatever happens to
	// the connection. The outbox records it durably here; front ends say "Waiting for the
	// server to confirm…". Send waits for the answer only after DataSent returns.
	DataSent func()
}

// SendWith is Send with hooks.
func (c Config) SendWith(ctx context.Context, from string, to []string, msg []byte, h Hooks) error {
	return c.send(ctx, from, to, msg, h)
}

// endData writes the final dot and waits for the server's answer to it, with the reply
// timeout rather than the transfer's, and tells the hooks in between. Every way of not
// getting an answer is Unknown: the server holds the whole message and may have taken it.
func (s *session) endData(client *smtp.Client, w io.WriteCloser, h Hooks) error {
	// go-mail's DataCloser.Close writes the dot and reads the reply in one call, with no
	// moment in between for DataSent; its embedded dot-writer writes and flushes the dot alone.
	dc, ok := w.(*smtp.DataCloser)
	if !ok {
		if err := w.Close(); err != nil {
			return s.unknown(err)
		}
		return nil
	}
	if err := s.hungUp(client); err != nil {
		return err
	}
	if err := client.UpdateDeadline(s.cfg.timeout()); err != nil {
		return s.classify("data", err)
	}
	if err := dc.WriteCloser.Close(); err != nil {
		// The dot did not reach this computer's network stack: the server cannot have
		// the complete message, so this is an ordinary lost connection, safe to retry.
		return s.classify("data", err)
	}
	if h.DataSent != nil {
		h.DataSent()
	}
	if err := client.UpdateDeadline(s.cfg.replyTimeout()); err != nil {
		return s.unknown(err)
	}
	defer s.confirming()()
	if _, _, err := client.Text.ReadResponse(2); err != nil {
		return s.unknown(err)
	}
	return nil
}

// Confirming is the Waiting stage after the final dot: the server has the whole report and
// is slow to confirm it (a large report scanned before the answer). Limit is ReplyTimeout.
const Confirming Stage = 100

// confirming tells Config.Waiting once the answer to the dot is slow in coming, and returns
// the stop; Send does not return while a Waiting call runs.
func (s *session) confirming() (stop func()) {
	if s.cfg.Waiting == nil {
		return func() {}
	}
	var mu sync.Mutex
	stopped := false
	t := time.AfterFunc(slowAfter, func() {
		mu.Lock()
		defer mu.Unlock()
		if !stopped {
			s.cfg.Waiting(Waiting{Stage: Confirming, Host: s.cfg.Host, Port: s.cfg.port(), Limit: s.cfg.replyTimeout()})
		}
	})
	return func() {
		t.Stop()
		mu.Lock()
		stopped = true
		mu.Unlock()
	}
}

// earlyCloseWait is how long hungUp listens before the dot. A server that hung up during the
// transfer (whose close the small writes did not notice) is heard within a round trip; each
// report pays this once.
const earlyCloseWait = 50 * time.Millisecond

// hungUp looks, just before the final dot, for a server that already hung up or spoke: a
// compliant server is silent during DATA, so anything there means it gave up on the message
// without the dot and never delivered it — a plain lost connection, safe to retry. Not
// hearing anything proves nothing: after the dot, an end without an answer stays Unknown.
func (s *session) hungUp(client *smtp.Client) error {
	if err := client.Text.W.Flush(); err != nil {
		return s.classify("data", err)
	}
	if err := client.UpdateDeadline(earlyCloseWait); err != nil {
		return s.classify("data", err)
	}
	// Through the TLS layer, never the raw socket: a TLS 1.3 session ticket arriving now is
	// consumed there, and a read timeout leaves crypto/tls and bufio usable.
	_, err := client.Text.R.Peek(1)
	var ne net.Error
	switch {
	case err == nil:
		// The server spoke before the dot: its reply (421 and the like) says why.
		code, msg, rerr := client.Text.ReadResponse(0)
		if rerr == nil {
			rerr = &textproto.Error{Code: code, Msg: msg}
		}
		return s.classify("data", rerr)
	case errors.As(err, &ne) && ne.Timeout() && s.ctx.Err() == nil:
		return nil
	}
	return s.classify("data", err)
}

// unknown classifies an error after the final dot: a 4xx or 5xx answer is the server's
// word that it did not take the report; anything else leaves the outcome unknown.
func (s *session) unknown(err error) error {
	e := s.classify("data", err)
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 400 && te.Code < 600 {
		return e
	}
	return &Error{Kind: Unknown, Op: "data", Host: s.cfg.Host, Port: s.cfg.port(), Code: e.Code, Reply: e.Reply, Err: e}
}
