package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/submit"
)

// preview is "What will be sent": before anything goes, the person can see to whom, the
// subject, and each attachment with its size, read back from a report built as Send would.
type preview struct {
	f      *reportFlow
	toggle *widget.Button
	box    *fyne.Container
	seq    int // the newest build; an older one finishing late is dropped
}

func newPreview(f *reportFlow) *preview {
	p := &preview{f: f, box: container.NewVBox()}
	p.toggle = widget.NewButtonWithIcon("What will be sent", theme.MenuExpandIcon(), p.flip)
	p.toggle.Importance = widget.LowImportance
	p.toggle.Alignment = widget.ButtonAlignLeading
	p.box.Hide()
	return p
}

func (p *preview) view() fyne.CanvasObject {
	return container.NewVBox(container.NewHBox(p.toggle), p.box)
}

func (p *preview) flip() {
	if p.box.Visible() {
		p.box.Hide()
		p.toggle.SetIcon(theme.MenuExpandIcon())
		return
	}
	p.box.Show()
	p.toggle.SetIcon(theme.MenuDropDownIcon())
	p.refresh()
}

// refresh builds the report again when the section is open (the type changes the subject
// and how the original travels).
func (p *preview) refresh() {
	if p == nil || !p.box.Visible() {
		return
	}
	f := p.f
	u := f.c.s.u
	from := u.account().Address
	o, why := f.buildOptions(orDefault(from, placeholderFrom))
	if why != "" {
		p.set(wrapLabel("Choose what happened to this email first: it decides the subject and how the email is attached."))
		return
	}
	p.seq++
	seq := p.seq
	p.set(widget.NewLabel("Preparing…"))
	desk := u.profile().Name
	u.run(func() {
		r, err := submit.Build(o)
		var parts []submit.Part
		if err == nil {
			parts = submit.Contents(r)
		}
		fyne.Do(func() {
			if seq != p.seq {
				return
			}
			if err != nil {
				p.set(wrapLabel(plain.Sentence(err)))
				return
			}
			fromLine := "From: " + from
			if from == "" {
				fromLine = "From: your address (asked for when you save the draft)"
			}
			rows := []fyne.CanvasObject{
				widget.NewLabel("To: " + desk + " <" + r.EnvelopeTo + ">"),
				widget.NewLabel(fromLine),
				wrapLabel("Subject: " + r.Subject),
				widget.NewLabel(fmt.Sprintf("%d parts, %s in all:", len(parts), humanSize(int64(len(r.Bytes))))),
			}
			for _, part := range parts {
				rows = append(rows, wrapLabel("• "+partLine(part)))
			}
			p.set(rows...)
		})
	})
}

func (p *preview) set(objs ...fyne.CanvasObject) {
	p.box.Objects = objs
	p.box.Refresh()
}

// partLine says what a part is in a person's words, with its size.
func partLine(part submit.Part) string {
	size := humanSize(part.Size)
	switch {
	case part.Type == "text/plain" && part.Name == "":
		return "A short summary for the support desk (" + size + ")"
	case part.Name == "rejection-notice.eml":
		// The notice travels as message/rfc822 too, but it is not the email.
		return part.Name + ": the rejection notice the sender received (" + size + ")"
	case part.Type == "message/rfc822":
		return part.Name + ": the email, attached exactly as you received it (" + size + ")"
	case part.Type == "application/zip":
		return part.Name + ": the email inside a locked zip (" + size + ")"
	case part.Type == "application/vnd.ms-outlook":
		return part.Name + ": the Outlook file it was converted from (" + size + ")"
	case strings.HasSuffix(part.Name, ".eml"):
		return part.Name + ": the email, attached unchanged as a file (" + size + ")"
	}
	return orDefault(part.Name, "An attachment") + " (" + size + ")"
}

// humanSize is a byte count as people read it.
func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
