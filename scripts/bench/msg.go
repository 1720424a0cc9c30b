package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// msgCorpus is the shared corpus of Outlook .msg files, seen from the repository root
// (where `make bench` runs).
const msgCorpus = "../shared/corpus/msg"

// convertLoop converts each file named after the script's name argument, one process per
// file, into the folder in $OUT. Both sides run the same loop, so both pay the same process
// start-up per file; "true" at the end keeps a file either side refuses (an Outlook contact,
// a file that is not a .msg) from failing the run; what either side says about a refused
// file is discarded.
const convertLoop = `for f in "$@"; do %s; done; true`

// msgComparison converts every .msg of the corpus with our command-line tool and with
// msgconvert (Email::Outlook::Message, the Debian converter).
func msgComparison(work, cli string) comparison {
	files, err := filepath.Glob(filepath.Join(msgCorpus, "*.msg"))
	if err != nil || len(files) == 0 {
		fail(err)
	}
	var size int64
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			fail(err)
		}
		size += st.Size()
	}
	mc, err := exec.LookPath("msgconvert")
	if err != nil {
		fail(err) // `make bench` installs it (libemail-outlook-message-perl)
	}
	oursDir, refDir := filepath.Join(work, "msg-ours"), filepath.Join(work, "msg-ref")
	for _, d := range []string{oursDir, refDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			fail(err)
		}
	}
	ours := fmt.Sprintf(convertLoop, `"$CLI" convert "$f" -o "$OUT/${f##*/}.eml" 2>/dev/null`)
	ref := fmt.Sprintf(convertLoop, `"$MC" --outfile "$OUT/${f##*/}.eml" "$f" 2>/dev/null`)
	return comparison{
		name:     fmt.Sprintf("convert %d Outlook .msg files vs msgconvert", len(files)),
		goal:     0.2,
		ours:     append([]string{"env", "CLI=" + cli, "OUT=" + oursDir, "sh", "-c", ours, "sh"}, files...),
		ref:      append([]string{"env", "MC=" + mc, "OUT=" + refDir, "sh", "-c", ref, "sh"}, files...),
		dataSize: size,
		memGoal:  0,
	}
}
