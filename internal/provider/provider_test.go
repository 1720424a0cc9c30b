package provider

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/hours"
)

func TestDefaultIsSMX(t *testing.T) {
	p := Default()
	if p.Name != "SMX Cloud Email Security" || p.SupportAddress != "emailsupport@smxemail.com" {
		t.Fatalf("built-in profile: %+v", p)
	}
	wantPhones := []Phone{
		{"New Zealand freephone", "0800 769 769", "0800 SMX SMX"},
		{"Australia freephone", "1800 476 976", ""},
		{"International", "+64 9 302 0515", "option 1"},
	}
	if len(p.Phones) != len(wantPhones) {
		t.Fatalf("phones: %+v", p.Phones)
	}
	for i, w := range wantPhones {
		if p.Phones[i] != w {
			t.Errorf("phone %d = %+v, want %+v", i, p.Phones[i], w)
		}
	}
	if got := p.Hours.Describe(); got != "Monday to Friday, 8 am to 7 pm New Zealand time, except public holidays in New Zealand" {
		t.Errorf("Describe() = %q", got)
	}
	if p.SubjectPrefixes != (SubjectPrefixes{"False Negative", "False Positive", "Virus sample"}) {
		t.Errorf("prefixes: %+v", p.SubjectPrefixes)
	}
	want := map[string][]Port{
		"POP":  {{"POP", 110, StartTLS, "STARTTLS"}, {"POP", 995, SSL, "SSL"}},
		"IMAP": {{"IMAP", 143, StartTLS, "STARTTLS"}, {"IMAP", 993, SSL, "SSL"}},
		"SMTP": {{"SMTP", 587, StartTLS, "STARTTLS"}, {"SMTP", 25, StartTLS, "TLS"}},
	}
	for svc, ports := range want {
		got := p.PortsFor(strings.ToLower(svc))
		if len(got) != len(ports) {
			t.Fatalf("%s ports: %+v", svc, got)
		}
		for i := range ports {
			if got[i] != ports[i] {
				t.Errorf("%s port %d = %+v, want %+v", svc, i, got[i], ports[i])
			}
		}
	}
}

func TestDefaultReturnsACopy(t *testing.T) {
	a := Default()
	a.Phones[0].Number = "changed"
	a.Hours.Days[0] = "Sun"
	if b := Default(); b.Phones[0].Number == "changed" || b.Hours.Days[0] == "Sun" {
		t.Fatal("changing one Default() changed the built-in profile")
	}
}

func TestHours(t *testing.T) {
	h := Default().Hours
	nz, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		at       time.Time
		open     bool
		nextOpen time.Time
	}{
		// Tuesday 10:00 in Auckland: open.
		{time.Date(2026, 3, 3, 10, 0, 0, 0, nz), true, time.Date(2026, 3, 3, 10, 0, 0, 0, nz)},
		// Tuesday 19:00 sharp: closed; Wednesday 08:00 next.
		{time.Date(2026, 3, 3, 19, 0, 0, 0, nz), false, time.Date(2026, 3, 4, 8, 0, 0, 0, nz)},
		// Friday 20:00: next is Monday 08:00.
		{time.Date(2026, 3, 6, 20, 0, 0, 0, nz), false, time.Date(2026, 3, 9, 8, 0, 0, 0, nz)},
		// Tuesday 07:59 (early): the same day at 08:00.
		{time.Date(2026, 3, 3, 7, 59, 0, 0, nz), false, time.Date(2026, 3, 3, 8, 0, 0, 0, nz)},
		// Monday 20:00 UTC is Tuesday 09:00 in Auckland (daylight time, +13): open.
		{time.Date(2026, 3, 2, 20, 0, 0, 0, time.UTC), true, time.Date(2026, 3, 2, 20, 0, 0, 0, time.UTC)},
		// Saturday in Auckland while it is still Friday in London.
		{time.Date(2026, 7, 3, 22, 0, 0, 0, time.UTC), false, time.Date(2026, 7, 6, 8, 0, 0, 0, nz)},
	}
	for _, c := range cases {
		st, err := hours.At(h.Schedule(), c.at)
		if err != nil {
			t.Fatal(err)
		}
		if st.Open != c.open {
			t.Errorf("open at %v = %v", c.at, st.Open)
		}
		if !c.open && !st.NextOpen.Equal(c.nextOpen) {
			t.Errorf("next opening after %v = %v, want %v", c.at, st.NextOpen, c.nextOpen)
		}
	}
}

func TestDescribeDays(t *testing.T) {
	cases := map[string]string{
		"Mon,Tue,Wed,Thu,Fri":         "Monday to Friday",
		"Sat,Sun":                     "Saturday and Sunday",
		"Mon,Wed,Fri":                 "Monday, Wednesday and Friday",
		"Sun,Mon,Tue,Wed,Thu,Fri,Sat": "Every day",
		"Thu":                         "Thursday",
		"Mon,Tue,Wed,Thu,Fri,Sat":     "Monday to Saturday",
	}
	for days, want := range cases {
		h := Hours{Zone: "UTC", Days: strings.Split(days, ","), Open: "09:30", Close: "17:00"}
		if got := h.describeDays(); got != want {
			t.Errorf("%s: %q, want %q", days, got, want)
		}
	}
	h := Hours{Zone: "Europe/Berlin", Days: []string{"mon"}, Open: "09:30", Close: "24:00"}
	if got := h.Describe(); got != "Monday, 9:30 am to midnight Berlin time" {
		t.Errorf("Describe() = %q", got)
	}
}

