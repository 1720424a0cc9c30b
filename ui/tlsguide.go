package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/safefile"
	"github.com/reportmail/reportmail/internal/tlsguide"
)

// mailSetupScreen renders internal/tlsguide's data for the provider profile in use: its
// ports and server names, the words they use, and one step-by-step guide per mail program.
// No guide text lives here.
type mailSetupScreen struct {
	u       *UI
	content *fyne.Container
	probe   *probeView // kept across rebuilds, so a check's results stay (probeview.go)
}

func newMailSetupScreen(u *UI) *mailSetupScreen {
	s := &mailSetupScreen{u: u, content: container.NewVBox(), probe: newProbeView(u)}
	s.rebuild()
	return s
}

// rebuild lays the screen out again: another profile has other ports, servers and phones.
func (s *mailSetupScreen) rebuild() {
	u := s.u
	prof := u.profile()
	intro := wrapLabel("Use these settings so your mail program encrypts your mail and password. " +
		"Pick a port and its security setting together, from the same row.")

	var table fyne.CanvasObject = wrapLabel("Your IT provider can tell you which ports your mail program should use.")
	if rows := tlsguide.Table(prof.Ports); len(rows) > 0 {
		grid := container.New(layout.NewGridLayoutWithColumns(4),
			bold("Service"), bold("Port"), bold("Security"), widget.NewLabel(""))
		for _, p := range rows {
			port := strconv.Itoa(p.Port)
			grid.Add(widget.NewLabel(fmt.Sprintf("%s (%s)", p.Protocol, p.Direction)))
			grid.Add(widget.NewLabel(port))
			grid.Add(widget.NewLabel(string(p.Security)))
			grid.Add(container.NewHBox(copyButton(u, port)))
		}
		table = grid
		if note := port465Note(rows); note != "" {
			table = container.NewVBox(grid, wrapLabel(note))
		}
	}
	s.probe.refill()

	servers := container.NewVBox(bold("Mail servers"))
	names, notes := tlsguide.ServerNames(prof.MailServers, u.account().Address)
	for _, n := range names {
		row := container.NewHBox(widget.NewLabel(n.Label + ": " + n.Host))
		if n.Complete {
			row.Add(copyButton(u, n.Host))
		}
		servers.Add(row)
	}
	for _, note := range notes {
		servers.Add(wrapLabel(note))
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

	s.content.Objects = []fyne.CanvasObject{
		intro, table, servers, widget.NewSeparator(), s.probe.box, widget.NewSeparator(), terms, widget.NewSeparator(),
		bold("Step by step"), guides, widget.NewSeparator(),
		wrapLabel("An IT person can make a settings file that Thunderbird or a Mac sets itself up from:"),
		container.NewHBox(export),
	}
	s.content.Refresh()
}

// port465Note is the note on port 465 when the table has 587 for sending but not 465.
func port465Note(rows []tlsguide.Port) string {
	has := map[int]bool{}
	for _, p := range rows {
		if p.Direction == "outgoing" {
			has[p.Port] = true
		}
	}
	if has[587] && !has[465] {
		return plain.Port465Note
	}
	return ""
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
	prof := u.profile()
	// Servers found or checked for the address come first (autosetup.go).
	imap, pop, smtp, start := u.exportDefaults(prof, u.account().Address)
	email.SetText(start)
	imapChoice := fmt.Sprintf("IMAP (%d, %s)", imap.Port, imap.Security)
	proto := widget.NewRadioGroup([]string{imapChoice, fmt.Sprintf("POP (%d, %s)", pop.Port, pop.Security)}, nil)
	proto.SetSelected(imapChoice)
	in := widget.NewEntry()
	in.SetPlaceHolder("mail.example.co.nz")
	out := widget.NewEntry()
	out.SetPlaceHolder("smtp.example.co.nz")
	// The profile's server names, with the domain of the address as it is typed; a name the
	// user has changed is left alone.
	var autoIn, autoOut string
	fill := func(addr string) {
		if v := tlsguide.ServerFor(prof.MailServers, addr, false); in.Text == autoIn {
			autoIn = v
			in.SetText(v)
		}
		if v := tlsguide.ServerFor(prof.MailServers, addr, true); out.Text == autoOut {
			autoOut = v
			out.SetText(v)
		}
	}
	fill(email.Text)
	email.OnChanged = fill
	if acc := u.account(); acc.Host != "" {
		out.SetText(acc.Host)
	}
	followFound(proto, imapChoice, in, out, imap, pop, smtp)
	kind := widget.NewRadioGroup([]string{"Thunderbird (config-v1.1.xml)", "Mac or iPhone (.mobileconfig)"}, nil)
	kind.SetSelected("Thunderbird (config-v1.1.xml)")

	form := widget.NewForm(
		widget.NewFormItem("Email address", email),
		widget.NewFormItem("Incoming mail", proto),
		widget.NewFormItem("Incoming server", in),
		widget.NewFormItem("Outgoing server", out),
		widget.NewFormItem("File for", kind),
	)
	u.showDialog(dialog.NewCustomConfirm("Make a settings file", "Save…", "Cancel", form, func(ok bool) {
		if !ok {
			return
		}
		acc := tlsguide.Account{Email: strings.TrimSpace(email.Text), Protocol: tlsguide.IMAP,
			Incoming: imap, Outgoing: smtp}
		if strings.HasPrefix(proto.Selected, "POP") {
			acc.Protocol, acc.Incoming = tlsguide.POP, pop
		}
		acc.Incoming.Host, acc.Outgoing.Host = strings.TrimSpace(in.Text), strings.TrimSpace(out.Text)
		make, name := tlsguide.Autoconfig, tlsguide.AutoconfigFileName
		if strings.HasPrefix(kind.Selected, "Mac") {
			make, name = tlsguide.MobileConfig, "Mail settings"+tlsguide.MobileConfigExt
		}
		data, err := make(acc)
		if err != nil {
			u.showError(err)
			return
		}
		// A folder chooser, not Fyne's save dialog: Fyne 2.7.1's save dialog (dialog/file.go)
		// does ask "Overwrite?" for an existing name, but then opens the file with os.Create
		// before our callback runs, truncating whatever a symbolic link there points to and
		// opening a pipe or device. Choosing the folder leaves the writing to safefile.
		d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err != nil || dir == nil {
				return
			}
			saveExport(u, filepath.Join(dir.Path(), name), data, false)
		}, u.Window)
		d.SetConfirmText("Save here")
		d.Show()
	}, u.Window), dialogKeys{})
}

