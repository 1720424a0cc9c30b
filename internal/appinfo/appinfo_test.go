package appinfo

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMatchesFyneAppToml keeps FyneApp.toml, which Fyne's packager reads, in step with the
// version the app reports; they were separate literals in three places before.
func TestMatchesFyneAppToml(t *testing.T) {
	details := readDetails(t, filepath.Join("..", "..", "FyneApp.toml"))
	for _, c := range []struct{ key, want string }{{"Name", Name}, {"Version", Version}, {"ID", ID}} {
		if got, ok := details[c.key]; !ok || got != c.want {
			t.Errorf("FyneApp.toml [Details] %s = %q, appinfo has %q", c.key, got, c.want)
		}
	}
}

// readDetails reads the string keys of FyneApp.toml's [Details] table. The file is flat
// key = "value" lines, so a TOML library would add a dependency for nothing.
func readDetails(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("FyneApp.toml should be at the repository root: %v", err)
	}
	defer f.Close()
	out := map[string]string{}
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			in = line == "[Details]"
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !in || !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			out[strings.TrimSpace(k)] = v[1 : len(v)-1]
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestVersionIsSet(t *testing.T) {
	if strings.TrimSpace(Version) == "" || strings.ContainsAny(Version, " \t\r\n") {
		t.Errorf("Version %q", Version)
	}
}

// A release build stamps the version with -ldflags -X; this is the path the Makefile or a
// packager must name, so a rename of the package or variable shows up here.
func TestLdflagsOverride(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build with")
	}
	bin := filepath.Join(t.TempDir(), "printversion")
	build := exec.Command(gobin, "build", "-o", bin,
		"-ldflags", "-X github.com/reportmail/reportmail/internal/appinfo.Version=9.8.7-test",
		"./testdata/printversion")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != "9.8.7-test" {
		t.Errorf("stamped version %q", got)
	}
}

// The Makefile and scripts/package.sh stamp the version that scripts/package-version.sh
// reads from FyneApp.toml; if it read something else, every package would disagree with
// the About box.
func TestPackageVersionScriptReadsFyneAppToml(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash to run the script")
	}
	out, err := exec.Command(filepath.Join("..", "..", "scripts", "package-version.sh")).Output()
	if err != nil {
		t.Fatalf("scripts/package-version.sh: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != Version {
		t.Errorf("scripts/package-version.sh says %q, appinfo.Version is %q", got, Version)
	}
}
