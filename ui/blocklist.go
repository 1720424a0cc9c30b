package ui

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/dnsbl"
	"github.com/reportmail/reportmail/internal/ipowner"
	"github.com/reportmail/reportmail/internal/plain"
)

// The Blocklists screen: is an address, a server or a domain on a DNS blocklist, who owns the
// address, and the one next step for each listing. The answers come from internal/dnsbl as
// they arrive (its Progress callback), so a slow list never hides the ones that answered.

const blocklistTabTitle = "Blocklists"

const (
	// blocklistBound bounds a whole check: a list that has not answered by then is Unknown.
	blocklistBound = 30 * time.Second
	// resolveBound bounds finding the addresses of the sending account's server.
	resolveBound = 10 * time.Second
)

// blocklistTab is the screen and where it asks; the zero value asks the real internet.
type blocklistTab struct {
	screen *blocklistScreen
	net    blocklistNet
}

// blocklistNet lets tests point the screen at their own DNS and RDAP servers.
type blocklistNet struct {
	resolver     string       // HOST:PORT; "" is the system's resolvers
	lists        []dnsbl.List // nil: dnsbl.Builtin()
	rdap         *ipowner.Bootstrap
	rdapClient   *http.Client
	queryTimeout time.Duration // one question; 0: dnsbl's default
}

// newBlocklistTab builds the screen on the tab's first visit (lazyTab).
func (u *UI) newBlocklistTab() fyne.CanvasObject {
	u.bl.screen = newBlocklistScreen(u)
	return container.NewVScroll(container.NewPadded(u.bl.screen.content))
}

// checkBlocklists shows the Blocklists screen and checks targets (addresses and domains, as
// a rejection notice names them).
func (u *UI) checkBlocklists(targets []string) {
	for _, t := range u.tabs.Items {
		if t.Text == blocklistTabTitle {
			u.tabs.Select(t)
			u.build(t) // Select builds only a tab it switches to
		}
	}
	if s := u.bl.screen; s != nil {
		s.input.SetText(strings.Join(targets, " "))
		s.check()
	}
}

// blocklistScreen is the Blocklists tab.
type blocklistScreen struct {
	u        *UI
	content  fyne.CanvasObject
	input    *widget.Entry
	checkBtn *widget.Button
	mineBtn  *widget.Button
	againBtn *widget.Button
	copyBtn  *widget.Button
	act      *widget.Activity
	progress *widget.Label
	notes    *fyne.Container // what happened before the lists were asked (no account, …)
	results  *fyne.Container
	key      *dqsKeyPart

	// The check being shown; touched on the UI goroutine only.
	gen      int // a newer check makes the callbacks of an older one do nothing
	cancel   context.CancelFunc
	running  bool
	again    func() // the same check once more
	title    string // what was checked, for the progress line
	lists    []dnsbl.List
	usedKey  bool
	targets  []*blTarget
	answered int
	expected int
	asking   int      // lists asked about at least one target
	found    []string // plain notes about the request, kept for the summary
	// work counts the checks still running, stopped or not, so a test can wait for their
	// last callbacks.
	work sync.WaitGroup
}

// blTarget is one target's results so far.
type blTarget struct {
	t       dnsbl.Target
	results []dnsbl.Result
	owner   *ipowner.Owner
}

