package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
)

func runProbe(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"probe"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// probeSpec is spec/cli.md's probe JSON, every field it names.
type probeSpec struct {
	Host  string `json:"host"`
	Ports []struct {
		Proto           string `json:"proto"`
		Port            int    `json:"port"`
		Security        string `json:"security"`
		Reachable       bool   `json:"reachable"`
		StartTLSOffered bool   `json:"starttls_offered"`
		TLSVersion      string `json:"tls_version"`
		Cipher          string `json:"cipher"`
		Certificate     *struct {
			Subject    string   `json:"subject"`
			Issuer     string   `json:"issuer"`
			Hosts      []string `json:"hosts"`
			NotAfter   string   `json:"not_after"`
			DaysLeft   int      `json:"days_left"`
			Trusted    bool     `json:"trusted"`
			HostnameOK bool     `json:"hostname_ok"`
		} `json:"certificate"`
		AuthBeforeTLS []string `json:"auth_before_tls"`
		AuthAfterTLS  []string `json:"auth_after_tls"`
		Verdict       string   `json:"verdict"`
		Problems      []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Advice  string `json:"advice"`
		} `json:"problems"`
		MS *int64 `json:"ms"`
	} `json:"ports"`
	Recommended struct {
		Incoming *struct {
			Proto string `json:"proto"`
			Port  int    `json:"port"`
		} `json:"incoming"`
		Outgoing *struct {
			Proto string `json:"proto"`
			Port  int    `json:"port"`
		} `json:"outgoing"`
	} `json:"recommended"`
}

func decodeProbe(t *testing.T, out string) probeSpec {
	t.Helper()
	var v probeSpec
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&v); err != nil || dec.More() {
		t.Fatalf("not one JSON document: %v\n%s", err, out)
	}
	return v
}

func TestProbeCLIRealStack(t *testing.T) {
	st := mailstacktest.Require(t)
	all := fmt.Sprintf("imaps:%d,imap:%d,pop3s:%d,pop3:%d,submissions:%d,submission:%d,smtp:%d",
		st.IMAPS, st.IMAP, st.POP3S, st.POP3, st.SMTPImplicit, st.SMTPSubmission, st.SMTPStartTLS)

	code, out, errs := runProbe(t, "--json", "--ca-file", st.CAFile, "--ports", all, st.HostGood)
	if code != exitYes || errs != "" {
		t.Fatalf("good server: exit %d, %q", code, errs)
	}
	v := decodeProbe(t, out)
	if v.Host != st.HostGood || len(v.Ports) != 7 {
		t.Fatalf("host %q, %d ports", v.Host, len(v.Ports))
	}
	for _, p := range v.Ports {
		if p.Verdict != "good" || !p.Reachable || p.Certificate == nil || !p.Certificate.Trusted || p.MS == nil ||
			p.TLSVersion != "TLS 1.3" || p.Problems == nil || p.AuthBeforeTLS == nil || len(p.AuthAfterTLS) == 0 {
			t.Errorf("%s:%d %+v", p.Proto, p.Port, p)
		}
		if want := map[bool]string{true: "SSL", false: "STARTTLS"}[strings.HasSuffix(p.Proto, "s")]; p.Security != want {
			t.Errorf("%s security %q", p.Proto, p.Security)
		}
	}
	rec := v.Recommended
	if rec.Incoming == nil || rec.Incoming.Proto != "imaps" || rec.Outgoing == nil || rec.Outgoing.Proto != "submission" || rec.Outgoing.Port != st.SMTPSubmission {
		t.Errorf("recommended %+v %+v", rec.Incoming, rec.Outgoing)
	}

	// Only incoming ports are safe: the answer is no.
	code, out, _ = runProbe(t, "--json", "--ca-file", st.CAFile, "--ports", fmt.Sprintf("imaps:%d,smtp:%d", st.IMAPS, st.SMTPTrap), st.HostGood)
	v = decodeProbe(t, out)
	if code != exitNo || v.Recommended.Outgoing != nil || v.Ports[1].Verdict != "bad" || v.Ports[1].Problems[0].Code != "no-starttls" {
		t.Errorf("trap: exit %d %+v", code, v)
	}

	// Expired everywhere: no, with the plain sentence in the human output.
	code, out, _ = runProbe(t, "--ca-file", st.CAFile, "--ports", all, st.HostExpired)
	if code != exitNo || !strings.Contains(out, "Your server's certificate ran out on 1 January 2021") ||
		!strings.Contains(out, "No port checked on this server is safe") {
		t.Errorf("expired: exit %d\n%s", code, out)
	}
}

func TestProbeCLICouldNotRun(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().(*net.TCPAddr).Port
	l.Close()
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{}, exitFail, "Name one mail server"},
		{[]string{"a.example", "b.example"}, exitFail, "Name one mail server"},
		{[]string{"--ports", "http:80", "127.0.0.1"}, exitFail, "is not a port to check"},
		{[]string{"--timeout", "0", "127.0.0.1"}, exitFail, "--timeout"},
		{[]string{"--ca-file", "/nonexistent/ca.pem", "127.0.0.1"}, exitFail, ""},
		{[]string{"bad host!"}, exitFail, "is not a server name"},
		{[]string{"--ports", fmt.Sprintf("imaps:%d", closed), "127.0.0.1"}, exitNo, ""},
	} {
		code, _, errs := runProbe(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.says) || strings.Contains(errs, "probe:") || strings.Count(errs, "\n") > 1 {
			t.Errorf("%v: exit %d, %q", c.args, code, errs)
		}
	}
	if code, out, _ := runProbe(t, "--help"); code != exitYes || !strings.Contains(out, "probe [--json]") {
		t.Errorf("--help: %d %q", code, out)
	}
}
