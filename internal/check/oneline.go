package check

import "github.com/reportmail/reportmail/internal/mailmsg"

// OneLine is how any text from outside (a subject, a sender, a file name) is made safe to
// print: white space collapsed, control characters dropped (a file name holding an escape
// sequence could otherwise recolour or rewrite the terminal), invalid UTF-8 shown as U+FFFD.
// It is mailmsg.OneLine, kept here while the packages that print summaries move to it.
func OneLine(s string) string { return mailmsg.OneLine(s) }