// TestBuiltInFileRoundTrips keeps smx.json and the Go types in step: every field in the file
// is known to the struct.
func TestBuiltInFileRoundTrips(t *testing.T) {
	var raw, back map[string]any
	if err := json.Unmarshal(smxJSON, &raw); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(Default())
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for k := range raw {
		if _, ok := back[k]; !ok {
			t.Errorf("smx.json field %q is not in Profile", k)
		}
	}
}

func TestLoadOwnProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "acme.json")
	doc := `` + "\ufeff" + `{
	  "id": "acme-it", "name": "Acme IT", "support_address": "spam@acme-it.example.nz",
	  "hours": {"zone": "Australia/Sydney", "days": ["Mon","Tue","Wed","Thu","Fri"], "open": "09:00", "close": "17:30"},
	  "mail_servers": {"incoming": "imap.{domain}", "outgoing": "smtp.acme-it.example.nz"},
	  "ports": [{"service": "imap", "port": 993, "security": "SSL"}],
	  "some_future_field": true
	}`
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if p.SubjectPrefixes.For("virus") != "Virus sample" {
		t.Errorf("missing prefixes were not filled in: %+v", p.SubjectPrefixes)
	}
	if got := p.PortsFor("IMAP"); len(got) != 1 || got[0] != (Port{"IMAP", 993, SSL, "SSL"}) {
		t.Errorf("ports: %+v", got)
	}
	if got := p.MailServers.Fill("Example.CO.NZ").Incoming; got != "imap.example.co.nz" {
		t.Errorf("Fill: %q", got)
	}
	if got := p.Hours.Describe(); got != "Monday to Friday, 9 am to 5:30 pm Sydney time" {
		t.Errorf("Describe() = %q", got)
	}
}

