package cli

import (
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/send"
)

// withWaiting makes a send print a line to standard error while the mail server is slow to
// answer, so a command that seems stuck says what it is waiting for and for how long. A
// prompt server prints nothing: standard error stays one sentence per failure.
func (e env) withWaiting(cfg send.Config) send.Config {
	cfg.Waiting = func(w send.Waiting) { e.say("%s", plain.WaitingLine(w)) }
	return cfg
}
