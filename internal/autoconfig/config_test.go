package autoconfig

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func serverList(list []Server) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.String()+" user="+s.Username)
	}
	return out
}

func TestParseFiles(t *testing.T) {
	for _, tc := range []struct {
		file     string
		addr     string
		incoming []string
		outgoing []string
		unsafe   int
		name     string
		bad      bool
	}{
		{file: "ispdb-shape.xml", addr: "Kate.Smith@Example.TEST", name: "Example Mail Service",
			incoming: []string{"imap imap.example.test:993 SSL user=Kate.Smith@example.test", "pop3 pop.example.test:995 SSL user=Kate.Smith"},
			outgoing: []string{"smtp smtp.example.test:587 STARTTLS user=Kate.Smith@example.test"}},
		{file: "plain-mixed.xml", addr: "bob@small.test", name: "Small Host", unsafe: 2,
			incoming: []string{"imap mail.small.test:143 STARTTLS user=bob"},
			outgoing: []string{"smtp mail.small.test:465 SSL user=bob"}},
		{file: "only-plain.xml", addr: "amy@old.test", unsafe: 2},
		{file: "junk-values.xml", addr: "x@junk.test", incoming: []string{"imap imap.junk.test:993 SSL user="}},
		{file: "exchange-only.xml", addr: "x@corp.test", bad: true},
		{file: "truncated.xml", addr: "x@broken.test", bad: true},
		{file: "html-page.xml", addr: "x@example.test", bad: true},
	} {
		t.Run(tc.file, func(t *testing.T) {
			c, err := Parse(readTestdata(t, tc.file), tc.addr)
			if tc.bad {
				var fe *FileError
				if !errors.Is(err, ErrBadFile) || !errors.As(err, &fe) {
					t.Fatalf("err = %v, want a *FileError wrapping ErrBadFile", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := serverList(c.Incoming); !slices.Equal(got, tc.incoming) {
				t.Errorf("incoming = %q, want %q", got, tc.incoming)
			}
			if got := serverList(c.Outgoing); !slices.Equal(got, tc.outgoing) {
				t.Errorf("outgoing = %q, want %q", got, tc.outgoing)
			}
			if len(c.Unsafe) != tc.unsafe {
				t.Errorf("unsafe = %q, want %d", serverList(c.Unsafe), tc.unsafe)
			}
			for _, s := range append(c.Incoming, c.Outgoing...) {
				if s.Security == Plain {
					t.Errorf("unencrypted server offered as usable: %v", s)
				}
			}
			if c.DisplayName != tc.name {
				t.Errorf("display name = %q, want %q", c.DisplayName, tc.name)
			}
		})
	}
}

func TestParseKeepsAuthMethods(t *testing.T) {
	c, err := Parse(readTestdata(t, "ispdb-shape.xml"), "k@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Incoming[0].Auth; !slices.Equal(got, []string{"OAuth2", "password-cleartext"}) {
		t.Errorf("auth = %q", got)
	}
}

func TestParseRefusesBadAddress(t *testing.T) {
	for _, a := range []string{"", "kate", "kate@", "@example.test", "kate@localhost", "kate@127.0.0.1", "ka te@example.test", "kate@exa_mple..test"} {
		if _, err := Parse(readTestdata(t, "ispdb-shape.xml"), a); !errors.As(err, new(*AddressError)) {
			t.Errorf("Parse(%q): err = %v, want *AddressError", a, err)
		}
	}
}

// FuzzParse: any bytes give a Config or a typed error, and what comes out is always safe to
// write into a settings file: a real host name, a port in range, never "plain" among the
// usable servers.
func FuzzParse(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".xml") {
			f.Add(readTestdata(f, e.Name()))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, "kate@example.test")
		if err != nil {
			if !errors.Is(err, ErrBadFile) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if len(c.Incoming)+len(c.Outgoing)+len(c.Unsafe) > maxServers {
			t.Fatalf("%d servers kept", len(c.Incoming)+len(c.Outgoing)+len(c.Unsafe))
		}
		for _, s := range append(append([]Server(nil), c.Incoming...), c.Outgoing...) {
			if s.Security != SSL && s.Security != STARTTLS {
				t.Fatalf("usable server with security %q", s.Security)
			}
			if h, ok := hostName(s.Host); !ok || h != s.Host || s.Port < 1 || s.Port > 65535 {
				t.Fatalf("bad server %v", s)
			}
			if strings.ContainsAny(s.Username, "% \r\n") {
				t.Fatalf("unfilled or unprintable username %q", s.Username)
			}
		}
	})
}
