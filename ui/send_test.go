package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
)

// A person drops an original, says it is spam that got through and presses Send: the
// report reaches the real Postfix, and the card says what happens next.
func TestSendFromTheWindowReachesPostfix(t *testing.T) {
	st := mailstacktest.Require(t)
	u := sendingUI(t, st)

	u.HandleDrop(fyne.NewPos(5, 5), []fyne.URI{fileURI(t, "original.eml")})
	card := u.report.results.Objects[0]
	flow := findFlow(t, u)
	flow.note.SetText("Got this twice today. " + t.Name())
	flow.kind.SetSelected(kindChoices[0].label)
	test.Tap(flow.sendBtn)

	got := texts(card)
	if !strings.Contains(got, "Sent to ") || !strings.Contains(got, "case number") {
		t.Fatalf("card after sending:\n%s", got)
	}
	raw := st.WaitDelivered(t, func(raw []byte) bool { return bytes.Contains(raw, []byte(t.Name())) }, 20*time.Second)
	if !bytes.Contains(raw, []byte("Subject: False Negative: You have won a holiday")) {
		t.Errorf("delivered report has the wrong subject:\n%s", firstLines(raw, 30))
	}
	orig, _ := readTestdata("original.eml")
	if !bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")), orig) {
		t.Errorf("the original is not attached unchanged")
	}

	u.tabs.SelectIndex(1) // Sent reports: the history shows it
	if got := texts(u.outboxView.content); !strings.Contains(got, "False Negative: You have won a holiday") {
		t.Errorf("history does not list the sent report:\n%s", got)
	}
}

// With no account set up, Send offers setup or a draft instead of failing.
func TestSendWithoutAccountOffersDraft(t *testing.T) {
	u := newTestUI(t)
	t.Setenv("REPORTMAIL_DRAFTS", t.TempDir())
	u.HandleDrop(fyne.NewPos(5, 5), []fyne.URI{fileURI(t, "original.eml")})
	flow := findFlow(t, u)
	flow.kind.SetSelected(kindChoices[2].label)
	if !flow.zipBox.Visible() {
		t.Errorf("choosing virus does not show the zip password")
	}
	test.Tap(flow.sendBtn)
	ov := u.Window.Canvas().Overlays().Top()
	if ov == nil || !strings.Contains(texts(ov), "Save as a draft instead") {
		t.Fatalf("no setup-or-draft choice offered")
	}
}

func findFlow(t *testing.T, u *UI) *reportFlow {
	t.Helper()
	for _, c := range u.report.cards {
		if c.flow != nil {
			return c.flow
		}
	}
	t.Fatal("no report form on screen")
	return nil
}

func firstLines(b []byte, n int) string {
	lines := strings.SplitN(string(b), "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// An Outlook .msg dropped on the window is converted, judged the original, and sent with
// the converted message and the .msg itself.
func TestDroppedMsgIsConvertedAndSentWithTheMsg(t *testing.T) {
	msgPath, err := filepath.Abs("../../shared/corpus/msg/msgviewer-danke.msg")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(msgPath); err != nil {
		t.Skip("the shared corpus is not beside this checkout (../shared/corpus): ", err)
	}
	st := mailstacktest.Require(t)
	u := sendingUI(t, st)

	u.HandleDrop(fyne.NewPos(5, 5), []fyne.URI{storage.NewFileURI(msgPath)})
	card := u.report.cards[0]
	if got := texts(card.root); !strings.Contains(got, "This is the original email") || !strings.Contains(got, "Outlook") {
		t.Fatalf("converted .msg not shown as an original with its conversion note:\n%s", got)
	}
	flow := findFlow(t, u)
	flow.note.SetText(t.Name())
	flow.kind.SetSelected(kindChoices[1].label)
	test.Tap(flow.sendBtn)
	raw := st.WaitDelivered(t, func(raw []byte) bool { return bytes.Contains(raw, []byte(t.Name())) }, 20*time.Second)
	for _, want := range []string{"Subject: False Positive: ", "Content-Type: message/rfc822", "Content-Type: application/vnd.ms-outlook", "msgviewer-danke.msg"} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("delivered report lacks %q", want)
		}
	}
}

// sendingUI is the window with an account on the real Postfix and its password saved.
func sendingUI(t *testing.T, st *mailstacktest.Stack) *UI {
	t.Helper()
	pw := secret.NewMemory()
	u := New(test.NewTempApp(t), Options{OutboxDir: t.TempDir(), Passwords: pw, RootCAs: st.CertPool()})
	u.spawn = func(f func()) { f() }
	t.Cleanup(u.Window.Close)
	acc := account{Address: st.User, Host: "localhost", Port: st.SMTPSubmission, Security: send.StartTLS, Username: st.User}
	u.saveAccount(acc)
	if err := pw.Set(acc.keychainKey(), st.Password); err != nil {
		t.Fatal(err)
	}
	return u
}
