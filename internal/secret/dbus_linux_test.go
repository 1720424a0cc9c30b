//go:build linux

package secret

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// These tests run go-keyring's real Linux code against a real dbus-daemon, in a child
// process per scenario: go-keyring and godbus keep process-wide state (the session bus
// connection, and a call stuck behind a prompt holds osGate for good).

const helperEnv = "REPORTMAIL_SECRET_HELPER"

// TestHelperProcess is the child's side, not a test of its own.
func TestHelperProcess(t *testing.T) {
	script := os.Getenv(helperEnv)
	if script == "" {
		t.Skip("only runs as the child of the D-Bus tests")
	}
	k := NewKeyring(500 * time.Millisecond)
	for _, step := range strings.Split(script, ",") {
		var err error
		var got string
		switch step {
		case "probe":
			err = k.Probe(context.Background())
		case "set":
			err = k.Set("alice@example.co.nz", "s3cret-pässword")
		case "get":
			got, err = k.Get("alice@example.co.nz")
		case "delete":
			err = k.Delete("alice@example.co.nz")
		}
		fmt.Printf("STEP %s %s %q %v\n", step, kindName(err), got, err)
	}
}

func kindName(err error) string {
	if err == nil {
		return "ok"
	}
	for name, kind := range map[string]error{
		"notfound": ErrNotFound, "unavailable": ErrUnavailable, "timeout": ErrTimeout,
		"denied": ErrDenied, "toobig": ErrTooBig, "keychain": ErrKeychain,
	} {
		if errors.Is(err, kind) {
			return name
		}
	}
	return "untyped"
}

type stepResult struct{ kind, value, err string }

// runChild runs script in a child test process with env added, and returns each step.
func runChild(t *testing.T, script string, env ...string) []stepResult {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+script)
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var res []stepResult
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), " ", 5)
		if len(f) == 5 && f[0] == "STEP" {
			v, _ := strconv.Unquote(f[3])
			res = append(res, stepResult{kind: f[2], value: v, err: f[4]})
		}
	}
	if len(res) != len(strings.Split(script, ",")) {
		t.Fatalf("child output:\n%s", out)
	}
	return res
}

