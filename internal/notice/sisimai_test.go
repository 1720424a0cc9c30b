package notice

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/testkit/testtool"
)

// v5Only are the reasons sisimai 4 (Debian's libsisimai-perl 4.25) does not have: where the
// label is one of these, v4 cannot agree and the label (sisimai v5) is taken as right.
var v5Only = map[string]bool{"authfailure": true, "badreputation": true, "notcompliantrfc": true,
	"requireptr": true, "speeding": true, "failedstarttls": true}

// TestSisimaiReference reads the corpus with libsisimai-perl 4.25 and with Read, and reports
// where they differ and which one the v5 label agrees with, and times both readers on the
// same files (reported, never asserted). It fails when sisimai 4 no longer reads the corpus
// (an install problem), never on the comparison itself: the figures are for the note.
func TestSisimaiReference(t *testing.T) {
	perl := testtool.Find(t, "Debian: apt-get install libsisimai-perl", "perl")
	if err := exec.Command(perl, "-MSisimai", "-e", "1").Run(); err != nil {
		testtool.Missing(t, "libsisimai-perl is not installed (Debian: apt-get install libsisimai-perl)")
	}
	ls := labels(t)
	var files []string
	for _, l := range ls {
		files = append(files, l.file)
	}
	script, _ := filepath.Abs("testdata/sisimai.pl")
	cmd := exec.Command(perl, script)
	cmd.Args = append(cmd.Args, files...)
	cmd.Dir = corpusDir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("sisimai: %v\n%s", err, errb.String())
	}
	perlTime := time.Since(start)
	theirs := map[string]string{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		f, r, _ := strings.Cut(sc.Text(), "\t")
		theirs[f] = r
	}

	raws := make([][]byte, len(ls))
	for i, l := range ls {
		raws[i] = readCorpus(t, l.file)
	}
	start = time.Now()
	ours := make([]*Notice, len(ls))
	for i := range raws {
		ours[i] = Read(raws[i])
	}
	goTime := time.Since(start)

	var labelled, weAgree, theyAgree, differ, v5 int
	who := map[string]int{}
	var lines []string
	for i, l := range ls {
		if l.reasons == nil || folder(l.file) == "not" {
			continue
		}
		labelled++
		n := ours[i]
		their := strings.Split(theirs[l.file], ",")
		we, they := agrees(l.reasons, n), theyAgreeWith(l.reasons, their)
		if we {
			weAgree++
		}
		if they {
			theyAgree++
		}
		if n.Reason == their[0] {
			continue
		}
		differ++
		switch {
		case we && !they && v5Only[l.reasons[0]]:
			v5++
			who["we (v5 reason sisimai 4 lacks)"]++
		case we && !they:
			who["we"]++
		case they && !we:
			who["sisimai 4"]++
			lines = append(lines, l.file+": label "+strings.Join(l.reasons, ",")+", sisimai 4 "+theirs[l.file]+", we "+n.Reason)
		default:
			who["neither"]++
		}
	}
	t.Logf("labelled %d: we agree with the label on %d (%.1f %%), sisimai 4.25 on %d (%.1f %%)",
		labelled, weAgree, pct(weAgree, labelled), theyAgree, pct(theyAgree, labelled))
	t.Logf("we differ from sisimai 4.25 on %d; right by the label: %v", differ, who)
	sort.Strings(lines)
	if os.Getenv("NOTICE_WRONG") != "" {
		for _, s := range lines {
			t.Log(s)
		}
	}
	t.Logf("time for %d files: sisimai 4.25 %v (one perl process, start-up included), Read %v: %.0f× faster",
		len(ls), perlTime.Round(time.Millisecond), goTime.Round(time.Microsecond), float64(perlTime)/float64(goTime))
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("Go heap in use after reading them all: %.1f MiB (total allocated %.1f MiB)",
		float64(ms.HeapInuse)/(1<<20), float64(ms.TotalAlloc)/(1<<20))
	if theyAgree == 0 {
		t.Errorf("sisimai 4.25 read none of the corpus; is libsisimai-perl installed right?")
	}
}

func theyAgreeWith(want, their []string) bool {
	got := map[string]bool{}
	for _, r := range their {
		got[r] = true
	}
	for _, w := range want {
		if !got[w] {
			return false
		}
	}
	return len(their) > 0 && their[0] != ""
}
