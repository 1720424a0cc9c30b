package ui

import (
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/guidance"
	"github.com/reportmail/reportmail/internal/report"
)

// corpusDir is the shared real-world corpus beside the repository.
const corpusDir = "../../shared/corpus"

// corpusURI is a corpus file to drop, or skips the test when the corpus is absent.
func corpusURI(t *testing.T, rel string) fyne.URI {
	t.Helper()
	p, err := filepath.Abs(filepath.Join(corpusDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Skipf("the shared corpus is not next to the repository (%s); skipping", corpusDir)
	}
	return storage.NewFileURI(p)
}

// tempURI writes a message for one test and returns it ready to drop.
func tempURI(t *testing.T, name, raw string) fyne.URI {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	return storage.NewFileURI(p)
}

// dropOne drops one file and returns its card.
func dropOne(t *testing.T, u *UI, uri fyne.URI) *resultCard {
	t.Helper()
	u.HandleDrop(fyne.NewPos(1, 1), []fyne.URI{uri})
	if len(u.report.cards) == 0 {
		t.Fatal("no card for the drop")
	}
	return u.report.cards[0]
}

// headline is the card's verdict line and its icon.
func headline(t *testing.T, c *resultCard) (*widget.Label, *widget.Icon) {
	t.Helper()
	h := find(c.root, func(l *widget.Label) bool { return l.SizeName == theme.SizeNameSubHeadingText })
	ic := find(c.root, func(i *widget.Icon) bool {
		r, ok := i.Resource.(*theme.ThemedResource)
		return ok && r.ColorName == theme.ColorNameSuccess || ok && r.ColorName == theme.ColorNameWarning ||
			ok && r.ColorName == theme.ColorNameError || ok && r.ColorName == theme.ColorNameDisabled
	})
	if h == nil || ic == nil {
		t.Fatalf("no headline with an icon in:\n%s", screen(c.root))
	}
	return h, ic
}

// drawnColour is the colour the label's text is painted in.
func drawnColour(t *testing.T, l *widget.Label) color.Color {
	t.Helper()
	txt := find(l, func(*canvas.Text) bool { return true })
	if txt == nil {
		t.Fatal("the headline draws no text")
	}
	return txt.Color
}

// TestHeadlineColourSaysWhetherAnythingNeedsAttention: green only when nothing needs
// attention; an original with something to check is amber and says what; not the original is
// red; not an email is grey. Each colour reads on the background in light and dark.
func TestHeadlineColourSaysWhetherAnythingNeedsAttention(t *testing.T) {
	cases := []struct {
		name   string
		uri    func(t *testing.T) fyne.URI
		colour fyne.ThemeColorName
		says   string
	}{
		{"delivered original", func(t *testing.T) fyne.URI { return fileURI(t, "original.eml") },
			theme.ColorNameSuccess, "This is the original email"},
		{"body changed after signing", func(t *testing.T) fyne.URI { return corpusURI(t, "eml/mikel-empty_group_lists.eml") },
			theme.ColorNameWarning, "Check before sending: the text was changed after it was sent"},
		{"not a delivered copy", func(t *testing.T) fyne.URI { return corpusURI(t, "eml/hunnysoft-m0001.txt") },
			theme.ColorNameWarning, "Check before sending: this copy was never delivered"},
		{"unsent Outlook file", func(t *testing.T) fyne.URI { return corpusURI(t, "msg/mvz-plain_unsent.msg") },
			theme.ColorNameWarning, "Check before sending: this copy was never delivered"},
		{"rejection notice", func(t *testing.T) fyne.URI { return corpusURI(t, "bounce/bsd/lhost-postfix-62.eml") },
			theme.ColorNameWarning, "Rejection notice: refused as a virus"},
		{"inline forward", func(t *testing.T) fyne.URI { return fileURI(t, "forward.eml") },
			theme.ColorNameError, "This is not the original email"},
		{"Outlook contact", func(t *testing.T) fyne.URI { return corpusURI(t, "msg/msgreader-NOTMAIL-contactUnicode.msg") },
			theme.ColorNameDisabled, "This is not an email"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := newTestUI(t)
			card := dropOne(t, u, c.uri(t))
			h, ic := headline(t, card)
			if h.Text != c.says {
				t.Errorf("headline %q, want %q", h.Text, c.says)
			}
			if got := ic.Resource.(*theme.ThemedResource).ColorName; got != c.colour {
				t.Errorf("icon in %s, want %s", got, c.colour)
			}
			if got := importanceOf(c.colour); h.Importance != got {
				t.Errorf("headline text importance %v, want %v (the %s colour)", h.Importance, got, c.colour)
			}
			for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
				th := heldVariant{theme.DefaultTheme(), v}
				u.app.Settings().SetTheme(th)
				test.WidgetRenderer(h).Refresh()
				bg := th.Color(theme.ColorNameBackground, v)
				if r := contrast(drawnColour(t, h), bg); r < minContrast {
					t.Errorf("headline colour %v on %v has contrast %.2f, want %.1f", drawnColour(t, h), bg, r, minContrast)
				}
			}
		})
	}
}

