package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// pressShortcut delivers a shortcut the way Fyne's desktop driver does (glfw window.go,
// triggersShortcut): a main-menu item with that shortcut first, then the focused widget,
// then the window's own shortcuts. The test driver only does the last, so without this a
// test could not see what the real window does.
func pressShortcut(u *UI, s fyne.Shortcut) {
	if mm := u.Window.MainMenu(); mm != nil {
		for _, m := range mm.Items {
			if menuShortcut(m, s) {
				return
			}
		}
	}
	c := u.Window.Canvas()
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	c.(fyne.Shortcutable).TypedShortcut(s)
}

func menuShortcut(m *fyne.Menu, s fyne.Shortcut) bool {
	for _, i := range m.Items {
		if i.Shortcut != nil && i.Shortcut.ShortcutName() == s.ShortcutName() && i.Action != nil {
			i.Action()
			return true
		}
		if i.ChildMenu != nil && menuShortcut(i.ChildMenu, s) {
			return true
		}
	}
	return false
}

// pressKey delivers a key as the desktop driver does: to the focused widget, or to the
// window when nothing has the focus.
func pressKey(u *UI, k fyne.KeyName) {
	c := u.Window.Canvas()
	ev := &fyne.KeyEvent{Name: k}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func TestCtrlNumberSelectsEveryTab(t *testing.T) {
	u := newTestUI(t)
	keys := tabKeys[:len(u.tabs.Items)] // fails loudly if a tab has no key
	// Backwards, so each key moves away from where the last one left off.
	for i := len(keys) - 1; i >= 0; i-- {
		pressShortcut(u, ctrl(keys[i]))
		if got := u.tabs.SelectedIndex(); got != i {
			t.Errorf("Ctrl+%s shows tab %d, want %d (%s)", keys[i], got, i, u.tabs.Items[i].Text)
		}
	}
	// With the focus in a text box too: the keys go to the menu first.
	u.showSettings()
	u.Window.Canvas().Focus(u.settings.host)
	pressShortcut(u, ctrl(fyne.Key2))
	if u.tabs.SelectedIndex() != tabSent {
		t.Error("Ctrl+2 with the focus in a text box does not show Sent reports")
	}
}

// Every shortcut is on a menu item, with the tab's own name for Ctrl+1…, so a person can
// find the keys in the menus.
func TestMenusShowEveryShortcut(t *testing.T) {
	u := newTestUI(t)
	shown := map[string]string{} // shortcut name → menu item
	for _, m := range u.Window.MainMenu().Items {
		for _, i := range m.Items {
			if i.Shortcut == nil {
				continue
			}
			if ks, ok := i.Shortcut.(fyne.KeyboardShortcut); !ok || ks.Mod() != fyne.KeyModifierShortcutDefault {
				t.Errorf("%q: shortcut %s is not Ctrl (Cmd on macOS)", i.Label, i.Shortcut.ShortcutName())
			}
			shown[i.Shortcut.ShortcutName()] = m.Label + " > " + i.Label
		}
	}
	want := map[string]string{
		ctrl(fyne.KeyO).ShortcutName():         "File > Open Email…",
		(&fyne.ShortcutPaste{}).ShortcutName(): "File > Paste Message Source",
		ctrl(fyne.KeyReturn).ShortcutName():    "Report > Send the Newest Report",
	}
	for i, tab := range u.tabs.Items {
		want[ctrl(tabKeys[i]).ShortcutName()] = "View > " + tab.Text
	}
	for sc, label := range want {
		if shown[sc] != label {
			t.Errorf("shortcut %s is on %q, want %q", sc, shown[sc], label)
		}
	}
}

// Ctrl+V pastes into the text box that has the focus, like everywhere else; with no text box
// focused it takes the clipboard as message source, from any tab.
func TestCtrlVPastesIntoATextBoxAndSourceElsewhere(t *testing.T) {
	u := newTestUI(t)
	src, err := readTestdata("original.eml")
	if err != nil {
		t.Fatal(err)
	}
	u.showSettings()
	u.Window.Canvas().Focus(u.settings.host)
	u.app.Clipboard().SetContent("smtp.example.org")
	pressShortcut(u, &fyne.ShortcutPaste{Clipboard: u.app.Clipboard()})
	if u.settings.host.Text != "smtp.example.org" || len(u.report.cards) != 0 {
		t.Fatalf("Ctrl+V in a text box: box holds %q, %d reports opened", u.settings.host.Text, len(u.report.cards))
	}

	u.app.Clipboard().SetContent(string(src))
	u.Window.Canvas().Unfocus()
	pressShortcut(u, &fyne.ShortcutPaste{Clipboard: u.app.Clipboard()})
	if len(u.report.cards) != 1 || u.tabs.SelectedIndex() != tabReport {
		t.Fatalf("Ctrl+V with no text box focused: %d reports, tab %d; want the pasted source checked on the first tab",
			len(u.report.cards), u.tabs.SelectedIndex())
	}
	if got := texts(u.report.results); !strings.Contains(got, "original") {
		t.Errorf("pasted source not checked:\n%s", got)
	}
}

// A dialog waiting for an answer keeps the menu's keys from acting behind it: Ctrl+Enter
// behind a password dialog must not start another send.
func TestShortcutsWaitWhileADialogAsks(t *testing.T) {
	u := newTestUI(t)
	u.report.showHowTo()
	pressShortcut(u, ctrl(fyne.Key3))
	if u.tabs.SelectedIndex() != tabReport {
		t.Error("Ctrl+3 changed the tab behind an open dialog")
	}
}

// Fyne draws a focused button by blending the focus colour over it; with Fyne's own colours a
// focused blue button looks exactly like an unfocused one.
func TestFocusShowsOnEveryButton(t *testing.T) {
	a := test.NewTempApp(t)
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		th := variantTheme{newAppTheme(), v}
		a.Settings().SetTheme(th)
		for _, imp := range []widget.Importance{widget.HighImportance, widget.MediumImportance, widget.LowImportance} {
			plain := widget.NewButton("Send", nil)
			focused := widget.NewButton("Send", nil)
			plain.Importance, focused.Importance = imp, imp
			w := test.NewTempWindow(t, newHBoxOf(plain, focused))
			w.Canvas().Focus(focused)
			img := w.Canvas().Capture()
			at := func(b *widget.Button) [3]uint8 {
				p := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
				// A point inside the button's background, clear of its text.
				r, g, bl, _ := img.At(int(p.X+3), int(p.Y+b.Size().Height/2)).RGBA()
				return [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8)}
			}
			cp, cf := at(plain), at(focused)
			if d := colourDistance(cp, cf); d < 100 {
				t.Errorf("variant %d, importance %d: a focused button %v looks like an unfocused one %v (distance %.0f)", v, imp, cf, cp, d)
			}
			r, g, b, _ := th.Color(foregroundOf(imp), v).RGBA()
			fg := [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
			if c := contrastRatio(relLum(fg), relLum(cf)); c < 3 {
				t.Errorf("variant %d, importance %d: the label has %.1f:1 contrast on a focused button %v", v, imp, c, cf)
			}
		}
	}
}
