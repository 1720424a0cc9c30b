package ui

import (
	"context"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/probe"
)

// probeWhole bounds the whole check: every port runs at once, each within probe's own
// bounds, so this is only the backstop.
const probeWhole = 45 * time.Second

// probeView is Mail set-up's "Check my mail server": a host, the ports as they answer
// (one row each, a coloured mark and the words, never colour alone), the pair to use, and
// the conversation to copy for the IT provider. The checking is internal/probe's.
type probeView struct {
	u       *UI
	host    *widget.Entry
	check   *widget.Button
	act     *widget.Activity
	rows    *fyne.Container
	summary *widget.Label
	copy    *widget.Button
	box     *fyne.Container

	report   probe.Report
	lastRows map[probe.Target]*probeRow
	seq      int                // which check the view shows; an older one's answers are dropped
	cancel   context.CancelFunc // the running check's

	// ports and options are seams for tests (the real stack listens on other ports).
	ports   []probe.Target
	options func(o *probe.Options)
}

func newProbeView(u *UI) *probeView {
	v := &probeView{u: u, host: widget.NewEntry(), act: widget.NewActivity(),
		rows: container.NewVBox(), summary: wrapLabel("")}
	v.host.SetPlaceHolder("mail.example.co.nz")
	v.host.SetText(u.account().Host)
	v.host.OnSubmitted = func(string) { v.start() }
	v.check = widget.NewButtonWithIcon("Check my mail server", theme.SearchIcon(), v.start)
	v.copy = widget.NewButtonWithIcon("Copy details for your IT provider", theme.ContentCopyIcon(), v.copyDetails)
	v.copy.Disable()
	v.act.Hide()
	v.box = container.NewVBox(
		bold("Check my mail server"),
		wrapLabel("Report Mail connects to each of your server's mail ports and says which are safe to use. It never sends your password."),
		container.NewBorder(nil, nil, widget.NewLabel("Server"), container.NewHBox(v.act, v.check), v.host),
		v.rows, v.summary, container.NewHBox(v.copy),
	)
	return v
}

// refill puts the Settings account's server in the box when the person has not typed one.
func (v *probeView) refill() {
	if strings.TrimSpace(v.host.Text) == "" {
		v.host.SetText(v.u.account().Host)
	}
}

// start checks the host in the box. UI goroutine.
func (v *probeView) start() {
	if v.cancel != nil {
		v.cancel()
	}
	v.seq++
	seq := v.seq
	o := probe.Options{Host: v.host.Text, Ports: v.ports, Roots: v.u.serverRoots()}
	if v.options != nil {
		v.options(&o)
	}
	if o.Ports == nil {
		o.Ports = probe.DefaultTargets()
	}
	// One row per port, waiting; each fills in as its port answers.
	rows := make(map[probe.Target]*probeRow, len(o.Ports))
	v.lastRows = rows
	v.rows.Objects = []fyne.CanvasObject{probeHeader()}
	for _, t := range o.Ports {
		r := newProbeRow(t)
		rows[t] = r
		v.rows.Add(r.box)
	}
	v.rows.Refresh()
	v.summary.SetText("Checking " + strconv.Itoa(len(o.Ports)) + " ports…")
	v.copy.Disable()
	v.check.Disable()
	v.act.Show()
	v.act.Start()
	o.OnResult = func(r probe.Result) {
		fyne.Do(func() {
			if seq == v.seq {
				rows[r.Target].show(r, time.Now())
			}
		})
	}
	ctx, cancel := context.WithTimeout(context.Background(), probeWhole)
	v.cancel = cancel
	addr := v.u.account().Address
	v.u.runOr(func() {
		rep, err := probe.Run(ctx, o)
		cancel()
		fyne.Do(func() { v.finish(seq, rep, err, addr) })
	}, func() { v.finish(seq, probe.Report{}, nil, "") })
}

// finish shows the pair to use, or why the check could not run. UI goroutine.
func (v *probeView) finish(seq int, rep probe.Report, err error, addr string) {
	if seq != v.seq {
		return
	}
	v.act.Stop()
	v.act.Hide()
	v.check.Enable()
	switch {
	case err != nil:
		v.rows.Objects = nil
		v.rows.Refresh()
		v.summary.SetText(plain.ProbeError(err))
		return
	case len(rep.Results) == 0: // the check itself went wrong (recovered)
		v.summary.SetText(somethingWentWrong)
		return
	}
	v.report = rep
	v.summary.SetText(plain.ProbeRecommended(rep))
	v.copy.Enable()
	v.u.rememberChecked(addr, rep)
}

func (v *probeView) copyDetails() {
	v.u.app.Clipboard().SetContent(v.report.Transcript())
	v.copy.SetText("Copied")
	v.u.later(2*time.Second, func() { v.copy.SetText("Copy details for your IT provider") })
}

// probeRow is one port: mark, service, port, security, the verdict's word, the sentence.
type probeRow struct {
	mark     *canvas.Circle
	verdict  *widget.Label
	sentence *widget.Label
	box      *fyne.Container
}

func probeColumns(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewGridLayoutWithColumns(4), objs...)
}

func probeHeader() fyne.CanvasObject {
	return probeColumns(bold("Service"), bold("Port"), bold("Security"), bold("Result"))
}

func newProbeRow(t probe.Target) *probeRow {
	r := &probeRow{mark: canvas.NewCircle(probeColour(theme.ColorNameDisabled)),
		verdict: widget.NewLabel("Checking…"), sentence: wrapLabel("")}
	r.sentence.Hide()
	// The mark sits on the row's first line, before the service's name.
	mark := container.NewCenter(container.NewGridWrap(fyne.NewSize(14, 14), r.mark))
	r.box = container.NewVBox(probeColumns(container.NewHBox(mark, widget.NewLabel(t.Service())),
		widget.NewLabel(strconv.Itoa(t.Port)), widget.NewLabel(plain.SecurityWord(t)), r.verdict), r.sentence)
	return r
}

func (r *probeRow) show(res probe.Result, now time.Time) {
	c := probeVerdictColour(res.Verdict)
	r.mark.FillColor = probeColour(c)
	r.mark.Refresh()
	r.verdict.SetText(plain.ProbeVerdictWord(res.Verdict))
	r.verdict.Importance = importanceOf(c)
	r.verdict.Refresh()
	r.sentence.SetText(plain.ProbePort(res, now))
	r.sentence.Show()
}

func probeVerdictColour(v probe.Verdict) fyne.ThemeColorName {
	switch v {
	case probe.Good:
		return theme.ColorNameSuccess
	case probe.Warning:
		return theme.ColorNameWarning
	case probe.Bad:
		return theme.ColorNameError
	}
	return theme.ColorNameDisabled
}

func probeColour(n fyne.ThemeColorName) color.Color {
	return theme.Color(n)
}
