package smtpfake

import (
	"net"
	"time"
)

// atDot plays the scripted faults that come after the whole message and its final dot have
// arrived. done says it handled the dot; ok whether the session goes on.
func (cs *conn) atDot(data []byte) (done, ok bool) {
	switch {
	case cs.o.SilentAtDot > 0:
		cs.keep(data, false)
		cs.srv.signal(0, cs.srv.stalled)
		cs.wait(cs.o.SilentAtDot)
		return true, false // the deferred Close hangs up without a word
	case cs.o.ResetAtDot:
		cs.keep(data, false)
		cs.srv.signal(0, cs.srv.stalled)
		if tc, isTCP := cs.raw().(*net.TCPConn); isTCP {
			_ = tc.SetLinger(0) // Close now sends RST instead of FIN
		}
		return true, false
	case cs.o.DotDelay > 0:
		if !cs.wait(cs.o.DotDelay) {
			cs.keep(data, false)
			return true, false
		}
	}
	return false, false
}

// wait sleeps d unless the server closes first (false).
func (cs *conn) wait(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-cs.srv.done:
		return false
	}
}

// raw is the TCP connection under any TLS.
func (cs *conn) raw() net.Conn {
	if nc, ok := cs.c.(interface{ NetConn() net.Conn }); ok {
		return nc.NetConn()
	}
	return cs.c
}
