package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/secret"
)

// askPassword asks for acc's password: the focus is in the field, Enter sends, Escape
// cancels. reason says why it is asked ("" for the usual words); after the server refused
// the last password the prompt says that instead. then runs on the UI goroutine with the
// password and true, or with "" and false when the person cancelled or typed nothing.
//
// The "Remember" tick follows the keychain (on only where one works). A password to be
// remembered is kept only once the server has not refused it (settlePassword), so a typing
// mistake is never saved. Call it on the UI goroutine.
func (u *UI) askPassword(acc account, reason string, then func(pw string, ok bool)) {
	u.passwordDialog(acc, reason, "Send", then)
}

// passwordDialog is askPassword with its own word for the default button.
func (u *UI) passwordDialog(acc account, reason, action string, then func(pw string, ok bool)) {
	switch {
	case u.wasRefused(acc):
		reason = "The mail server did not accept the password. Type it again (it is case-sensitive)."
	case reason == "":
		reason = "Report Mail needs the password you use for " + acc.Address + " to send through " + acc.Host + "."
	}
	pw := newDialogPasswordEntry()
	remember := newDialogCheck("Remember my password", nil)
	remember.Disable() // until the keychain's state is known
	u.whenKeychainKnown(func(w secret.Words) { applyRememberTick(&remember.Check, w) })
	note := wrapLabel(reason)
	items := []*widget.FormItem{
		widget.NewFormItem("", note),
		widget.NewFormItem("Password", pw),
		widget.NewFormItem("", remember),
	}
	d := dialog.NewForm("Password for "+usernameOf(acc), action, "Cancel", items, func(ok bool) {
		typed := pw.Text
		if !ok || typed == "" {
			then("", false)
			return
		}
		w, _ := u.keychainWords()
		u.stagePassword(acc, typed, remember.Checked && w.Works)
		then(typed, true)
	}, u.Window)
	d.Resize(fyne.NewSize(460, d.MinSize().Height))
	u.showDialog(d, dialogKeys{}, pw, remember)
}

// applyRememberTick makes a "Remember my password" tick say and do what the keychain
// allows: ticked and named where one works, off and disabled with the reason where not.
func applyRememberTick(c *widget.Check, w secret.Words) {
	c.Text = w.Remember
	c.SetChecked(w.Works)
	if w.Works {
		c.Enable()
	} else {
		c.Disable()
	}
	c.Refresh()
}
