package dnstest

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
)

// RbldnsdDefaultDir is where scripts/rbldnsd.sh keeps its server unless RBLDNSD_DIR says
// otherwise.
const RbldnsdDefaultDir = "/tmp/reportmail-rbldnsd"

// The zones scripts/rbldnsd.sh serves (see the comment at its top).
const (
	ZoneIP      = "ip.rbl.test"
	ZoneDomain  = "dom.rbl.test"
	ZoneError   = "err.rbl.test"
	ZoneBadTest = "badtest.rbl.test"
	ZoneMute    = "mute.rbl.test"
)

// RbldnsdLists is list data for those zones, ZEN-like codes included.
const RbldnsdLists = `{"lists": [
 {"name": "Test ZEN", "zone": "ip.rbl.test", "type": "ip", "ipv6": true,
  "codes": {"127.0.0.2": "SBL", "127.0.0.3": "CSS", "127.0.0.4": "XBL", "127.0.0.9": "DROP",
            "127.0.0.10": "PBL ISP", "127.0.0.11": "PBL Spamhaus"},
  "code_advice": {"127.0.0.10": "Send mail through your provider's mail server."},
  "error_codes": ["127.255.255.0/24"], "delist_url": "https://lists.example.test/remove",
  "advice": "Clean up, then ask for removal."},
 {"name": "Test DBL", "zone": "dom.rbl.test", "type": "domain",
  "codes": {"127.0.1.2": "spam domain", "127.0.1.4": "phish domain"},
  "error_codes": ["127.0.1.255"], "delist_url": "https://lists.example.test/domain",
  "advice": "Fix the domain, then ask for removal."},
 {"name": "Test errors", "zone": "err.rbl.test", "type": "ip",
  "codes": {"127.0.0.2": "listed"}, "error_codes": ["127.255.255.0/24"],
  "error_meanings": {"127.255.255.254": "queries through public resolvers are refused"},
  "delist_url": "", "advice": ""},
 {"name": "Test bad test entries", "zone": "badtest.rbl.test", "type": "ip",
  "codes": {"127.0.0.2": "listed"}, "delist_url": "", "advice": ""},
 {"name": "Test mute", "zone": "mute.rbl.test", "type": "ip",
  "codes": {"127.0.0.2": "listed"}, "delist_url": "", "advice": ""}
]}`

// Rbldnsd is a running rbldnsd.
type Rbldnsd struct {
	Addr string // 127.0.0.1:PORT
	Dir  string
}

var (
	startOnce sync.Once
	startErr  error
)

// RequireRbldnsd returns the running rbldnsd, starting it with scripts/rbldnsd.sh when it is
// not running. When it cannot run, the test is skipped, or fails with
// REPORTMAIL_REQUIRE_MAILSTACK=1 (or CI=true): real-server tests are never skipped there.
func RequireRbldnsd(t interface {
	Helper()
	Fatal(...any)
	Skip(...any)
}) *Rbldnsd {
	t.Helper()
	dir := os.Getenv("RBLDNSD_DIR")
	if dir == "" {
		dir = RbldnsdDefaultDir
	}
	r, err := loadRbldnsd(dir)
	if err != nil {
		startOnce.Do(func() { startErr = startRbldnsd(dir) })
		if startErr == nil {
			r, err = loadRbldnsd(dir)
		} else {
			err = startErr
		}
	}
	if err != nil {
		msg := fmt.Sprintf("rbldnsd not running and could not be started (install it with scripts/deps.sh test, then scripts/rbldnsd.sh start): %v", err)
		if mailstacktest.Required() {
			t.Fatal(msg + " — REPORTMAIL_REQUIRE_MAILSTACK=1 or CI=true: the real-server tests must not be skipped")
		}
		t.Skip(msg)
	}
	return r
}

func loadRbldnsd(dir string) (*Rbldnsd, error) {
	f, err := os.Open(filepath.Join(dir, "env"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := &Rbldnsd{Dir: dir}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "="); ok && k == "RBLDNSD_ADDR" {
			r.Addr = v
		}
	}
	if r.Addr == "" {
		return nil, errors.New("no RBLDNSD_ADDR in " + filepath.Join(dir, "env"))
	}
	// The RFC 5782 test entry answers only when the zones are loaded.
	m := new(dns.Msg)
	m.SetQuestion("2.0.0.127."+ZoneIP+".", dns.TypeA)
	c := &dns.Client{Timeout: 2 * time.Second}
	in, _, err := c.Exchange(m, r.Addr)
	if err != nil {
		return nil, fmt.Errorf("rbldnsd at %s does not answer: %w", r.Addr, err)
	}
	if len(in.Answer) == 0 {
		return nil, fmt.Errorf("rbldnsd at %s does not serve %s", r.Addr, ZoneIP)
	}
	return r, nil
}

func startRbldnsd(dir string) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	cmd := exec.Command(filepath.Join(root, "scripts", "rbldnsd.sh"), "start", dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("scripts/rbldnsd.sh start: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

func repoRoot() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "scripts", "rbldnsd.sh")); err == nil {
			return d, nil
		}
		up := filepath.Dir(d)
		if up == d {
			return "", errors.New("scripts/rbldnsd.sh not found above the test's folder")
		}
		d = up
	}
}