func newBlocklistScreen(u *UI) *blocklistScreen {
	s := &blocklistScreen{u: u, progress: widget.NewLabel(""), act: widget.NewActivity()}
	s.progress.Wrapping = fyne.TextWrapWord
	s.input = widget.NewEntry()
	s.input.SetPlaceHolder("IP address, server name or domain")
	s.input.OnSubmitted = func(string) { s.check() }
	s.checkBtn = widget.NewButtonWithIcon("Check", theme.SearchIcon(), s.check)
	s.checkBtn.Importance = widget.HighImportance
	s.mineBtn = widget.NewButtonWithIcon("Check my mail server", theme.MailSendIcon(), s.checkMine)
	s.againBtn = widget.NewButtonWithIcon("Check again", theme.ViewRefreshIcon(), func() {
		if s.again != nil {
			s.again()
		}
	})
	s.copyBtn = widget.NewButtonWithIcon("Copy summary", theme.ContentCopyIcon(), s.copySummary)
	s.againBtn.Hide()
	s.copyBtn.Hide()
	s.act.Hide()
	s.notes = container.NewVBox()
	s.results = container.NewVBox()
	s.key = newDQSKeyPart(u, &s.work)
	intro := wrapLabel("A blocklist is a public list of addresses and domains that many mail filters " +
		"refuse mail from. Type the address or name from a rejection notice, and Report Mail asks " +
		"the common blocklists at once and says what to do about each listing.")
	field := container.NewBorder(nil, nil, nil, s.checkBtn, s.input)
	s.content = container.NewVBox(
		bold("Is your mail server on a blocklist?"),
		intro,
		field,
		container.NewHBox(s.mineBtn),
		container.NewBorder(nil, nil, s.act, nil, s.progress),
		s.notes,
		s.results,
		container.NewHBox(s.againBtn, s.copyBtn),
		widget.NewSeparator(),
		s.key.content,
	)
	return s
}

