package probe

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Limits on what a server may send: a line, the lines of one reply, the transcript.
const (
	maxLine       = 8 << 10 // RFC 5321 allows 512, IMAP capability lists run to a few KB
	maxReplyLines = 200
	maxTranscript = 400 // lines per port; a chatty server is cut, not stored whole
)

// Errors of one session step; the runner turns them into Problems.
var (
	errLineTooLong = errors.New("probe: line too long")
	errTooMany     = errors.New("probe: reply too long")
	errGarbled     = errors.New("probe: not a reply of this protocol")
)

// session is one connection: a bounded line reader, deadlines per step and the transcript.
type session struct {
	ctx      context.Context // the port's: once it ends every read and write fails at once
	conn     net.Conn
	r        *bufio.Reader
	reply    time.Duration // bound on each answer
	deadline time.Time     // the whole port's
	lines    *[]string
}

// upgrade continues the session over c (the TLS connection). Nothing buffered before the
// upgrade may be used after it (a server that pipelines plain text into the TLS start is
// attacking the STARTTLS command injection flaw, CVE-2011-0411 and kin).
func (s *session) upgrade(c net.Conn) {
	s.conn = c
	s.r = bufio.NewReaderSize(c, 4096)
}

func (s *session) note(format string, a ...any) {
	if len(*s.lines) < maxTranscript {
		*s.lines = append(*s.lines, "-- "+fmt.Sprintf(format, a...))
	}
}

func (s *session) record(prefix, line string) {
	if len(*s.lines) < maxTranscript {
		*s.lines = append(*s.lines, prefix+mailmsg.Shorten(mailmsg.OneLine(line), 300))
	}
}

func (s *session) arm(d time.Duration) {
	if s.ctx.Err() != nil {
		_ = s.conn.SetDeadline(time.Unix(1, 0))
		return
	}
	t := time.Now().Add(d)
	if !s.deadline.IsZero() && s.deadline.Before(t) {
		t = s.deadline
	}
	_ = s.conn.SetDeadline(t)
}

// send writes one command line.
func (s *session) send(cmd string) error {
	s.record("C: ", cmd)
	s.arm(s.reply)
	_, err := io.WriteString(s.conn, cmd+"\r\n")
	return err
}

// readLine reads one line within d, without its line end.
func (s *session) readLine(d time.Duration) (string, error) {
	s.arm(d)
	var buf []byte
	for {
		chunk, err := s.r.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > maxLine {
			return "", errLineTooLong
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if len(buf) > 0 && err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return "", err
		}
		line := string(bytes.TrimRight(buf, "\r\n"))
		s.record("S: ", line)
		return line, nil
	}
}

// close says nothing more; the protocol's goodbye is sent by the caller first.
func (s *session) close() { _ = s.conn.Close() }
