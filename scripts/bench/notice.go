package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

// noticeCorpus is the shared corpus of rejection notices, seen from the repository root.
const noticeCorpus = "../shared/corpus/bounce"

// noticeComparison reads every notice of the corpus in one process with our command-line
// tool and with Debian's libsisimai-perl (the same script the notice package's reference
// test runs), so both pay one start-up and the rest is reading.
func noticeComparison(work, cli string) comparison {
	files, err := filepath.Glob(filepath.Join(noticeCorpus, "*", "*.eml"))
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
	perl, err := exec.LookPath("perl")
	if err != nil {
		fail(err)
	}
	out := filepath.Join(work, "notices.json")
	return comparison{
		name:     "read " + strconv.Itoa(len(files)) + " rejection notices vs libsisimai-perl",
		goal:     0.1,
		ours:     append([]string{"sh", "-c", `"$0" bounce --json "$@" >` + out + ` 2>/dev/null; true`, cli}, files...),
		ref:      append([]string{"sh", "-c", `"$0" internal/notice/testdata/sisimai.pl "$@" >/dev/null 2>&1; true`, perl}, files...),
		dataSize: size,
	}
}
