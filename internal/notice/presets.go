package notice

import (
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// presets are MTA-specific decisions that the words alone would not give, as sisimai's
// lhost readers make them: a field of the notice's header holding a value decides the
// reason for every recipient.
var presets = []struct{ field, contains, reason, source string }{
	// Google Groups refuses a post in the poster's language, with no code: sisimai
	// Lhost::GoogleGroups calls every such notice rejected.
	{"X-Failed-Recipients", "@googlegroups.com", "rejected", "Google Groups"},
}

func preset(h *mailmsg.Header) string {
	for _, p := range presets {
		for _, f := range h.All(p.field) {
			if strings.Contains(strings.ToLower(f.Value()), p.contains) {
				return p.reason
			}
		}
	}
	return ""
}
