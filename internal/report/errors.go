package report

import "errors"

// The errors Build returns, for errors.Is. Each reads as a plain sentence fragment; details
// follow a colon. Zip problems come back as samplezip's own errors.
var (
	ErrKind       = errors.New("the report type must be false negative, false positive or virus")
	ErrFrom       = errors.New("your email address is not one a report can be sent from")
	ErrTo         = errors.New("the support address is not one a report can be sent to")
	ErrNoOriginal = errors.New("there is no message to report")
)
