package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// sevenZip finds 7-Zip under the names distributions give it (Debian 12's 7zip package
// installs only 7zz).
func sevenZip() string {
	for _, n := range []string{"7z", "7zz", "7za"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	fail(fmt.Errorf("7-Zip is not installed (Debian: apt-get install 7zip)"))
	return ""
}

// zipComparison zips a 25 MB delivered message with the password "infected" (ZipCrypto,
// Deflate) beside 7-Zip doing the same: `7z a -tzip -p…`. 7-Zip adds to an archive that
// exists, so every run of either side starts by removing its output and does the same work.
// A first run of each checks that both archives open with the password and prints the
// sizes.
func zipComparison(work, cli string) comparison {
	sample := filepath.Join(work, "sample-25mb.eml")
	data := deliveredMessage(25 << 20)
	if err := os.WriteFile(sample, data, 0o644); err != nil {
		fail(err)
	}
	sz := sevenZip()
	ours, ref := filepath.Join(work, "ours.zip"), filepath.Join(work, "7zip.zip")
	fresh := func(out string, argv ...string) []string {
		return append([]string{"/bin/sh", "-c", `rm -f "$0" && exec "$@"`, out}, argv...)
	}
	c := comparison{
		name:     "zip a 25 MB sample vs 7-Zip (ZipCrypto)",
		goal:     0.5,
		ours:     fresh(ours, cli, "zip", "--password", "infected", sample, "-o", ours),
		ref:      fresh(ref, sz, "a", "-tzip", "-pinfected", ref, sample),
		dataSize: int64(len(data)),
		memGoal:  0, // not judged: the zip is built in memory by design (no sample on disk in clear)
	}

	size := func(argv []string, out string) int64 {
		if b, err := exec.Command(argv[0], argv[1:]...).CombinedOutput(); err != nil {
			fail(fmt.Errorf("%v: %v\n%s", argv, err, b))
		}
		if b, err := exec.Command(sz, "t", "-pinfected", out).CombinedOutput(); err != nil {
			fail(fmt.Errorf("7-Zip cannot open %s with the password: %v\n%s", out, err, b))
		}
		st, err := os.Stat(out)
		if err != nil {
			fail(err)
		}
		return st.Size()
	}
	o, r := size(c.ours, ours), size(c.ref, ref)
	fmt.Printf("zip sizes: ours %d bytes (%.1f %%), 7-Zip %d bytes (%.1f %%) of %d\n",
		o, 100*float64(o)/float64(len(data)), r, 100*float64(r)/float64(len(data)), len(data))
	return c
}
