// Command bench (run by `make bench`) measures Report Mail beside the reference tools in one
// run and prints ratios, which stay meaningful on any machine, plus our peak memory.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// comparison is one line of the report: our command beside the reference doing the same job.
type comparison struct {
	name     string
	goal     float64 // highest acceptable ours/reference time ratio
	ours     []string
	ref      []string
	dataSize int64 // bytes of input, to relate peak memory to it
	memGoal  float64
	// timer measures one side when wall time to exit is not the point (a window's start-up);
	// nil means measure.
	timer func(argv []string) sample
}

type sample struct {
	wall time.Duration
	rss  int64 // peak resident set, bytes
}

const runs = 5

// cleanups run when the bench ends (servers it started).
var cleanups []func()

func main() {
	// -only runs the comparisons whose key (check, zip, submit, mailbox, window, probe, badinput, notice, msg)
	// is listed, so one goal can be worked on without the rest of the run.
	only := flag.String("only", "", "comma-separated comparisons to run (default all)")
	flag.Parse()
	want := func(key string) bool {
		return *only == "" || strings.Contains(","+*only+",", ","+key+",")
	}
	work, err := os.MkdirTemp("", "reportmail-bench-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(work)
	defer func() {
		for _, f := range cleanups {
			f()
		}
	}()
	cli, err := filepath.Abs("bin/reportmail-cli")
	if err != nil {
		fail(err)
	}

	var cs []comparison
	if want("check") {
		cs = append(cs, checkComparison(work, cli))
	}
	if want("zip") {
		cs = append(cs, zipComparison(work, cli))
	}
	if want("submit") {
		cs = append(cs, submitComparison(work, cli))
	}
	if want("window") {
		cs = append(cs, windowComparison(work)...)
	}
	if want("mailbox") {
		cs = append(cs, mailboxComparison(work, cli))
	}
	if want("probe") {
		cs = append(cs, probeComparison(work, cli))
	}
	if want("badinput") {
		cs = append(cs, badInputComparisons(work, cli)...)
	}
	switch _, err := os.Stat(noticeCorpus); {
	case !want("notice"):
	case err == nil:
		cs = append(cs, noticeComparison(work, cli))
	default:
		fmt.Printf("skipping the rejection-notice comparison: no corpus at %s\n", noticeCorpus)
	}
	switch _, err := os.Stat(msgCorpus); {
	case !want("msg"):
	case err == nil:
		cs = append(cs, msgComparison(work, cli))
	default:
		fmt.Printf("skipping the .msg comparison: no corpus at %s\n", msgCorpus)
	}

	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "benchmark\tours\treference\tratio\tgoal\tour peak memory\t× input\tresult\t")
	failed := 0
	for _, c := range cs {
		m := measure
		if c.timer != nil {
			m = c.timer
		}
		o, r := m(c.ours), m(c.ref)
		ratio := float64(o.wall) / float64(r.wall)
		mem := 0.0
		if c.dataSize > 0 {
			mem = float64(o.rss) / float64(c.dataSize)
		}
		verdict := "ok"
		if ratio > c.goal || (c.memGoal > 0 && mem > c.memGoal) {
			verdict = "MISSED"
			failed++
		}
		fmt.Fprintf(tw, "%s\t%v\t%v\t%.3f×\t≤ %.2f×\t%.1f MB\t%.2f\t%s\t\n", c.name, o.wall.Round(time.Millisecond),
			r.wall.Round(time.Millisecond), ratio, c.goal, float64(o.rss)/1e6, mem, verdict)
	}
	tw.Flush()
	fmt.Printf("(best of %d runs each; times include process start-up for both sides)\n", runs)
	if failed > 0 {
		fmt.Printf("%d benchmark(s) missed their goal\n", failed)
	}
}

// measure runs a command several times and keeps the fastest wall time and the largest peak
// memory: the fastest run is the least disturbed by the rest of the machine. Peak memory
// comes from GNU time, because a child's own maxrss starts from the size of the process that
// forked it (this one, holding the test data).
func measure(argv []string) sample {
	var best sample
	var walls []time.Duration
	for range runs {
		mem, err := os.CreateTemp("", "bench-rss-")
		if err != nil {
			fail(err)
		}
		mem.Close()
		cmd := exec.Command("/usr/bin/time", append([]string{"-q", "-f", "%M", "-o", mem.Name()}, argv...)...)
		cmd.Stdout, cmd.Stderr = nil, os.Stderr
		start := time.Now()
		err = cmd.Run()
		wall := time.Since(start)
		if err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
				fail(fmt.Errorf("%v: %w", argv, err))
			}
		}
		walls = append(walls, wall)
		b, _ := os.ReadFile(mem.Name())
		os.Remove(mem.Name())
		var kb int64
		fmt.Sscan(string(b), &kb)
		if kb*1024 > best.rss {
			best.rss = kb * 1024
		}
	}
	sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
	best.wall = walls[0]
	return best
}

func fail(err error) {
	for _, f := range cleanups {
		f()
	}
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(2)
}
