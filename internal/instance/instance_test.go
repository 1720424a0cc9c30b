package instance

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// networks are the endpoints the app uses: Unix sockets everywhere but Windows, loopback
// TCP with the token there. Both run here, so the Windows path is tested too.
var networks = []string{"unix", "tcp"}

// shortDir is a private folder with a short path: a Unix socket's path must fit in about
// 100 bytes, and t.TempDir() names can be longer.
func shortDir(t *testing.T) string {
	t.Helper()
	d, err := os.MkdirTemp("", "rmi")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return filepath.Join(d, "i")
}

// received collects what the primary was handed.
type received struct {
	mu    sync.Mutex
	calls [][]string
	got   chan struct{}
}

func newReceived() *received { return &received{got: make(chan struct{}, 1000)} }

func (r *received) open(paths []string) {
	r.mu.Lock()
	r.calls = append(r.calls, paths)
	r.mu.Unlock()
	r.got <- struct{}{}
}

func (r *received) all() [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
}

// primary claims dir and serves until the test ends.
func primary(t *testing.T, cfg Config) (*Primary, *received) {
	t.Helper()
	p, handed, err := Claim(cfg, nil)
	if err != nil || handed || p == nil {
		t.Fatalf("first Claim: primary %v, handed over %v, err %v", p != nil, handed, err)
	}
	r := newReceived()
	done := make(chan error, 1)
	go func() { done <- p.Serve(r.open) }()
	t.Cleanup(func() {
		p.Close()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return p, r
}

func TestSecondStartHandsOverFiles(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"one relative file", []string{"testdata/a.eml"}, []string{filepath.Join(wd, "testdata/a.eml")}},
		{"absolute and relative", []string{"/tmp/x y.msg", "b.eml"}, []string{"/tmp/x y.msg", filepath.Join(wd, "b.eml")}},
		{"a newline in the name", []string{"/tmp/two\nlines.eml"}, []string{"/tmp/two\nlines.eml"}},
		{"no files: show the window", nil, []string{}},
	}
	for _, network := range networks {
		t.Run(network, func(t *testing.T) {
			cfg := Config{Dir: shortDir(t), Network: network}
			_, r := primary(t, cfg)
			for _, c := range cases {
				p, handed, err := Claim(cfg, c.paths)
				if err != nil || !handed || p != nil {
					t.Fatalf("%s: handed over %v, primary %v, err %v", c.name, handed, p != nil, err)
				}
				calls := r.all()
				if got := calls[len(calls)-1]; !slices.Equal(got, c.want) {
					t.Errorf("%s: primary got %q, want %q", c.name, got, c.want)
				}
			}
		})
	}
}

func TestCloseLetsTheNextStartBePrimary(t *testing.T) {
	cfg := Config{Dir: shortDir(t)}
	p, _, err := Claim(cfg, nil)
	if err != nil || p == nil {
		t.Fatal(err)
	}
	p.Close()
	p2, handed, err := Claim(cfg, []string{"/a.eml"})
	if err != nil || handed || p2 == nil {
		t.Fatalf("after Close: primary %v, handed over %v, err %v", p2 != nil, handed, err)
	}
	p2.Close()
}

// A copy that was killed leaves its socket and endpoint file behind; the next start must
// see that nobody holds the lock, replace them and be the primary.
func TestStaleSocketFromAKilledCopyIsReplaced(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the killed-process check runs on Unix")
	}
	dir := shortDir(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperPrimary$")
	cmd.Env = append(os.Environ(), "REPORTMAIL_INSTANCE_HELPER_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		ready <- line
	}()
	select {
	case line := <-ready:
		if strings.TrimSpace(line) != "ready" {
			t.Fatalf("helper said %q", line)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the helper primary never became ready")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	for _, name := range []string{socketName, endpointName} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Fatalf("the killed copy should have left %s behind: %v", name, err)
		}
	}
	_, r := primary(t, Config{Dir: dir})
	if _, handed, err := Claim(Config{Dir: dir}, []string{"/after.eml"}); err != nil || !handed {
		t.Fatalf("hand-over to the new primary: handed %v, err %v", handed, err)
	}
	if got := r.all(); len(got) != 1 || !slices.Equal(got[0], []string{"/after.eml"}) {
		t.Errorf("new primary got %q", got)
	}
}

// TestHelperPrimary is the process TestStaleSocketFromAKilledCopyIsReplaced kills.
func TestHelperPrimary(t *testing.T) {
	dir := os.Getenv("REPORTMAIL_INSTANCE_HELPER_DIR")
	if dir == "" {
		t.Skip("run by TestStaleSocketFromAKilledCopyIsReplaced")
	}
	p, _, err := Claim(Config{Dir: dir}, nil)
	if err != nil || p == nil {
		fmt.Println("failed", err)
		os.Exit(1)
	}
	go p.Serve(func([]string) {})
	fmt.Println("ready")
	time.Sleep(time.Hour) // killed long before
}

