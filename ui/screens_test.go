package ui

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/guidance"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
	"github.com/reportmail/reportmail/internal/tlsguide"
)

// ---- Sent reports ----

// A sent report is in the history with its subject; the case number the desk sends back
// is saved with it; and both are still there after a restart.
func TestHistoryKeepsSentReportsAndCaseNumbers(t *testing.T) {
	srv, opt := startFake(t)
	opt.OutboxDir = t.TempDir()
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.sendBtn)

	got := screen(f.c.root)
	assertShows(t, "card after sending", got, "Sent to SMX Cloud Email Security (emailsupport@smxemail.com)", "case number")
	if !strings.Contains(got, "Support is open now") && !strings.Contains(got, "expect a reply from") {
		t.Errorf("card after sending does not say when the desk replies:\n%s", got)
	}
	assertPlain(t, "card after sending", got)
	if d := srv.Delivered(); len(d) != 1 || !strings.Contains(strings.Join(d[0].To, ","), "emailsupport@smxemail.com") {
		t.Fatalf("the fake server received %+v", d)
	}

	h.u.tabs.SelectIndex(1)
	view := h.u.outboxView.content
	got = screen(view)
	assertShows(t, "Sent reports after sending", got, "Nothing is waiting", originalSubject,
		"Spam that got through · sent ", "to emailsupport@smxemail.com", "Case number from the support desk")
	assertPlain(t, "Sent reports after sending", got)

	caseNo := find(view, func(e *widget.Entry) bool { return e.PlaceHolder == "Case number from the support desk" })
	if caseNo == nil {
		t.Fatal("no case number field on a sent report")
	}
	typeInto(caseNo, "SMX-104233")
	save := button(t, view, "Save")
	test.Tap(save)
	if save.Text != "Saved" {
		t.Errorf("Save button says %q after saving", save.Text)
	}
	hist := h.history()
	if len(hist) != 1 {
		t.Fatalf("history holds %d reports", len(hist))
	}
	e, err := h.outbox().Get(hist[0].ID)
	if err != nil || e.CaseNumber != "SMX-104233" {
		t.Fatalf("case number not stored: %q (%v)", e.CaseNumber, err)
	}

	// Restart: a new app and window on the same outbox folder.
	h2 := newHarness(t, Options{OutboxDir: opt.OutboxDir})
	h2.u.tabs.SelectIndex(1)
	got = screen(h2.u.outboxView.content)
	assertShows(t, "Sent reports after a restart", got, originalSubject, "SMX-104233", "Nothing is waiting")
	assertPlain(t, "Sent reports after a restart", got)
}

// Remove asks before it throws a report away; No keeps it, Yes removes it.
func TestRemoveAFailedReportAsksFirst(t *testing.T) {
	srv, opt := startFake(t, smtpfake.Options{RcptReply: "554 5.7.1 Relay access denied"})
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[2].label)
	test.Tap(f.sendBtn)
	got := screen(f.c.root)
	assertShows(t, "card after 554", got, "Relay access denied")
	assertPlain(t, "card after 554", got)

	h.u.tabs.SelectIndex(1)
	view := h.u.outboxView.content
	subject := "Virus sample: You have won a holiday"
	assertShows(t, "Sent reports with a failed report", screen(view), subject, "Virus sample · Not sent", "Remove")

	test.Tap(button(t, view, "Remove"))
	ov := h.overlay()
	got = screen(ov)
	assertShows(t, "remove dialog", got, "Remove this report?", "“"+subject+"” has not been sent", "Yes", "No")
	assertPlain(t, "remove dialog", got)
	test.Tap(button(t, ov, "No"))
	if len(h.queued()) != 1 {
		t.Fatal("No removed the report")
	}

	test.Tap(button(t, view, "Remove"))
	test.Tap(button(t, h.overlay(), "Yes"))
	if q := h.queued(); len(q) != 0 {
		t.Fatalf("Yes left %d reports in the outbox", len(q))
	}
	got = screen(view)
	assertShows(t, "Sent reports after Remove", got, "Nothing is waiting")
	if strings.Contains(got, subject) {
		t.Errorf("the removed report is still listed:\n%s", got)
	}
}

