package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/appinfo"
)

// Help → About names the same version as reportmail-cli version and the packages: all read
// appinfo.Version, which the build stamps from FyneApp.toml.
func TestAboutShowsNameVersionAndLicence(t *testing.T) {
	u := newTestUI(t)
	var about func()
	for _, m := range u.Window.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == "About Report Mail" {
				about = it.Action
			}
		}
	}
	if about == nil {
		t.Fatal("no About Report Mail in the menus")
	}
	about()
	top := u.Window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("About opened no dialog")
	}
	shown := texts(top)
	for _, want := range []string{appinfo.Name, "Version " + appinfo.Version, appinfo.Licence, "Close"} {
		if !strings.Contains(shown, want) {
			t.Errorf("About should show %q; it shows:\n%s", want, shown)
		}
	}
}

// A second start's files land on the report tab of the window that is open, whatever tab
// the person was on.
func TestOpenHandedOverShowsTheFilesOnTheReportTab(t *testing.T) {
	u := newTestUI(t)
	u.tabs.SelectIndex(tabSupport)
	path, _ := filepath.Abs(filepath.Join("testdata", "original.eml"))
	u.OpenHandedOver([]string{path})
	if got := u.tabs.SelectedIndex(); got != tabReport {
		t.Errorf("tab %d after a hand-over, want the report tab", got)
	}
	if len(u.report.cards) != 1 || !strings.Contains(texts(u.report.content), "original.eml") {
		t.Errorf("the handed-over file has no card: %d cards, screen:\n%s", len(u.report.cards), texts(u.report.content))
	}
	u.tabs.SelectIndex(tabSupport)
	u.OpenHandedOver(nil) // a start without files only brings the window forward
	if got := u.tabs.SelectedIndex(); got != tabSupport || len(u.report.cards) != 1 {
		t.Errorf("a start without files changed the window: tab %d, %d cards", got, len(u.report.cards))
	}
}
