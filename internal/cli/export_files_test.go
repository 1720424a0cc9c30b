package cli

// RunWithStdin is Run with standard input given, for tests of FILE "-".
var RunWithStdin = run
