package secret

import (
	"errors"
	"runtime"
)

// AskEachTime is the promise made wherever a password cannot be kept: the one sentence a
// person reads about it, in Settings, in the password prompt and after Save.
const AskEachTime = "Report Mail will ask for your password each time you open it."

// Words is what the app says about where the password goes, decided once from the keychain
// probe (Choose) so that the placeholder, the "Remember" tick and the message after Save
// never disagree.
type Words struct {
	Works       bool   // passwords can be remembered between runs
	Placeholder string // the empty password field
	Remember    string // the "Remember my password" tick's label
	Notice      string // shown under the form when Works is false; "" otherwise
	Kept        string // after Save, when the password was remembered
	NotKept     string // after Save, when it was not (no keychain, or the tick was off)
}

// NameOf is what the operating system calls its keychain, as it reads in a sentence.
func NameOf(goos string) string {
	switch goos {
	case "darwin":
		return "the Keychain"
	case "windows":
		return "Credential Manager"
	}
	return "the keyring"
}

// WordsFor words the keychain state for this computer's operating system.
func WordsFor(persistent bool, why error) Words { return wordsFor(runtime.GOOS, persistent, why) }

func wordsFor(goos string, persistent bool, why error) Words {
	name := NameOf(goos)
	if persistent {
		return Words{
			Works:       true,
			Placeholder: "kept in " + name,
			Remember:    "Remember my password in " + name,
			Kept:        "Saved. Your password is kept in " + name + ".",
			NotKept:     "Saved. Your password is not kept, so " + AskEachTime,
		}
	}
	// Why the keychain cannot be used, short enough for the tick's label.
	reason := "this computer has no password keychain"
	switch {
	case errors.Is(why, ErrDenied):
		reason = name + " was not unlocked"
	case errors.Is(why, ErrTimeout):
		reason = name + " did not answer"
	}
	notice := upperFirst(reason) + ", so " + AskEachTime
	return Words{
		Placeholder: "asked for each time you open Report Mail",
		Remember:    "Remember my password (" + reason + ")",
		Notice:      notice,
		NotKept:     "Saved. " + notice,
	}
}

// upperFirst starts a sentence with a reason; the reasons start with ASCII.
func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
