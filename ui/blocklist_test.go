package ui

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/reportmail/reportmail/internal/dnsbl"
	"github.com/reportmail/reportmail/internal/ipowner"
	"github.com/reportmail/reportmail/internal/testkit/dnstest"
)

// The blocklist tests ask real DNS servers on loopback: the in-process one from dnstest
// (zones below) and, in TestBlocklistsAgainstRbldnsd, the real rbldnsd.

const blTestKey = "testkey1234"

const blTestLists = `{"lists": [
 {"name": "Test ZEN", "zone": "zen.bl.test", "type": "ip", "dqs_zone": "zen.dq.bl.test",
  "codes": {"127.0.0.2": "SBL: the address is on the list of known spam sources",
            "127.0.0.4": "XBL: a computer at this address seems to be infected"},
  "code_advice": {"127.0.0.4": "Clean the infected computer, then ask for removal on the delisting page."},
  "error_codes": ["127.255.255.0/24"],
  "delist_url": "https://zen.example.test/remove", "advice": "Fix it, then ask for removal."},
 {"name": "Test DBL", "zone": "dbl.bl.test", "type": "domain",
  "codes": {"127.0.1.2": "the domain is used in spam"},
  "delist_url": "https://dbl.example.test/remove", "advice": "Fix the domain, then ask for removal."},
 {"name": "Test errors", "zone": "err.bl.test", "type": "ip",
  "codes": {"127.0.0.2": "listed"}, "error_codes": ["127.255.255.0/24"],
  "error_meanings": {"127.255.255.254": "The list refuses questions that come through public DNS services"},
  "unknown_advice": "Check again through your own DNS service.",
  "delist_url": "", "advice": ""},
 {"name": "Test clean A", "zone": "a.bl.test", "type": "ip", "codes": {"127.0.0.2": "listed"},
  "delist_url": "https://a.example.test/", "advice": "Ask for removal."},
 {"name": "Test clean B", "zone": "b.bl.test", "type": "ip", "codes": {"127.0.0.2": "listed"},
  "delist_url": "https://b.example.test/", "advice": "Ask for removal."}
]}`

var blTestTest = map[string][]string{"2.0.0.127": {"127.0.0.2"}} // RFC 5782's test entry

func blTestZones() []dnstest.Zone {
	return []dnstest.Zone{
		{Name: "zen.bl.test", Listed: map[string][]string{"2.0.0.127": {"127.0.0.2"}, "4.2.0.192": {"127.0.0.4"}},
			TXT: "Listed for sending spam"},
		{Name: blTestKey + ".zen.dq.bl.test", Listed: map[string][]string{"2.0.0.127": {"127.0.0.2"}, "5.2.0.192": {"127.0.0.2"}}},
		{Name: "dbl.bl.test", Listed: map[string][]string{"test": {"127.0.1.2"}, "example-msp.test": {"127.0.1.2"}}},
		{Name: "err.bl.test", Listed: map[string][]string{"2.0.0.127": {"127.255.255.254"}, "4.2.0.192": {"127.255.255.254"},
			"5.2.0.192": {"127.255.255.254"}, "6.2.0.192": {"127.255.255.254"}}},
		{Name: "a.bl.test", Listed: blTestTest},
		{Name: "b.bl.test", Listed: blTestTest},
	}
}