// ---- Settings ----

func openSettings(h *harness) *settingsScreen {
	var s *settingsScreen
	h.do(func() {
		h.u.tabs.SelectIndex(4)
		s = h.u.settings
	})
	return s
}

// fill types an account into the form; security first, since choosing it pre-fills the
// port.
func (s *settingsScreen) fill(address, host, security, port, user, password string) {
	s.security.SetSelected(security)
	typeInto(s.address, address)
	typeInto(s.host, host)
	typeInto(s.port, port)
	typeInto(s.username, user)
	typeInto(s.password, password)
}

func TestSettingsFormSaysWhatIsWrong(t *testing.T) {
	h := newHarness(t, Options{})
	s := openSettings(h)
	cases := []struct {
		name, address, host, port, want string
	}{
		{"port is not a number", testAddress, "smtp.example.co.nz", "five", "The port must be a number such as 587 or 465."},
		{"port out of range", testAddress, "smtp.example.co.nz", "70000", "The port must be a number such as 587 or 465."},
		{"no port", testAddress, "smtp.example.co.nz", "", "The port must be a number such as 587 or 465."},
		{"address without domain", "kate", "smtp.example.co.nz", "587", "Enter your email address, for example kate@example.co.nz."},
		{"address with a name", "Kate <kate@example.co.nz>", "smtp.example.co.nz", "587", "Enter your email address, for example kate@example.co.nz."},
		{"empty server", testAddress, "   ", "587", "Enter your outgoing mail server, for example smtp.example.co.nz."},
	}
	for _, c := range cases {
		for _, action := range []string{"Save", "Test connection"} {
			t.Run(c.name+"/"+action, func(t *testing.T) {
				h.do(func() {
					s.fill(c.address, c.host, securityChoices[0], c.port, testUser, "")
					test.Tap(button(t, s.content, action))
					if s.testMsg.Text != c.want {
						t.Errorf("%s says %q, want %q", action, s.testMsg.Text, c.want)
					}
					assertPlain(t, "settings", screen(s.content))
					if h.app.Preferences().String(prefHost) != "" {
						t.Error("an invalid form was saved")
					}
				})
			})
		}
	}
}

func TestSettingsSaveKeepsThePasswordOutOfPreferences(t *testing.T) {
	h := newHarness(t, Options{})
	s := openSettings(h)
	h.do(func() {
		s.fill(testAddress, "smtp.example.co.nz", securityChoices[1], "465", testUser, testPassword)
		test.Tap(button(t, s.content, "Save"))
	})
	h.waitFor("the password to be stored", func() bool { return s.testMsg.Text != "Saving…" })
	h.do(func() {
		if want := secret.WordsFor(true, nil).Kept; s.testMsg.Text != want {
			t.Errorf("after Save: %q, want %q", s.testMsg.Text, want)
		}
		if s.password.Text != "" {
			t.Error("the password stays in the form after saving")
		}
		assertPlain(t, "settings after Save", screen(s.content))
	})

	var acc account
	h.do(func() { acc = h.u.account() })
	want := account{Address: testAddress, Host: "smtp.example.co.nz", Port: 465, Security: send.Implicit, Username: testUser}
	if acc != want {
		t.Errorf("saved account %+v, want %+v", acc, want)
	}
	if pw, err := h.pw.Get(acc.keychainKey()); err != nil || pw != testPassword {
		t.Errorf("password store holds %q (%v)", pw, err)
	}
	prefs, ok := h.app.Preferences().(interface{ ReadValues(func(map[string]any)) })
	if !ok {
		t.Fatalf("cannot read the test app's preferences (%T)", h.app.Preferences())
	}
	prefs.ReadValues(func(m map[string]any) {
		if dump := fmt.Sprint(m); strings.Contains(dump, testPassword) {
			t.Errorf("the password is in the preferences: %s", dump)
		}
	})

	// A later Save without a password keeps the stored one.
	h.do(func() {
		test.Tap(button(t, s.content, "Save"))
		if s.testMsg.Text != "Saved." {
			t.Errorf("Save without a password says %q", s.testMsg.Text)
		}
	})
	if pw, _ := h.pw.Get(acc.keychainKey()); pw != testPassword {
		t.Error("saving without a password lost the stored one")
	}
}

