package tlsguide

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var alice = Account{
	Email:    "alice@example.co.nz",
	Name:     `Alice O'Brien & Co <Accounts>`,
	Username: "alice",
	Protocol: IMAP,
	Incoming: Server{Host: "imap.example.co.nz", Port: 143, Security: STARTTLS},
	Outgoing: Server{Host: "smtp.example.co.nz", Port: 587, Security: STARTTLS},
}

func TestAutoconfig(t *testing.T) {
	out, err := Autoconfig(alice)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("no XML declaration:\n%s", out)
	}
	var doc autoconfig
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("does not parse: %v\n%s", err, out)
	}
	p := doc.Provider
	if doc.Version != "1.1" || p.ID != "example.co.nz" || p.Domain != "example.co.nz" {
		t.Errorf("header: %+v", doc)
	}
	wantIn := acServer{"imap", "imap.example.co.nz", 143, "STARTTLS", "password-cleartext", "alice"}
	wantOut := acServer{"smtp", "smtp.example.co.nz", 587, "STARTTLS", "password-cleartext", "alice"}
	if p.Incoming != wantIn {
		t.Errorf("incoming %+v, want %+v", p.Incoming, wantIn)
	}
	if p.Outgoing != wantOut {
		t.Errorf("outgoing %+v, want %+v", p.Outgoing, wantOut)
	}
}

func TestAutoconfigPOPAndSSL(t *testing.T) {
	a := alice
	a.Protocol = "pop3"
	a.Username = ""
	a.Incoming = Server{Host: "POP.Example.co.nz.", Port: 995, Security: "ssl/tls"}
	a.Outgoing = Server{Host: "smtp.example.co.nz", Port: 25, Security: TLS}
	out, err := Autoconfig(a)
	if err != nil {
		t.Fatal(err)
	}
	var doc autoconfig
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	in, og := doc.Provider.Incoming, doc.Provider.Outgoing
	if in.Type != "pop3" || in.Hostname != "pop.example.co.nz" || in.Port != 995 || in.SocketType != "SSL" {
		t.Errorf("incoming %+v", in)
	}
	if og.Port != 25 || og.SocketType != "STARTTLS" {
		t.Errorf("outgoing %+v", og)
	}
	if in.Username != "alice@example.co.nz" || og.Username != "alice@example.co.nz" {
		t.Errorf("username should default to the address: %q %q", in.Username, og.Username)
	}
}

// readPlist decodes the XML property-list subset profiles use into Go values.
func readPlist(t *testing.T, b []byte) map[string]any {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	var value func(start xml.StartElement) (any, error)
	value = func(start xml.StartElement) (any, error) {
		switch start.Name.Local {
		case "dict":
			m := map[string]any{}
			for {
				tok, err := dec.Token()
				if err != nil {
					return nil, err
				}
				if _, ok := tok.(xml.EndElement); ok {
					return m, nil
				}
				se, ok := tok.(xml.StartElement)
				if !ok {
					continue
				}
				if se.Name.Local != "key" {
					return nil, fmt.Errorf("want <key>, got <%s>", se.Name.Local)
				}
				var k string
				if err := dec.DecodeElement(&k, &se); err != nil {
					return nil, err
				}
				if _, dup := m[k]; dup {
					return nil, fmt.Errorf("duplicate key %s", k)
				}
				for {
					tok, err := dec.Token()
					if err != nil {
						return nil, err
					}
					if vs, ok := tok.(xml.StartElement); ok {
						if m[k], err = value(vs); err != nil {
							return nil, err
						}
						break
					}
				}
			}
		case "array":
			var a []any
			for {
				tok, err := dec.Token()
				if err != nil {
					return nil, err
				}
				if _, ok := tok.(xml.EndElement); ok {
					return a, nil
				}
				if se, ok := tok.(xml.StartElement); ok {
					v, err := value(se)
					if err != nil {
						return nil, err
					}
					a = append(a, v)
				}
			}
		case "string":
			var s string
			err := dec.DecodeElement(&s, &start)
			return s, err
		case "integer":
			var s string
			if err := dec.DecodeElement(&s, &start); err != nil {
				return nil, err
			}
			return strconv.Atoi(s)
		case "true", "false":
			return start.Name.Local == "true", dec.Skip()
		}
		return nil, fmt.Errorf("unexpected <%s>", start.Name.Local)
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			t.Fatal("no <dict> in plist")
		}
		if err != nil {
			t.Fatal(err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "dict" {
			v, err := value(se)
			if err != nil {
				t.Fatalf("%v\n%s", err, b)
			}
			return v.(map[string]any)
		}
	}
}

var uuidV5 = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)