// check checks what is typed in the field: one or more addresses or names.
func (s *blocklistScreen) check() {
	words := strings.FieldsFunc(s.input.Text, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' })
	if len(words) == 0 {
		s.say("Type an IP address such as 192.0.2.1, a server name such as mail.example.com, or a domain first.")
		s.u.Window.Canvas().Focus(s.input)
		return
	}
	var targets []dnsbl.Target
	for _, w := range words {
		t, err := dnsbl.ParseTarget(w)
		if err != nil {
			s.say(plain.Sentence(err))
			s.u.Window.Canvas().Focus(s.input)
			return
		}
		targets = append(targets, t)
	}
	targets = uniqueTargets(targets)
	title := strings.Join(words, ", ")
	s.start(title, func(context.Context, *net.Resolver) ([]dnsbl.Target, []string) { return targets, nil })
}

// checkMine checks the sending account's server: its name and every address it has.
func (s *blocklistScreen) checkMine() {
	host := strings.TrimSpace(s.u.account().Host)
	if host == "" {
		s.stop()
		s.clearResults()
		s.progress.SetText("")
		open := widget.NewButtonWithIcon("Open Settings", theme.SettingsIcon(), s.u.showSettings)
		s.notes.Objects = []fyne.CanvasObject{
			wrapLabel("No sending account is set up yet, so Report Mail does not know your mail server. " +
				"Set up your account in Settings, or type your server's name or address above."),
			container.NewHBox(open),
		}
		s.notes.Refresh()
		return
	}
	s.start(host, func(ctx context.Context, r *net.Resolver) ([]dnsbl.Target, []string) {
		return mailServerTargets(ctx, r, host)
	})
}

// say shows one sentence in place of results (a typing mistake).
func (s *blocklistScreen) say(text string) {
	if s.running {
		return // the running check's results stay; the sentence would be lost among them
	}
	s.clearResults()
	s.progress.SetText("")
	s.notes.Objects = []fyne.CanvasObject{wrapLabel(text)}
	s.notes.Refresh()
}

func (s *blocklistScreen) clearResults() {
	s.targets, s.found = nil, nil
	s.notes.Objects = nil
	s.notes.Refresh()
	s.results.Objects = nil
	s.results.Refresh()
	s.againBtn.Hide()
	s.copyBtn.Hide()
	s.copyBtn.SetText("Copy summary")
}

// stop forgets a running check: its late answers are dropped.
func (s *blocklistScreen) stop() {
	s.gen++
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.setRunning(false)
}

func (s *blocklistScreen) setRunning(on bool) {
	s.running = on
	for _, b := range []*widget.Button{s.checkBtn, s.mineBtn, s.againBtn} {
		if on {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if on {
		s.act.Show()
		s.act.Start()
	} else {
		s.act.Stop()
		s.act.Hide()
	}
}

// start runs one check off the UI goroutine. gather finds the targets there (the mail
// server's addresses need DNS, and Check again looks them up afresh); its notes say what
// could not be checked and why.
func (s *blocklistScreen) start(title string, gather func(context.Context, *net.Resolver) ([]dnsbl.Target, []string)) {
	s.stop()
	s.clearResults()
	s.setRunning(true)
	s.again = func() { s.start(title, gather) }
	s.title = title
	s.answered, s.expected, s.asking = 0, 0, 0
	gen := s.gen
	ctx, cancel := context.WithTimeout(s.u.life, blocklistBound)
	s.cancel = cancel
	n := s.u.bl.net
	lists := n.lists
	if lists == nil {
		lists = dnsbl.Builtin()
	}
	s.lists = lists
	s.progress.SetText("Getting ready to ask " + blCount(len(lists), "blocklist") + " about " + title + "…")
	mine := func(f func()) { // f runs on the UI goroutine if this check is still the one shown
		fyne.Do(func() {
			if s.gen == gen {
				f()
			}
		})
	}
	s.work.Add(1)
	s.u.runOr(func() {
		defer s.work.Done()
		defer cancel()
		key := s.u.dqsKey() // the keychain may take a moment: never on the UI goroutine
		r, err := dnsbl.NewResolver(n.resolver)
		if err != nil {
			mine(func() { s.finish(nil, []string{plain.Sentence(err)}) })
			return
		}
		targets, notes := gather(ctx, r)
		if len(targets) == 0 {
			mine(func() { s.finish(nil, notes) })
			return
		}
		mine(func() { s.begin(targets, notes, key != "") })
		// Every answer comes back through this goroutine, so the screen hears from one
		// goroutine only (tests that run it inline hold the UI's lock on it).
		events := make(chan blEvent, 16)
		pending := 1
		var reports []dnsbl.Report
		cfg := dnsbl.Config{Lists: lists, Resolver: r, QueryTimeout: n.queryTimeout, DQSKey: key,
			Progress: func(ti int, res dnsbl.Result) { events <- blEvent{show: func() { s.arrived(ti, res) }} }}
		s.u.goSafe(func() {
			defer func() { events <- blEvent{last: true} }() // also after a panic
			reports = dnsbl.Check(ctx, cfg, targets)
		})
		owners := ipowner.Config{Resolver: r, Bootstrap: n.rdap, Client: n.rdapClient, Timeout: 10 * time.Second}
		for i, t := range targets {
			if t.Kind != dnsbl.IP {
				continue
			}
			pending++
			s.u.goSafe(func() {
				var show func()
				defer func() { events <- blEvent{show: show, last: true} }()
				o := ipowner.Lookup(ctx, owners, t.Addr)
				show = func() {
					if i < len(s.targets) {
						s.targets[i].owner = &o
						s.render()
					}
				}
			})
		}
		for pending > 0 {
			ev := <-events
			if ev.show != nil {
				mine(ev.show)
			}
			if ev.last {
				pending--
			}
		}
		mine(func() { s.finish(reports, nil) })
	}, func() {
		if s.gen == gen {
			s.setRunning(false)
			s.progress.SetText(somethingWentWrong)
		}
	})
}

// blEvent is one piece of a running check for the screen; last ends one of its goroutines.
type blEvent struct {
	show func()
	last bool
}

// begin shows the targets about to be asked.
func (s *blocklistScreen) begin(targets []dnsbl.Target, notes []string, usedKey bool) {
	s.usedKey = usedKey
	s.found = notes
	s.targets = make([]*blTarget, len(targets))
	asking := map[int]bool{}
	for i, t := range targets {
		s.targets[i] = &blTarget{t: t}
		for li, l := range s.lists {
			if askedAbout(l, t) {
				s.expected += len(t.Checked)
				asking[li] = true
			}
		}
	}
	s.asking = len(asking)
	s.showProgress()
	s.render()
}

// arrived takes one answer as it comes.
func (s *blocklistScreen) arrived(ti int, r dnsbl.Result) {
	if ti < 0 || ti >= len(s.targets) {
		return
	}
	s.targets[ti].results = append(s.targets[ti].results, r)
	s.answered++
	s.showProgress()
	s.render()
}

func (s *blocklistScreen) showProgress() {
	s.progress.SetText("Asking " + blCount(s.asking, "blocklist") + " about " + s.title + "… " +
		blCount(s.answered, "answer") + " of " + strconv.Itoa(s.expected) + " so far.")
}

// finish shows the whole check in list order, the answers that never came as Unknown.
func (s *blocklistScreen) finish(reports []dnsbl.Report, notes []string) {
	s.cancel = nil
	s.setRunning(false)
	s.found = append(s.found, notes...)
	for i, r := range reports {
		if i < len(s.targets) {
			s.targets[i].results = r.Results
		}
	}
	line := "Done: " + s.outcome()
	if listed, _ := s.counts(); listed > 0 {
		line += " Follow the steps below, then use Check again to see that the listings are gone."
	}
	s.progress.SetText(line)
	s.render()
	if len(s.targets) > 0 {
		s.againBtn.Show()
		s.copyBtn.Show()
	}
}

// outcome is the one line that says how the finished check went.
func (s *blocklistScreen) outcome() string {
	if len(s.targets) == 0 {
		return "Nothing was checked."
	}
	listed, unknown := s.counts()
	switch {
	case listed > 0 && unknown > 0:
		return blCount(listed, "listing") + " found; " + blCount(unknown, "blocklist") + " could not be checked."
	case listed > 0:
		return blCount(listed, "listing") + " found."
	case unknown > 0:
		return "No listing found, but " + blCount(unknown, "blocklist") + " could not be checked, so this is not a clean result yet."
	}
	return "Not listed on any of the " + blCount(s.asking, "blocklist") + " asked."
}

// counts are the listings found (a list listing a host and its parents counts once) and the
// lists that could not say, over all targets.
func (s *blocklistScreen) counts() (listed, unknown int) {
	for _, t := range s.targets {
		listed += len(listings(t))
		unknown += len(unknownLists(t.results))
	}
	return listed, unknown
}

// copySummary puts a plain-text account of the check on the clipboard, for the IT provider.
// The button says "Copied" until the next check.
func (s *blocklistScreen) copySummary() {
	s.u.app.Clipboard().SetContent(s.summary(time.Now()))
	s.copyBtn.SetText("Copied")
}

// askedAbout says whether dnsbl asks list l about t (dnsbl.Check's own rule).
func askedAbout(l dnsbl.List, t dnsbl.Target) bool {
	return l.Type == t.Kind && !(t.Kind == dnsbl.IP && t.Addr.Is6() && !l.IPv6)
}

func uniqueTargets(ts []dnsbl.Target) []dnsbl.Target {
	seen := map[string]bool{}
	var out []dnsbl.Target
	for _, t := range ts {
		if k := t.Checked[0].Name; !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}

// mailServerTargets are the server's name and each address it resolves to. What cannot be
// checked (a private address, a name without addresses) comes back as a plain note.
func mailServerTargets(ctx context.Context, r *net.Resolver, host string) ([]dnsbl.Target, []string) {
	var targets []dnsbl.Target
	var notes []string
	t, err := dnsbl.ParseTarget(host)
	if err != nil {
		return nil, []string{plain.Sentence(err)}
	}
	targets = append(targets, t)
	if t.Kind == dnsbl.IP {
		return targets, nil
	}
	rctx, cancel := context.WithTimeout(ctx, resolveBound)
	defer cancel()
	addrs, err := r.LookupNetIP(rctx, "ip", strings.TrimSuffix(t.Checked[0].Name, ".")+".")
	if err != nil || len(addrs) == 0 {
		notes = append(notes, "Report Mail could not find the addresses of "+host+", so only its name was checked; try again in a moment.")
	}
	seen := map[netip.Addr]bool{}
	for _, a := range addrs {
		a = a.Unmap()
		if seen[a] || len(seen) == 8 {
			continue
		}
		seen[a] = true
		at, err := dnsbl.ParseTarget(a.String())
		if err != nil {
			notes = append(notes, host+" has the address "+a.String()+", a private or local address that no public blocklist lists, so it was not checked.")
			continue
		}
		targets = append(targets, at)
	}
	return targets, notes
}

// blCount is "1 blocklist", "9 blocklists".
func blCount(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