// Choosing the security pre-fills its port, but never over a port the person typed.
func TestSettingsSecurityChoicePrefillsThePort(t *testing.T) {
	h := newHarness(t, Options{})
	s := openSettings(h)
	h.do(func() {
		assertShows(t, "settings", screen(s.content), "STARTTLS (port 587)", "Test connection", "Reports go to SMX Cloud Email Security at emailsupport@smxemail.com.")
		if s.port.Text != "587" {
			t.Errorf("a new account's port is %q, want 587", s.port.Text)
		}
		s.security.SetSelected("SSL/TLS (port 465)")
		if s.port.Text != "465" {
			t.Errorf("SSL/TLS pre-fills %q, want 465", s.port.Text)
		}
		s.security.SetSelected("STARTTLS (port 587)")
		if s.port.Text != "587" {
			t.Errorf("STARTTLS pre-fills %q, want 587", s.port.Text)
		}
		typeInto(s.port, "2525")
		s.security.SetSelected("SSL/TLS (port 465)")
		if s.port.Text != "2525" {
			t.Errorf("choosing SSL/TLS replaced the typed port 2525 with %q", s.port.Text)
		}
	})
}

// Settings shows the account as it was saved.
func TestSettingsShowsTheSavedPort(t *testing.T) {
	for _, c := range []struct {
		port int
		sec  send.Security
	}{{25, send.StartTLS}, {587, send.StartTLS}, {465, send.Implicit}, {2525, send.StartTLS}, {587, send.Implicit}} {
		t.Run(fmt.Sprint(c.port, c.sec), func(t *testing.T) {
			h := newHarness(t, Options{})
			h.u.saveAccount(account{Address: testAddress, Host: "smtp.example.co.nz", Port: c.port, Security: c.sec})
			s := openSettings(h)
			h.do(func() {
				if s.port.Text != strconv.Itoa(c.port) || s.security.Selected != securityChoice(c.sec) {
					t.Errorf("saved port %d with %v; Settings shows port %q with %q", c.port, c.sec, s.port.Text, s.security.Selected)
				}
			})
		})
	}
}

func TestSettingsTestConnectionWorks(t *testing.T) {
	srv, opt := startFake(t, smtpfake.Options{Users: map[string]string{testUser: testPassword}})
	h := newHarness(t, opt)
	s := openSettings(h)
	port := strconv.Itoa(srv.Port)
	// Really in the background, to see the state while the test runs.
	h.do(func() { h.u.spawn = func(f func()) { go f() } })

	// First with the password typed, then with the one Save stored.
	for _, typed := range []string{testPassword, ""} {
		h.do(func() {
			s.fill(testAddress, srv.Host, securityChoices[0], port, testUser, typed)
			test.Tap(s.testBtn)
			if !s.testBtn.Disabled() {
				t.Error("Test connection can be pressed again while it runs")
			}
			assertShows(t, "settings while testing", screen(s.content), "Connecting to "+srv.Host+"…")
		})
		h.waitFor("the connection test", func() bool { return !s.testBtn.Disabled() })
		h.do(func() {
			got := screen(s.content)
			assertShows(t, "settings after the test", got, "It works: Report Mail connected securely and signed in to "+srv.Host+".")
			assertPlain(t, "settings after the test", got)
		})
		if typed != "" {
			h.do(func() { test.Tap(button(t, s.content, "Save")) })
			h.waitFor("the password to be stored", func() bool { return s.testMsg.Text != "Saving…" })
		}
	}
	for i, ss := range srv.Sessions() {
		if !ss.TLS || !ss.AuthAttempted || ss.AuthInClear || ss.User != testUser {
			t.Errorf("session %d: %+v", i, ss)
		}
	}
	if n := len(srv.Sessions()); n != 2 {
		t.Errorf("%d connections for two tests", n)
	}
}

