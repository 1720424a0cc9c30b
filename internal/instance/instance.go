// Package instance keeps one running copy of the desktop app per user. The first start
// becomes the primary and listens on a local endpoint (a Unix socket, or a loopback TCP port
// on Windows); a later start — "reportmail FILE…" or the desktop's "Open with" — hands its
// files to the primary and exits, so the files appear in the window the person already has.
//
// Who is primary is decided by a lock file the primary holds while it runs; the system drops
// the lock when a process dies, however it dies, so a stale socket is never mistaken for a
// running app. Only the same user can hand files over: the endpoint lives in a folder only
// that user can enter, and every message carries a random token from a file in it.
package instance

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Errors Claim and Serve return; the app starts on its own after any of them, so a broken
// hand-over never keeps a person from their window.
var (
	// ErrUnsafeDir: the folder for the endpoint is not private to this user.
	ErrUnsafeDir = errors.New("instance: the endpoint folder is not private to this user")
	// ErrNoAnswer: another copy holds the lock but did not take the files before the deadline.
	ErrNoAnswer = errors.New("instance: the running copy did not answer")
	// ErrRefused: the running copy answered but would not take the files.
	ErrRefused = errors.New("instance: the running copy refused the files")
	// ErrTooLarge: the message would be larger than the limit (too many or too long paths).
	ErrTooLarge = errors.New("instance: too many files to hand over")
)

// Config is what tests change; the zero value is the real app.
type Config struct {
	Dir     string        // "" is DefaultDir()
	Network string        // "unix" or "tcp"; "" is the platform's (tcp on Windows)
	Timeout time.Duration // deadline of one whole hand-over; 0 is 5 seconds
	MaxSize int           // largest message in bytes; 0 is 1 MiB
}

const (
	lockName     = "instance.lock"
	endpointName = "instance.endpoint"
	socketName   = "instance.sock"
	maxPaths     = 10000
	maxPathLen   = 32 << 10 // Windows long paths reach 32767 characters
	replyOK      = "ok"
	replyBad     = "bad"
)

func (c Config) withDefaults() (Config, error) {
	if c.Dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return c, err
		}
		c.Dir = d
	}
	if c.Network == "" {
		c.Network = defaultNetwork
	}
	if c.Timeout <= 0 {
		c.Timeout = 5 * time.Second
	}
	if c.MaxSize <= 0 {
		c.MaxSize = 1 << 20
	}
	return c, nil
}

// message is what a later start sends. JSON, because paths may hold any byte but NUL,
// newlines included.
type message struct {
	Token string   `json:"token"`
	Paths []string `json:"paths"`
}

// Primary is the first running copy, listening for later starts.
type Primary struct {
	cfg     Config
	ln      net.Listener
	token   string
	release func()
	once    sync.Once
	wg      sync.WaitGroup
	slots   chan struct{}
}

