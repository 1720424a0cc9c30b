package mailbox

import (
	"bufio"
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// cutProxy relays to a server and closes both sides once limit bytes came back.
type cutProxy struct {
	port int
}

func newCutProxy(t *testing.T, target string, limit int64) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				up, err := net.DialTimeout("tcp", target, 5*time.Second)
				if err != nil {
					return
				}
				defer up.Close()
				go io.Copy(up, c)
				io.Copy(c, io.LimitReader(up, limit))
			}()
		}
	}()
	return &cutProxy{port: ln.Addr().(*net.TCPAddr).Port}
}

// fakeServer speaks just enough IMAP without STARTTLS and records whether anything that
// looks like a credential arrived.
type fakeServer struct {
	port      int
	sawSecret atomic.Bool
}

func newFakeServer(t *testing.T, greeting string) *fakeServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeServer{port: ln.Addr().(*net.TCPAddr).Port}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				io.WriteString(c, greeting)
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					tag, cmd, _ := strings.Cut(strings.TrimSpace(line), " ")
					up := strings.ToUpper(cmd)
					switch {
					case strings.HasPrefix(up, "LOGIN"), strings.HasPrefix(up, "AUTHENTICATE"), strings.Contains(line, "secret"):
						f.sawSecret.Store(true)
						io.WriteString(c, tag+" NO no\r\n")
					case strings.HasPrefix(up, "CAPABILITY"):
						io.WriteString(c, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n"+tag+" OK done\r\n")
					case strings.HasPrefix(up, "LOGOUT"):
						io.WriteString(c, "* BYE\r\n"+tag+" OK bye\r\n")
						return
					default:
						io.WriteString(c, tag+" BAD what\r\n")
					}
				}
			}()
		}
	}()
	return f
}

func TestNoStartTLSNoCredential(t *testing.T) {
	for _, greet := range []string{
		"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake without STARTTLS\r\n",
		"* OK fake without capabilities in the greeting\r\n",
	} {
		f := newFakeServer(t, greet)
		_, err := Dial(context.Background(), Config{Host: "127.0.0.1", Port: f.port, Security: 1,
			Username: "u", Password: "secret", Timeout: 5 * time.Second})
		if KindOf(err) != NoStartTLS {
			t.Fatalf("Dial: %v, want NoStartTLS", err)
		}
		if f.sawSecret.Load() {
			t.Fatal("a credential was sent without TLS")
		}
	}
}

// A server that greets and then says nothing is a lost connection after Timeout, not a
// wait forever.
func TestSilentServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			defer c.Close()
			io.WriteString(c, "* OK [CAPABILITY IMAP4rev1 STARTTLS] silent\r\n")
			io.Copy(io.Discard, c)
		}
	}()
	_, err = Dial(context.Background(), Config{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port,
		Security: 1, Username: "u", Password: "p", Timeout: 200 * time.Millisecond})
	if KindOf(err) != ConnectionLost {
		t.Fatalf("Dial to a silent server: %v, want ConnectionLost", err)
	}
}
