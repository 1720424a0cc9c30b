package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// windowComparison times exec → a mapped window under Xvfb: Report Mail beside a bare Fyne
// hello window built the same way. It returns nothing when no X server can be started.
func windowComparison(work string) []comparison {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		fmt.Println("(window start-up skipped: Xvfb is not installed)")
		return nil
	}
	app := filepath.Join(work, "reportmail")
	hello := filepath.Join(work, "hello")
	for _, b := range [][2]string{{app, "./cmd/reportmail"}, {hello, "./scripts/bench/hello"}} {
		if out, err := exec.Command("go", "build", "-o", b[0], b[1]).CombinedOutput(); err != nil {
			fail(fmt.Errorf("building %s: %v\n%s", b[1], err, out))
		}
	}
	// -displayfd lets Xvfb pick a free display and tell us which.
	x := exec.Command("Xvfb", "-displayfd", "1", "-screen", "0", "1280x860x24", "-nolisten", "tcp")
	out, err := x.StdoutPipe()
	if err != nil {
		fail(err)
	}
	if err := x.Start(); err != nil {
		fail(err)
	}
	cleanups = append(cleanups, func() { x.Process.Kill(); x.Wait() })
	var n int
	if _, err := fmt.Fscan(out, &n); err != nil {
		fail(fmt.Errorf("xvfb did not start: %v", err))
	}
	display := fmt.Sprintf(":%d", n)

	home := filepath.Join(work, "home")
	timer := func(argv []string) sample { return timeWindow(argv, display, home) }
	return []comparison{{
		name:  "open the window (exec → mapped) vs a bare Fyne window",
		goal:  1.5,
		ours:  []string{app, "Report Mail"},
		ref:   []string{hello, "Hello Bench"},
		timer: timer,
	}}
}

// timeWindow starts argv[0] and waits for a visible window titled argv[1]; best of runs.
func timeWindow(argv []string, display, home string) sample {
	var best sample
	for range runs {
		cmd := exec.Command(argv[0])
		cmd.Env = append(os.Environ(), "DISPLAY="+display, "HOME="+home, "LANG=en_US.UTF-8")
		start := time.Now()
		if err := cmd.Start(); err != nil {
			fail(err)
		}
		var wall time.Duration
		for {
			search := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^"+argv[1]+"$")
			search.Env = cmd.Env
			out, _ := search.Output()
			if strings.TrimSpace(string(out)) != "" {
				wall = time.Since(start)
				break
			}
			if time.Since(start) > 30*time.Second {
				fail(fmt.Errorf("%s: no window after 30 s", argv[0]))
			}
			time.Sleep(5 * time.Millisecond)
		}
		rss := rssOf(cmd.Process.Pid)
		cmd.Process.Kill()
		cmd.Wait()
		if best.wall == 0 || wall < best.wall {
			best.wall = wall
		}
		best.rss = max(best.rss, rss)
	}
	return best
}

// rssOf reads a running process's peak resident set from /proc.
func rssOf(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(l, "VmHWM:"), "kB")), &kb)
			return kb * 1024
		}
	}
	return 0
}
