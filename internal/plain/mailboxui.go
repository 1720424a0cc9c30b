package plain

import "fmt"

// The window's sentences for moving reported messages (Report tab, "Choose from my mailbox").

// MovedAllTo: n messages were moved to folder once their reports were accepted.
func MovedAllTo(n int, folder string) string {
	return fmt.Sprintf("Moved the %d messages to %s.", n, folderWords(folder))
}

// MovedSomeTo: the move stopped part-way; the report was sent all the same.
func MovedSomeTo(moved, total int, folder string) string {
	return fmt.Sprintf("The reports were sent, but only %d of the %d messages could be moved to %s; move the others yourself in your mail program.", moved, total, folderWords(folder))
}
