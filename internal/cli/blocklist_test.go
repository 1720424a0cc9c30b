package cli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/testkit/dnstest"
)

func runBlocklist(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"blocklist"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// listsOnly keeps the named zones of the rbldnsd test lists.
func listsOnly(t *testing.T, zones ...string) string {
	t.Helper()
	var all struct {
		Lists []map[string]any `json:"lists"`
	}
	if err := json.Unmarshal([]byte(dnstest.RbldnsdLists), &all); err != nil {
		t.Fatal(err)
	}
	var keep []map[string]any
	for _, l := range all.Lists {
		for _, z := range zones {
			if l["zone"] == z {
				keep = append(keep, l)
			}
		}
	}
	b, _ := json.Marshal(map[string]any{"lists": keep})
	return writeFile(t, "lists.json", string(b))
}

type blJSON struct {
	Targets []struct {
		Target  string `json:"target"`
		Kind    string `json:"kind"`
		Notice  string `json:"from_notice"`
		Checked []struct{ Name, Why string }
		Owner   *struct {
			Network, Organisation, Source string
			AbuseEmail                    string `json:"abuse_email"`
			PTR                           string `json:"ptr"`
			Summary                       string `json:"summary"`
		} `json:"owner"`
		Results []struct {
			List, Zone, Name, Query, Status, Meaning, TXT, Advice string
			Codes                                                 []string
			DelistURL                                             string `json:"delist_url"`
		} `json:"results"`
	} `json:"targets"`
	Listed  int `json:"listed"`
	Unknown int `json:"unknown"`
}

func decodeBL(t *testing.T, out string) blJSON {
	t.Helper()
	var v blJSON
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, out)
	}
	return v
}

func TestBlocklistHelpAndBadInput(t *testing.T) {
	if code, out, _ := runBlocklist(t, "", "--help"); code != exitYes || !strings.Contains(out, "blocklist [--json]") {
		t.Errorf("--help: %d %q", code, out)
	}
	badLists := writeFile(t, "bad.json", `{"lists": [{"name": "x", "zone": "a b", "type": "ip"}]}`)
	for _, args := range [][]string{
		{},
		{"--bogus", "192.0.2.1"},
		{"co.nz"},
		{"10.0.0.1"},
		{"not a target"},
		{"--resolver", "nonsense", "192.0.2.1"},
		{"--rdap", "ftp://x", "192.0.2.1"},
		{"--timeout", "0", "192.0.2.1"},
		{"--lists", badLists, "192.0.2.1"},
		{"--lists", "/nonexistent/lists.json", "192.0.2.1"},
		{writeFile(t, "notice.eml", "To: nobody\n\nnothing here\n")},
	} {
		code, out, errs := runBlocklist(t, "", args...)
		lines := strings.Split(strings.TrimSpace(errs), "\n")
		if code != exitFail || out != "" || len(lines) != 1 || lines[0] == "" || strings.Contains(errs, "dnsbl:") {
			t.Errorf("%v: code %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	t.Setenv("REPORTMAIL_DQS_KEY", "bad key!")
	if code, _, errs := runBlocklist(t, "", "192.0.2.1"); code != exitFail || !strings.Contains(errs, "Data Query Service key") {
		t.Errorf("bad DQS key: %d %q", code, errs)
	}
}

func TestBlocklistRbldnsd(t *testing.T) {
	srv := dnstest.RequireRbldnsd(t)
	clean := listsOnly(t, dnstest.ZoneIP, dnstest.ZoneDomain)
	for _, tc := range []struct {
		name  string
		lists string
		args  []string
		code  int
	}{
		{"clean IP", clean, []string{"192.0.2.1"}, exitYes},
		{"clean domain", clean, []string{"mail.example.test"}, exitYes},
		{"listed IP", clean, []string{"192.0.2.2", "192.0.2.1"}, exitNo},
		{"listed parent", clean, []string{"relay.example-isp.test"}, exitNo},
		{"error code", listsOnly(t, dnstest.ZoneIP, dnstest.ZoneError), []string{"192.0.2.1"}, exitFail},
		{"bad test entries", listsOnly(t, dnstest.ZoneIP, dnstest.ZoneBadTest), []string{"192.0.2.1"}, exitFail},
		{"listed beats unknown", listsOnly(t, dnstest.ZoneIP, dnstest.ZoneMute), []string{"192.0.2.2"}, exitNo},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"--json", "--no-owner", "--resolver", srv.Addr, "--lists", tc.lists, "--timeout", "20"}, tc.args...)
			code, out, errs := runBlocklist(t, "", args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tc.code, out, errs)
			}
			v := decodeBL(t, out)
			if len(v.Targets) != len(tc.args) {
				t.Fatalf("%d targets", len(v.Targets))
			}
			// Flags after the targets work the same, and the words agree with the code.
			flags := []string{"--no-owner", "--resolver", srv.Addr, "--lists", tc.lists}
			hcode, hout, _ := runBlocklist(t, "", append(append([]string{}, tc.args...), flags...)...)
			if hcode != tc.code || tc.code == exitNo && !strings.Contains(hout, "LISTED on") ||
				tc.code == exitFail && !strings.Contains(hout, "COULD NOT CHECK") || tc.code == exitYes && !strings.Contains(hout, "No list lists it.") {
				t.Errorf("human output, exit %d:\n%s", hcode, hout)
			}
		})
	}
	// The parent that matched is named, in JSON and in words.
	code, out, _ := runBlocklist(t, "", "--no-owner", "--resolver", srv.Addr, "--lists", clean, "relay.example-isp.test")
	if code != exitNo || !strings.Contains(out, "LISTED on Test DBL (the parent domain example-isp.test)") || !strings.Contains(out, "Delisting page: https://lists.example.test/domain") {
		t.Errorf("human output:\n%s", out)
	}
	code, out, _ = runBlocklist(t, "", "--json", "--no-owner", "--resolver", srv.Addr, "--lists", clean, "relay.example-isp.test")
	v := decodeBL(t, out)
	var listed []string
	for _, r := range v.Targets[0].Results {
		if r.Status == "listed" {
			listed = append(listed, r.Name)
		}
	}
	if code != exitNo || strings.Join(listed, ",") != "example-isp.test" || v.Listed != 1 || v.Targets[0].Checked[1].Why != "a parent domain" {
		t.Errorf("parent listing: %d %+v", code, v)
	}
}

