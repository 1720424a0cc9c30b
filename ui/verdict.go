package ui

import (
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/guidance"
	"github.com/reportmail/reportmail/internal/notice"
)

// look is how a verdict is shown: a colour, an icon and words, never colour alone.
type look struct {
	color    fyne.ThemeColorName
	icon     fyne.Resource
	headline string
	lead     string
}

// verdictLook: green only when nothing needs attention; amber for an original with something
// to check (saying what); red when it is not the original; grey when it is not an email. (A
// function, not a table: theme icons need the running app.)
func verdictLook(r *check.Result, shown []finding.Finding) look {
	switch r.Verdict {
	case check.NotOriginal:
		return look{theme.ColorNameError, theme.CancelIcon(),
			"This is not the original email", "The support desk cannot investigate it. Below is how to get the original."}
	case check.NotEmail:
		return look{theme.ColorNameDisabled, theme.QuestionIcon(),
			"This is not an email", "Report Mail needs the email itself, saved from your mail program."}
	}
	if what, n := attention(shown); n > 0 {
		lead := "It is the original email, so the support desk can investigate it; read the note below, then send it."
		if n > 1 {
			lead = "It is the original email, so the support desk can investigate it; read the notes below, then send it."
		}
		return look{theme.ColorNameWarning, theme.WarningIcon(), "Check before sending: " + what, lead}
	}
	return look{theme.ColorNameSuccess, theme.ConfirmIcon(),
		"This is the original email", "The support desk can investigate it as it is."}
}

// noticeHeadlines say, for each next step, what a rejection notice means for the person.
var noticeHeadlines = map[string]string{
	notice.StepFalsePositive: "Rejection notice: a filter refused the email",
	notice.StepVirus:         "Rejection notice: refused as a virus",
	notice.StepBlocklist:     "Rejection notice: the sending server is on a blocklist",
}

// noticeLook is the header of a rejection notice's card: amber when a report or the
// blocklist check is the way on, grey when the filter had nothing to do with it. The lead is
// what happened, in one sentence.
func noticeLook(n *notice.Notice) look {
	if h, ok := noticeHeadlines[n.NextStep]; ok {
		return look{theme.ColorNameWarning, theme.WarningIcon(), h, noticeExplanation(n)}
	}
	if n.NextStep == notice.StepOther {
		return look{theme.ColorNameDisabled, theme.InfoIcon(), "Rejection notice: the email was not delivered", noticeExplanation(n)}
	}
	return look{theme.ColorNameDisabled, theme.InfoIcon(), "Rejection notice: not blocked by the filter", noticeExplanation(n)}
}

// attentionWords name, in the headline, what a finding asks the person to check.
var attentionWords = map[string]string{
	finding.RejectionNotice:  "this is a rejection notice",
	finding.ReturnedOriginal: "this is a rejection notice",
	finding.DKIMBodyMismatch: "the text was changed after it was sent",
	finding.NoReceived:       "this copy was never delivered",
	finding.NotDeliveredCopy: "this copy was never delivered",
	finding.EmptyBody:        "the email has no text",
	finding.MissingFrom:      "it has no sender",
	finding.MissingDate:      "it has no date",
	finding.MboxSeveral:      "is this the email you mean?",
	finding.MalformedMIME:    "part of it is damaged",
	finding.PartialEmlx:      "some attachments were not found",
}

// attention is what the headline names (a rejection notice first: it changes what the report
// is) and how many shown findings need attention: every warning, and a rejection notice.
func attention(shown []finding.Finding) (string, int) {
	what, n := "", 0
	for _, f := range shown {
		notice := f.Code == finding.RejectionNotice || f.Code == finding.ReturnedOriginal
		if f.Severity != finding.Warning && !notice {
			continue
		}
		n++
		w, ok := attentionWords[f.Code]
		if !ok {
			w = "read the note below"
		}
		if what == "" || notice {
			what = w
		}
	}
	return what, n
}

