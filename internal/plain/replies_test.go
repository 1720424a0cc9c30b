package plain

import (
	"strings"
	"testing"
)

func TestReplyWords(t *testing.T) {
	if got := ReplyLine("123456", "4 Dec 2026, 16:02"); got != "Case 123456 · replied 4 Dec 2026, 16:02" {
		t.Errorf("ReplyLine = %q", got)
	}
	if got := ReplyLine(" ", "4 Dec 2026, 16:02"); got != "The support desk replied 4 Dec 2026, 16:02" {
		t.Errorf("ReplyLine without a case = %q", got)
	}
	for _, c := range []string{"", "123456"} {
		s := ReplyProblem(c)
		if strings.Count(s, ".") != 1 || !strings.HasSuffix(s, ".") || !strings.Contains(s, "report the email again") {
			t.Errorf("ReplyProblem(%q) = %q: want one sentence that says what to do", c, s)
		}
		if c != "" && !strings.Contains(s, "case "+c) {
			t.Errorf("ReplyProblem(%q) does not name the case: %q", c, s)
		}
	}
}
