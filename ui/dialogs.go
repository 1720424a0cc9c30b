package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Fyne's dialogs open with nothing focused and ignore Enter and Escape. showDialog makes any
// of them work as a desktop dialog does: focus in the first field, Enter does the default
// action, Escape closes.
//
// Escape only reaches a dialog when nothing is focused or the focus is in a field that passes
// it on: Fyne hands keys to the focused widget alone, and widget.Entry swallows Escape. So
// dialog fields are made with newDialogEntry / newDialogPasswordEntry.

// dialogKeys says what the keyboard does in one dialog; the zero value suits most.
type dialogKeys struct {
	// Enter is the default action. nil means the dialog's own: Submit for a form (refused
	// while a field is invalid), Confirm for a confirm dialog, close for anything else.
	Enter func()
	// Escape closes the dialog. nil means Hide, which answers a form or confirm dialog's
	// callback with false, as Cancel does. A dialog whose second button is an action of its
	// own (not a plain Cancel) sets this so Escape does not run that action.
	Escape func()
}

// showDialog shows d ready for the keyboard, with the focus in the first of fields.
func (u *UI) showDialog(d dialog.Dialog, k dialogKeys, fields ...fyne.Focusable) {
	enter, escape := k.Enter, k.Escape
	if enter == nil {
		enter = defaultAction(d)
	}
	if escape == nil {
		escape = d.Hide
	}
	for _, f := range fields {
		wireField(f, enter, escape)
	}
	c := u.Window.Canvas()
	if !u.dialogKeysOn {
		// With nothing focused (a message, a confirm, or after a click on the dialog's
		// background) the keys reach the canvas; the newest open dialog takes them.
		u.dialogKeysOn = true
		prev := c.OnTypedKey()
		c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
			if n := len(u.openDialogs); n > 0 {
				u.openDialogs[n-1].typedKey(ev)
			} else if prev != nil {
				prev(ev)
			}
		})
	}
	t := &openDialog{enter: enter, escape: escape}
	u.openDialogs = append(u.openDialogs, t)
	d.SetOnClosed(func() {
		for i, x := range u.openDialogs {
			if x == t {
				u.openDialogs = append(u.openDialogs[:i], u.openDialogs[i+1:]...)
				break
			}
		}
	})
	d.Show()
	if len(fields) > 0 && fields[0] != nil {
		c.Focus(fields[0])
	}
}

// openDialog is what Enter and Escape do in one showing dialog.
type openDialog struct{ enter, escape func() }

func (o *openDialog) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		o.escape()
	case fyne.KeyReturn, fyne.KeyEnter:
		o.enter()
	}
}

func defaultAction(d dialog.Dialog) func() {
	switch d := d.(type) {
	case interface{ Submit() }: // *dialog.FormDialog
		return d.Submit
	case interface{ Confirm() }: // *dialog.ConfirmDialog
		return d.Confirm
	}
	return d.Hide
}

// keyedField is a dialog field that passes Enter and Escape to its dialog.
type keyedField interface {
	setDialogKeys(enter, escape func())
}

func wireField(f fyne.Focusable, enter, escape func()) {
	if k, ok := f.(keyedField); ok {
		k.setDialogKeys(enter, escape)
		return
	}
	// A plain entry still submits on Enter; only Escape is lost in it.
	if e, ok := f.(*widget.Entry); ok && e.OnSubmitted == nil && !e.MultiLine {
		e.OnSubmitted = func(string) { enter() }
	}
}

// dialogEntry is a one-line entry for dialogs: Enter does the dialog's default action and
// Escape closes the dialog. Read and set it as a widget.Entry.
type dialogEntry struct {
	widget.Entry
	escape func()
}

func newDialogEntry() *dialogEntry {
	e := &dialogEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func newDialogPasswordEntry() *dialogEntry {
	e := newDialogEntry()
	e.Password = true
	return e
}

func (e *dialogEntry) setDialogKeys(enter, escape func()) {
	e.escape = escape
	if e.OnSubmitted == nil {
		e.OnSubmitted = func(string) { enter() }
	}
}

func (e *dialogEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.escape != nil {
		e.escape()
		return
	}
	e.Entry.TypedKey(ev)
}

// dialogCheck is a tick box for dialogs: Space ticks it, Enter does the dialog's default
// action and Escape closes the dialog.
type dialogCheck struct {
	widget.Check
	enter, escape func()
}

func newDialogCheck(label string, changed func(bool)) *dialogCheck {
	c := &dialogCheck{}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *dialogCheck) setDialogKeys(enter, escape func()) { c.enter, c.escape = enter, escape }

func (c *dialogCheck) TypedKey(ev *fyne.KeyEvent) {
	switch {
	case ev.Name == fyne.KeyEscape && c.escape != nil:
		c.escape()
	case (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) && c.enter != nil:
		c.enter()
	default:
		c.Check.TypedKey(ev)
	}
}

// focusFirstEmpty puts the focus in the first empty field, or the first field when all are
// filled, so a person setting something up starts typing where something is missing.
func (u *UI) focusFirstEmpty(fields ...fyne.Focusable) {
	var first fyne.Focusable
	for _, f := range fields {
		if f == nil {
			continue
		}
		if d, ok := f.(fyne.Disableable); ok && d.Disabled() {
			continue
		}
		if first == nil {
			first = f
		}
		if isEmpty(f) {
			u.Window.Canvas().Focus(f)
			return
		}
	}
	if first != nil {
		u.Window.Canvas().Focus(first)
	}
}

func isEmpty(f fyne.Focusable) bool {
	switch w := f.(type) {
	case *widget.Entry:
		return w.Text == ""
	case *dialogEntry:
		return w.Text == ""
	case *widget.Select:
		return w.Selected == ""
	}
	return false
}
