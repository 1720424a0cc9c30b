//go:build !unix

package oauthserver

import "testing"

// The mail stack (and so the fixed introspection port) exists only on Unix systems.
func lockFixedPort(testing.TB) {}
