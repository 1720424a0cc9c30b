package probe_test

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/probe"
)

// testCA makes a CA and a leaf for 127.0.0.1 valid until notAfter.
func testCA(t *testing.T, notAfter time.Time) (*x509.CertPool, tls.Certificate) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "fault CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour * 365),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "fault"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: notAfter, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return pool, tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// script serves each connection with fn, over TLS from the first byte when cfg is set.
func script(t *testing.T, cfg *tls.Config, fn func(c net.Conn, r *bufio.Reader)) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(30 * time.Second))
				if cfg != nil {
					c = tls.Server(c, cfg)
				}
				fn(c, bufio.NewReader(c))
			}()
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

// imapsServer is a minimal IMAPS: greeting, CAPABILITY, LOGOUT.
func imapsServer(c net.Conn, r *bufio.Reader) {
	io.WriteString(c, "* OK ready\r\n")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		tag, cmd, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch strings.ToUpper(cmd) {
		case "CAPABILITY":
			io.WriteString(c, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n"+tag+" OK done\r\n")
		case "LOGOUT":
			io.WriteString(c, "* BYE\r\n"+tag+" OK bye\r\n")
			return
		default:
			io.WriteString(c, tag+" BAD what\r\n")
		}
	}
}

// smtpServer offers AUTH before STARTTLS, then works.
func smtpServer(cert tls.Certificate) func(c net.Conn, r *bufio.Reader) {
	return func(c net.Conn, r *bufio.Reader) {
		io.WriteString(c, "220 fake ESMTP\r\n")
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
			case strings.HasPrefix(cmd, "EHLO"):
				io.WriteString(c, "250-fake\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n")
			case cmd == "STARTTLS":
				io.WriteString(c, "220 go ahead\r\n")
				tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{cert}})
				c, r = tc, bufio.NewReader(tc)
			case cmd == "QUIT":
				io.WriteString(c, "221 bye\r\n")
				return
			default:
				io.WriteString(c, "502 no\r\n")
			}
		}
	}
}

func TestFaults(t *testing.T) {
	soonPool, soon := testCA(t, time.Now().Add(10*24*time.Hour+time.Hour))
	goodPool, good := testCA(t, time.Now().Add(365*24*time.Hour))
	cases := []struct {
		name     string
		target   func() probe.Target
		roots    *x509.CertPool
		verdict  probe.Verdict
		codes    []probe.Code
		sentence string
	}{
		{"certificate runs out in 10 days", func() probe.Target {
			return probe.Target{Proto: probe.IMAPS, Port: script(t, &tls.Config{Certificates: []tls.Certificate{soon}}, imapsServer)}
		}, soonPool, probe.Warning, []probe.Code{probe.CodeExpiresSoon}, "certificate runs out in 10 days, on "},
		{"old TLS", func() probe.Target {
			cfg := &tls.Config{Certificates: []tls.Certificate{good}, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
			return probe.Target{Proto: probe.IMAPS, Port: script(t, cfg, imapsServer)}
		}, goodPool, probe.Bad, []probe.Code{probe.CodeOldTLS}, "out-of-date encryption"},
		{"AUTH offered before STARTTLS", func() probe.Target {
			return probe.Target{Proto: probe.Submission, Port: script(t, nil, smtpServer(good))}
		}, goodPool, probe.Warning, []probe.Code{probe.CodeAuthInClear}, "Usable with STARTTLS, but port"},
		{"hangs up at once", func() probe.Target {
			return probe.Target{Proto: probe.POP3, Port: script(t, nil, func(net.Conn, *bufio.Reader) {})}
		}, goodPool, probe.Bad, []probe.Code{probe.CodeHungUp}, "ended the connection"},
		{"a web server", func() probe.Target {
			return probe.Target{Proto: probe.IMAP, Port: script(t, nil, func(c net.Conn, _ *bufio.Reader) {
				io.WriteString(c, "HTTP/1.1 400 Bad Request\r\n\r\n")
			})}
		}, goodPool, probe.Bad, []probe.Code{probe.CodeNotMail}, "does not answer like a mail server"},
		{"an endless line", func() probe.Target {
			return probe.Target{Proto: probe.SMTP, Port: script(t, nil, func(c net.Conn, _ *bufio.Reader) {
				io.WriteString(c, "220 "+strings.Repeat("x", 100<<10))
			})}
		}, goodPool, probe.Bad, []probe.Code{probe.CodeNotMail}, "does not answer like a mail server"},
		{"greets, then goes quiet", func() probe.Target {
			return probe.Target{Proto: probe.POP3, Port: script(t, nil, func(c net.Conn, r *bufio.Reader) {
				io.WriteString(c, "+OK hi\r\n")
				_, _ = io.Copy(io.Discard, r)
			})}
		}, goodPool, probe.Bad, []probe.Code{probe.CodeNoReply}, "stopped answering"},
		{"turned away", func() probe.Target {
			return probe.Target{Proto: probe.SMTP, Port: script(t, nil, func(c net.Conn, _ *bufio.Reader) {
				io.WriteString(c, "554 5.7.1 go away\r\n")
			})}
		}, goodPool, probe.Bad, []probe.Code{probe.CodeRejected}, "turned the connection away"},
		{"STARTTLS refused", func() probe.Target {
			return probe.Target{Proto: probe.IMAP, Port: script(t, nil, func(c net.Conn, r *bufio.Reader) {
				io.WriteString(c, "* OK hi\r\n")
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					tag, cmd, _ := strings.Cut(strings.TrimSpace(line), " ")
					switch cmd {
					case "CAPABILITY":
						io.WriteString(c, "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\n"+tag+" OK\r\n")
					default:
						io.WriteString(c, tag+" NO not today\r\n")
					}
				}
			})}
		}, goodPool, probe.Bad, []probe.Code{probe.CodeStartTLSRefused}, "refuses to start it"},
	}
	now := time.Now()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := opts("127.0.0.1", c.roots, c.target())
			o.Reply = 500 * time.Millisecond
			rep, err := probe.Run(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			r := rep.Results[0]
			if r.Verdict != c.verdict || !slices.Equal(codes(r), c.codes) {
				t.Errorf("verdict %s %v, want %s %v\n%s", r.Verdict, codes(r), c.verdict, c.codes, strings.Join(r.Transcript, "\n"))
			}
			if s := plain.ProbePort(r, now); !strings.Contains(s, c.sentence) {
				t.Errorf("sentence %q lacks %q", s, c.sentence)
			}
			for _, p := range r.Problems {
				if m, a := plain.ProbeProblem(p, now); m == "" || a == "" || strings.Contains(m+a, "probe:") {
					t.Errorf("problem %s: %q %q", p.Code, m, a)
				}
				if !errors.Is(p, &probe.Problem{Code: p.Code}) {
					t.Errorf("errors.Is does not match %s", p.Code)
				}
			}
			noCredential(t, r)
		})
	}
}

