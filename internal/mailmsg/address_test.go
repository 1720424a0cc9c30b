package mailmsg

import (
	"net/mail"
	"strings"
	"testing"
)

func TestParseAddressList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []Address
	}{
		{`"Doe, Jane" <jane@example.test>`, []Address{{Name: "Doe, Jane", Addr: "jane@example.test"}}},
		{`=?utf-8?q?Ren=C3=A9?= <rene@example.test>, bob@example.test`,
			[]Address{{Name: "René", Addr: "rene@example.test"}, {Addr: "bob@example.test"}}},
		{`"=?iso-8859-1?q?Ren=E9?=" <rene@example.test>`, []Address{{Name: "René", Addr: "rene@example.test"}}},
		{"Ren\xe9 <rene@example.test>", []Address{{Name: "René", Addr: "rene@example.test"}}},
		{`jane@example.test (Jane Doe)`, []Address{{Name: "Jane Doe", Addr: "jane@example.test"}}},
		{`Jane Doe jane@example.test`, []Address{{Name: "Jane Doe", Addr: "jane@example.test"}}},
		{`Team: a@example.test, "B" <b@example.test>;, c@example.test`, []Address{
			{Addr: "a@example.test", Group: "Team"}, {Name: "B", Addr: "b@example.test", Group: "Team"}, {Addr: "c@example.test"}}},
		{`undisclosed-recipients:;`, []Address{{Name: "undisclosed-recipients", Group: "undisclosed-recipients"}}},
		{`MAILER-DAEMON`, []Address{{Name: "MAILER-DAEMON"}}},
		{`<@relay.test:jane@example.test>`, []Address{{Addr: "jane@example.test"}}},
		{`"Jane Doe" <>`, []Address{{Name: "Jane Doe"}}},
		{`Jane Doe </O=CONTOSO/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=JDOE>`,
			[]Address{{Name: "Jane Doe", X500: "/O=CONTOSO/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=JDOE"}}},
		{`, ,a@example.test,`, []Address{{Addr: "a@example.test"}}},
	} {
		got, _ := ParseAddressList(tc.in, "")
		if len(got) != len(tc.want) {
			t.Errorf("ParseAddressList(%q) = %+v, want %+v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("ParseAddressList(%q)[%d] = %+v, want %+v", tc.in, i, got[i], tc.want[i])
			}
		}
	}
	if _, ok := ParseAddressList("  ", ""); ok {
		t.Error("empty list ok")
	}
	list, _ := ParseAddressList(`"Jane" <j@example.test>, k@example.test, "j@example.test" <j@example.test>`, "")
	if got := FormatAddresses(list); got != "Jane <j@example.test>, k@example.test, j@example.test" {
		t.Errorf("FormatAddresses = %q", got)
	}
}

func TestFormatFrom(t *testing.T) {
	const dn = "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=jdoe"
	for _, tc := range []struct {
		name, addr string
		want       string
		recovered  bool
	}{
		{"Jane Doe", "jane@example.test", `"Jane Doe" <jane@example.test>`, true},
		{"jane@example.test", "jane@example.test", `<jane@example.test>`, true},
		{"René", "rene@example.test", `=?utf-8?q?Ren=C3=A9?= <rene@example.test>`, true},
		// Issue 9 item 5: an Exchange-only sender keeps its display name, validly.
		{"Jane Doe", dn, `"Jane Doe" (X.500 /O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP \(FYDIBOHF23SPDLT\)/CN=RECIPIENTS/CN=jdoe):;`, false},
		{"", "EX:" + dn, `"jdoe" (X.500 /O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP \(FYDIBOHF23SPDLT\)/CN=RECIPIENTS/CN=jdoe):;`, false},
		{"Jane Doe", "", `"Jane Doe":;`, false},
		{"", "", `"Unknown sender":;`, false},
	} {
		got, rec := FormatFrom(tc.name, tc.addr)
		if got != tc.want || rec != tc.recovered {
			t.Errorf("FormatFrom(%q, %q) = %q %v, want %q %v", tc.name, tc.addr, got, rec, tc.want, tc.recovered)
		}
		// Every From written must be valid for a strict reader (net/mail) and read back
		// here to the same name.
		if _, err := mail.ParseAddressList(got); err != nil {
			t.Errorf("net/mail refuses %q: %v", got, err)
		}
		a, ok := ParseAddress(got, "")
		if !ok || (tc.name != "" && !strings.EqualFold(a.Name, tc.name) && a.Addr != tc.name) {
			t.Errorf("read back %q as %+v", got, a)
		}
		if !tc.recovered && IsX500(tc.addr) && a.X500 != dn {
			t.Errorf("X.500 name lost: %+v", a)
		}
	}
}