func TestMobileConfig(t *testing.T) {
	out, err := MobileConfig(alice)
	if err != nil {
		t.Fatal(err)
	}
	top := readPlist(t, out)
	if top["PayloadType"] != "Configuration" || top["PayloadVersion"] != 1 {
		t.Errorf("top level: %v", top)
	}
	content, _ := top["PayloadContent"].([]any)
	if len(content) != 1 {
		t.Fatalf("PayloadContent: %v", top["PayloadContent"])
	}
	mail := content[0].(map[string]any)
	want := map[string]any{
		"PayloadType":                            "com.apple.mail.managed",
		"PayloadVersion":                         1,
		"EmailAccountType":                       "EmailTypeIMAP",
		"EmailAddress":                           "alice@example.co.nz",
		"EmailAccountName":                       `Alice O'Brien & Co <Accounts>`,
		"IncomingMailServerHostName":             "imap.example.co.nz",
		"IncomingMailServerPortNumber":           143,
		"IncomingMailServerUseSSL":               true,
		"IncomingMailServerUsername":             "alice",
		"IncomingMailServerAuthentication":       "EmailAuthPassword",
		"OutgoingMailServerHostName":             "smtp.example.co.nz",
		"OutgoingMailServerPortNumber":           587,
		"OutgoingMailServerUseSSL":               true,
		"OutgoingMailServerUsername":             "alice",
		"OutgoingMailServerAuthentication":       "EmailAuthPassword",
		"OutgoingPasswordSameAsIncomingPassword": true,
	}
	for k, v := range want {
		if mail[k] != v {
			t.Errorf("%s = %#v, want %#v", k, mail[k], v)
		}
	}
	for k := range mail {
		if strings.Contains(k, "Password") && k != "OutgoingPasswordSameAsIncomingPassword" {
			t.Errorf("profile carries %s: passwords never go in a file", k)
		}
	}
	for _, m := range []map[string]any{top, mail} {
		u, _ := m["PayloadUUID"].(string)
		id, _ := m["PayloadIdentifier"].(string)
		if !uuidV5.MatchString(u) || id != identifierPrefix+u {
			t.Errorf("identifier %q / uuid %q", id, u)
		}
	}
	if top["PayloadUUID"] == mail["PayloadUUID"] {
		t.Error("profile and payload share a UUID")
	}
}

func TestMobileConfigStable(t *testing.T) {
	a, _ := MobileConfig(alice)
	b, _ := MobileConfig(alice)
	if !bytes.Equal(a, b) {
		t.Error("same account, different files")
	}
	other := alice
	other.Email = "bob@example.co.nz"
	c, _ := MobileConfig(other)
	if readPlist(t, a)["PayloadUUID"] == readPlist(t, c)["PayloadUUID"] {
		t.Error("two addresses share a profile UUID")
	}
	pop := alice
	pop.Protocol = POP
	pop.Incoming = Server{Host: "pop.example.co.nz", Port: 110, Security: STARTTLS}
	d, _ := MobileConfig(pop)
	mail := readPlist(t, d)["PayloadContent"].([]any)[0].(map[string]any)
	if mail["EmailAccountType"] != "EmailTypePOP" || mail["IncomingMailServerPortNumber"] != 110 {
		t.Errorf("POP payload: %v", mail)
	}
}

// Python's plistlib is an independent, strict reader of Apple's format.
func TestMobileConfigPlistlib(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	out, err := MobileConfig(alice)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "-c", "import json,plistlib,sys; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))")
	cmd.Stdin = bytes.NewReader(out)
	js, err := cmd.Output()
	if err != nil {
		t.Fatalf("plistlib rejects the profile: %v\n%s", err, out)
	}
	var got struct {
		PayloadType    string
		PayloadContent []map[string]any
	}
	if err := json.Unmarshal(js, &got); err != nil {
		t.Fatal(err)
	}
	if got.PayloadType != "Configuration" || len(got.PayloadContent) != 1 ||
		got.PayloadContent[0]["EmailAccountName"] != alice.Name ||
		got.PayloadContent[0]["OutgoingMailServerPortNumber"] != float64(587) {
		t.Errorf("plistlib read %s", js)
	}
}

func TestAccountErrors(t *testing.T) {
	cases := []struct {
		field string
		mod   func(*Account)
	}{
		{"Email", func(a *Account) { a.Email = "" }},
		{"Email", func(a *Account) { a.Email = "not an address" }},
		{"Email", func(a *Account) { a.Email = "Alice <alice@example.co.nz>" }},
		{"Protocol", func(a *Account) { a.Protocol = "SMTP" }},
		{"Incoming.Host", func(a *Account) { a.Incoming.Host = "" }},
		{"Incoming.Host", func(a *Account) { a.Incoming.Host = "imap example" }},
		{"Incoming.Port", func(a *Account) { a.Incoming.Port = 0 }},
		{"Outgoing.Port", func(a *Account) { a.Outgoing.Port = 70000 }},
		{"Incoming.Security", func(a *Account) { a.Incoming.Security = "" }},
		{"Outgoing.Security", func(a *Account) { a.Outgoing.Security = "none" }},
	}
	for _, c := range cases {
		a := alice
		c.mod(&a)
		for name, write := range map[string]func(Account) ([]byte, error){"Autoconfig": Autoconfig, "MobileConfig": MobileConfig} {
			out, err := write(a)
			var ae *AccountError
			if !errors.As(err, &ae) || ae.Field != c.field || !errors.Is(err, ErrAccount) || out != nil {
				t.Errorf("%s(%s case): err = %v, out %d bytes", name, c.field, err, len(out))
			}
		}
	}
}
