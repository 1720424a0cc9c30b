package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// appTheme is Fyne's theme with a focus colour a person can see on every button. Fyne shows a
// focused button by blending the focus colour over its background; its own focus colour is
// the primary colour made transparent, so on a primary (blue) button focus does not show at
// all and on a grey one it is a faint tint.
type appTheme struct{ fyne.Theme }

func newAppTheme() fyne.Theme { return appTheme{theme.DefaultTheme()} }

// focusAmber, blended over a button, stands apart from the blue of a primary button and the
// grey of the others in light and dark mode alike, and keeps every label readable (at least
// 3:1; the test measures it).
var focusAmber = color.NRGBA{R: 0xff, G: 0x8c, B: 0x00, A: 0x99}

func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameFocus {
		return focusAmber
	}
	return t.Theme.Color(n, v)
}
