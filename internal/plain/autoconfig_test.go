package plain

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/autoconfig"
)

func TestFoundWords(t *testing.T) {
	for _, tc := range []struct {
		src  autoconfig.Source
		want string
	}{
		{autoconfig.Source{Kind: autoconfig.FromProfile}, "your provider's settings"},
		{autoconfig.Source{Kind: autoconfig.FromAutoconfig, Host: "autoconfig.example.com"}, "autoconfig.example.com"},
		{autoconfig.Source{Kind: autoconfig.FromWellKnown, Host: "example.com"}, "example.com"},
		{autoconfig.Source{Kind: autoconfig.Guessed}, "guessed and checked"},
		{autoconfig.Source{Kind: autoconfig.FromMX, Host: "autoconfig.provider.net", Domain: "provider.net"}, "autoconfig.provider.net, run by provider.net, which receives your domain's mail"},
	} {
		if got := FoundFrom(tc.src); got != tc.want {
			t.Errorf("FoundFrom(%+v) = %q, want %q", tc.src, got, tc.want)
		}
	}
	s := autoconfig.Server{Kind: autoconfig.IMAP, Host: "imap.example.com", Port: 993, Security: autoconfig.SSL}
	if got := ServerLine(s); got != "Incoming (IMAP): imap.example.com, port 993, SSL/TLS" {
		t.Errorf("ServerLine = %q", got)
	}
}

func TestDiscoverySentences(t *testing.T) {
	for _, err := range []error{
		&autoconfig.AddressError{Address: "kate"},
		context.DeadlineExceeded,
		fmt.Errorf("x: %w", autoconfig.ErrNothingFound),
		autoconfig.ErrIncomplete,
		fmt.Errorf("something odd"),
	} {
		s := DiscoverySentence("kate@example.com", err)
		if s == "" || !strings.HasSuffix(s, ".") || strings.Count(s, ". ") > 0 || strings.Contains(s, "autoconfig:") {
			t.Errorf("%v: %q is not one plain sentence", err, s)
		}
	}
}

func TestFoundSentenceSaysWhetherChecked(t *testing.T) {
	in := autoconfig.Server{Kind: autoconfig.IMAP, Host: "imap.example.com", Port: 993, Security: autoconfig.SSL}
	out := autoconfig.Server{Kind: autoconfig.SMTP, Host: "smtp.example.com", Port: 587, Security: autoconfig.STARTTLS}
	r := autoconfig.Result{Source: autoconfig.Source{Kind: autoconfig.FromAutoconfig, Host: "autoconfig.example.com"},
		Incoming: []autoconfig.Server{in}, Outgoing: []autoconfig.Server{out}}
	for _, tc := range []struct {
		live, checked bool
		want          string
	}{
		{false, false, "Found at autoconfig.example.com."},
		{true, false, "Found at autoconfig.example.com, but Report Mail could not check the servers from this computer: after saving, press Test connection."},
		{true, true, "Found at autoconfig.example.com, and checked: the servers answered safely."},
	} {
		r.LiveChecked = tc.live
		r.Incoming[0].Checked, r.Outgoing[0].Checked = tc.checked, tc.checked
		if got := FoundSentence(r); got != tc.want {
			t.Errorf("live %v checked %v: %q, want %q", tc.live, tc.checked, got, tc.want)
		}
	}
}
