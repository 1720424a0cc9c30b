// Command printversion prints appinfo.Version, for the test that stamps it with -ldflags.
package main

import (
	"fmt"

	"github.com/reportmail/reportmail/internal/appinfo"
)

func main() { fmt.Println(appinfo.Version) }