// A rejection notice given as TARGET (a file, or "-") brings its listed address and the
// sending domains.
func TestBlocklistNotice(t *testing.T) {
	srv := dnstest.RequireRbldnsd(t)
	lists := listsOnly(t, dnstest.ZoneIP, dnstest.ZoneDomain)
	notice := "From: MAILER-DAEMON@mx1.mail.example-msp.test\nTo: kate@example-msp.test\nSubject: Undelivered Mail\n\n" +
		"<bob@example.org>: host mx.example.org[198.51.100.7] said: 554 5.7.1\n    Client host [192.0.2.2] blocked using ip.rbl.test\n"
	file := writeFile(t, "notice.eml", notice)
	for _, args := range [][]string{{file}, {"-"}} {
		code, out, errs := runBlocklist(t, notice, append([]string{"--json", "--no-owner", "--resolver", srv.Addr, "--lists", lists}, args...)...)
		v := decodeBL(t, out)
		if code != exitNo || len(v.Targets) != 2 || v.Targets[0].Target != "192.0.2.2" || v.Targets[1].Target != "example-msp.test" || v.Targets[0].Notice != args[0] {
			t.Errorf("%v: %d %s %s", args, code, out, errs)
		}
	}
	// The seam the notice reader fills.
	saved := noticeTargets
	t.Cleanup(func() { noticeTargets = saved })
	noticeTargets = func([]byte) ([]string, []string) { return []string{"192.0.2.4"}, nil }
	code, out, _ := runBlocklist(t, "", "--json", "--no-owner", "--resolver", srv.Addr, "--lists", lists, file)
	if v := decodeBL(t, out); code != exitNo || len(v.Targets) != 1 || v.Targets[0].Target != "192.0.2.4" {
		t.Errorf("seam: %d %s", code, out)
	}
}

// The owner comes from reverse DNS (the test server forwards list questions to rbldnsd)
// and from RDAP on a local HTTPS server.
func TestBlocklistOwner(t *testing.T) {
	rbl := dnstest.RequireRbldnsd(t)
	dns := dnstest.Start(t, dnstest.Options{
		PTR:      map[string]string{"192.0.2.2": "mail.example-telecom.test"},
		Hosts:    map[string][]string{"mail.example-telecom.test": {"192.0.2.2"}},
		Upstream: rbl.Addr,
	})
	arin, err := os.ReadFile(filepath.Join("..", "ipowner", "testdata", "arin.json"))
	if err != nil {
		t.Fatal(err)
	}
	rdap := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/rdap/ip/192.0.2.2" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rdap+json")
		w.Write(arin)
	}))
	defer rdap.Close()
	saved := rdapClient
	rdapClient = rdap.Client()
	t.Cleanup(func() { rdapClient = saved })
	lists := listsOnly(t, dnstest.ZoneIP)
	code, out, errs := runBlocklist(t, "", "192.0.2.2", "--json", "--resolver", dns.Addr, "--lists", lists, "--rdap", rdap.URL+"/rdap")
	v := decodeBL(t, out)
	if code != exitNo || len(v.Targets) != 1 || v.Targets[0].Owner == nil {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	o := v.Targets[0].Owner
	if o.Organisation != "Example Telecom" || o.AbuseEmail != "abuse@example-telecom.test" || o.Network != "192.0.2.0/24" ||
		o.Source != "rdap" || o.PTR != "mail.example-telecom.test" ||
		!strings.HasPrefix(o.Summary, "This address belongs to Example Telecom (their abuse desk: abuse@example-telecom.test).") {
		t.Errorf("owner %+v", o)
	}
	if _, out, _ := runBlocklist(t, "", "192.0.2.2", "--resolver", dns.Addr, "--lists", lists, "--rdap", rdap.URL+"/rdap"); !strings.Contains(out, "This address belongs to Example Telecom") {
		t.Errorf("human output:\n%s", out)
	}
}

// The Spamhaus key goes into the zone asked, never into the output.
func TestBlocklistDQSKeyNotShown(t *testing.T) {
	const key = "abcdef0123456789"
	dns := dnstest.Start(t, dnstest.Options{}, dnstest.Zone{Name: key + ".zen.dq.fake.test",
		Listed: map[string][]string{"2.0.0.127": {"127.0.0.2"}, "2.2.0.192": {"127.0.0.2"}}})
	lists := writeFile(t, "lists.json", `{"lists": [{"name": "ZEN", "zone": "zen.fake.test", "dqs_zone": "zen.dq.fake.test",
		"type": "ip", "codes": {"127.0.0.2": "SBL"}, "delist_url": "", "advice": "x"}]}`)
	t.Setenv("REPORTMAIL_DQS_KEY", key)
	code, out, errs := runBlocklist(t, "", "--json", "--no-owner", "--resolver", dns.Addr, "--lists", lists, "192.0.2.2")
	if code != exitNo || strings.Contains(out, key) || !strings.Contains(out, `"query": "2.2.0.192.<key>.zen.dq.fake.test."`) {
		t.Errorf("%d %s %s", code, out, errs)
	}
}
