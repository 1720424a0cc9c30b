package check

import (
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/summary"
)

// parseHeader is the summary's reading of the header, so that the verdict and the summary
// shown beside it are about the same fields.
func parseHeader(raw []byte) *mailmsg.Header { return summary.Header(raw) }

// present reports whether the header has a field called name with something in it: an empty
// "From:" names no sender, as a text rendering writes it.
func present(h *mailmsg.Header, name string) bool {
	return h.Get(name) != ""
}