func TestConcurrentSecondStarts(t *testing.T) {
	for _, network := range networks {
		t.Run(network, func(t *testing.T) {
			cfg := Config{Dir: shortDir(t), Network: network, Timeout: 20 * time.Second}
			_, r := primary(t, cfg)
			const n = 20
			var wg sync.WaitGroup
			errs := make(chan error, n)
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, handed, err := Claim(cfg, []string{fmt.Sprintf("/f%02d.eml", i)}); err != nil || !handed {
						errs <- fmt.Errorf("start %d: handed %v, err %v", i, handed, err)
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			var got []string
			for _, c := range r.all() {
				got = append(got, c...)
			}
			slices.Sort(got)
			if len(got) != n || got[0] != "/f00.eml" || got[n-1] != fmt.Sprintf("/f%02d.eml", n-1) {
				t.Errorf("primary got %d files: %q", len(got), got)
			}
		})
	}
}

// Several copies started at once (a person selecting ten files and pressing Enter): exactly
// one becomes the primary, the rest hand their files to it.
func TestConcurrentFirstStartsMakeOnePrimary(t *testing.T) {
	cfg := Config{Dir: shortDir(t), Timeout: 20 * time.Second}
	const n = 10
	r := newReceived()
	var (
		mu        sync.Mutex
		primaries []*Primary
		wg        sync.WaitGroup
	)
	serveDone := make(chan error, n)
	handed := make(chan bool, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, h, err := Claim(cfg, []string{fmt.Sprintf("/s%d.eml", i)})
			if err != nil {
				t.Errorf("start %d: %v", i, err)
				return
			}
			if p != nil {
				mu.Lock()
				primaries = append(primaries, p)
				mu.Unlock()
				go func() { serveDone <- p.Serve(r.open) }()
			}
			handed <- h
		}()
	}
	wg.Wait()
	close(handed)
	count := 0
	for h := range handed {
		if h {
			count++
		}
	}
	if len(primaries) != 1 || count != n-1 {
		t.Fatalf("%d primaries and %d hand-overs, want 1 and %d", len(primaries), count, n-1)
	}
	primaries[0].Close()
	if err := <-serveDone; err != nil {
		t.Error(err)
	}
	if got := len(r.all()); got != n-1 {
		t.Errorf("primary was handed %d starts, want %d", got, n-1)
	}
}