func TestSettingsTestConnectionFailuresInPlainWords(t *testing.T) {
	gone := smtpfake.Start(t)
	gone.Close()
	cases := []struct {
		name string
		srv  *smtpfake.Server
		want string
	}{
		{"wrong password", smtpfake.Start(t, smtpfake.Options{Users: map[string]string{testUser: "another"}}),
			"The mail server did not accept your user name or password."},
		{"untrusted certificate", smtpfake.Start(t, smtpfake.Options{Cert: smtpfake.CertUntrusted}),
			"not from an authority this computer trusts"},
		{"no STARTTLS", smtpfake.Start(t, smtpfake.Options{NoStartTLS: true}),
			"did not offer a secure connection"},
		{"refusing greeting", smtpfake.Start(t, smtpfake.Options{Greeting: "554 5.3.2 Service not available"}),
			"It said: “5.3.2 Service not available”."},
		{"nothing listening", gone, "Could not reach the mail server " + gone.Host + ":" + strconv.Itoa(gone.Port)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, Options{RootCAs: c.srv.PKI.Pool})
			s := openSettings(h)
			h.do(func() {
				s.fill(testAddress, c.srv.Host, securityChoices[0], strconv.Itoa(c.srv.Port), testUser, testPassword)
				test.Tap(s.testBtn)
			})
			h.waitFor("the connection test", func() bool { return !s.testBtn.Disabled() })
			h.do(func() {
				got := screen(s.content)
				assertShows(t, "settings after a failed test", got, c.want)
				assertPlain(t, "settings after a failed test", got)
				if strings.Contains(got, "It works") || strings.Contains(got, "did not expect") {
					t.Errorf("failure shown as:\n%s", s.testMsg.Text)
				}
			})
			if c.name != "wrong password" && c.srv.AuthAttempted() {
				t.Error("the password was sent to a server that failed before sign-in")
			}
		})
	}
}

// Test connection sends no report and does not try again by itself: its sentences must not
// say so.
func TestSettingsTestConnectionWordsFitATest(t *testing.T) {
	for _, o := range []smtpfake.Options{
		{Greeting: "554 5.3.2 Service not available"},
		{AuthReply: "454 4.7.0 Temporary authentication failure"},
	} {
		srv := smtpfake.Start(t, o)
		h := newHarness(t, Options{RootCAs: srv.PKI.Pool})
		s := openSettings(h)
		h.do(func() {
			s.fill(testAddress, srv.Host, securityChoices[0], strconv.Itoa(srv.Port), testUser, testPassword)
			test.Tap(s.testBtn)
		})
		h.waitFor("the connection test", func() bool { return !s.testBtn.Disabled() })
		h.do(func() {
			if m := s.testMsg.Text; strings.Contains(m, "the report") || strings.Contains(m, "will try again") {
				t.Errorf("Test connection says: %q", m)
			}
		})
	}
}

// ---- Support and the provider profile ----

func TestSupportShowsStatusAndContacts(t *testing.T) {
	h := newHarness(t, Options{})
	h.do(func() {
		h.u.tabs.SelectIndex(2)
		st := h.u.support.status.Text
		if !strings.HasPrefix(st, "Support is open now") && !strings.HasPrefix(st, "Closed") {
			t.Errorf("status line is %q", st)
		}
		if strings.HasPrefix(st, "Closed") && !strings.Contains(st, "expect a reply from") {
			t.Errorf("closed, but no word on when: %q", st)
		}
		got := screen(h.u.support.content)
		assertShows(t, "Support", got, "SMX Cloud Email Security support desk", st,
			"Hours: Monday to Friday", "emailsupport@smxemail.com",
			"New Zealand freephone: 0800 769 769", "Australia freephone: 1800 476 976", "International: +64 9 302 0515 (option 1)",
			"Service status", "https://smxemail.com/")
		assertPlain(t, "Support", got)
	})
}

// pickInFileDialog chooses the only file of the folder the Open dialog shows (after the
// "(Parent)" entry) and presses Open.
func (h *harness) pickInFileDialog(name string) {
	t := h.t
	t.Helper()
	ov := h.overlay()
	if grid := find[*widget.GridWrap](ov, nil); grid != nil {
		grid.Select(1)
	} else if list := find[*widget.List](ov, nil); list != nil {
		list.Select(1)
	} else {
		t.Fatalf("no file list in the dialog:\n%s", screen(ov))
	}
	assertShows(t, "file dialog", screen(ov), name)
	test.Tap(button(t, ov, "Open"))
}