func TestProfileErrors(t *testing.T) {
	base := func(edit func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(smxJSON, &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		b, _ := json.Marshal(m)
		return b
	}
	hours := func(m map[string]any) map[string]any { return m["hours"].(map[string]any) }
	cases := []struct {
		name  string
		data  []byte
		kind  error
		field string
		words string
	}{
		{"not JSON", []byte("{\n\"id\": smx}"), ErrNotProfile, "", "not valid JSON (line 2)"},
		{"empty", nil, ErrNotProfile, "", "not valid JSON"},
		{"wrong type", []byte(`{"id": "x", "ports": [{"port": "993"}]}`), ErrInvalid, "ports.port", "should be a whole number"},
		{"address with name", base(func(m map[string]any) { m["support_address"] = "Help <help@example.com>" }), ErrInvalid, "support_address", "not an email address"},
		{"address without dot", base(func(m map[string]any) { m["support_address"] = "help@localhost" }), ErrInvalid, "support_address", "not an email address"},
		{"address list", base(func(m map[string]any) { m["support_address"] = "a@example.com, b@example.com" }), ErrInvalid, "support_address", "not an email address"},
		{"no address", base(func(m map[string]any) { delete(m, "support_address") }), ErrInvalid, "support_address", "not an email address"},
		{"bad zone", base(func(m map[string]any) { hours(m)["zone"] = "New Zealand" }), ErrInvalid, "hours.zone", "time zone \"New Zealand\" is not known"},
		{"bad day", base(func(m map[string]any) { hours(m)["days"] = []string{"Monday"} }), ErrInvalid, "hours.days", "not a day"},
		{"bad time", base(func(m map[string]any) { hours(m)["open"] = "8am" }), ErrInvalid, "hours.open", "not a time like 08:00"},
		// provider and hours each had an HH:MM reader; hours' took a sign.
		{"signed time", base(func(m map[string]any) { hours(m)["open"] = "+8:00" }), ErrInvalid, "hours.open", "not a time like 08:00"},
		// A country without a holiday calendar loaded, then the support screen could not
		// say whether the desk was open.
		{"unknown holidays", base(func(m map[string]any) { hours(m)["holidays"] = "au" }), ErrInvalid, "hours.holidays", "public holidays Report Mail knows"},
		{"closes before opening", base(func(m map[string]any) { hours(m)["close"] = "07:00" }), ErrInvalid, "hours.close", "closes (07:00) before it opens"},
		{"plain port", base(func(m map[string]any) {
			m["ports"] = []map[string]any{{"service": "SMTP", "port": 25, "security": "none"}}
		}), ErrInvalid, "ports[0].security", "never sets up unencrypted mail"},
		{"prefix with colon", base(func(m map[string]any) {
			m["subject_prefixes"] = map[string]string{"virus": "Virus:"}
		}), ErrInvalid, "subject_prefixes.virus", "without a colon"},
		{"status page", base(func(m map[string]any) { m["status_url"] = "status page" }), ErrInvalid, "status_url", "not a web address"},
		{"newer format", base(func(m map[string]any) { m["format"] = 2 }), ErrTooNew, "format", "update Report Mail"},
		{"bad phone", base(func(m map[string]any) {
			m["phones"] = []map[string]string{{"label": "Desk", "number": "call us"}}
		}), ErrInvalid, "phones[0]", "digits"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.data)
			var pe *Error
			if !errors.As(err, &pe) || !errors.Is(err, c.kind) {
				t.Fatalf("Parse: %v, want %v", err, c.kind)
			}
			if pe.Field != c.field || !strings.Contains(err.Error(), c.words) {
				t.Fatalf("field %q, message %q; want field %q and %q", pe.Field, err.Error(), c.field, c.words)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(filepath.Join(dir, "missing.json"))
	if !errors.Is(err, ErrUnreadable) || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
	path := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(path, []byte(`{"id": "x", "name": "X", "support_address": "nope"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Load(path)
	if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), "The provider profile broken.json cannot be used: ") {
		t.Fatalf("invalid file: %v", err)
	}
}

// Opening and closing times are read the way the hours package reads them, so a time the
// support screen accepts is never refused here (provider once wanted exactly five
// characters and refused "8:00").
func TestHoursTimesReadAsTheHoursPackageDoes(t *testing.T) {
	for _, c := range []struct{ open, close, describe string }{
		{"8:00", "17:00", "Monday to Friday, 8 am to 5 pm New Zealand time, except public holidays in New Zealand"},
		{"08:30", "24:00", "Monday to Friday, 8:30 am to midnight New Zealand time, except public holidays in New Zealand"},
		{" 9:00", "17:00 ", "Monday to Friday, 9 am to 5 pm New Zealand time, except public holidays in New Zealand"},
	} {
		var m map[string]any
		if err := json.Unmarshal(smxJSON, &m); err != nil {
			t.Fatal(err)
		}
		h := m["hours"].(map[string]any)
		h["open"], h["close"] = c.open, c.close
		b, _ := json.Marshal(m)
		p, err := Parse(b)
		if err != nil {
			t.Errorf("%s–%s: %v", c.open, c.close, err)
			continue
		}
		if got := p.Hours.Describe(); got != c.describe {
			t.Errorf("%s–%s: Describe() = %q, want %q", c.open, c.close, got, c.describe)
		}
		if _, err := hours.At(p.Hours.Schedule(), time.Now()); err != nil {
			t.Errorf("%s–%s: loaded, but the hours package cannot use it: %v", c.open, c.close, err)
		}
	}
}

// Fields this version dropped because nothing showed them still load from older files.
func TestOlderFieldsAreIgnored(t *testing.T) {
	var m map[string]any
	if err := json.Unmarshal(smxJSON, &m); err != nil {
		t.Fatal(err)
	}
	m["id"], m["sales_address"], m["extra_recipients_allowed"] = "SMX!", "not an address", false
	b, _ := json.Marshal(m)
	if _, err := Parse(b); err != nil {
		t.Fatalf("a profile with the old fields does not load: %v", err)
	}
}

// TestEveryFieldHasAUse keeps the profile honest: a field is only worth an IT provider's
// time if a person or the desk sees it. Adding a field means saying here where it shows.
func TestEveryFieldHasAUse(t *testing.T) {
	uses := map[string]string{
		"format":           "Load: a newer file is refused with words saying to update",
		"name":             "Support screen title; Settings: Reports go to …; result card",
		"support_address":  "the report's To; Support screen; Settings",
		"phones":           "Support screen; Mail set-up's last step",
		"hours":            "Support screen: hours and open now; result card: when to expect a reply",
		"out_of_hours":     "Support screen",
		"status_url":       "Support screen",
		"mail_servers":     "Mail set-up: server names, or the hint; settings file form",
		"ports":            "Mail set-up: the ports table and the settings file form",
		"subject_prefixes": "the report's Subject",
		"case_pattern":     "the desk's replies: the case number in Sent reports and outbox history",
		"reply_problem":    "the desk's replies: a report the desk could not read is shown as a problem",
		"oauth":            "Settings: the Sign in with Microsoft / Google buttons (client ID, endpoints, scopes, servers)",
	}
	typ := reflect.TypeOf(Profile{})
	for i := 0; i < typ.NumField(); i++ {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if uses[name] == "" {
			t.Errorf("profile field %q is shown nowhere; use it or remove it", name)
		}
		delete(uses, name)
	}
	for name := range uses {
		t.Errorf("%q is listed as used but is not a profile field", name)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(smxJSON)
	f.Add([]byte(`{"hours": {"zone": "UTC", "open": "24:00", "close": "99:99"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Problem == "" {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if !ValidAddress(p.SupportAddress) || p.Hours.Describe() == "" {
			t.Fatalf("accepted an unusable profile: %+v", p)
		}
	})
}