// heldVariant is a theme held in one variant, as a user who chose light or dark mode has it.
type heldVariant struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t heldVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

// cardLines is every line a person reads on the card, in order.
func cardLines(c *resultCard) []string {
	var out []string
	for _, l := range strings.Split(screen(c.root), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// TestNoFindingIsShownTwice: an unsent .msg says "never delivered" once (not as the .msg's
// finding and again as the missing delivery details), an Outlook contact says "not an email"
// once, and no line of any card repeats.
func TestNoFindingIsShownTwice(t *testing.T) {
	for _, c := range []struct {
		file, phrase string
	}{
		{"msg/mvz-plain_unsent.msg", "Sent Items"},
		{"msg/msgreader-Simple.msg", "Sent Items"},
		{"msg/msgreader-NOTMAIL-contactUnicode.msg", ", not an email."},
	} {
		u := newTestUI(t)
		card := dropOne(t, u, corpusURI(t, c.file))
		n := 0
		seen := map[string]bool{}
		for _, l := range cardLines(card) {
			if strings.Contains(l, c.phrase) && !strings.HasPrefix(l, "That is fine") {
				n++
			}
			if seen[l] && len(l) > 40 {
				t.Errorf("%s: %q is shown twice", c.file, l)
			}
			seen[l] = true
		}
		if n != 1 {
			t.Errorf("%s: %d findings say %q, want one:\n%s", c.file, n, c.phrase, screen(card.root))
		}
	}
}

// TestInlineForwardAdviceIsOnTheCard: the forward's advice is shown, not only the steps.
func TestInlineForwardAdviceIsOnTheCard(t *testing.T) {
	u := newTestUI(t)
	got := screen(dropOne(t, u, fileURI(t, "forward.eml")).root)
	assertShows(t, "a forward's card", got, "If a colleague forwarded it to you", "forward it as an attachment")
	if strings.Contains(got, guidance.SaveOriginal) {
		t.Errorf("the card lists every mail program's steps in one sentence as well as the steps for one:\n%s", got)
	}
}

// TestStepsAreForTheProgramTheFileShows: the steps for getting the original start at the
// program the file shows, even when the user picked another one last time; only that
// program's steps show until the user picks another.
func TestStepsAreForTheProgramTheFileShows(t *testing.T) {
	apple := "From: Kate <kate@example.test>\nTo: help@example.test\nSubject: Fwd: prize\nDate: Mon, 9 Nov 2026 10:02:09 +1300\n" +
		"Message-ID: <1@example.test>\n\nIs this spam?\n\nBegin forwarded message:\n\nFrom: Prize Team <offers@deals.example>\n" +
		"Subject: prize\nDate: 9 November 2026 at 09:13:00 NZDT\nTo: kate@example.test\n\nYou won.\n"
	outlook := "From: Kate <kate@example.test>\nTo: help@example.test\nSubject: FW: prize\nDate: Mon, 9 Nov 2026 10:02:09 +1300\n" +
		"Message-ID: <2@example.test>\n\nIs this spam?\n\nFrom: Prize Team <offers@deals.example>\nSent: Monday, 9 November 2026 09:13\n" +
		"To: kate@example.test\nSubject: prize\n\nYou won.\n"
	for _, c := range []struct {
		name string
		uri  func(t *testing.T) fyne.URI
		want string
	}{
		{"Gmail forward", func(t *testing.T) fyne.URI { return fileURI(t, "forward.eml") }, "gmail"},
		{"Gmail forward from the corpus", func(t *testing.T) fyne.URI { return corpusURI(t, "eml/mikel-raw_email2.eml") }, "gmail"},
		{"Mac Mail forward", func(t *testing.T) fyne.URI { return tempURI(t, "apple.eml", apple) }, "apple-mail"},
		{"Outlook forward", func(t *testing.T) fyne.URI { return tempURI(t, "outlook.eml", outlook) }, "outlook"},
	} {
		t.Run(c.name, func(t *testing.T) {
			u := newTestUI(t)
			u.app.Preferences().SetString(prefClient, "thunderbird") // the user's choice last time
			card := dropOne(t, u, c.uri(t))
			want, _ := guidance.ByID(c.want)
			other, _ := guidance.ByID("thunderbird")
			got := screen(card.root)
			assertShows(t, "the refused card", got, "1.  "+want.Steps[0], "Not using "+want.Name+"? Choose your mail program:")
			if strings.Contains(got, other.Steps[1]) {
				t.Errorf("the card shows another program's steps too:\n%s", got)
			}
			// Picking another program shows its steps instead, and is remembered.
			pick := find[*widget.Select](card.root, nil)
			pick.SetSelected(other.Name)
			got = screen(card.root)
			assertShows(t, "after picking Thunderbird", got, "1.  "+other.Steps[0])
			if strings.Contains(got, want.Steps[1]) {
				t.Errorf("%s's steps stay after picking Thunderbird:\n%s", want.Name, got)
			}
			if id := u.app.Preferences().String(prefClient); id != "thunderbird" {
				t.Errorf("choice remembered as %q", id)
			}
		})
	}
}

// TestReportTypeIsPreselectedWhenTheFileSaysIt: a rejection notice for a virus is a virus
// sample; a sender's own copy (never delivered) is a wanted email that was blocked; a
// delivered email says nothing, so nothing is chosen for the user.
func TestReportTypeIsPreselectedWhenTheFileSaysIt(t *testing.T) {
	for _, c := range []struct {
		name string
		uri  func(t *testing.T) fyne.URI
		want report.Kind
	}{
		{"virus notice", func(t *testing.T) fyne.URI { return corpusURI(t, "bounce/bsd/lhost-postfix-62.eml") }, report.Virus},
		{"sender's copy", func(t *testing.T) fyne.URI { return corpusURI(t, "eml/hunnysoft-m0001.txt") }, report.FalsePositive},
		{"unsent Outlook file", func(t *testing.T) fyne.URI { return corpusURI(t, "msg/mvz-plain_unsent.msg") }, report.FalsePositive},
		{"delivered original", func(t *testing.T) fyne.URI { return fileURI(t, "original.eml") }, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			u := newTestUI(t)
			card := dropOne(t, u, c.uri(t))
			if card.flow == nil {
				t.Fatalf("no report form:\n%s", screen(card.root))
			}
			if got := card.flow.chosenKind(); got != c.want {
				t.Errorf("chosen %q, want %q", got, c.want)
			}
		})
	}
}

// commandLineWords are option words of the command line ("--message N").
var commandLineWords = regexp.MustCompile(`(^|\s|\()--[a-z]`)

// TestNoCommandLineWordsInTheWindow: whatever is dropped, the card speaks the window's
// language. The mailbox file's finding is the one known to carry a command-line hint; the
// corpus sweep keeps every other card honest.
func TestNoCommandLineWordsInTheWindow(t *testing.T) {
	u := newTestUI(t)
	got := screen(dropOne(t, u, fileURI(t, "three.mbox")).root)
	if commandLineWords.MatchString(got) {
		t.Errorf("the mailbox card shows command-line words:\n%s", got)
	}
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("the shared corpus is not next to the repository (%s); skipping the sweep", corpusDir)
	}
	for _, g := range []string{"eml/*", "msg/*.msg", "mbox/*"} {
		files, _ := filepath.Glob(filepath.Join(corpusDir, g))
		for _, f := range files {
			if st, err := os.Stat(f); err != nil || !st.Mode().IsRegular() {
				continue
			}
			u.report.clear()
			uri, _ := filepath.Abs(f)
			got := screen(dropOne(t, u, storage.NewFileURI(uri)).root)
			if m := commandLineWords.FindString(got); m != "" {
				t.Errorf("%s: the card shows command-line words:\n%s", f, got)
			}
		}
	}
}