// send writes raw bytes to the primary's endpoint, as a program other than Report Mail
// might, and returns the answer.
func send(t *testing.T, cfg Config, data []byte) string {
	t.Helper()
	network, addr, _, err := readEndpoint(filepath.Join(cfg.Dir, endpointName))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.DialTimeout(network, addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	conn.Write(data) // the primary may stop reading early: the answer is what counts
	if cw, ok := conn.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	reply, _ := io.ReadAll(io.LimitReader(conn, 64))
	return strings.TrimSpace(string(reply))
}

func TestPrimaryRefusesWhatItShouldNotTake(t *testing.T) {
	for _, network := range networks {
		t.Run(network, func(t *testing.T) {
			cfg := Config{Dir: shortDir(t), Network: network, MaxSize: 4096}
			p, r := primary(t, cfg)
			good := func(paths string) []byte {
				return []byte(`{"token":"` + p.token + `","paths":` + paths + `}`)
			}
			cases := []struct {
				name string
				data []byte
			}{
				{"no token", []byte(`{"paths":["/a.eml"]}`)},
				{"wrong token", []byte(`{"token":"` + strings.Repeat("0", 64) + `","paths":["/a.eml"]}`)},
				{"relative path", good(`["a.eml"]`)},
				{"empty path", good(`[""]`)},
				{"NUL in a path", good(`["/a\u0000.eml"]`)},
				{"not JSON", []byte("/a.eml\n")},
				{"over the size limit", append(good(`["/`+strings.Repeat("a", 5000)+`"]`), ' ')},
				{"endless input", []byte(strings.Repeat("x", 1<<20))},
			}
			for _, c := range cases {
				if got := send(t, cfg, c.data); got != replyBad {
					t.Errorf("%s: answer %q, want %q", c.name, got, replyBad)
				}
			}
			if got := r.all(); len(got) != 0 {
				t.Errorf("refused messages still opened %q", got)
			}
			if got := send(t, cfg, good(`["/ok.eml"]`)); got != replyOK {
				t.Errorf("good message after the bad ones: answer %q", got)
			}
		})
	}
}

func TestTooManyFilesIsToldToTheSecondStart(t *testing.T) {
	cfg := Config{Dir: shortDir(t), MaxSize: 1024}
	_, r := primary(t, cfg)
	many := make([]string, 100)
	for i := range many {
		many[i] = fmt.Sprintf("/some/folder/message-%03d.eml", i)
	}
	_, handed, err := Claim(cfg, many)
	if handed || !errors.Is(err, ErrTooLarge) {
		t.Errorf("handed %v, err %v, want ErrTooLarge", handed, err)
	}
	if len(r.all()) != 0 {
		t.Error("the primary was handed part of the files")
	}
}

// A client that connects and says nothing must not keep the primary from the next start.
func TestSilentClientTimesOutAndTheNextIsServed(t *testing.T) {
	cfg := Config{Dir: shortDir(t), Timeout: 300 * time.Millisecond}
	_, r := primary(t, cfg)
	network, addr, _, err := readEndpoint(filepath.Join(cfg.Dir, endpointName))
	if err != nil {
		t.Fatal(err)
	}
	for range 10 { // more than the primary serves at once
		c, err := net.Dial(network, addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	cfg.Timeout = 20 * time.Second // the real start waits as long as a person would
	if _, handed, err := Claim(cfg, []string{"/next.eml"}); err != nil || !handed {
		t.Fatalf("handed %v, err %v", handed, err)
	}
	if got := r.all(); len(got) != 1 || got[0][0] != "/next.eml" {
		t.Errorf("primary got %q", got)
	}
}

// A primary that holds the lock but never answers (hung): the second start gives up at its
// deadline with ErrNoAnswer, and the app opens its own window.
func TestHungPrimaryGivesNoAnswer(t *testing.T) {
	cfg := Config{Dir: shortDir(t), Timeout: 200 * time.Millisecond}
	p, _, err := Claim(cfg, nil)
	if err != nil || p == nil {
		t.Fatal(err)
	}
	defer p.Close() // never serves
	_, handed, err := Claim(cfg, []string{"/a.eml"})
	if handed || !errors.Is(err, ErrNoAnswer) {
		t.Errorf("handed %v, err %v, want ErrNoAnswer", handed, err)
	}
}

func TestFolderMustBePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix permissions")
	}
	base := t.TempDir()
	open := filepath.Join(base, "open")
	if err := os.Mkdir(open, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(open, 0o755) // whatever the umask
	real := filepath.Join(base, "real")
	os.Mkdir(real, 0o700)
	link := filepath.Join(base, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(base, "file")
	os.WriteFile(file, nil, 0o600)
	cases := map[string]string{"readable by others": open, "a symbolic link": link, "a file": file}
	if os.Geteuid() == 0 {
		other := filepath.Join(base, "other")
		os.Mkdir(other, 0o700)
		if err := os.Chown(other, 65534, 65534); err == nil {
			cases["another user's"] = other
		}
	}
	for name, dir := range cases {
		if _, _, err := Claim(Config{Dir: dir}, nil); !errors.Is(err, ErrUnsafeDir) {
			t.Errorf("%s folder: err %v, want ErrUnsafeDir", name, err)
		}
	}
}

func TestDefaultDirIsTheUsersRuntimeDirForThisDisplay(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix layout")
	}
	rt := t.TempDir()
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("DISPLAY", ":99.0")
	t.Setenv("XDG_RUNTIME_DIR", rt)
	if d, _ := DefaultDir(); d != filepath.Join(rt, "reportmail-_99.0") {
		t.Errorf("DefaultDir %q with XDG_RUNTIME_DIR %q", d, rt)
	}
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "wayland-1")
	t.Setenv("XDG_RUNTIME_DIR", "")
	want := filepath.Join(os.TempDir(), fmt.Sprintf("reportmail-%d-wayland-1", os.Getuid()))
	if d, _ := DefaultDir(); d != want {
		t.Errorf("DefaultDir %q without XDG_RUNTIME_DIR, want %q", d, want)
	}
	t.Setenv("WAYLAND_DISPLAY", "../../etc")
	if d, _ := DefaultDir(); filepath.Dir(d) != os.TempDir() {
		t.Errorf("a display name left the temporary folder: %q", d)
	}
}

// FuzzParse: whatever arrives, the primary answers yes or no without panicking, and says
// yes only to its own token and absolute paths.
func FuzzParse(f *testing.F) {
	p := &Primary{cfg: Config{MaxSize: 1 << 16}, token: "t0ken"}
	for _, s := range []string{
		`{"token":"t0ken","paths":["/a.eml"]}`, `{"token":"t0ken","paths":[]}`, `{"token":"t0ken"}`,
		`{"token":"t0ken","paths":["a.eml"]}`, `{"token":"x","paths":["/a"]}`, `{"paths":["/a"]}`,
		`{"token":"t0ken","paths":["/a\u0000"]}`, `[]`, `null`, ``, "\xff\xfe",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		paths, ok := p.parse(data)
		if !ok {
			return
		}
		var m message
		if json.Unmarshal(data, &m) != nil || m.Token != "t0ken" {
			t.Fatalf("accepted without the token: %q", data)
		}
		for _, path := range paths {
			if !filepath.IsAbs(path) || strings.ContainsRune(path, 0) {
				t.Fatalf("accepted path %q", path)
			}
		}
	})
}
