package ui

import (
	"net/url"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/notice"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/report"
)

// noticeCard is the part of a result card for a rejection notice (issue 11): what happened,
// who refused it in their own words (folded away), what came back, and the one next step.
// The report it leads to is the returned email or the sender's Sent copy, with the notice
// riding along as the second attachment of a false-positive report.
type noticeCard struct {
	c       *resultCard
	n       *notice.Notice
	raw     []byte // the notice itself, as it goes with a false-positive report
	box     *fyne.Container
	step    *fyne.Container // the next step; replaced by the report form once it is ready
	pairMsg *widget.Label   // what the last copy offered was, when it was not the one
	// waiting is true while the card asks for the sender's Sent copy: a file dropped on the
	// window then goes to this card instead of a card of its own.
	waiting   bool
	kind      report.Kind    // the report the copy is for
	useAnyway *widget.Button // takes a copy the notice does not name, when the person says so
}

// hasNoticeCard says whether item's card shows a rejection notice: a notice about a
// delivery, not a complaint report (that one stays an ordinary forward-like card).
func hasNoticeCard(item *intake.Item) bool {
	n := item.Notice
	return n != nil && n.IsBounce() && n.Kind != notice.KindFeedback && item.NoticeRaw != nil
}

// fullReturn says the notice returned the whole email, which is then the card's original.
func fullReturn(item *intake.Item) bool {
	n := item.Notice
	return n.Returned == notice.ReturnedFull && len(n.ReturnedMessage) > 0
}

func newNoticeCard(c *resultCard) *noticeCard {
	nc := &noticeCard{c: c, n: c.item.Notice, raw: c.item.NoticeRaw}
	nc.step = container.NewVBox()
	nc.pairMsg = wrapLabel("")
	nc.pairMsg.Importance = widget.DangerImportance
	nc.pairMsg.Hide()
	nc.useAnyway = widget.NewButton("Use this copy anyway", nil)
	nc.useAnyway.Importance = widget.LowImportance
	nc.useAnyway.Hide()
	objs := []fyne.CanvasObject{}
	if d := nc.aboutEmail(); d != nil {
		objs = append(objs, d)
	}
	objs = append(objs, wrapLabel(returnedWords(nc.n)))
	if d := nc.refusedBy(); d != nil {
		objs = append(objs, d)
	}
	objs = append(objs, widget.NewSeparator(), nc.step)
	nc.box = container.NewVBox(objs...)
	nc.showStep()
	return nc
}

// noticeExplanation is the one sentence of what happened.
func noticeExplanation(n *notice.Notice) string {
	if n.Explanation != "" {
		return n.Explanation
	}
	e, _ := notice.Sentences(n)
	return orDefault(e, "The email could not be delivered.")
}

func noticeAdvice(n *notice.Notice) string {
	if n.Advice != "" {
		return n.Advice
	}
	_, a := notice.Sentences(n)
	return a
}

// returnedWords says what of the email came back with the notice.
func returnedWords(n *notice.Notice) string {
	switch n.Returned {
	case notice.ReturnedFull:
		return "What came back: the whole email, so it is what the support desk will get."
	case notice.ReturnedHeaders:
		return "What came back: only the email's header (who sent it, when and the way it went), not its text."
	}
	return "What came back: nothing of the email itself, only the notice."
}

// aboutEmail names the email the notice is about, so the sender knows which one it was.
func (nc *noticeCard) aboutEmail() fyne.CanvasObject {
	o := nc.n.Original
	rows := labelRows([][2]string{{"Sent from", o.From}, {"To", o.To}, {"Subject", o.Subject}, {"Date", formatWhenText(o.Date)}})
	if rows == nil {
		return nil
	}
	return container.NewVBox(bold("The email it is about"), rows)
}

// refusedBy is who refused the email and their own words, folded away: the words are for
// whoever runs the mail server, and most people need only the sentence above.
func (nc *noticeCard) refusedBy() fyne.CanvasObject {
	var objs []fyne.CanvasObject
	if nc.n.ReportingMTA != "" {
		objs = append(objs, wrapLabel("Notice written by: "+nc.n.ReportingMTA))
	}
	for _, r := range nc.n.Recipients {
		var rows []string
		if r.Address != "" {
			rows = append(rows, "Recipient: "+r.Address)
		}
		if r.RemoteHost != "" {
			rows = append(rows, "Refused by: "+r.RemoteHost)
		}
		if code := strings.TrimSpace(r.ReplyCode + " " + r.Status); code != "" {
			rows = append(rows, "Code: "+code)
		}
		if r.Diagnostic != "" {
			rows = append(rows, "Their words: “"+mailmsg.Shorten(mailmsg.OneLine(r.Diagnostic), 600)+"”")
		}
		for _, s := range rows {
			objs = append(objs, wrapLabel(s))
		}
	}
	if len(objs) == 0 {
		return nil
	}
	return widget.NewAccordion(widget.NewAccordionItem("Details: who refused it and what their server said", container.NewVBox(objs...)))
}

