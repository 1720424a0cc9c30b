package main

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// slowAnswer is how long the scripted server takes over every answer.
const slowAnswer = 200 * time.Millisecond

// probeComparison probes all seven kinds of port of a scripted server that takes 200 ms
// over every answer, beside probing one of them alone. The one is a STARTTLS port, the
// longest conversation (greeting, capabilities, STARTTLS, capabilities again, goodbye: five
// answers, about a second); the ports run together, so all seven should take hardly longer.
func probeComparison(work, cli string) comparison {
	ca, cert := benchCert(work)
	ports := map[string]int{}
	for _, proto := range []string{"imaps", "imap", "pop3s", "pop3", "submissions", "submission", "smtp"} {
		ports[proto] = slowServer(proto, cert)
	}
	var all []string
	for _, p := range []string{"imaps", "imap", "pop3s", "pop3", "submissions", "submission", "smtp"} {
		all = append(all, fmt.Sprintf("%s:%d", p, ports[p]))
	}
	probe := func(list string) []string {
		return []string{cli, "probe", "--ca-file", ca, "--ports", list, "127.0.0.1"}
	}
	return comparison{
		name: "probe 7 ports, 200 ms per answer, vs 1 port",
		goal: 1.3,
		ours: probe(strings.Join(all, ",")),
		ref:  probe(fmt.Sprintf("imap:%d", ports["imap"])),
	}
}

// benchCert writes a CA for the probe to trust and returns a certificate for 127.0.0.1.
func benchCert(work string) (string, tls.Certificate) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		fail(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "bench"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage:    x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		fail(err)
	}
	path := filepath.Join(work, "probe-ca.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		fail(err)
	}
	return path, tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// slowServer listens for one protocol and answers every command after slowAnswer.
func slowServer(proto string, cert tls.Certificate) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	cleanups = append(cleanups, func() { l.Close() })
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(time.Minute))
				if strings.HasSuffix(proto, "s") {
					c = tls.Server(c, cfg)
				}
				converse(proto, c, cfg)
			}()
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

func converse(proto string, c net.Conn, cfg *tls.Config) {
	r := bufio.NewReader(c)
	say := func(s string) { time.Sleep(slowAnswer); io.WriteString(c, s) }
	upgrade := func() {
		tc := tls.Server(c, cfg)
		c, r = tc, bufio.NewReader(tc)
	}
	family := strings.TrimSuffix(proto, "s")
	switch family {
	case "imap":
		say("* OK ready\r\n")
	case "pop3":
		say("+OK ready\r\n")
	default:
		say("220 bench ESMTP\r\n")
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimSpace(line)
		switch family {
		case "imap":
			tag, cmd, _ := strings.Cut(line, " ")
			switch cmd {
			case "CAPABILITY":
				caps := "AUTH=PLAIN"
				if _, isTLS := c.(*tls.Conn); !isTLS {
					caps = "STARTTLS LOGINDISABLED"
				}
				say("* CAPABILITY IMAP4rev1 " + caps + "\r\n" + tag + " OK\r\n")
			case "STARTTLS":
				say(tag + " OK go\r\n")
				upgrade()
			default:
				say("* BYE\r\n" + tag + " OK\r\n")
				return
			}
		case "pop3":
			switch line {
			case "CAPA":
				caps := "SASL PLAIN\r\n"
				if _, isTLS := c.(*tls.Conn); !isTLS {
					caps = "STLS\r\n"
				}
				say("+OK\r\n" + caps + ".\r\n")
			case "STLS":
				say("+OK go\r\n")
				upgrade()
			default:
				say("+OK bye\r\n")
				return
			}
		default:
			switch {
			case strings.HasPrefix(line, "EHLO"):
				ext := "AUTH PLAIN"
				if _, isTLS := c.(*tls.Conn); !isTLS {
					ext = "STARTTLS"
				}
				say("250-bench\r\n250 " + ext + "\r\n")
			case line == "STARTTLS":
				say("220 go\r\n")
				upgrade()
			default:
				say("221 bye\r\n")
				return
			}
		}
	}
}
