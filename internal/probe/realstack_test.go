package probe_test

import (
	"context"
	"crypto/x509"
	"net"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/probe"
	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
)

// short bounds keep a failing case quick; the stack answers in milliseconds.
func opts(host string, roots *x509.CertPool, ports ...probe.Target) probe.Options {
	return probe.Options{Host: host, Ports: ports, Roots: roots, Timeout: 10 * time.Second,
		Connect: 3 * time.Second, Greeting: 3 * time.Second, Reply: 3 * time.Second}
}

func codes(r probe.Result) []probe.Code {
	var out []probe.Code
	for _, p := range r.Problems {
		out = append(out, p.Code)
	}
	return out
}

// noCredential fails when a transcript shows a command that could carry a secret.
func noCredential(t *testing.T, r probe.Result) {
	t.Helper()
	for _, l := range r.Transcript {
		cmd, ok := strings.CutPrefix(l, "C: ")
		if !ok {
			continue
		}
		f := strings.Fields(strings.ToUpper(cmd))
		for _, w := range f {
			switch w {
			case "AUTH", "LOGIN", "AUTHENTICATE", "USER", "PASS", "APOP":
				t.Errorf("%s: sent %q", r.Target, cmd)
			}
		}
	}
}

// closedPort is a port where nothing listens (it was open a moment ago).
func closedPort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

// silentPort accepts connections and never says a word.
func silentPort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		var held []net.Conn
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

