package plain

import "github.com/reportmail/reportmail/internal/mailmsg"

// The window's words for the sign-in with Microsoft 365 or Google. service is the name the
// provider profile gives it ("Microsoft 365"); addresses and pages come from the person or
// the sign-in service and are cleaned to one short line before they are shown.

// SignInButton is the label of the button that starts the sign-in.
func SignInButton(service string) string { return "Sign in with " + one(service) }

// SignedInAs says who sends the reports.
func SignedInAs(addr, service string) string {
	return "Signed in as " + one(addr) + " with " + one(service) + ": reports are sent without a mail password."
}

// NotSignedIn is the sign-in section before anyone signed in.
const NotSignedIn = "If your email is with Microsoft 365 or Google, you can sign in with them instead of typing a mail password."

// SignedOut is said after Sign out.
const SignedOut = "Signed out: Report Mail no longer keeps your sign-in on this computer; sign in again or enter a password to send reports."

// SignInNotKept is added when the keychain could not keep the sign-in.
const SignInNotKept = "This computer could not keep the sign-in, so you will be asked to sign in again the next time you start Report Mail."

// WaitingForBrowser is shown while the service's page is open in the browser.
func WaitingForBrowser(service string) string {
	return "Finish signing in with " + one(service) + " in your web browser; Report Mail carries on by itself when you are done."
}

// DeviceCode tells the person where to type the code when no browser could be opened.
func DeviceCode(page, code, service string) string {
	return "Open " + one(page) + " on any computer or phone and enter the code " + one(code) + " to sign in with " + one(service) + "."
}

// EnterAddressFirst is said when sign-in is pressed without an address.
const EnterAddressFirst = "Enter your email address first, for example kate@example.co.nz, then sign in."

// NotRegistered is shown under the buttons of services the IT provider has not registered
// Report Mail with (their profile has no client ID).
func NotRegistered(services string) string {
	return "Signing in with " + one(services) + " needs your IT provider to register Report Mail with them first; until then, use your mail password."
}

// SuggestSignIn is Find my settings' word for an address that lives with a sign-in service.
func SuggestSignIn(service string) string {
	return "Your email is with " + one(service) + ": sign in with " + one(service) + " below instead of typing a password."
}

func one(s string) string { return mailmsg.Shorten(mailmsg.OneLine(s), 120) }

// NoBrowserNoCode is for a service without the sign-in with a code (Google) on a computer
// where no browser could be opened.
func NoBrowserNoCode(service string) string {
	return "Report Mail could not open your web browser, and " + one(service) + " has no sign-in with a code; open a web browser on this computer, then sign in again."
}
