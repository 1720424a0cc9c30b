package ui

import (
	"net"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/probe"
	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
)

// probeTestUI is newTestUI trusting the stack's CA, with the account's server set.
func probeTestUI(t *testing.T, st *mailstacktest.Stack, host string) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefHost, host)
	u := New(a, Options{OutboxDir: t.TempDir(), Passwords: secret.NewMemory(), RootCAs: st.CertPool()})
	u.spawn = func(f func()) { f() }
	t.Cleanup(u.Window.Close)
	return u
}

func stackPorts(st *mailstacktest.Stack) []probe.Target {
	return []probe.Target{{Proto: probe.IMAPS, Port: st.IMAPS}, {Proto: probe.IMAP, Port: st.IMAP},
		{Proto: probe.POP3S, Port: st.POP3S}, {Proto: probe.POP3, Port: st.POP3},
		{Proto: probe.Submissions, Port: st.SMTPImplicit}, {Proto: probe.Submission, Port: st.SMTPSubmission},
		{Proto: probe.SMTP, Port: st.SMTPStartTLS}}
}

func TestProbeViewGoodServer(t *testing.T) {
	st := mailstacktest.Require(t)
	u := probeTestUI(t, st, st.HostGood)
	s := newMailSetupScreen(u)
	v := s.probe
	if v.host.Text != st.HostGood {
		t.Fatalf("host box %q, want the account's server", v.host.Text)
	}
	if !strings.Contains(texts(s.content), "Check my mail server") || !strings.Contains(texts(s.content), "port 465 with SSL/TLS") {
		t.Fatalf("Mail set-up lacks the check or the note on 465:\n%s", texts(s.content))
	}
	v.ports = stackPorts(st)
	test.Tap(v.check)

	got := texts(v.box)
	if strings.Contains(got, "Checking…") || strings.Count(got, "Safe to use:") != 7 {
		t.Fatalf("rows:\n%s", got)
	}
	want := "In your mail program use IMAP, port " + strconv.Itoa(st.IMAPS) + ", SSL/TLS for incoming mail and SMTP, port " +
		strconv.Itoa(st.SMTPSubmission) + ", STARTTLS for outgoing mail."
	if v.summary.Text != want {
		t.Errorf("summary %q\nwant %q", v.summary.Text, want)
	}
	// Row 0 is the header; every port's mark is green.
	for _, r := range probeRows(v) {
		if r.mark.FillColor != theme.Color(theme.ColorNameSuccess) {
			t.Errorf("mark %v is not the success colour", r.mark.FillColor)
		}
	}
	if v.copy.Disabled() {
		t.Fatal("copy button still disabled")
	}
	test.Tap(v.copy)
	clip := u.app.Clipboard().Content()
	if !strings.Contains(clip, "C: a2 STARTTLS") || !strings.Contains(clip, "Mail server check of "+st.HostGood) ||
		strings.Contains(clip, st.Password) {
		t.Errorf("copied details:\n%s", clip)
	}
}

// probeRows finds the rows the last check made (the header is not one).
func probeRows(v *probeView) []*probeRow {
	var out []*probeRow
	for _, o := range v.rows.Objects[1:] {
		for _, r := range v.lastRows {
			if r.box == o {
				out = append(out, r)
			}
		}
	}
	return out
}

func TestProbeViewBadPorts(t *testing.T) {
	st := mailstacktest.Require(t)
	u := probeTestUI(t, st, "")
	v := newMailSetupScreen(u).probe
	if v.host.Text != "" {
		t.Fatalf("host box %q without an account", v.host.Text)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().(*net.TCPAddr).Port
	l.Close()
	v.host.SetText(st.HostExpired)
	v.ports = []probe.Target{{Proto: probe.IMAPS, Port: st.IMAPS}, {Proto: probe.Submission, Port: closed}}
	test.Tap(v.check)
	got := texts(v.box)
	for _, s := range []string{"Not safe", "Your server's certificate ran out on 1 January 2021", "Not answering",
		"Nothing answers on port " + strconv.Itoa(closed), "No port checked on this server is safe"} {
		if !strings.Contains(got, s) {
			t.Errorf("view lacks %q:\n%s", s, got)
		}
	}
	rows := probeRows(v)
	if len(rows) != 2 || rows[0].mark.FillColor != theme.Color(theme.ColorNameError) ||
		rows[1].mark.FillColor != theme.Color(theme.ColorNameDisabled) {
		t.Errorf("marks wrong: %d rows", len(rows))
	}

	// A name that is no server name: one plain sentence, no rows.
	v.host.SetText("not a host!")
	test.Tap(v.check)
	if v.summary.Text != plain.ProbeError(&probe.OptionsError{Field: "host", Value: "not a host!", Err: probe.ErrBadHost}) || len(v.rows.Objects) != 0 {
		t.Errorf("bad host: %q, %d rows", v.summary.Text, len(v.rows.Objects))
	}

}