func TestRealStack(t *testing.T) {
	st := mailstacktest.Require(t)
	ca := st.CertPool()
	now := time.Now()
	type want struct {
		verdict  probe.Verdict
		codes    []probe.Code
		sentence string // a part of plain.ProbePort
	}
	cases := []struct {
		name   string
		host   string
		roots  *x509.CertPool
		target probe.Target
		want   want
		check  func(t *testing.T, r probe.Result)
	}{
		{"imaps good", st.HostGood, ca, probe.Target{Proto: probe.IMAPS, Port: st.IMAPS},
			want{probe.Good, nil, "Safe to use: IMAP, port"}, func(t *testing.T, r probe.Result) {
				if r.Cert == nil || !r.Cert.Trusted || !r.Cert.HostnameOK || r.Cert.DaysLeft < probe.ExpiryWarningDays {
					t.Errorf("cert %+v", r.Cert)
				}
			}},
		{"imap 143 says LOGINDISABLED", st.HostGood, ca, probe.Target{Proto: probe.IMAP, Port: st.IMAP},
			want{probe.Good, nil, "STARTTLS"}, func(t *testing.T, r probe.Result) {
				if !r.LoginDisabled || !r.StartTLSOffered || len(r.AuthBeforeTLS) != 0 || !slices.Contains(r.AuthAfterTLS, "PLAIN") {
					t.Errorf("login disabled %v, starttls %v, before %v, after %v", r.LoginDisabled, r.StartTLSOffered, r.AuthBeforeTLS, r.AuthAfterTLS)
				}
			}},
		{"pop3 STLS", st.HostGood, ca, probe.Target{Proto: probe.POP3, Port: st.POP3},
			want{probe.Good, nil, "POP3"}, func(t *testing.T, r probe.Result) {
				if !r.StartTLSOffered || len(r.AuthBeforeTLS) != 0 || !slices.Contains(r.AuthAfterTLS, "USER") {
					t.Errorf("starttls %v, before %v, after %v", r.StartTLSOffered, r.AuthBeforeTLS, r.AuthAfterTLS)
				}
			}},
		{"pop3s", st.HostGood, ca, probe.Target{Proto: probe.POP3S, Port: st.POP3S}, want{probe.Good, nil, "SSL/TLS"}, nil},
		{"submissions", st.HostGood, ca, probe.Target{Proto: probe.Submissions, Port: st.SMTPImplicit}, want{probe.Good, nil, "SMTP"}, nil},
		{"submission", st.HostGood, ca, probe.Target{Proto: probe.Submission, Port: st.SMTPSubmission}, want{probe.Good, nil, "SMTP"}, nil},
		{"smtp 25 style", st.HostGood, ca, probe.Target{Proto: probe.SMTP, Port: st.SMTPStartTLS}, want{probe.Good, nil, "SMTP"}, nil},
		{"expired", st.HostExpired, ca, probe.Target{Proto: probe.Submission, Port: st.SMTPSubmission},
			want{probe.Bad, []probe.Code{probe.CodeExpired}, "certificate ran out on 1 January 2021: tell whoever runs the server to renew it"},
			func(t *testing.T, r probe.Result) {
				if r.Cert == nil || !r.Cert.Trusted || r.Cert.DaysLeft >= 0 {
					t.Errorf("an expired certificate from the trusted CA: %+v", r.Cert)
				}
			}},
		{"expired imaps", st.HostExpired, ca, probe.Target{Proto: probe.IMAPS, Port: st.IMAPS},
			want{probe.Bad, []probe.Code{probe.CodeExpired}, "ran out"}, nil},
		{"wrong host", st.HostWrong, ca, probe.Target{Proto: probe.IMAP, Port: st.IMAP},
			want{probe.Bad, []probe.Code{probe.CodeWrongHost}, "certificate is for other-host.example.test, not for 127.0.0.3"}, nil},
		{"untrusted CA", st.HostGood, nil, probe.Target{Proto: probe.Submissions, Port: st.SMTPImplicit},
			want{probe.Bad, []probe.Code{probe.CodeUntrusted}, "does not come from an authority this computer trusts"}, nil},
		{"trap: no STARTTLS, AUTH in clear", st.HostGood, ca, probe.Target{Proto: probe.SMTP, Port: st.SMTPTrap},
			want{probe.Bad, []probe.Code{probe.CodeNoStartTLS, probe.CodeAuthInClear}, "cannot encrypt the connection"},
			func(t *testing.T, r probe.Result) {
				// The stack's Dovecot may add its token mechanisms (XOAUTH2, OAUTHBEARER).
				if !slices.Contains(r.AuthBeforeTLS, "PLAIN") || !slices.Contains(r.AuthBeforeTLS, "LOGIN") || r.StartTLSOffered || r.Cert != nil {
					t.Errorf("before %v, starttls %v, cert %v", r.AuthBeforeTLS, r.StartTLSOffered, r.Cert)
				}
			}},
		{"SSL set on a STARTTLS port", st.HostGood, ca, probe.Target{Proto: probe.Submissions, Port: st.SMTPSubmission},
			want{probe.Bad, []probe.Code{probe.CodeNotTLS}, "set the security for this port to STARTTLS"}, nil},
		{"closed", st.HostGood, ca, probe.Target{Proto: probe.IMAPS, Port: closedPort(t)},
			want{probe.Closed, []probe.Code{probe.CodeRefused}, "Nothing answers on port"}, nil},
		{"accepts and never answers", st.HostGood, ca, probe.Target{Proto: probe.IMAP, Port: silentPort(t)},
			want{probe.Bad, []probe.Code{probe.CodeSilent}, "never answered"}, func(t *testing.T, r probe.Result) {
				if !r.Reachable {
					t.Error("a port that took the connection is reachable")
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := opts(c.host, c.roots, c.target)
			o.Greeting = time.Second // only the silent port waits for it
			rep, err := probe.Run(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			r := rep.Results[0]
			if r.Verdict != c.want.verdict || !slices.Equal(codes(r), c.want.codes) {
				t.Errorf("verdict %s %v, want %s %v\n%s", r.Verdict, codes(r), c.want.verdict, c.want.codes, strings.Join(r.Transcript, "\n"))
			}
			if s := plain.ProbePort(r, now); !strings.Contains(s, c.want.sentence) {
				t.Errorf("sentence %q lacks %q", s, c.want.sentence)
			}
			noCredential(t, r)
			if c.check != nil {
				c.check(t, r)
			}
		})
	}
}

// TestRealStackAll probes every kind of port at once, as the CLI does by default.
func TestRealStackAll(t *testing.T) {
	st := mailstacktest.Require(t)
	ports := []probe.Target{{Proto: probe.IMAPS, Port: st.IMAPS}, {Proto: probe.IMAP, Port: st.IMAP},
		{Proto: probe.POP3S, Port: st.POP3S}, {Proto: probe.POP3, Port: st.POP3},
		{Proto: probe.Submissions, Port: st.SMTPImplicit}, {Proto: probe.Submission, Port: st.SMTPSubmission},
		{Proto: probe.SMTP, Port: st.SMTPStartTLS}, {Proto: probe.SMTP, Port: st.SMTPTrap}}
	var seen []probe.Target
	o := opts(st.HostGood, st.CertPool(), ports...)
	o.OnResult = func(r probe.Result) { seen = append(seen, r.Target) } // calls never overlap: -race checks
	rep, err := probe.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(ports) {
		t.Errorf("OnResult called for %v", seen)
	}
	for i, r := range rep.Results {
		if r.Target != ports[i] {
			t.Errorf("result %d is %s, want %s", i, r.Target, ports[i])
		}
	}
	in, out := rep.Recommended.Incoming, rep.Recommended.Outgoing
	if !rep.Safe() || in.Target != ports[0] || out.Target != ports[5] {
		t.Fatalf("recommended %v / %v", in, out)
	}
	want := "In your mail program use IMAP, port " + itoa(st.IMAPS) + ", SSL/TLS for incoming mail and SMTP, port " + itoa(st.SMTPSubmission) + ", STARTTLS for outgoing mail."
	if got := plain.ProbeRecommended(rep); got != want {
		t.Errorf("recommended sentence %q\nwant %q", got, want)
	}
	tr := rep.Transcript()
	for _, s := range []string{"C: a2 STARTTLS", "C: STLS", "C: EHLO", "LOGINDISABLED", "TLS 1.3"} {
		if !strings.Contains(tr, s) {
			t.Errorf("transcript lacks %q", s)
		}
	}
	if strings.Contains(tr, st.Password) {
		t.Error("the transcript holds the password")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestCertificateMatchesOpenSSL compares the certificate facts with what openssl s_client
// sees on the same ports.
func TestCertificateMatchesOpenSSL(t *testing.T) {
	st := mailstacktest.Require(t)
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed: cannot compare the certificate facts with s_client")
	}
	for _, c := range []struct {
		host     string
		target   probe.Target
		starttls string
	}{
		{st.HostGood, probe.Target{Proto: probe.IMAPS, Port: st.IMAPS}, ""},
		{st.HostGood, probe.Target{Proto: probe.IMAP, Port: st.IMAP}, "imap"},
		{st.HostExpired, probe.Target{Proto: probe.POP3, Port: st.POP3}, "pop3"},
		{st.HostWrong, probe.Target{Proto: probe.Submission, Port: st.SMTPSubmission}, "smtp"},
	} {
		t.Run(c.target.String()+"@"+c.host, func(t *testing.T) {
			rep, err := probe.Run(context.Background(), opts(c.host, st.CertPool(), c.target))
			if err != nil {
				t.Fatal(err)
			}
			r := rep.Results[0]
			if r.Cert == nil {
				t.Fatalf("no certificate: %v", codes(r))
			}
			ossl := sClient(t, st.Addr(c.host, c.target.Port), c.starttls)
			if r.Cert.Subject != ossl["subject"] || r.Cert.Issuer != ossl["issuer"] {
				t.Errorf("subject %q issuer %q; openssl %q %q", r.Cert.Subject, r.Cert.Issuer, ossl["subject"], ossl["issuer"])
			}
			end, err := time.Parse("Jan _2 15:04:05 2006 MST", ossl["notAfter"])
			if err != nil || !end.Equal(r.Cert.NotAfter) {
				t.Errorf("not after %v; openssl %q (%v)", r.Cert.NotAfter, ossl["notAfter"], err)
			}
			if r.TLSVersion != ossl["version"] {
				t.Errorf("TLS version %q; openssl %q", r.TLSVersion, ossl["version"])
			}
		})
	}
}

var sessionLine = regexp.MustCompile(`(?m)^(?:New|Reused), TLSv(1\.[0-3]), Cipher is`)

// sClient runs openssl s_client (and x509 on its output) and returns subject, issuer and
// notAfter in RFC 2253 form and the TLS version ("TLS 1.3").
func sClient(t *testing.T, addr, starttls string) map[string]string {
	t.Helper()
	args := []string{"s_client", "-connect", addr, "-showcerts"}
	if starttls != "" {
		args = append(args, "-starttls", starttls)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "openssl", args...)
	cmd.Stdin = strings.NewReader("")
	out, err := cmd.CombinedOutput()
	m := sessionLine.FindSubmatch(out)
	if m == nil {
		t.Fatalf("openssl s_client %v: %v\n%s", args, err, out)
	}
	x := exec.CommandContext(ctx, "openssl", "x509", "-noout", "-subject", "-issuer", "-enddate", "-nameopt", "RFC2253")
	x.Stdin = strings.NewReader(string(out))
	facts, err := x.Output()
	if err != nil {
		t.Fatalf("openssl x509: %v", err)
	}
	res := map[string]string{"version": "TLS " + string(m[1])}
	for _, line := range strings.Split(string(facts), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			res[k] = strings.TrimSpace(v)
		}
	}
	return res
}
