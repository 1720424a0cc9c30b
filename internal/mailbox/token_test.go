package mailbox_test

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"io"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"

	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/oauth/tokenauth"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/send"
)

// tlsFake is an implicit-TLS IMAP server that refuses every sign-in, the way Dovecot and
// Microsoft 365 do: with the RFC 7628 error challenge first (challenge true), or with a
// bare NO.
func tlsFake(t *testing.T, challenge bool) (port int, pool *x509.CertPool) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	refusal := base64.StdEncoding.EncodeToString([]byte(`{"status":"invalid_token","schemes":"bearer"}`))
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				io.WriteString(c, "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER] fake\r\n")
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					tag, cmd, _ := strings.Cut(strings.TrimSpace(line), " ")
					up := strings.ToUpper(cmd)
					switch {
					case strings.HasPrefix(up, "CAPABILITY"):
						io.WriteString(c, "* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER\r\n"+tag+" OK done\r\n")
					case strings.HasPrefix(up, "AUTHENTICATE"):
						if challenge && !strings.HasPrefix(up, "AUTHENTICATE PLAIN") {
							io.WriteString(c, "+ "+refusal+"\r\n")
							if _, err := r.ReadString('\n'); err != nil {
								return
							}
						}
						io.WriteString(c, tag+" NO [AUTHENTICATIONFAILED] Authentication failed.\r\n")
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
	return ln.Addr().(*net.TCPAddr).Port, pool
}

// A token the server refuses reads "sign in again", with or without the server's reason;
// a refused password still reads as a password problem.
func TestRefusedTokenSaysSignInAgain(t *testing.T) {
	for _, tc := range []struct {
		name      string
		challenge bool
		mech      string // "" is the password
	}{
		{"xoauth2 with the error challenge", true, tokenauth.XOAuth2},
		{"oauthbearer with the error challenge", true, tokenauth.OAuthBearer},
		{"xoauth2 with a bare NO", false, tokenauth.XOAuth2},
		{"oauthbearer with a bare NO", false, tokenauth.OAuthBearer},
		{"password", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			port, pool := tlsFake(t, tc.challenge)
			cfg := mailbox.Config{Host: "127.0.0.1", Port: port, Security: send.Implicit, Username: "kate@example.test",
				Password: "not-this-one", RootCAs: pool, Timeout: 5 * time.Second}
			if tc.mech != "" {
				cfg.SASL = func(offered []string) (sasl.Client, error) {
					return tokenauth.New(tokenauth.Pick(offered, tc.mech), "kate@example.test", "dead-token", "127.0.0.1", port), nil
				}
			}
			m, err := mailbox.Dial(context.Background(), cfg)
			if m != nil {
				m.Close()
			}
			if !errors.Is(err, mailbox.ErrAuthFailed) {
				t.Fatalf("got %v, want auth-failed", err)
			}
			token := tc.mech != ""
			if errors.Is(err, tokenauth.ErrSignInAgain) != token {
				t.Errorf("sign-in-again = %v for %v", !token, err)
			}
			if s := plain.Sentence(err); (s == plain.SignInAgain) != token {
				t.Errorf("sentence %q", s)
			}
		})
	}
}
