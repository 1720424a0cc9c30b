package autoconfig

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/probe"
	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
	"github.com/reportmail/reportmail/internal/tlsguide"
)

// stackConfig is a provider's file naming the real test stack's servers: IMAP with STARTTLS
// listed before IMAP over SSL, a plain SMTP relay, then submission with STARTTLS and SSL.
func stackConfig(s *mailstacktest.Stack) []byte {
	server := func(side, typ string, port int, socket string) string {
		return fmt.Sprintf(`    <%sServer type="%s">
      <hostname>%s</hostname>
      <port>%d</port>
      <socketType>%s</socketType>
      <username>%%EMAILLOCALPART%%</username>
      <authentication>password-cleartext</authentication>
    </%sServer>
`, side, typ, s.HostGood, port, socket, side)
	}
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="stack.test">
    <domain>stack.test</domain>
    <displayName>Report Mail test stack</displayName>
` + server("incoming", "imap", s.IMAP, "STARTTLS") +
		server("incoming", "imap", s.IMAPS, "SSL") +
		server("outgoing", "smtp", s.SMTPTrap, "plain") +
		server("outgoing", "smtp", s.SMTPSubmission, "STARTTLS") +
		server("outgoing", "smtp", s.SMTPImplicit, "SSL") + `  </emailProvider>
</clientConfig>
`)
}

// TestDiscoverConfirmedByRealServers: the settings file points at the real Dovecot and
// Postfix, the probe checks them, and the settings files made from the result carry the
// checked host and ports.
func TestDiscoverConfirmedByRealServers(t *testing.T) {
	stack := mailstacktest.Require(t)
	w := newWebServer(t)
	w.file("autoconfig.stack.test/mail/config-v1.1.xml", stackConfig(stack))
	o := w.options(nil)
	o.Confirm = ProbeConfirmer(stack.CertPool(), 10*time.Second)
	r, err := discover(t, "kate@stack.test", o)
	if err != nil {
		t.Fatalf("%v; tried %v", err, r.Tried)
	}
	if !r.Checked() {
		t.Fatalf("not confirmed: incoming %v, outgoing %v", r.Incoming, r.Outgoing)
	}
	in, _ := r.BestIncoming()
	out, _ := r.BestOutgoing()
	if in.Port != stack.IMAPS || in.Security != SSL || out.Port != stack.SMTPSubmission || out.Security != STARTTLS {
		t.Errorf("best = %v / %v", in, out)
	}
	if len(r.Unsafe) != 1 || r.Unsafe[0].Port != stack.SMTPTrap {
		t.Errorf("the trap port must be left out as unsafe: %v", r.Unsafe)
	}
	for _, s := range append(r.Incoming, r.Outgoing...) {
		if !s.Checked {
			t.Errorf("%v: the probe did not confirm it", s)
		}
	}
	checkExports(t, r, stack.HostGood, stack.IMAPS, stack.SMTPSubmission)
}

// TestFromReportOfRealServers: "Check my mail server" on the real stack gives the
// settings files their host and the probe's recommended ports.
func TestFromReportOfRealServers(t *testing.T) {
	stack := mailstacktest.Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rep, err := probe.Run(ctx, probe.Options{Host: stack.HostGood, Roots: stack.CertPool(), Timeout: 10 * time.Second,
		Ports: []probe.Target{{Proto: probe.IMAP, Port: stack.IMAP}, {Proto: probe.IMAPS, Port: stack.IMAPS},
			{Proto: probe.POP3S, Port: stack.POP3S}, {Proto: probe.Submission, Port: stack.SMTPSubmission},
			{Proto: probe.Submissions, Port: stack.SMTPImplicit}}})
	if err != nil {
		t.Fatal(err)
	}
	r := FromReport("kate@stack.test", rep)
	if !r.Checked() || !r.Has(POP3) {
		t.Fatalf("result = %+v", r)
	}
	in, _ := r.BestIncoming()
	if in.Port != rep.Recommended.Incoming.Port {
		t.Errorf("best incoming %v, the probe recommended %v", in, rep.Recommended.Incoming.Target)
	}
	checkExports(t, r, stack.HostGood, rep.Recommended.Incoming.Port, rep.Recommended.Outgoing.Port)
}

func checkExports(t *testing.T, r Result, host string, inPort, outPort int) {
	t.Helper()
	a, err := r.Account("")
	if err != nil {
		t.Fatal(err)
	}
	ac, err := tlsguide.Autoconfig(a)
	if err != nil {
		t.Fatal(err)
	}
	mc, err := tlsguide.MobileConfig(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<hostname>" + host + "</hostname>",
		fmt.Sprintf("<port>%d</port>", inPort),
		fmt.Sprintf("<port>%d</port>", outPort),
	} {
		if !strings.Contains(string(ac), want) {
			t.Errorf("autoconfig file lacks %s:\n%s", want, ac)
		}
	}
	for _, want := range []string{
		"<key>IncomingMailServerHostName</key>\n<string>" + host + "</string>",
		fmt.Sprintf("<key>IncomingMailServerPortNumber</key>\n<integer>%d</integer>", inPort),
		fmt.Sprintf("<key>OutgoingMailServerPortNumber</key>\n<integer>%d</integer>", outPort),
	} {
		if !strings.Contains(string(mc), want) {
			t.Errorf("mobileconfig lacks %q", want)
		}
	}
}
