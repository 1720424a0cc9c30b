package outbox_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/send"
)

// A damaged report never vanishes from List: it is shown damaged with what can still be
// read, never due, and either repaired (message rebuilt from its inputs, with its
// Message-ID) or kept until the person sends it again or removes it.
func TestDamagedReportsStayListed(t *testing.T) {
	rebuilt := []byte("Subject: False Negative: test\r\nMessage-ID: <new@example.test>\r\n\r\nrebuilt\r\n")
	cases := []struct {
		name   string
		damage func(dir string)
		want   outbox.Damage // "" means repaired
		state  outbox.State
	}{
		{"truncated record", func(d string) { os.WriteFile(filepath.Join(d, "state.json"), []byte(`{"id": "x", "sta`), 0o600) }, outbox.DamageRecord, outbox.Damaged},
		{"record not JSON", func(d string) { os.WriteFile(filepath.Join(d, "state.json"), []byte("\x00\xff"), 0o600) }, outbox.DamageRecord, outbox.Damaged},
		{"record with an unknown state", func(d string) { os.WriteFile(filepath.Join(d, "state.json"), []byte(`{"state":"lost"}`), 0o600) }, outbox.DamageRecord, outbox.Damaged},
		{"record missing", func(d string) { os.Remove(filepath.Join(d, "state.json")) }, outbox.DamageRecord, outbox.Damaged},
		{"record is a folder", func(d string) {
			os.Remove(filepath.Join(d, "state.json"))
			os.Mkdir(filepath.Join(d, "state.json"), 0o700)
		}, outbox.DamageRecord, outbox.Damaged},
		{"message missing, inputs intact", func(d string) { os.Remove(filepath.Join(d, "message.eml")) }, "", outbox.Queued},
		{"message empty, inputs intact", func(d string) { os.WriteFile(filepath.Join(d, "message.eml"), nil, 0o600) }, "", outbox.Queued},
		{"message and inputs missing", func(d string) {
			os.Remove(filepath.Join(d, "message.eml"))
			os.Remove(filepath.Join(d, "original.bin"))
		}, outbox.DamageMessage, outbox.Damaged},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, now := open(t)
			o.Rebuild = func(opts report.Options) (outbox.Message, error) {
				return outbox.Message{Bytes: rebuilt, Subject: "False Negative: test", MessageID: "<new@example.test>"}, nil
			}
			e := add(t, o)
			dir := filepath.Join(o.Dir(), "queue", e.ID)
			c.damage(dir)
			l, err := o.List()
			if err != nil || len(l) != 1 || l[0].ID != e.ID || l[0].Damage != c.want || l[0].State != c.state {
				t.Fatalf("list %+v %v", l, err)
			}
			if c.want == outbox.DamageRecord && (l[0].Subject != "" && l[0].Subject != "False Negative: test") {
				t.Errorf("recovered subject %q", l[0].Subject)
			}
			if c.want == "" {
				msg, _ := o.MessageBytes(e.ID)
				if !bytes.Contains(msg, []byte("Message-ID: <r1@example.test>\r\n")) || bytes.Contains(msg, []byte("<new@example.test>")) {
					t.Errorf("rebuilt message does not keep the Message-ID:\n%s", msg)
				}
				return
			}
			if d, _ := o.Due(now.Add(99999 * 3600e9)); len(d) != 0 {
				t.Errorf("a damaged report is due: %+v", d)
			}
			s := &lostAfterDot{dir: o.Dir()}
			if _, err := o.Deliver(context.Background(), e.ID, s, send.Hooks{}); !errors.Is(err, outbox.ErrDamaged) || s.n != 0 {
				t.Errorf("Deliver of a damaged report: %v, %d sends", err, s.n)
			}
			if c.want == outbox.DamageRecord {
				if _, err := o.SendAgain(e.ID, *now); err != nil {
					t.Fatalf("SendAgain: %v", err)
				}
				ok := &countSender{}
				if got, err := o.Deliver(context.Background(), e.ID, ok, send.Hooks{}); err != nil || got.State != outbox.Sent || ok.n != 1 {
					t.Fatalf("after SendAgain: %+v %v", got, err)
				}
				return
			}
			if _, err := o.SendAgain(e.ID, *now); !errors.Is(err, outbox.ErrDamaged) {
				t.Errorf("SendAgain without a message: %v", err)
			}
			if err := o.Remove(e.ID); err != nil {
				t.Fatalf("Remove: %v", err)
			}
			if l, _ := o.List(); len(l) != 0 {
				t.Errorf("list after Remove %+v", l)
			}
		})
	}
}

type countSender struct{ n int }

func (s *countSender) SendWith(context.Context, string, []string, []byte, send.Hooks) error {
	s.n++
	return nil
}

// A sent report whose record broke stays in the history, as sent.
func TestDamagedHistoryStaysListed(t *testing.T) {
	o, _ := open(t)
	e := add(t, o)
	if _, err := o.Deliver(context.Background(), e.ID, &countSender{}, send.Hooks{}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(o.Dir(), "history", e.ID, "state.json"), []byte("{"), 0o600)
	h, err := o.History()
	if err != nil || len(h) != 1 || h[0].State != outbox.Sent || h[0].Damage != outbox.DamageRecord || h[0].Subject != "False Negative: test" {
		t.Fatalf("history %+v %v", h, err)
	}
}

// No lock file is left once nobody holds a lock; and removing them never lets two holders
// in at once.
func TestLockFilesGoAway(t *testing.T) {
	o, _ := open(t)
	a, b := add(t, o), add(t, o)
	o.List()
	o.Deliver(context.Background(), a.ID, &countSender{}, send.Hooks{})
	o.Deliver(context.Background(), b.ID, &lostAfterDot{dir: o.Dir()}, send.Hooks{})
	o.List()
	o.History()
	o.SetCaseNumber(a.ID, "1")
	o.Due(t0)
	if ents, _ := os.ReadDir(filepath.Join(o.Dir(), "locks")); len(ents) != 0 {
		t.Errorf("lock files left: %v", ents)
	}

	// Many lockers at once: the one who holds it may remove the file under the others.
	b = add(t, o)
	var holders, most atomic.Int32
	var wg sync.WaitGroup
	c := &countSender{}
	var mu sync.Mutex
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				_, err := o.Deliver(context.Background(), b.ID, senderFunc(func() {
					n := holders.Add(1)
					if n > most.Load() {
						most.Store(n)
					}
					mu.Lock()
					c.n++
					mu.Unlock()
					holders.Add(-1)
				}), send.Hooks{})
				_ = err
				o.Retry(b.ID, t0)
			}
		}()
	}
	wg.Wait()
	if most.Load() > 1 {
		t.Errorf("%d lock holders at once", most.Load())
	}
}

type senderFunc func()

func (f senderFunc) SendWith(context.Context, string, []string, []byte, send.Hooks) error {
	f()
	return &send.Error{Kind: send.Temporary, Code: 451, Temporary: true}
}
