//go:build unix

package outbox_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/reportmail/reportmail/internal/outbox"
)

// TestPipeInPlaceOfMessage: a damaged report whose message.eml is a named pipe is listed as
// damaged; reading what the message still tells must not wait for a writer that never comes.
func TestPipeInPlaceOfMessage(t *testing.T) {
	o, _ := open(t)
	e := add(t, o)
	dir := filepath.Join(o.Dir(), "queue", e.ID)
	for _, name := range []string{"state.json", "message.eml"} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "message.eml"), 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	es, err := o.List()
	if err != nil || len(es) != 1 || es[0].Damage != outbox.DamageMessage || es[0].From != "me@example.test" {
		t.Fatalf("%+v %v", es, err)
	}
}