// Claim makes this process the primary, or hands paths to the primary that is running. It
// returns handedOver true when the running copy took the paths: the caller then exits. The
// paths are made absolute here, against this process's working folder, because the primary
// runs in another one.
func Claim(cfg Config, paths []string) (p *Primary, handedOver bool, err error) {
	cfg, err = cfg.withDefaults()
	if err != nil {
		return nil, false, err
	}
	abs := make([]string, 0, len(paths))
	for _, path := range paths {
		a, err := filepath.Abs(path)
		if err != nil {
			return nil, false, err
		}
		abs = append(abs, a)
	}
	if err := privateDir(cfg.Dir); err != nil {
		return nil, false, err
	}
	deadline := time.Now().Add(cfg.Timeout)
	for {
		release, err := tryLock(filepath.Join(cfg.Dir, lockName))
		if err == nil {
			p, err := listen(cfg, release)
			if err != nil {
				release()
				return nil, false, err
			}
			return p, false, nil
		}
		if !errors.Is(err, errLocked) {
			return nil, false, err
		}
		err = handOver(cfg, abs, deadline)
		if err == nil {
			return nil, true, nil
		}
		// A refusal is an answer; anything else may be a primary still starting up.
		if errors.Is(err, ErrRefused) || errors.Is(err, ErrTooLarge) || !time.Now().Before(deadline) {
			if !errors.Is(err, ErrRefused) && !errors.Is(err, ErrTooLarge) {
				err = fmt.Errorf("%w: %v", ErrNoAnswer, err)
			}
			return nil, false, err
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func listen(cfg Config, release func()) (*Primary, error) {
	var ln net.Listener
	var err error
	switch cfg.Network {
	case "unix":
		sock := filepath.Join(cfg.Dir, socketName)
		// We hold the lock, so a socket file here was left by a copy that died.
		if err := os.Remove(sock); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		ln, err = net.Listen("unix", sock)
		if err == nil {
			err = os.Chmod(sock, 0o600)
		}
	case "tcp":
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	default:
		err = fmt.Errorf("instance: unknown network %q", cfg.Network)
	}
	if err != nil {
		if ln != nil {
			ln.Close()
		}
		return nil, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		ln.Close()
		return nil, err
	}
	p := &Primary{cfg: cfg, ln: ln, token: hex.EncodeToString(raw), release: release, slots: make(chan struct{}, 8)}
	endpoint := cfg.Network + "\n" + ln.Addr().String() + "\n" + p.token + "\n"
	if err := writePrivate(filepath.Join(cfg.Dir, endpointName), endpoint); err != nil {
		ln.Close()
		return nil, err
	}
	return p, nil
}

// writePrivate writes a file only this user can read, whole or not at all: a later start
// must never read half an endpoint.
func writePrivate(path, text string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".endpoint-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil && !isWindows {
		tmp.Close()
		return err
	}
	if _, err := tmp.WriteString(text); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Serve takes hand-overs until Close, calling open with each start's absolute paths (an
// empty list is a start without files: show the window). open runs on Serve's goroutines;
// the app passes it on to its UI goroutine.
func (p *Primary) Serve(open func(paths []string)) error {
	for {
		conn, err := p.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				p.wg.Wait()
				return nil
			}
			return err
		}
		select {
		case p.slots <- struct{}{}:
		default:
			conn.Close() // a flood of starts: the extra ones start windows of their own
			continue
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer func() { <-p.slots }()
			p.serveOne(conn, open)
		}()
	}
}

func (p *Primary) serveOne(conn net.Conn, open func([]string)) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(p.cfg.Timeout))
	data, err := io.ReadAll(io.LimitReader(conn, int64(p.cfg.MaxSize)+1))
	paths, ok := p.parse(data)
	if err != nil || !ok {
		_, _ = io.WriteString(conn, replyBad+"\n")
		return
	}
	func() {
		defer func() { _ = recover() }() // a failing open must not end the hand-overs
		open(paths)
	}()
	_, _ = io.WriteString(conn, replyOK+"\n")
}

// parse reads one hand-over: within the size limit, with this primary's token, and only
// absolute paths, since a relative one would be taken against the wrong folder.
func (p *Primary) parse(data []byte) ([]string, bool) {
	var m message
	if len(data) > p.cfg.MaxSize || json.Unmarshal(data, &m) != nil {
		return nil, false
	}
	if subtle.ConstantTimeCompare([]byte(m.Token), []byte(p.token)) != 1 || !validPaths(m.Paths) {
		return nil, false
	}
	if m.Paths == nil {
		m.Paths = []string{}
	}
	return m.Paths, true
}

func validPaths(paths []string) bool {
	if len(paths) > maxPaths {
		return false
	}
	for _, p := range paths {
		if p == "" || len(p) > maxPathLen || strings.ContainsRune(p, 0) || !filepath.IsAbs(p) {
			return false
		}
	}
	return true
}

// Close stops listening and gives up the lock, so the next start becomes the primary.
func (p *Primary) Close() error {
	var err error
	p.once.Do(func() {
		os.Remove(filepath.Join(p.cfg.Dir, endpointName))
		err = p.ln.Close()
		p.release()
	})
	return err
}

// handOver sends paths to the primary named in the endpoint file and waits for its answer.
func handOver(cfg Config, paths []string, deadline time.Time) error {
	network, addr, token, err := readEndpoint(filepath.Join(cfg.Dir, endpointName))
	if err != nil {
		return err
	}
	body, err := json.Marshal(message{Token: token, Paths: paths})
	if err != nil {
		return err
	}
	if len(body) > cfg.MaxSize {
		return ErrTooLarge
	}
	d := net.Dialer{Deadline: deadline}
	conn, err := d.Dial(network, addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(deadline)
	if _, err := conn.Write(body); err != nil {
		return err
	}
	if cw, ok := conn.(interface{ CloseWrite() error }); ok {
		if err := cw.CloseWrite(); err != nil {
			return err
		}
	}
	reply, err := io.ReadAll(io.LimitReader(conn, 64))
	if err != nil {
		return err
	}
	switch strings.TrimSpace(string(reply)) {
	case replyOK:
		return nil
	case replyBad:
		return ErrRefused
	}
	return fmt.Errorf("instance: no answer from the running copy")
}

func readEndpoint(path string) (network, addr, token string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", "", "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return "", "", "", err
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) != 3 || (lines[0] != "unix" && lines[0] != "tcp") {
		return "", "", "", fmt.Errorf("instance: the endpoint file is not complete")
	}
	return lines[0], lines[1], lines[2], nil
}
