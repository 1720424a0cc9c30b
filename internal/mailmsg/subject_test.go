package mailmsg

import "testing"

func TestParseSubject(t *testing.T) {
	for _, tc := range []struct {
		in   string
		kind PrefixKind
		base string
	}{
		// Pinned (issue 9): one list, one rule.
		{"Fwd: hello", Forward, "hello"},
		{"FW: hello", Forward, "hello"},
		{"Fw: hello", Forward, "hello"},
		{"WG: Rechnung", Forward, "Rechnung"},
		{"TR: facture", Forward, "facture"},
		{"RV: factura", Forward, "factura"},
		{"ENC: fatura", Forward, "fatura"},
		{"I: fattura", Forward, "fattura"},
		{"Doorst: factuur", Forward, "factuur"},
		{"VB: faktura", Forward, "faktura"},
		{"VS: faktura", ForwardOrReply, "faktura"},
		{"VL: lasku", Forward, "lasku"},
		{"PD: faktura", Forward, "faktura"},
		{"İLT: fatura", Forward, "fatura"},
		{"ilt: fatura", Forward, "fatura"},
		{"转发: 发票", Forward, "发票"},
		{"转发：发票", Forward, "发票"}, // full-width colon
		{"回复：发票", Reply, "发票"},
		{"答复: 发票", Reply, "发票"},
		{"Re: hi", Reply, "hi"},
		{"RE : hi", Reply, "hi"},
		{"AW: Hallo", Reply, "Hallo"},
		{"SV: Hej", Reply, "Hej"},
		{"Antw: Hoi", Reply, "Hoi"},
		{"RIF: ciao", Reply, "ciao"},
		{"R: ciao", Reply, "ciao"},
		{"Odp: cześć", Reply, "cześć"},
		{"RES: olá", Reply, "olá"},
		{"Fwd[2]: x", Forward, "x"},
		{"RE(3): x", Reply, "x"},
		{"FW 2: x", Forward, "x"},
		{"Re: Fwd: x", Reply, "x"},
		{"Fwd: Re: x", Forward, "x"},
		{"[External] Fwd: x", Forward, "x"},
		{"*****SPAM***** FW: x", Forward, "x"},
		{"[list] hello", NoPrefix, "[list] hello"},
		{"Meeting: tomorrow", NoPrefix, "Meeting: tomorrow"},
		{"Fwdx: y", NoPrefix, "Fwdx: y"},
		{"FW x: y", NoPrefix, "FW x: y"},
		{"", NoPrefix, ""},
	} {
		got := ParseSubject(tc.in)
		if got.Outer != tc.kind || got.Base != tc.base {
			t.Errorf("ParseSubject(%q) = %v %q, want %v %q", tc.in, got.Outer, got.Base, tc.kind, tc.base)
		}
	}
	if !ParseSubject("Fwd: x").IsForward() || ParseSubject("VS: x").IsForward() || !ParseSubject("AW: x").IsReply() {
		t.Error("IsForward/IsReply")
	}
}