// blTestRDAP is an RDAP server answering as ARIN does, for every address.
func blTestRDAP(t *testing.T) *httptest.Server {
	t.Helper()
	const reply = `{"objectClassName": "ip network", "handle": "NET-192-0-2-0-1",
  "startAddress": "192.0.2.0", "endAddress": "192.0.2.255", "ipVersion": "v4", "name": "EXAMPLE-TELECOM-NET",
  "cidr0_cidrs": [{"v4prefix": "192.0.2.0", "length": 24}],
  "entities": [{"objectClassName": "entity", "handle": "EXTEL", "roles": ["registrant"],
    "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Example Telecom"], ["kind", {}, "text", "org"]]],
    "entities": [{"objectClassName": "entity", "handle": "ABUSE4242-ARIN", "roles": ["abuse"],
      "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Abuse Desk"], ["kind", {}, "text", "group"],
        ["email", {}, "text", "abuse@example-telecom.test"]]]}]}]}`
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rdap+json")
		w.Write([]byte(reply))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// blHarness is a window whose Blocklists screen asks dns and the test RDAP server, with
// background work on real goroutines: the check's answers come from several at once.
func blHarness(t *testing.T, dns string, listsJSON string) *harness {
	t.Helper()
	lists, err := dnsbl.ParseLists([]byte(listsJSON))
	if err != nil {
		t.Fatal(err)
	}
	rdap := blTestRDAP(t)
	boot, err := ipowner.Server(rdap.URL)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{})
	h.do(func() {
		h.u.spawn = func(f func()) { go f() }
		h.u.bl.net = blocklistNet{resolver: dns, lists: lists, rdap: boot, rdapClient: rdap.Client(), queryTimeout: 5 * time.Second}
	})
	// Before the window closes: no check may outlive its test and touch the next one's app.
	t.Cleanup(func() {
		var s *blocklistScreen
		h.do(func() {
			if s = h.u.bl.screen; s != nil {
				s.stop()
			}
		})
		if s != nil {
			s.work.Wait()
		}
	})
	return h
}

func blServer(t *testing.T, zones ...dnstest.Zone) *dnstest.Server {
	return dnstest.Start(t, dnstest.Options{
		PTR:   map[string]string{"192.0.2.4": "mail.example-telecom.test"},
		Hosts: map[string][]string{"mail.example-telecom.test": {"192.0.2.4"}, "mail.example-msp.test": {"192.0.2.4"}},
	}, zones...)
}

// openBlocklists shows the tab as a person would, by clicking it.
func openBlocklists(h *harness) *blocklistScreen {
	h.t.Helper()
	var s *blocklistScreen
	h.do(func() {
		for _, it := range h.u.tabs.Items {
			if it.Text == "Blocklists" {
				h.u.tabs.Select(it)
			}
		}
		s = h.u.bl.screen
	})
	if s == nil {
		h.t.Fatal("no Blocklists tab, or it was not built when shown")
	}
	return s
}