// showStep puts the one next step on the card, by what the notice says happened.
func (nc *noticeCard) showStep() {
	switch nc.n.NextStep {
	case notice.StepFalsePositive:
		nc.reportWith(report.FalsePositive)
	case notice.StepVirus:
		nc.reportWith(report.Virus)
	case notice.StepBlocklist:
		nc.blocklistStep()
	default:
		nc.notFilterStep()
	}
}

// reportWith leads to a report of kind: the returned email when the notice holds it, else
// the sender's copy from Sent Items.
func (nc *noticeCard) reportWith(kind report.Kind) {
	if fullReturn(nc.c.item) {
		nc.showForm(kind)
		return
	}
	nc.askForCopy(kind)
}

// showForm is the report form for the card's original, with the type preselected and, for a
// false positive, the notice as the second attachment.
func (nc *noticeCard) showForm(kind report.Kind) {
	nc.waiting = false
	f := newReportFlow(nc.c)
	f.notice = nc.raw
	f.preselect(kind)
	nc.c.flow = f
	nc.setStep(f.box)
}

func (nc *noticeCard) setStep(objs ...fyne.CanvasObject) {
	nc.step.Objects = objs
	nc.step.Refresh()
}

// askForCopy: the notice does not hold the whole email, so the sender's own copy from Sent
// Items is the original; it is opened or dropped on the window.
func (nc *noticeCard) askForCopy(kind report.Kind) {
	nc.waiting, nc.kind = true, kind
	what := "To report it as a real email that was blocked, add your own copy of it from Sent Items: the notice goes with it."
	if kind == report.Virus {
		what = "To send it as a virus sample, add your own copy of it from Sent Items: it goes inside a locked zip."
	}
	add := widget.NewButtonWithIcon("Add my copy from Sent Items…", theme.FolderOpenIcon(), nc.openCopy)
	add.Importance = widget.HighImportance
	nc.setStep(bold("Next step"), wrapLabel(what),
		wrapLabel("Save that email from Sent Items as a file, then open it here or drop it on this window."),
		container.NewHBox(add), nc.pairMsg, container.NewHBox(nc.useAnyway))
}

func (nc *noticeCard) openCopy() {
	u := nc.c.s.u
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		nc.addCopy(path)
	}, u.Window)
	d.SetFilter(regularFiles{exts: mailExtensions})
	d.SetConfirmText("Add")
	d.Show()
}

// addCopy reads and checks the sender's copy off the UI goroutine, then pairs it.
func (nc *noticeCard) addCopy(path string) {
	u := nc.c.s.u
	nc.useAnyway.Hide()
	nc.pairMsg.SetText("Checking " + filepath.Base(path) + "…")
	nc.pairMsg.Importance = widget.MediumImportance
	nc.pairMsg.Show()
	u.runOr(func() {
		item, err := intake.Open(path, intake.Options{})
		if err != nil {
			msg := plain.Sentence(err)
			fyne.Do(func() { nc.refuseCopy(msg) })
			return
		}
		if item.Notice != nil {
			// Another notice is not a Sent copy: it gets a card of its own.
			fyne.Do(func() { nc.pairMsg.Hide(); nc.c.s.openPaths([]string{path}) })
			return
		}
		res := checkMessage(item)
		fyne.Do(func() { nc.paired(path, item, res) })
	}, func() { nc.refuseCopy(somethingWentWrongReading) })
}

func (nc *noticeCard) refuseCopy(msg string) {
	nc.pairMsg.Importance = widget.DangerImportance
	nc.pairMsg.SetText(msg)
	nc.pairMsg.Show()
}

// paired takes the copy when it is an original and the email the notice is about (by
// Message-ID); otherwise it says why and keeps waiting.
func (nc *noticeCard) paired(path string, item *intake.Item, res *check.Result) {
	if !nc.waiting {
		return
	}
	if res.Verdict != check.Original {
		why := "This copy is not the email itself, so it cannot be reported."
		if len(res.Findings) > 0 {
			why = res.Findings[0].Message
		}
		nc.refuseCopy(why + " Save the email from Sent Items again and add that file.")
		return
	}
	if msg := mismatch(nc.n, res); msg != "" {
		nc.refuseCopy(msg)
		nc.useAnyway.OnTapped = func() { nc.useCopy(path, item, res) }
		nc.useAnyway.Show()
		return
	}
	nc.useCopy(path, item, res)
}

// useCopy makes the copy the card's original and shows the report form for it.
func (nc *noticeCard) useCopy(path string, item *intake.Item, res *check.Result) {
	nc.c.item, nc.c.result, nc.c.path = item, res, path
	nc.showForm(nc.kind)
	nc.step.Objects = append([]fyne.CanvasObject{wrapLabel("Your copy " + filepath.Base(path) + " matches the notice; it is the email that will be reported.")}, nc.step.Objects...)
	nc.step.Refresh()
}

