package plain

import (
	"fmt"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/fault"
	"github.com/reportmail/reportmail/internal/intake"
)

// A recovered panic, however deeply wrapped, reads as the one reassuring sentence and never
// as Go's text.
func TestRecoveredPanicIsOnePlainSentence(t *testing.T) {
	var err error
	func() {
		defer fault.Recover("intake", &err)
		panic("assignment to entry in nil map")
	}()
	for _, e := range []error{err, fmt.Errorf("checking: %w", err), &intake.FileError{Path: "a.eml", Err: err}} {
		got := Sentence(e)
		if !strings.HasPrefix(got, "Something went wrong reading this file.") || strings.Contains(got, "nil map") || strings.Contains(got, "intake") {
			t.Errorf("Sentence(%v) = %q", e, got)
		}
	}
}
