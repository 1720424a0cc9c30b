package outlookmsg

import (
	"errors"
	"strings"
)

var (
	// ErrNotCFB: the bytes are not a compound file, so not an Outlook .msg at all.
	ErrNotCFB = errors.New("this is not an Outlook .msg file")
	// ErrDamaged: the file is an Outlook .msg but it is damaged or cut short. The error
	// returned is a *DamagedError that says what was wrong.
	ErrDamaged = errors.New("the Outlook file is damaged")
)

// ErrNotMessage is returned for an Outlook item that is not an email: a contact, an
// appointment, a note, a task. Class is its message class (PR_MESSAGE_CLASS).
type ErrNotMessage struct {
	Class string
}

func (e *ErrNotMessage) Error() string {
	if e.Class == "" {
		return "this Outlook file does not hold an email"
	}
	return "this Outlook file holds " + ItemKind(e.Class) + ", not an email"
}

// ItemKind names an Outlook item by its message class, in plain words.
func ItemKind(class string) string {
	c := strings.ToLower(class)
	for _, k := range itemKinds {
		if c == k.prefix || strings.HasPrefix(c, k.prefix+".") {
			return k.what
		}
	}
	return "an Outlook item that is not an email"
}

var itemKinds = []struct{ prefix, what string }{
	{"ipm.contact", "an Outlook contact"},
	{"ipm.distlist", "an Outlook contact group"},
	{"ipm.appointment", "an Outlook calendar appointment"},
	{"ipm.task", "an Outlook task"},
	{"ipm.stickynote", "an Outlook note"},
	{"ipm.activity", "an Outlook journal entry"},
	{"ipm.document", "a document saved in Outlook"},
	{"ipm.post", "a post in an Outlook folder"},
}