// A provider's own profile file changes where reports go, what Support shows, and stays
// chosen after a restart; the built-in profile comes back with one button.
func TestProviderFileChangesSupportAddress(t *testing.T) {
	path, p := writeProfile(t)
	srv, opt := startFake(t)
	h := newHarness(t, opt)
	h.useAccount(srv)
	s := openSettings(h)
	h.app.Preferences().SetString("fyne:fileDialogLastFolder", storage.NewFileURI(filepath.Dir(path)).String())

	h.do(func() {
		test.Tap(button(t, s.content, "Load a provider file…"))
		h.pickInFileDialog("acme.json")
	})
	h.waitFor("the provider file to load", func() bool { return strings.Contains(s.provider.Text, "Acme") })
	h.do(func() {
		got := screen(s.content)
		assertShows(t, "Settings after loading a profile", got, "Reports go to Acme IT Services at mailhelp@acme-it.example.co.nz.")
		assertPlain(t, "Settings after loading a profile", got)
		if pp := h.app.Preferences().String(prefProfilePath); pp != path {
			t.Errorf("profile path remembered as %q", pp)
		}

		h.u.tabs.SelectIndex(2)
		got = screen(h.u.support.content)
		assertShows(t, "Support after loading a profile", got, "Acme IT Services support desk", p.SupportAddress, "Helpdesk: 09 555 0199 (ask for email)")
		assertPlain(t, "Support after loading a profile", got)
		if strings.Contains(got, "smxemail.com") || strings.Contains(got, "0800 769 769") {
			t.Errorf("Support still shows SMX:\n%s", got)
		}
		st := h.u.support.status.Text
		if !strings.HasPrefix(st, "Support is open now") && !strings.HasPrefix(st, "Closed") {
			t.Errorf("status line is %q", st)
		}

		// A report now goes to the provider's desk.
		h.u.tabs.SelectIndex(0)
		f := h.dropOriginal()
		f.kind.SetSelected(kindChoices[0].label)
		test.Tap(f.sendBtn)
		assertShows(t, "card after sending", screen(f.c.root), "Sent to Acme IT Services (mailhelp@acme-it.example.co.nz)")
	})
	if d := srv.Delivered(); len(d) != 1 || !strings.Contains(strings.Join(d[0].To, ","), p.SupportAddress) {
		t.Errorf("the report went to %+v, want %s", d, p.SupportAddress)
	}

	// Restart on the same preferences: the saved profile is read again.
	h2 := newHarnessOn(t, h.app, Options{})
	h2.waitFor("the saved profile to load", func() bool { return h2.u.profile().Name == p.Name })
	s2 := openSettings(h2)
	h2.do(func() {
		assertShows(t, "Settings after a restart", screen(s2.content), "Reports go to Acme IT Services at mailhelp@acme-it.example.co.nz.")
		test.Tap(button(t, s2.content, "Use the built-in SMX profile"))
		assertShows(t, "Settings back on SMX", screen(s2.content), "Reports go to SMX Cloud Email Security at emailsupport@smxemail.com.")
		if pp := h2.app.Preferences().String(prefProfilePath); pp != "" {
			t.Errorf("built-in profile chosen, but the path %q is remembered", pp)
		}
	})
}

// ---- Mail set-up ----

