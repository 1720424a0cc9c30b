package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/appinfo"
)

// aboutText is what Help → About says, the version first: it is what a helpdesk asks for,
// and the same version the package, the installer and reportmail-cli version show.
func aboutText() []string {
	return []string{
		"Version " + appinfo.Version,
		"Report Mail sends an email your filter got wrong to its support desk, the way the desk needs it.",
		appinfo.Licence,
	}
}

func (u *UI) showAbout() {
	title := widget.NewLabelWithStyle(appinfo.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	box := container.NewVBox(container.NewHBox(widget.NewIcon(Icon), title))
	for _, line := range aboutText() {
		box.Add(wrapLabel(line))
	}
	if site, err := url.Parse(appinfo.Website); err == nil {
		box.Add(widget.NewHyperlink(appinfo.Website, site))
	}
	d := dialog.NewCustom("About "+appinfo.Name, "Close", box, u.Window)
	d.Resize(fyne.NewSize(460, 260))
	u.showDialog(d, dialogKeys{})
}
