package tlsguide

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/guidance"
	"github.com/reportmail/reportmail/internal/provider"
)

func TestDataLoads(t *testing.T) {
	if _, err := load(); err != nil {
		t.Fatal(err)
	}
}

func TestPorts(t *testing.T) {
	type row struct {
		proto, dir string
		port       int
		sec        Security
	}
	want := []row{
		{"POP", "incoming", 110, STARTTLS},
		{"POP", "incoming", 995, SSL},
		{"IMAP", "incoming", 143, STARTTLS},
		{"IMAP", "incoming", 993, SSL},
		{"SMTP", "outgoing", 587, STARTTLS},
		{"SMTP", "outgoing", 25, TLS},
	}
	var got []row
	for _, p := range Table(provider.Default().Ports) {
		got = append(got, row{p.Protocol, p.Direction, p.Port, p.Security})
		if len(strings.Fields(p.Explanation)) < 6 || !strings.HasSuffix(p.Explanation, ".") {
			t.Errorf("%s %d: explanation %q is not a sentence", p.Protocol, p.Port, p.Explanation)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("ports\n got %v\nwant %v", got, want)
	}
}

func TestTerms(t *testing.T) {
	var names []string
	for _, term := range Terms() {
		names = append(names, term.Name)
		if term.Text == "" {
			t.Errorf("%s has no text", term.Name)
		}
	}
	for _, n := range []string{"STARTTLS", "SSL"} {
		if !slices.Contains(names, n) {
			t.Errorf("no explanation of %s", n)
		}
	}
}

func TestGuides(t *testing.T) {
	var ids []string
	for _, g := range Guides() {
		ids = append(ids, g.ID)
		if g.Title == "" || g.Intro == "" {
			t.Errorf("%s: missing title or intro", g.ID)
		}
		if len(g.Steps) < 3 {
			t.Errorf("%s: only %d steps", g.ID, len(g.Steps))
		}
		for i, s := range g.Steps {
			for _, text := range []string{s.Text, s.Detail} {
				if text != "" && !strings.HasSuffix(text, ".") && !strings.HasSuffix(text, "…") {
					t.Errorf("%s step %d: %q does not end a sentence", g.ID, i+1, text)
				}
			}
			if s.Text == "" {
				t.Errorf("%s step %d is empty", g.ID, i+1)
			}
		}
	}
	if want := []string{"outlook", "apple-mail", "thunderbird", "other"}; !slices.Equal(ids, want) {
		t.Errorf("guides %v, want %v", ids, want)
	}
}

// Each program guide must carry the settings the ports table promises.
func TestGuidesCarryThePorts(t *testing.T) {
	want := map[string][]string{
		"outlook":     {"143", "587", "TLS", "STARTTLS", "More Settings", "Advanced"},
		"apple-mail":  {"143", "587", "Use TLS/SSL", "Edit SMTP Server List", "Advanced"},
		"thunderbird": {"143", "110", "587", "STARTTLS", "Outgoing Server (SMTP)"},
		"other":       {"143", "993", "110", "995", "587", "STARTTLS", "SSL"},
	}
	for id, words := range want {
		g, ok := ByID(id)
		if !ok {
			t.Fatalf("no guide %q", id)
		}
		var all strings.Builder
		for _, s := range g.Steps {
			all.WriteString(s.Text + " " + s.Detail + " ")
		}
		for _, w := range words {
			if !strings.Contains(all.String(), w) {
				t.Errorf("%s: steps never mention %q", id, w)
			}
		}
	}
}

func TestOtherGuideDefersToTheDesk(t *testing.T) {
	g, _ := ByID("other")
	n := 0
	for _, s := range g.Steps {
		if s.Contact {
			n++
		}
	}
	if n != 1 || !g.Steps[len(g.Steps)-1].Contact {
		t.Errorf("want exactly one contact step, last; got %d", n)
	}
	// Phone numbers come from the provider profile, never from this data.
	phone := regexp.MustCompile(`\d{3,}[ -]?\d{3,}`)
	if m := phone.FindString(string(guideJSON)); m != "" {
		t.Errorf("guide data holds what looks like a phone number: %q", m)
	}
}

func TestByID(t *testing.T) {
	if _, ok := ByID("lotus"); ok {
		t.Error("found a guide that does not exist")
	}
	g, _ := ByID("outlook")
	g.Steps[0].Text = "changed"
	if again, _ := ByID("outlook"); again.Steps[0].Text == "changed" {
		t.Error("ByID hands out the shared steps")
	}
}

// Guide ids line up with the client ids the originality check's advice uses, so the UI can
// jump from one to the other.
func TestIDsMatchGuidance(t *testing.T) {
	for _, g := range Guides() {
		if g.ID == "other" {
			continue
		}
		if _, ok := guidance.ByID(g.ID); !ok {
			t.Errorf("guide %q has no matching guidance client", g.ID)
		}
	}
}
