package autoconfig

import (
	"context"
	"crypto/x509"
	"net"
	"time"

	"github.com/reportmail/reportmail/internal/provider"
)

// ISPDB is Thunderbird's public list of mail providers' settings, the same file format
// served per domain (ISPDB + "example.com").
const ISPDB = "https://autoconfig.thunderbird.net/v1.1/"

// Defaults for Options' zero values.
const (
	DefaultFetchTimeout = 10 * time.Second
	// DefaultMaxBody is far above any real file (a few kilobytes) and far below harm.
	DefaultMaxBody = 256 << 10
)

// MXResolver looks up mail exchangers; *net.Resolver is one.
type MXResolver interface {
	LookupMX(ctx context.Context, name string) ([]*net.MX, error)
}

// Confirmer checks servers on one host live and reports, for each of servers in order,
// whether it is safe to use. It must respect ctx. ProbeConfirmer is the real one.
type Confirmer func(ctx context.Context, host string, servers []Server) []bool

// Options are where Discover looks and how; the zero value looks everywhere it can without
// a live check (no guessing).
type Options struct {
	// Profile is the provider profile in use; its MailServers are tried first when it
	// names both servers.
	Profile provider.Profile
	// RootCAs checks the settings files' web servers; nil means the system's roots.
	RootCAs *x509.CertPool
	// Dial replaces the network for fetches (tests send every name to a local server);
	// nil means the system's, with its proxy settings.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Resolver looks up the domain's MX; nil means the system's.
	Resolver MXResolver
	// ISPDBURL is the base of Thunderbird's list; "" means ISPDB, NoISPDB skips it.
	ISPDBURL string
	// Confirm checks servers live. With it, what was found is marked Checked and common
	// names are guessed; without it nothing is guessed.
	Confirm Confirmer
	// FetchTimeout bounds each fetch; 0 means DefaultFetchTimeout.
	FetchTimeout time.Duration
	// MaxBody bounds each answer; 0 means DefaultMaxBody.
	MaxBody int64
}

// NoISPDB as Options.ISPDBURL leaves Thunderbird's list out.
const NoISPDB = "-"

func (o Options) fetchTimeout() time.Duration {
	if o.FetchTimeout > 0 {
		return o.FetchTimeout
	}
	return DefaultFetchTimeout
}

func (o Options) maxBody() int64 {
	if o.MaxBody > 0 {
		return o.MaxBody
	}
	return DefaultMaxBody
}

func (o Options) ispdb() string {
	switch o.ISPDBURL {
	case "":
		return ISPDB
	case NoISPDB:
		return ""
	}
	return o.ISPDBURL
}

func (o Options) resolver() MXResolver {
	if o.Resolver != nil {
		return o.Resolver
	}
	return net.DefaultResolver
}