// supersedes: when the first code is shown, the second says the same thing less exactly (an
// unsent .msg is "never delivered" in both; an Outlook contact is "not an email" in both).
var supersedes = map[string]string{
	finding.NotDeliveredCopy: finding.NoReceived,
	finding.NotAMailItem:     finding.NotEmail,
}

// shownFindings is what the card lists: a refusal keeps to what matters for getting the
// original, and nothing is said twice.
func shownFindings(r *check.Result) []finding.Finding {
	drop := map[string]bool{}
	for _, f := range r.Findings {
		if s, ok := supersedes[f.Code]; ok {
			drop[s] = true
		}
	}
	seen := map[string]bool{}
	var out []finding.Finding
	for _, f := range r.Findings {
		if drop[f.Code] || seen[f.Message] {
			continue
		}
		if r.Verdict != check.Original && f.Severity == finding.Info {
			continue
		}
		seen[f.Message] = true
		out = append(out, f)
	}
	return out
}

// windowAdvice is a finding's advice as the window shows it. The list of every mail
// program's steps (guidance.SaveOriginal) gives way to the steps for the user's program, which
// the card shows or links to; command-line hints are for the command line.
func windowAdvice(f finding.Finding) (text string, saveSteps bool) {
	text = f.Advice
	if strings.Contains(text, guidance.SaveOriginal) {
		saveSteps = true
		text = strings.TrimSpace(strings.ReplaceAll(text, guidance.SaveOriginal, ""))
	}
	text = dropCommandLine(text)
	if f.Code == finding.InlineForward && !strings.Contains(text, "forward it as an attachment") {
		text = strings.TrimSpace(text + " If a colleague forwarded it to you, ask them to forward it as an attachment.")
	}
	return text, saveSteps
}

// pastedWords say "pasted text" where the check, written for files, says "file": text from
// the clipboard is not a file, and calling it one sends the person looking for a file.
var pastedWords = strings.NewReplacer(
	"This is a text file that is not an email", "The pasted text is not an email",
	"This file ", "The pasted text ",
	"this file", "the pasted text",
)

// dropCommandLine removes "(on the command line: …)" asides from text meant for both the
// command line and the window.
func dropCommandLine(s string) string {
	for {
		i := strings.Index(s, " (on the command line")
		if i < 0 {
			return s
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			return s[:i]
		}
		s = s[:i] + s[i+j+1:]
	}
}

// verdictTheme keeps a verdict's colour readable on the window's background in light and
// dark variants: Fyne's success, warning and disabled colours are made for fills and icons,
// and are too pale for text on white (the disabled grey is almost invisible). The hue is the
// theme's; only its lightness moves, until it reaches the contrast text needs.
// It asks the app's theme at each call, so a theme changed later is followed.
type verdictTheme struct{}

func (verdictTheme) base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t verdictTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	c := t.base().Color(n, v)
	switch n {
	case theme.ColorNameSuccess, theme.ColorNameWarning, theme.ColorNameError, theme.ColorNameDisabled:
		return readableOn(c, t.base().Color(theme.ColorNameBackground, v))
	}
	return c
}

func (t verdictTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.base().Font(s) }
func (t verdictTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base().Icon(n) }
func (t verdictTheme) Size(n fyne.ThemeSizeName) float32       { return t.base().Size(n) }

// minContrast is WCAG's ratio for body text.
const minContrast = 4.5

func readableOn(c, bg color.Color) color.Color {
	toward := color.NRGBA{A: 0xff} // darken on a light background
	if luminance(bg) < 0.5 {
		toward = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	}
	out := toNRGBA(c)
	for i := 0; i < 20 && contrast(out, bg) < minContrast; i++ {
		out = mix(out, toward, 0.1)
	}
	return out
}

func toNRGBA(c color.Color) color.NRGBA {
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

func mix(a, b color.NRGBA, k float64) color.NRGBA {
	f := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*k + 0.5) }
	return color.NRGBA{R: f(a.R, b.R), G: f(a.G, b.G), B: f(a.B, b.B), A: a.A}
}

func luminance(c color.Color) float64 {
	n := toNRGBA(c)
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(n.R) + 0.7152*lin(n.G) + 0.0722*lin(n.B)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
