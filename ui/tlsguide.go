package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/atomicfile"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/tlsguide"
)

// tlsScreen renders internal/tlsguide's data: the ports table, the words it uses, and one
// step-by-step guide per mail program. No guide text lives here.
func tlsScreen(u *UI) fyne.CanvasObject {
	intro := wrapLabel("Use these settings so your mail program encrypts your mail and password. " +
		"Pick a port and its security setting together, from the same row.")

	table := container.New(layout.NewGridLayoutWithColumns(4),
		bold("Service"), bold("Port"), bold("Security"), widget.NewLabel(""))
	for _, p := range tlsguide.Ports() {
		port := strconv.Itoa(p.Port)
		table.Add(widget.NewLabel(fmt.Sprintf("%s (%s)", p.Protocol, p.Direction)))
		table.Add(widget.NewLabel(port))
		table.Add(widget.NewLabel(string(p.Security)))
		table.Add(container.NewHBox(copyButton(u, port)))
	}

	terms := container.NewVBox()
	for _, t := range tlsguide.Terms() {
		terms.Add(wrapLabel(t.Name + ": " + t.Text))
	}

	guides := widget.NewAccordion()
	for _, g := range tlsguide.Guides() {
		guides.Append(widget.NewAccordionItem(g.Title, guideView(u, g)))
	}

	export := widget.NewButtonWithIcon("Make a settings file…", theme.DocumentSaveIcon(), func() { showExport(u) })

	return container.NewVScroll(container.NewPadded(container.NewVBox(
		intro, table, widget.NewSeparator(), terms, widget.NewSeparator(),
		bold("Step by step"), guides, widget.NewSeparator(),
		wrapLabel("An IT person can make a settings file that Thunderbird or a Mac sets itself up from:"),
		container.NewHBox(export),
	)))
}

func guideView(u *UI, g tlsguide.Guide) fyne.CanvasObject {
	box := container.NewVBox()
	if g.Intro != "" {
		box.Add(wrapLabel(g.Intro))
	}
	for i, st := range g.Steps {
		box.Add(wrapLabel(fmt.Sprintf("%d.  %s", i+1, st.Text)))
		if st.Detail != "" {
			d := widget.NewLabelWithStyle(st.Detail, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
			d.Wrapping = fyne.TextWrapWord
			box.Add(d)
		}
		if st.Contact {
			for _, ph := range u.profile().Phones {
				box.Add(widget.NewLabel("      " + ph.Label + ": " + ph.Number + noteSuffix(ph.Note)))
			}
		}
	}
	return box
}

func noteSuffix(n string) string {
	if n == "" {
		return ""
	}
	return " (" + n + ")"
}

// showExport asks for the few settings a file needs and saves Thunderbird's autoconfig file
// or an Apple configuration profile.
func showExport(u *UI) {
	email := widget.NewEntry()
	email.SetPlaceHolder("you@example.co.nz")
	if acc := u.account(); acc.Address != "" {
		email.SetText(acc.Address)
	}
	proto := widget.NewRadioGroup([]string{"IMAP (993, SSL)", "POP (995, SSL)"}, nil)
	proto.SetSelected("IMAP (993, SSL)")
	in := widget.NewEntry()
	in.SetPlaceHolder("mail.example.co.nz")
	out := widget.NewEntry()
	out.SetPlaceHolder("smtp.example.co.nz")
	if acc := u.account(); acc.Host != "" {
		out.SetText(acc.Host)
	}
	kind := widget.NewRadioGroup([]string{"Thunderbird (config-v1.1.xml)", "Mac or iPhone (.mobileconfig)"}, nil)
	kind.SetSelected("Thunderbird (config-v1.1.xml)")

	form := widget.NewForm(
		widget.NewFormItem("Email address", email),
		widget.NewFormItem("Incoming mail", proto),
		widget.NewFormItem("Incoming server", in),
		widget.NewFormItem("Outgoing server", out),
		widget.NewFormItem("File for", kind),
	)
	dialog.ShowCustomConfirm("Make a settings file", "Save…", "Cancel", form, func(ok bool) {
		if !ok {
			return
		}
		acc := tlsguide.Account{Email: strings.TrimSpace(email.Text), Protocol: tlsguide.IMAP,
			Incoming: tlsguide.Server{Host: strings.TrimSpace(in.Text), Port: 993, Security: tlsguide.SSL},
			Outgoing: tlsguide.Server{Host: strings.TrimSpace(out.Text), Port: 587, Security: tlsguide.STARTTLS}}
		if strings.HasPrefix(proto.Selected, "POP") {
			acc.Protocol, acc.Incoming.Port = tlsguide.POP, 995
		}
		make, name := tlsguide.Autoconfig, tlsguide.AutoconfigFileName
		if strings.HasPrefix(kind.Selected, "Mac") {
			make, name = tlsguide.MobileConfig, "Mail settings"+tlsguide.MobileConfigExt
		}
		data, err := make(acc)
		if err != nil {
			u.showError(err)
			return
		}
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			path := w.URI().Path()
			w.Close()
			go func() {
				err := atomicfile.Write(path, data, 0o644)
				fyne.Do(func() {
					if err != nil {
						dialog.ShowInformation("Not saved", plain.WriteSentence(err, path), u.Window)
						return
					}
					dialog.ShowInformation("Settings file saved", "Saved as "+path+".", u.Window)
				})
			}()
		}, u.Window)
		d.SetFileName(name)
		d.Show()
	}, u.Window)
}

// showError shows one plain sentence for any error; nil is ignored (dialog.ShowError(nil)
// would panic).
func (u *UI) showError(err error) {
	if err == nil {
		return
	}
	dialog.ShowInformation("Something needs your attention", plain.Sentence(err), u.Window)
}