// TestWholePortBound: a server that trickles a never-ending reply one line at a time keeps
// every read within its own bound; only the port's whole bound ends it.
func TestWholePortBound(t *testing.T) {
	port := script(t, nil, func(c net.Conn, r *bufio.Reader) {
		io.WriteString(c, "220-hello\r\n")
		for i := 0; i < 150; i++ {
			time.Sleep(20 * time.Millisecond)
			if _, err := io.WriteString(c, "220-still here\r\n"); err != nil {
				return
			}
		}
	})
	o := opts("127.0.0.1", nil, probe.Target{Proto: probe.SMTP, Port: port})
	o.Timeout, o.Greeting, o.Reply = 300*time.Millisecond, 5*time.Second, 5*time.Second
	rep, err := probe.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Results[0]; r.Verdict != probe.Bad || !slices.Equal(codes(r), []probe.Code{probe.CodeSilent}) {
		t.Errorf("verdict %s %v", r.Verdict, codes(r))
	}
}

// TestCancel: the caller's context ends every port's check.
func TestCancel(t *testing.T) {
	ports := []probe.Target{{Proto: probe.IMAP, Port: silentPort(t)}, {Proto: probe.SMTP, Port: silentPort(t)}}
	o := opts("127.0.0.1", nil, ports...)
	o.Timeout, o.Greeting = time.Hour, time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	o.OnResult = func(probe.Result) {}
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	rep, err := probe.Run(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		if r.Safe() {
			t.Errorf("%s: %s after cancel", r.Target, r.Verdict)
		}
	}
}

func TestOptions(t *testing.T) {
	for _, c := range []struct {
		ports string
		ok    bool
	}{
		{"imaps:993,submission:587", true},
		{" IMAP:143 , pop3s:995 ", true},
		{"imap", false}, {"imap:0", false}, {"imap:65536", false}, {"http:80", false},
		{"imap:143,imap:143", false}, {"", false}, {",,", false}, {"imap:x", false},
	} {
		_, err := probe.ParseTargets(c.ports)
		var oe *probe.OptionsError
		if (err == nil) != c.ok || (err != nil && !errors.As(err, &oe)) {
			t.Errorf("ParseTargets(%q): %v", c.ports, err)
		}
		if err != nil && strings.Contains(plain.ProbeError(err), "probe:") {
			t.Errorf("sentence %q", plain.ProbeError(err))
		}
	}
	for _, c := range []struct {
		host, want string
	}{
		{"Mail.Example.COM.", "mail.example.com"}, {"[::1]", "::1"}, {"127.0.0.1", "127.0.0.1"},
		{"", ""}, {"a b", ""}, {"-x.com", ""}, {"x..com", ""}, {"http://x.com", ""}, {"x.com:25", ""},
	} {
		got, err := probe.CleanHost(c.host)
		if got != c.want || (err != nil) != (c.want == "") {
			t.Errorf("CleanHost(%q) = %q, %v", c.host, got, err)
		}
	}
	if _, err := probe.Run(context.Background(), probe.Options{Host: "bad host"}); !errors.As(err, new(*probe.OptionsError)) {
		t.Errorf("bad host: %v", err)
	}
}