func TestMailSetupShowsPortsAndGuides(t *testing.T) {
	h := newHarness(t, Options{})
	h.u.tabs.SelectIndex(3)
	content := h.u.tabs.Items[3].Content
	got := screen(content)
	lines := map[string]bool{}
	for _, l := range strings.Split(got, "\n") {
		lines[l] = true
	}
	for _, port := range []string{"110", "995", "143", "993", "587", "25"} {
		if !lines[port] {
			t.Errorf("the ports table has no row for %s:\n%s", port, got)
		}
	}
	assertShows(t, "Mail set-up", got, "POP (incoming)", "IMAP (incoming)", "SMTP (outgoing)", "STARTTLS", "SSL", "TLS", "Step by step", "Make a settings file…")
	for _, g := range tlsguide.Guides() {
		assertShows(t, "Mail set-up", got, g.Title)
	}
	assertPlain(t, "Mail set-up", got)

	// Opening a guide shows its steps.
	acc := find[*widget.Accordion](content, nil)
	if acc == nil {
		t.Fatal("no guides")
	}
	g := tlsguide.Guides()[1]
	acc.Open(1)
	assertShows(t, "an open guide", screen(content), "1.  "+g.Steps[0].Text)

	// Each port has its copy button.
	if n := strings.Count(got, "Copy\n"); n != len(provider.Default().Ports) {
		t.Errorf("%d copy buttons for %d ports", n, len(provider.Default().Ports))
	}
}

// ---- How do I save my email? ----

// tapText taps the innermost tappable object whose text is exactly text (a menu item).
func tapText(t *testing.T, o fyne.CanvasObject, text string) {
	t.Helper()
	var walk func(fyne.CanvasObject) bool
	walk = func(o fyne.CanvasObject) bool {
		if o == nil || !o.Visible() {
			return false
		}
		var kids []fyne.CanvasObject
		switch w := o.(type) {
		case *fyne.Container:
			kids = w.Objects
		case fyne.Widget:
			kids = test.WidgetRenderer(w).Objects()
		}
		for _, k := range kids {
			if walk(k) {
				return true
			}
		}
		if tp, ok := o.(fyne.Tappable); ok && strings.TrimSpace(screen(o)) == text {
			test.Tap(tp)
			return true
		}
		return false
	}
	if !walk(o) {
		t.Fatalf("nothing to tap saying %q in:\n%s", text, screen(o))
	}
}

func TestHowToSaveListsMailProgramsAndRemembersTheChoice(t *testing.T) {
	h := newHarness(t, Options{})
	test.Tap(button(t, h.u.report.content, "How do I save my email?"))
	ov := h.overlay()
	got := screen(ov)
	assertShows(t, "how-to dialog", got, "How do I save my email?", "Steps for your mail program", "Choose your mail program", "Close")
	assertShows(t, "how-to dialog", got, strings.SplitN(guidance.DragFirst, "\n", 2)[0])
	assertPlain(t, "how-to dialog", got)

	pick := find[*widget.Select](ov, nil)
	if pick == nil {
		t.Fatal("no mail program picker")
	}
	test.Tap(pick)
	menu := h.overlay()
	listed := screen(menu)
	for _, name := range []string{"Outlook for Windows", "Outlook on the web", "Gmail", "Thunderbird", "Mac Mail", "Lotus Notes and IBM Notes", "Other webmail"} {
		assertShows(t, "mail program list", listed, name)
	}
	tapText(t, menu, "Gmail")

	gmail, _ := guidance.ByID("gmail")
	got = screen(ov)
	for i, step := range gmail.Steps {
		assertShows(t, "Gmail steps", got, fmt.Sprintf("%d.  %s", i+1, step))
	}
	if id := h.app.Preferences().String(prefClient); id != "gmail" {
		t.Errorf("choice remembered as %q", id)
	}
	test.Tap(button(t, ov, "Close"))
	if h.u.Window.Canvas().Overlays().Top() != nil {
		t.Fatal("Close left the dialog open")
	}

	// Next time, and on a refused email's card, the same program's steps show at once.
	test.Tap(button(t, h.u.report.content, "How do I save my email?"))
	assertShows(t, "how-to dialog reopened", screen(h.overlay()), "Gmail", "1.  "+gmail.Steps[0])
	test.Tap(button(t, h.overlay(), "Close"))
	h.u.HandleDrop(fyne.NewPos(1, 1), []fyne.URI{fileURI(t, "forward.eml")})
	got = screen(h.u.report.results)
	assertShows(t, "refused email's card", got, "This is not the original email", "Gmail", "1.  "+gmail.Steps[0])
	assertPlain(t, "refused email's card", got)
}