// startBus starts a private dbus-daemon with no activatable services and returns its address.
func startBus(t *testing.T) string {
	t.Helper()
	daemon, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("dbus-daemon not installed")
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "bus.conf")
	err = os.WriteFile(conf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=`+dir+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(daemon, "--config-file="+conf, "--nofork", "--print-address=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon gave no address: %v", err)
	}
	return strings.TrimSpace(line)
}

func TestRealNoSessionBus(t *testing.T) {
	if _, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid())); err == nil {
		t.Skip("this machine has a session bus that godbus finds on its own")
	}
	// No address, and no dbus-launch on PATH: what a bare server or container looks like.
	res := runChild(t, "probe,set", "DBUS_SESSION_BUS_ADDRESS=", "PATH="+t.TempDir())
	for _, r := range res {
		if r.kind != "unavailable" || !strings.Contains(r.err, "dbus-launch") {
			t.Errorf("got %+v", r)
		}
	}
}

func TestRealStaleBusAddress(t *testing.T) {
	res := runChild(t, "probe", "DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(t.TempDir(), "gone"))
	if res[0].kind != "unavailable" {
		t.Errorf("got %+v", res[0])
	}
}

func TestRealBusWithoutSecretService(t *testing.T) {
	addr := startBus(t)
	res := runChild(t, "probe,set,get", "DBUS_SESSION_BUS_ADDRESS="+addr)
	for _, r := range res {
		if r.kind != "unavailable" {
			t.Errorf("got %+v", r)
		}
	}
}

func TestRealSecretService(t *testing.T) {
	cases := []struct {
		mode, script string
		want         []string // kinds
	}{
		{"open", "probe,get,set,get,delete,get,delete", []string{"ok", "notfound", "ok", "ok", "ok", "notfound", "ok"}},
		// The unlock prompt is shown and nobody answers: every call must give up, not hang.
		{"hang", "probe,set,get", []string{"timeout", "timeout", "timeout"}},
		{"dismiss", "probe,set", []string{"denied", "denied"}},
		{"locked", "probe", []string{"denied"}},
	}
	for _, c := range cases {
		t.Run(c.mode, func(t *testing.T) {
			addr := startBus(t)
			serveSecrets(t, addr, c.mode)
			start := time.Now()
			res := runChild(t, c.script, "DBUS_SESSION_BUS_ADDRESS="+addr)
			for i, r := range res {
				if r.kind != c.want[i] {
					t.Errorf("step %d: got %+v, want %s", i+1, r, c.want[i])
				}
			}
			if c.mode == "open" && res[3].value != "s3cret-pässword" {
				t.Errorf("read back %q", res[3].value)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// fakeSecrets is a minimal freedesktop Secret Service: enough of the API for go-keyring,
// with the unlock behaviour chosen by mode.
type fakeSecrets struct {
	conn  *dbus.Conn
	mode  string
	mu    sync.Mutex
	items map[dbus.ObjectPath]*fakeItem
	next  int
}

type fakeItem struct {
	s     *fakeSecrets
	path  dbus.ObjectPath
	attrs map[string]string
	value []byte
}

// wireSecret is the Secret Service's (oayays) secret struct.
type wireSecret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}

const (
	ssPath     = dbus.ObjectPath("/org/freedesktop/secrets")
	ssDefault  = dbus.ObjectPath("/org/freedesktop/secrets/aliases/default")
	ssPrompt   = dbus.ObjectPath("/org/freedesktop/secrets/prompt/p1")
	ssSession  = dbus.ObjectPath("/org/freedesktop/secrets/session/s1")
	secretsIfc = "org.freedesktop.Secret."
)

func serveSecrets(t *testing.T, addr, mode string) {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	f := &fakeSecrets{conn: conn, mode: mode, items: map[dbus.ObjectPath]*fakeItem{}}
	for path, ifc := range map[dbus.ObjectPath]string{
		ssPath: "Service", ssDefault: "Collection", ssPrompt: "Prompt", ssSession: "Session",
	} {
		var obj any = f
		switch ifc {
		case "Collection":
			obj = fakeCollection{f}
		case "Prompt":
			obj = fakePrompt{f}
		case "Session":
			obj = fakeSession{}
		}
		if err := conn.Export(obj, path, secretsIfc+ifc); err != nil {
			t.Fatal(err)
		}
	}
	reply, err := conn.RequestName("org.freedesktop.secrets", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("could not own org.freedesktop.secrets: %v %v", reply, err)
	}
}

func (f *fakeSecrets) OpenSession(string, dbus.Variant) (dbus.Variant, dbus.ObjectPath, *dbus.Error) {
	return dbus.MakeVariant(""), ssSession, nil
}

func (f *fakeSecrets) Unlock(objects []dbus.ObjectPath) ([]dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
	switch f.mode {
	case "open":
		return objects, "/", nil
	case "locked":
		return nil, "/", dbus.NewError("org.freedesktop.Secret.Error.IsLocked", []any{"The collection is locked"})
	}
	return nil, ssPrompt, nil
}

type fakePrompt struct{ f *fakeSecrets }

func (p fakePrompt) Prompt(string) *dbus.Error {
	if p.f.mode == "dismiss" {
		go func() {
			time.Sleep(20 * time.Millisecond) // the user clicks Cancel
			_ = p.f.conn.Emit(ssPrompt, secretsIfc+"Prompt.Completed", true, dbus.MakeVariant(""))
		}()
	}
	// "hang": the prompt stays on screen and Completed never comes.
	return nil
}

type fakeSession struct{}

func (fakeSession) Close() *dbus.Error { return nil }

type fakeCollection struct{ f *fakeSecrets }

func (c fakeCollection) SearchItems(search map[string]string) ([]dbus.ObjectPath, *dbus.Error) {
	c.f.mu.Lock()
	defer c.f.mu.Unlock()
	var out []dbus.ObjectPath
	for p, it := range c.f.items {
		match := true
		for k, v := range search {
			if it.attrs[k] != v {
				match = false
			}
		}
		if match {
			out = append(out, p)
		}
	}
	return out, nil
}

func (c fakeCollection) CreateItem(props map[string]dbus.Variant, secret wireSecret, replace bool) (dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
	var attrs map[string]string
	if err := props[secretsIfc+"Item.Attributes"].Store(&attrs); err != nil {
		return "/", "/", dbus.MakeFailedError(err)
	}
	f := c.f
	f.mu.Lock()
	defer f.mu.Unlock()
	if replace {
		for p, it := range f.items {
			if it.attrs["service"] == attrs["service"] && it.attrs["username"] == attrs["username"] {
				it.value = secret.Value
				return p, "/", nil
			}
		}
	}
	f.next++
	it := &fakeItem{s: f, path: dbus.ObjectPath(fmt.Sprintf("%s/i%d", ssDefault, f.next)), attrs: attrs, value: secret.Value}
	f.items[it.path] = it
	if err := f.conn.Export(it, it.path, secretsIfc+"Item"); err != nil {
		return "/", "/", dbus.MakeFailedError(err)
	}
	return it.path, "/", nil
}

func (it *fakeItem) GetSecret(session dbus.ObjectPath) (wireSecret, *dbus.Error) {
	it.s.mu.Lock()
	defer it.s.mu.Unlock()
	return wireSecret{Session: session, Parameters: []byte{}, Value: it.value, ContentType: "text/plain"}, nil
}

func (it *fakeItem) Delete() (dbus.ObjectPath, *dbus.Error) {
	it.s.mu.Lock()
	defer it.s.mu.Unlock()
	delete(it.s.items, it.path)
	_ = it.s.conn.Export(nil, it.path, secretsIfc+"Item")
	return "/", nil
}