// TestMailboxPickerIsInTheCardAndSearchable: the messages of a mailbox file are listed on
// the card with date, sender and subject; typing narrows the list; choosing one checks it;
// nothing pops up over the window.
func TestMailboxPickerIsInTheCardAndSearchable(t *testing.T) {
	u := newTestUI(t)
	card := dropOne(t, u, fileURI(t, "three.mbox"))
	p := card.picker
	if p == nil || find[*widget.List](card.root, nil) != p.list {
		t.Fatalf("no list of messages on the card:\n%s", screen(card.root))
	}
	if find[*widget.Select](card.root, nil) != nil {
		t.Error("the mailbox picker is still a pop-up menu")
	}
	for i, e := range card.item.Mbox {
		row := p.rows[i]
		if e.Date != "" && !strings.Contains(row, formatWhenText(e.Date)) || !strings.Contains(row, e.From) || !strings.Contains(row, e.Subject) {
			t.Errorf("row %q lacks the date, sender or subject of %+v", row, e)
		}
	}
	typeInto(p.search, "third")
	if len(p.shown) != 1 {
		t.Fatalf("searching for “third” shows %d messages, want 1", len(p.shown))
	}
	assertShows(t, "the search", screen(card.root), "1 of 3")
	p.list.Select(0)
	if u.Window.Canvas().Overlays().Top() != nil {
		t.Error("choosing a message opened something over the window")
	}
	card = u.report.cards[0]
	if card.item.MboxIndex != 3 || !strings.Contains(screen(card.root), "Third prize") {
		t.Fatalf("choosing the found message did not check it:\n%s", screen(card.root))
	}
}

// TestPastedTextIsCalledPastedText: the card of a paste names it as pasted text, never as a
// file, in the headline and in what the check found.
func TestPastedTextIsCalledPastedText(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"a header paste", "Received: from mx.example by mail.example; Mon, 9 Nov 2026 10:02:11 +1300\n" +
			"From: a@b.example\nTo: me@example.test\nSubject: hi\nDate: Mon, 9 Nov 2026 10:02:09 +1300\nMessage-ID: <1@b.example>\n" +
			"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=x\n", "The pasted text holds only"},
		{"text that is not an email", "Dear Kate, the meeting is at ten.\nSee you there.\n", "The pasted text is not an email"},
	} {
		u := newTestUI(t)
		u.app.Clipboard().SetContent(c.text)
		u.report.paste()
		card := u.report.cards[0]
		got := screen(card.root)
		assertShows(t, c.name, got, pastedName, c.want)
		for _, l := range cardLines(card) {
			if strings.Contains(l, "Pasted message source") || strings.HasPrefix(l, "This file") || strings.Contains(l, "text file") {
				t.Errorf("%s: the card calls the paste a file: %q", c.name, l)
			}
		}
	}
}
