package cli

// QuickRetries lets the external tests shorten the waits between a command's own attempts.
var QuickRetries = &quickRetries