// mismatch is the sentence for a copy whose Message-ID is not the one the notice names; ""
// when they match or the notice names none (nothing to pair by: the person decides).
func mismatch(n *notice.Notice, res *check.Result) string {
	want, got := bareMessageID(n.Original.MessageID), bareMessageID(res.Message.MessageID)
	if want == "" || strings.EqualFold(want, got) {
		return ""
	}
	about := "the notice is about another email"
	if n.Original.Subject != "" {
		about = "the notice is about “" + n.Original.Subject + "”"
	}
	this := ""
	if res.Message.Subject != "" {
		this = " and this copy is “" + res.Message.Subject + "”"
	}
	return "This copy does not seem to be the email the notice is about: " + about + this +
		" (their message numbers, the Message-ID, differ); add the copy of that email from Sent Items."
}

// bareMessageID is a Message-ID without angle brackets or surrounding space, for pairing.
func bareMessageID(id string) string {
	id = strings.TrimSpace(id)
	if i := strings.IndexByte(id, '<'); i >= 0 {
		if j := strings.IndexByte(id[i:], '>'); j > 0 {
			id = id[i+1 : i+j]
		}
	}
	return strings.TrimSpace(id)
}

// blocklistStep: the sending server's address (or domain) is on a list; the blocklist check
// says which lists and how to get off them. The facts the notice gives are shown meanwhile.
func (nc *noticeCard) blocklistStep() {
	objs := []fyne.CanvasObject{bold("Next step"), wrapLabel(noticeAdvice(nc.n))}
	for _, b := range noticeBlocklists(nc.n) {
		line := "Listed: " + orDefault(b.Listed, "the sending server")
		if b.Zone != "" {
			line += " on " + b.Zone
		}
		objs = append(objs, wrapLabel(line))
		if u, err := url.Parse(b.URL); err == nil && b.URL != "" && (u.Scheme == "http" || u.Scheme == "https") {
			objs = append(objs, widget.NewHyperlink("How to get off this list", u))
		}
	}
	targets := blocklistTargets(nc.n)
	check := widget.NewButtonWithIcon("Check the blocklists", theme.SearchIcon(), func() { nc.c.s.u.checkBlocklists(targets) })
	check.Importance = widget.HighImportance
	objs = append(objs, container.NewHBox(check, nc.anyway()))
	nc.setStep(objs...)
}

// noticeBlocklists are the different listings the recipients' rejections name.
func noticeBlocklists(n *notice.Notice) []notice.Blocklist {
	var out []notice.Blocklist
	seen := map[notice.Blocklist]bool{}
	for _, r := range n.Recipients {
		if r.Blocklist != nil && !seen[*r.Blocklist] {
			seen[*r.Blocklist] = true
			out = append(out, *r.Blocklist)
		}
	}
	return out
}

// blocklistTargets are what the blocklist check asks about: each listed address or domain,
// then the sending domain (providers list whole domains too).
func blocklistTargets(n *notice.Notice) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		s = strings.ToLower(strings.TrimSpace(s))
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, b := range noticeBlocklists(n) {
		add(b.Listed)
	}
	if a, ok := mailmsg.ParseAddress(n.Original.From, ""); ok {
		if i := strings.LastIndexByte(a.Addr, '@'); i >= 0 {
			add(a.Addr[i+1:])
		}
	}
	return out
}

// notFilterStep: an address or mailbox problem, or one of the sending server's own; a report
// to the desk cannot help, so it is not the first choice.
func (nc *noticeCard) notFilterStep() {
	adv := noticeAdvice(nc.n)
	if !strings.HasPrefix(adv, "This was not blocked by the filter") && nc.n.NextStep != notice.StepOther {
		adv = "This was not blocked by the filter: " + adv
	}
	l := wrapLabel(adv)
	l.TextStyle = fyne.TextStyle{Bold: true}
	nc.setStep(bold("Next step"), l,
		wrapLabel("A report to the support desk will not help with this."), container.NewHBox(nc.anyway()))
}

// anyway is the secondary way to a report when the next step is not one.
func (nc *noticeCard) anyway() fyne.CanvasObject {
	b := widget.NewButton("Report it anyway", func() { nc.reportWith(report.FalsePositive) })
	b.Importance = widget.LowImportance
	return b
}

// takeDrop gives a dropped file to the newest card waiting for a Sent copy; false when none
// waits (the file then gets a card of its own).
func (s *reportScreen) takeDrop(paths []string) bool {
	if len(paths) != 1 {
		return false
	}
	for _, c := range s.cards {
		if c.notice != nil && c.notice.waiting {
			c.notice.addCopy(paths[0])
			return true
		}
	}
	return false
}
