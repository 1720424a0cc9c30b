package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/appinfo"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/report"
)

// acmeProfile differs from SMX in everything the screens and the report take from a
// profile: prefixes, ports and server names.
func acmeProfile(t *testing.T) provider.Profile {
	t.Helper()
	p, err := provider.Parse([]byte(`{
	  "name": "Acme IT Services", "support_address": "mailhelp@acme-it.example.co.nz",
	  "hours": {"zone": "Pacific/Auckland", "days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "open": "9:00", "close": "17:00", "holidays": "nz"},
	  "mail_servers": {"incoming": "imap.{domain}", "outgoing": "smtp.acme-it.example.co.nz"},
	  "ports": [{"service": "IMAP", "port": 1993, "security": "ssl", "label": "SSL/TLS"},
	            {"service": "SMTP", "port": 2587, "security": "starttls"}],
	  "subject_prefixes": {"false-negative": "Missed spam", "false-positive": "Wrongly blocked", "virus": "Malware"}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The report built from the window starts its Subject with the profile's words; it used
// SMX's whatever profile was loaded.
func TestReportSubjectUsesTheProfilesPrefix(t *testing.T) {
	cases := []struct {
		name    string
		profile func(*testing.T) provider.Profile
		choice  int // index into kindChoices
		want    string
	}{
		{"SMX", func(*testing.T) provider.Profile { return provider.Default() }, 0, "False Negative: You have won a holiday"},
		{"Acme false negative", acmeProfile, 0, "Missed spam: You have won a holiday"},
		{"Acme false positive", acmeProfile, 1, "Wrongly blocked: You have won a holiday"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			p := c.profile(t)
			h.do(func() { h.u.setProfile(p, "") })
			f := h.dropOriginal()
			var o report.Options
			var ok bool
			h.do(func() {
				f.kind.SetSelected(kindChoices[c.choice].label)
				o, ok = f.options(testAddress)
			})
			if !ok {
				t.Fatal("the form refused its options")
			}
			if o.To != p.SupportAddress || o.AppName != appinfo.Name || o.AppVersion != appinfo.Version {
				t.Errorf("options To %q, app %q %q", o.To, o.AppName, o.AppVersion)
			}
			r, err := report.Build(o)
			if err != nil {
				t.Fatal(err)
			}
			if r.Subject != c.want {
				t.Errorf("Subject %q, want %q", r.Subject, c.want)
			}
		})
	}
}

// Mail set-up shows the profile's ports and server names, and follows a change of
// profile; it showed guide.json's ports and no server names at all.
func TestMailSetupShowsTheProfilesPortsAndServers(t *testing.T) {
	h := newHarness(t, Options{})
	var smx, acme string
	h.do(func() {
		h.u.tabs.SelectIndex(3)
		smx = screen(h.u.tabs.Items[3].Content)
		h.u.setProfile(acmeProfile(t), "")
		acme = screen(h.u.tabs.Items[3].Content)
	})
	assertShows(t, "Mail set-up for SMX", smx, "Mail servers", provider.Default().MailServers.Hint)
	assertShows(t, "Mail set-up for Acme", acme, "1993", "SSL/TLS", "2587", "STARTTLS",
		"Incoming mail server: imap.your-domain", "Outgoing mail server: smtp.acme-it.example.co.nz",
		"In a server name, your-domain stands for the part of your email address after the @.")
	for _, gone := range []string{"\n995\n", "\n143\n", "\n25\n"} {
		if strings.Contains(acme, gone) {
			t.Errorf("Acme's Mail set-up still shows SMX's port %s", strings.TrimSpace(gone))
		}
	}
	// Copy buttons: two ports and the one complete server name.
	if n := strings.Count(acme, "Copy\n"); n != 3 {
		t.Errorf("%d copy buttons, want 3:\n%s", n, acme)
	}
	assertPlain(t, "Mail set-up for Acme", acme)
}

// The Support screen says which version is running, the same words the report's summary
// uses.
func TestSupportShowsTheVersion(t *testing.T) {
	h := newHarness(t, Options{})
	var got string
	h.do(func() {
		h.u.tabs.SelectIndex(2)
		got = screen(h.u.tabs.Items[2].Content)
	})
	assertShows(t, "Support", got, "This is "+appinfo.Name+" "+appinfo.Version+".")
}

// The settings file form offers the profile's ports and starts from its server names; it
// offered 993, 995 and 587 whatever the profile said.
func TestSettingsFileFormUsesTheProfile(t *testing.T) {
	h := newHarness(t, Options{})
	var got string
	h.do(func() {
		h.u.setProfile(acmeProfile(t), "")
		h.u.tabs.SelectIndex(3)
		test.Tap(button(t, h.u.tabs.Items[3].Content, "Make a settings file…"))
		ov := h.overlay()
		typeInto(find[*widget.Entry](ov, nil), "jo@example.co.nz")
		got = screen(ov)
	})
	// Acme lists no POP port: the form falls back to the standard one.
	assertShows(t, "settings file form", got, "IMAP (1993, SSL)", "POP (995, SSL)",
		"imap.example.co.nz", "smtp.acme-it.example.co.nz")
}
