package ui

import (
	"context"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/appinfo"
	"github.com/reportmail/reportmail/internal/hours"
)

// supportScreen shows how to reach the provider's desk and whether it is open right now.
type supportScreen struct {
	u       *UI
	content *fyne.Container
	status  *widget.Label
	icon    *widget.Icon
}

func newSupportScreen(u *UI) *supportScreen {
	s := &supportScreen{u: u, content: container.NewVBox()}
	s.rebuild()
	u.keepRunning(u.life, func(context.Context) { s.tick() })
	return s
}

// rebuild lays the screen out for the current provider profile.
func (s *supportScreen) rebuild() {
	p := s.u.profile()
	s.status = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.status.Wrapping = fyne.TextWrapWord
	s.icon = widget.NewIcon(theme.InfoIcon())

	title := widget.NewLabelWithStyle(p.Name+" support desk", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText

	objs := []fyne.CanvasObject{
		title,
		container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(28, 28), s.icon), nil, s.status),
		wrapLabel("Hours: " + p.Hours.Describe() + "."),
	}
	if p.OutOfHours != "" {
		objs = append(objs, wrapLabel(p.OutOfHours))
	}
	objs = append(objs, widget.NewSeparator(), bold("Email"))
	if link := mailtoLink(p.SupportAddress); link != nil {
		objs = append(objs, container.NewHBox(link, copyButton(s.u, p.SupportAddress)))
	}
	if len(p.Phones) > 0 {
		objs = append(objs, bold("Phone"))
		for _, ph := range p.Phones {
			line := ph.Label + ": " + ph.Number
			if ph.Note != "" {
				line += " (" + ph.Note + ")"
			}
			objs = append(objs, container.NewHBox(widget.NewLabel(line), copyButton(s.u, ph.Number)))
		}
	}
	if u, err := url.Parse(p.StatusURL); err == nil && p.StatusURL != "" {
		objs = append(objs, widget.NewSeparator(), bold("Service status"),
			wrapLabel("Incidents and planned maintenance are posted here; you can subscribe to alerts by email or text message."),
			widget.NewHyperlink(p.StatusURL, u))
	}
	// The desk asks which version is in use when something goes wrong.
	objs = append(objs, widget.NewSeparator(), wrapLabel("This is "+appVersion()+"."))
	s.content.Objects = objs
	s.content.Refresh()
	s.refreshStatus()
}

// tick keeps "open now" true as the clock moves; the computation is cheap and pure, so the
// goroutine only decides when, and the UI goroutine does the rest.
func (s *supportScreen) tick() {
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.u.life.Done():
			return
		case <-t.C:
			fyne.Do(s.refreshStatus)
		}
	}
}

func (s *supportScreen) refreshStatus() {
	st, err := hours.At(s.u.profile().Hours.Schedule(), time.Now())
	if err != nil {
		s.status.SetText("Opening hours: " + s.u.profile().Hours.Describe() + ".")
		s.icon.SetResource(theme.InfoIcon())
		return
	}
	s.status.SetText(st.Line(time.Local))
	if st.Open {
		s.icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	} else {
		s.icon.SetResource(theme.NewWarningThemedResource(theme.HistoryIcon()))
	}
}

// appVersion is the app and its version as the report's summary names them.
func appVersion() string { return appinfo.Name + " " + appinfo.Version }

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func mailtoLink(addr string) *widget.Hyperlink {
	u, err := url.Parse("mailto:" + addr)
	if err != nil || addr == "" {
		return nil
	}
	return widget.NewHyperlink(addr, u)
}

func copyButton(u *UI, text string) *widget.Button {
	b := widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), nil)
	b.Importance = widget.LowImportance
	b.OnTapped = func() {
		u.app.Clipboard().SetContent(text)
		b.SetText("Copied")
		u.later(2*time.Second, func() { b.SetText("Copy") })
	}
	return b
}
