//go:build race

package dkim

const raceEnabled = true