// checkTyped types text into the field and presses Enter, then waits for the check to end.
func checkTyped(h *harness, s *blocklistScreen, text string) string {
	h.t.Helper()
	h.do(func() {
		typeInto(s.input, text)
		s.input.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	return waitChecked(h, s)
}

// waitChecked waits until the check is over and returns what the screen shows.
func waitChecked(h *harness, s *blocklistScreen) string {
	h.t.Helper()
	h.waitFor("the check to end", func() bool { return !s.running && strings.HasPrefix(s.progress.Text, "Done:") })
	var got string
	h.do(func() { got = screen(s.content) })
	assertPlain(h.t, "the Blocklists screen", got)
	return got
}

// inOrder fails unless every piece appears in text, each after the one before.
func inOrder(t *testing.T, text string, pieces ...string) {
	t.Helper()
	at := 0
	for _, p := range pieces {
		i := strings.Index(text[at:], p)
		if i < 0 {
			t.Fatalf("%q missing or out of order (after %q) in:\n%s", p, text[:at], text)
		}
		at += i + len(p)
	}
}

func TestBlocklistsListedAddress(t *testing.T) {
	var opened []string
	old := openURL
	openURL = func(_ fyne.App, u *url.URL) error { opened = append(opened, u.String()); return nil }
	t.Cleanup(func() { openURL = old })

	h := blHarness(t, blServer(t, blTestZones()...).Addr, blTestLists)
	s := openBlocklists(h)
	got := checkTyped(h, s, "192.0.2.4")
	// The listing first, with its meaning, the list's own note and its one next step; then
	// the list that could not say, then the clean ones folded under one line.
	inOrder(t, got,
		"192.0.2.4 (IP address)",
		"This address belongs to Example Telecom (their abuse desk: abuse@example-telecom.test).",
		"Listed on Test ZEN",
		"What it means: XBL: a computer at this address seems to be infected.",
		"The list's own note: Listed for sending spam.",
		"What to do: Clean the infected computer, then ask for removal on the delisting page.",
		"Open the Test ZEN removal page",
		"Unknown on Test errors",
		"The list refuses questions that come through public DNS services. This is not the same as “not listed”.",
		"What to do: Check again through your own DNS service.",
		"Not listed on 2 lists",
		"Check again", "Copy summary",
	)
	assertShows(t, "the progress line", got, "Done: 1 listing found; 1 blocklist could not be checked.")
	if strings.Contains(got, "Open the Test errors removal page") || strings.Contains(got, "Listed on Test clean") {
		t.Errorf("a list that did not list the address offers a removal:\n%s", got)
	}

	h.do(func() { test.Tap(button(t, s.results, "Open the Test ZEN removal page")) })
	if len(opened) != 1 || opened[0] != "https://zen.example.test/remove" {
		t.Errorf("the removal button opened %v, want the list's delisting page", opened)
	}
}

// Results appear as each list answers: a list that never answers does not hold back the
// listing found by another, and a new check drops the old one's late answers.
func TestBlocklistsShowAnswersAsTheyCome(t *testing.T) {
	lists := strings.Replace(blTestLists, `"zone": "b.bl.test"`, `"zone": "silent.bl.test"`, 1)
	zones := append(blTestZones(), dnstest.Zone{Name: "silent.bl.test", Silent: true})
	h := blHarness(t, blServer(t, zones...).Addr, lists)
	h.do(func() { h.u.bl.net.queryTimeout = time.Hour }) // only the new check below ends it
	s := openBlocklists(h)
	h.do(func() {
		typeInto(s.input, "192.0.2.4")
		test.Tap(s.checkBtn)
	})
	h.waitFor("the listing while a list is still silent", func() bool {
		return s.running && strings.Contains(screen(s.results), "Listed on Test ZEN")
	})
	h.do(func() {
		assertShows(t, "the progress line", s.progress.Text, "Asking 4 blocklists about 192.0.2.4…", "of 4 so far.")
		if s.checkBtn.Disabled() == false {
			t.Error("Check can be pressed again while the check runs")
		}
	})
	h.do(func() { h.u.checkBlocklists([]string{"192.0.2.6"}) })
	h.waitFor("the second check's answers", func() bool { return strings.Contains(screen(s.results), "192.0.2.6 (IP address)") })
	h.do(func() {
		if got := screen(s.results); strings.Contains(got, "192.0.2.4") {
			t.Errorf("the first check's answers are still shown:\n%s", got)
		}
	})
}

// A host whose parent domain is listed says which parent matched.
func TestBlocklistsParentDomain(t *testing.T) {
	h := blHarness(t, blServer(t, blTestZones()...).Addr, blTestLists)
	s := openBlocklists(h)
	got := checkTyped(h, s, "mail.example-msp.test")
	inOrder(t, got,
		"mail.example-msp.test (server name or domain)",
		"Listed on Test DBL",
		"mail.example-msp.test is not listed, but its parent domain example-msp.test is",
		"What it means: the domain is used in spam.",
		"Open the Test DBL removal page",
	)
	if strings.Contains(got, "belongs to") {
		t.Errorf("a domain gets an address owner line:\n%s", got)
	}
}

// "Check my mail server" checks the sending account's server name and every address it has.
func TestBlocklistsMyMailServer(t *testing.T) {
	h := blHarness(t, blServer(t, blTestZones()...).Addr, blTestLists)
	h.do(func() {
		h.u.saveAccount(account{Address: testAddress, Host: "mail.example-msp.test", Port: 587, Username: testUser})
	})
	s := openBlocklists(h)
	h.do(func() { test.Tap(s.mineBtn) })
	got := waitChecked(h, s)
	inOrder(t, got,
		"mail.example-msp.test (server name or domain)",
		"its parent domain example-msp.test is",
		"192.0.2.4 (IP address)",
		"This address belongs to Example Telecom",
		"Listed on Test ZEN",
	)
	assertShows(t, "the progress line", got, "Done: 2 listings found;")
}

func TestBlocklistsMyMailServerWithoutAccount(t *testing.T) {
	h := blHarness(t, blServer(t, blTestZones()...).Addr, blTestLists)
	// Inline: Settings starts work of its own when it opens, which must not outlive the test.
	h.do(func() { h.u.spawn = func(f func()) { f() } })
	s := openBlocklists(h)
	h.do(func() {
		test.Tap(s.mineBtn)
		assertShows(t, "no account", screen(s.content),
			"No sending account is set up yet, so Report Mail does not know your mail server.")
		test.Tap(button(t, s.notes, "Open Settings"))
		if got := h.u.tabs.SelectedIndex(); got != tabSettings {
			t.Errorf("Open Settings shows tab %d, want Settings", got)
		}
	})
}

func TestBlocklistsTypingMistake(t *testing.T) {
	h := blHarness(t, blServer(t, blTestZones()...).Addr, blTestLists)
	s := openBlocklists(h)
	h.do(func() {
		typeInto(s.input, "not an address")
		test.Tap(s.checkBtn)
		got := screen(s.notes)
		assertShows(t, "a typing mistake", got, "“not” is neither an IP address nor a domain name")
		if s.running {
			t.Error("a check started for something that is not an address")
		}
	})
}

func TestBlocklistsCopySummary(t *testing.T) {
	h := blHarness(t, blServer(t, blTestZones()...).Addr, blTestLists)
	s := openBlocklists(h)
	checkTyped(h, s, "192.0.2.4 mail.example-msp.test")
	var got string
	h.do(func() {
		test.Tap(button(t, s.content, "Copy summary"))
		got = h.u.app.Clipboard().Content()
	})
	inOrder(t, got,
		"Blocklist check by Report Mail",
		"192.0.2.4 (IP address)",
		"  This address belongs to Example Telecom (their abuse desk: abuse@example-telecom.test).",
		"  LISTED on Test ZEN.",
		"    What it means: XBL: a computer at this address seems to be infected.",
		"    What to do: Clean the infected computer",
		"    Removal page: https://zen.example.test/remove",
		"  UNKNOWN on Test errors: The list refuses questions that come through public DNS services.",
		"  Not listed on Test clean A, Test clean B.",
		"mail.example-msp.test (server name or domain)",
		"  LISTED on Test DBL: the parent domain example-msp.test (mail.example-msp.test itself is not listed).",
		"    Removal page: https://dbl.example.test/remove",
		"2 listings found; 1 blocklist could not be checked.",
	)
}

// The Spamhaus key is kept with the passwords and sends the Spamhaus-style list to its
// keyed zone: only that zone lists 192.0.2.5.
func TestBlocklistsDQSKey(t *testing.T) {
	h := blHarness(t, blServer(t, blTestZones()...).Addr, blTestLists)
	s := openBlocklists(h)
	if got := checkTyped(h, s, "192.0.2.5"); strings.Contains(got, "Listed on Test ZEN") {
		t.Fatalf("listed without the key, so the test proves nothing:\n%s", got)
	}
	h.do(func() {
		assertShows(t, "Spamhaus's field", screen(s.content), "Spamhaus Data Query Service key (optional)")
		s.key.entry.SetText("not a key!")
		test.Tap(s.key.save)
		assertShows(t, "a mistyped key", s.key.msg.Text, "The Spamhaus Data Query Service key is not in the right form")
		s.key.entry.SetText(blTestKey)
		test.Tap(s.key.save)
	})
	h.waitFor("the key to be saved", func() bool { return strings.HasPrefix(s.key.msg.Text, "Saved.") })
	if k, err := h.pw.Get(dqsKeychainKey); err != nil || k != blTestKey {
		t.Fatalf("keychain has %q, %v; want the key", k, err)
	}
	got := checkTyped(h, s, "192.0.2.5")
	assertShows(t, "a check with the key", got, "Listed on Test ZEN", "SBL: the address is on the list of known spam sources")
	h.do(func() {
		sum := s.summary(time.Now())
		if strings.Contains(sum, blTestKey) {
			t.Errorf("the summary shows the key:\n%s", sum)
		}
		test.Tap(s.key.remove)
	})
	h.waitFor("the key to be removed", func() bool { return strings.HasPrefix(s.key.msg.Text, "Removed.") })
	if _, err := h.pw.Get(dqsKeychainKey); err == nil {
		t.Error("the key is still in the keychain after Remove key")
	}
}

// Check again asks once more about the same thing: after delisting, the listing is gone.
func TestBlocklistsCheckAgain(t *testing.T) {
	h := blHarness(t, blServer(t, blTestZones()...).Addr, blTestLists)
	s := openBlocklists(h)
	if got := checkTyped(h, s, "192.0.2.4"); !strings.Contains(got, "Listed on Test ZEN") {
		t.Fatalf("not listed at first:\n%s", got)
	}
	delisted := blTestZones()
	delisted[0].Listed = blTestTest
	srv := blServer(t, delisted...)
	h.do(func() {
		h.u.bl.net.resolver = srv.Addr
		typeInto(s.input, "something else") // Check again repeats the check, not the field
		test.Tap(button(t, s.content, "Check again"))
	})
	got := waitChecked(h, s)
	if strings.Contains(got, "Listed on Test ZEN") || !strings.Contains(got, "Not listed on 3 lists") {
		t.Errorf("Check again does not show the delisting:\n%s", got)
	}
	assertShows(t, "Check again", got, "192.0.2.4 (IP address)")
}

// The rejection notice card's entry point: the tab comes up and checks what it was given.
// Background work is inline here, as the other screens' tests have it: the check must not
// wait for the UI's lock its own caller holds.
func TestCheckBlocklistsFromElsewhere(t *testing.T) {
	h := blHarness(t, blServer(t, blTestZones()...).Addr, blTestLists)
	h.do(func() {
		h.u.spawn = func(f func()) { f() }
		h.u.checkBlocklists([]string{"192.0.2.4", "mail.example-msp.test"})
	})
	s := h.u.bl.screen
	if s == nil {
		t.Fatal("checkBlocklists did not build the Blocklists screen")
	}
	got := waitChecked(h, s)
	h.do(func() {
		if tab := h.u.tabs.Selected(); tab == nil || tab.Text != "Blocklists" {
			t.Errorf("checkBlocklists does not show the Blocklists tab")
		}
	})
	inOrder(t, got, "192.0.2.4 (IP address)", "Listed on Test ZEN", "mail.example-msp.test (server name or domain)", "Listed on Test DBL")
}

// The same screen against the real rbldnsd and its zones (scripts/rbldnsd.sh).
func TestBlocklistsAgainstRbldnsd(t *testing.T) {
	rbl := dnstest.RequireRbldnsd(t)
	h := blHarness(t, rbl.Addr, dnstest.RbldnsdLists)
	s := openBlocklists(h)
	got := checkTyped(h, s, "192.0.2.2")
	inOrder(t, got, "Listed on Test ZEN", "What it means: SBL.", "Open the Test ZEN removal page", "Unknown on Test errors")
	assertShows(t, "mute and wrong lists", got, "Unknown on Test bad test entries", "Unknown on Test mute")
	got = checkTyped(h, s, "relay.example-isp.test")
	assertShows(t, "a listed registrable domain", got, "relay.example-isp.test is not listed, but its parent domain example-isp.test is")
}
