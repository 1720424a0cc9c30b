package ui

import (
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/dnsbl"
	"github.com/reportmail/reportmail/internal/plain"
)

// dqsKeychainKey names the Spamhaus key in the keychain. It has no "@" or ":", so it can
// never be an account's password key (account.keychainKey).
const dqsKeychainKey = "spamhaus-dqs-key"

// dqsKey is the saved Spamhaus Data Query Service key, or "". It may wait for the keychain:
// call it off the UI goroutine.
func (u *UI) dqsKey() string {
	k, err := u.passwords().Get(dqsKeychainKey)
	if err != nil || dnsbl.ValidKey(k) != nil {
		return ""
	}
	return k
}

// dqsKeyPart is the folded-away field for the key: Spamhaus refuses questions that come
// through large shared resolvers, and answers them with a free key.
type dqsKeyPart struct {
	u       *UI
	work    *sync.WaitGroup // the screen's: tests wait for the keychain work too
	content fyne.CanvasObject
	entry   *widget.Entry
	save    *widget.Button
	remove  *widget.Button
	msg     *widget.Label
}

func newDQSKeyPart(u *UI, work *sync.WaitGroup) *dqsKeyPart {
	k := &dqsKeyPart{u: u, work: work, msg: wrapLabel("")}
	k.entry = widget.NewPasswordEntry()
	k.entry.SetPlaceHolder("Paste your key here")
	k.entry.OnSubmitted = func(string) { k.saveKey() }
	k.save = widget.NewButton("Save key", k.saveKey)
	k.remove = widget.NewButton("Remove key", k.removeKey)
	k.remove.Hide()
	k.msg.Hide()
	explain := wrapLabel("Spamhaus does not answer questions that reach it through large shared DNS services " +
		"(the service that turns names into addresses), such as a public one like 8.8.8.8, and its answers " +
		"then show as unknown. With the free Data Query Service key from your Spamhaus account, Report Mail " +
		"asks Spamhaus directly. The key is kept with your passwords, never in a file.")
	form := container.NewBorder(nil, nil, nil, container.NewHBox(k.save, k.remove), k.entry)
	k.content = widget.NewAccordion(widget.NewAccordionItem("Spamhaus Data Query Service key (optional)",
		container.NewVBox(explain, form, k.msg)))
	k.run(func() {
		has := k.u.dqsKey() != ""
		fyne.Do(func() { k.showSaved(has) })
	})
	return k
}

// run is u.run, counted: the keychain can take a moment to answer.
func (k *dqsKeyPart) run(f func()) {
	k.work.Add(1)
	k.u.run(func() {
		defer k.work.Done()
		f()
	})
}

func (k *dqsKeyPart) showSaved(has bool) {
	if has {
		k.entry.SetPlaceHolder("A key is saved; paste a new one to replace it")
		k.remove.Show()
	} else {
		k.entry.SetPlaceHolder("Paste your key here")
		k.remove.Hide()
	}
}

func (k *dqsKeyPart) say(text string) {
	k.msg.SetText(text)
	k.msg.Show()
}

func (k *dqsKeyPart) saveKey() {
	key := strings.TrimSpace(k.entry.Text)
	if key == "" {
		k.say("Paste the key from your Spamhaus account first.")
		return
	}
	if err := dnsbl.ValidKey(key); err != nil {
		k.say(plain.Sentence(err))
		return
	}
	k.save.Disable()
	k.run(func() {
		err := k.u.passwords().Set(dqsKeychainKey, key)
		w, _ := k.u.keychainWords()
		fyne.Do(func() {
			k.save.Enable()
			if err != nil {
				k.say("The key could not be saved, so checks go on without it; try again in a moment.")
				return
			}
			k.entry.SetText("")
			k.showSaved(true)
			if w.Works {
				k.say("Saved. The next check asks Spamhaus with your key.")
			} else {
				k.say("The next checks ask Spamhaus with your key, but this computer cannot keep it, so paste it again each time you open Report Mail.")
			}
		})
	})
}

func (k *dqsKeyPart) removeKey() {
	k.remove.Disable()
	k.run(func() {
		_ = k.u.passwords().Delete(dqsKeychainKey)
		has := k.u.dqsKey() != ""
		fyne.Do(func() {
			k.remove.Enable()
			k.showSaved(has)
			if has {
				k.say("The key could not be removed; try again in a moment.")
				return
			}
			k.say("Removed. Checks ask Spamhaus without a key.")
		})
	})
}