// saveExport writes an exported settings file off the UI goroutine, asking before it
// replaces a file of the same name. Settings files hold no mail: they may be 0644.
func saveExport(u *UI, path string, data []byte, replace bool) {
	u.goSafe(func() {
		err := safefile.Write(path, data, 0o644, replace)
		fyne.Do(func() {
			var ee *safefile.ExistsError
			switch {
			case errors.As(err, &ee):
				u.showDialog(dialog.NewConfirm("Replace the existing file?",
					"There is already a file called “"+plain.FileName(filepath.Base(path))+"” in this folder. Replace it?",
					func(ok bool) {
						if ok {
							saveExport(u, path, data, true)
						}
					}, u.Window), dialogKeys{})
			case err != nil:
				u.showDialog(dialog.NewInformation("Not saved", plain.WriteSentence(err, path), u.Window), dialogKeys{})
			default:
				u.showDialog(dialog.NewInformation("Settings file saved", "Saved as "+plain.FileName(path)+".", u.Window), dialogKeys{})
			}
		})
	})
}

// showError shows one plain sentence for any error; nil is ignored (dialog.ShowError(nil)
// would panic).
func (u *UI) showError(err error) {
	if err == nil {
		return
	}
	u.showDialog(dialog.NewInformation("Something needs your attention", plain.Sentence(err), u.Window), dialogKeys{})
}
