// Command reportmail-cli is Report Mail without a window, for helpdesk scripts and tests.
// The contract is spec/cli.md; all behaviour lives in internal/cli.
package main

import (
	"os"

	"github.com/reportmail/reportmail/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
