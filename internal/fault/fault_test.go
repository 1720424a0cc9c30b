package fault

import (
	"errors"
	"strings"
	"testing"
)

func TestRecover(t *testing.T) {
	f := func(crash bool) (n int, err error) {
		defer Recover("here", &err)
		if crash {
			var s []int
			_ = s[3]
		}
		return 1, nil
	}
	if n, err := f(false); n != 1 || err != nil {
		t.Fatalf("no panic: %d %v", n, err)
	}
	_, err := f(true)
	var fe *Error
	if !errors.Is(err, ErrInternal) || !errors.As(err, &fe) || fe.Where != "here" || len(fe.Stack) == 0 ||
		!strings.Contains(err.Error(), "index out of range") {
		t.Fatalf("panic came back as %v", err)
	}
}
