package provider

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestBuiltInReplySettings(t *testing.T) {
	p := Default()
	if p.CasePattern != DefaultCasePattern {
		t.Errorf("smx.json case_pattern = %q, want DefaultCasePattern %q", p.CasePattern, DefaultCasePattern)
	}
	if strings.Join(p.ReplyProblems(), "|") != strings.Join(DefaultReplyProblems, "|") {
		t.Errorf("smx.json reply_problem = %q, want DefaultReplyProblems", p.ReplyProblem)
	}
	if got := p.CaseRegexp().FindStringSubmatch("Re: x [Case #123456]"); len(got) != 2 || got[1] != "123456" {
		t.Errorf("CaseRegexp on a subject: %q", got)
	}
}

func TestReplySettingsValidated(t *testing.T) {
	cases := []struct {
		name, field string
		set         func(m map[string]any)
	}{
		{"no group", "case_pattern", func(m map[string]any) { m["case_pattern"] = `case \d+` }},
		{"two groups", "case_pattern", func(m map[string]any) { m["case_pattern"] = `(case) (\d+)` }},
		{"does not compile", "case_pattern", func(m map[string]any) { m["case_pattern"] = `case (\d+` }},
		{"too long", "case_pattern", func(m map[string]any) { m["case_pattern"] = "(" + strings.Repeat("a", 1001) + ")" }},
		{"empty phrase", "reply_problem[1]", func(m map[string]any) { m["reply_problem"] = []string{"could not read", " "} }},
		{"control character", "reply_problem[0]", func(m map[string]any) { m["reply_problem"] = []string{"could not\nread"} }},
	}
	for _, c := range cases {
		var m map[string]any
		if err := json.Unmarshal(smxJSON, &m); err != nil {
			t.Fatal(err)
		}
		c.set(m)
		b, _ := json.Marshal(m)
		_, err := Parse(b)
		var pe *Error
		if !errors.As(err, &pe) || !errors.Is(err, ErrInvalid) || pe.Field != c.field {
			t.Errorf("%s: err = %v, want ErrInvalid in %s", c.name, err, c.field)
		}
	}
}

func TestReplySettingsDefaultWhenMissing(t *testing.T) {
	var m map[string]any
	if err := json.Unmarshal(smxJSON, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "case_pattern")
	delete(m, "reply_problem")
	b, _ := json.Marshal(m)
	p, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if p.CaseRegexp().String() != DefaultCasePattern || len(p.ReplyProblems()) != len(DefaultReplyProblems) {
		t.Errorf("a profile without reply settings should use the defaults: %q %q", p.CaseRegexp(), p.ReplyProblems())
	}
}
