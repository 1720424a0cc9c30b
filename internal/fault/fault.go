// Package fault is the last line of defence at the entry points of the packages that read
// files people give us (intake, check, report): a panic there is a bug, and it must come
// back as an error the program can put in one plain sentence, not end the program or take
// the window down with everything else the user was doing.
package fault

import (
	"errors"
	"fmt"
	"runtime/debug"
)

// ErrInternal is what errors.Is finds in every error made from a panic. internal/plain turns
// it into "Something went wrong reading this file."
var ErrInternal = errors.New("internal error")

// Error is a recovered panic: where it was caught, what was thrown and the stack, for the
// log and whoever fixes the bug.
type Error struct {
	Where string
	Value any
	Stack []byte
}

func (e *Error) Error() string { return fmt.Sprintf("%s: internal error: %v", e.Where, e.Value) }

func (e *Error) Is(target error) bool { return target == ErrInternal }

// Recover is deferred by an entry point with a named error result:
//
//	defer fault.Recover("intake", &err)
//
// It must be the deferred function itself, or recover would not see the panic.
func Recover(where string, err *error) {
	if v := recover(); v != nil {
		*err = &Error{Where: where, Value: v, Stack: debug.Stack()}
	}
}
