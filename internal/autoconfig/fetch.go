package autoconfig

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// fetcher gets settings files over HTTPS.
type fetcher struct {
	client  *http.Client
	timeout time.Duration
	max     int64
}

func newFetcher(o Options) *fetcher {
	tr := &http.Transport{
		TLSClientConfig:        &tls.Config{RootCAs: o.RootCAs, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    o.fetchTimeout(),
		ResponseHeaderTimeout:  o.fetchTimeout(),
		MaxResponseHeaderBytes: 64 << 10,
		DisableKeepAlives:      true, // each host is asked once
		ForceAttemptHTTP2:      true,
	}
	if o.Dial != nil {
		tr.DialContext = o.Dial
	} else {
		tr.Proxy = http.ProxyFromEnvironment // office networks often allow the web only through one
		tr.DialContext = (&net.Dialer{Timeout: o.fetchTimeout()}).DialContext
	}
	return &fetcher{
		client: &http.Client{
			Transport: tr,
			// One hop is what a domain moving its file to its provider needs; more, or a hop
			// to plain HTTP, would let anyone on the path steer a person's settings.
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) > 1 || req.URL.Scheme != "https" {
					return ErrRedirect
				}
				return nil
			},
		},
		timeout: o.fetchTimeout(),
		max:     o.maxBody(),
	}
}

// get fetches one https URL and returns its body, bounded in size and time.
func (f *fetcher) get(ctx context.Context, u string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil || req.URL.Scheme != "https" {
		return nil, &FetchError{URL: u, Err: ErrUnreachable}
	}
	req.Header.Set("Accept", "application/xml, text/xml")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, &FetchError{URL: u, Err: classify(ctx, err)}
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, &FetchError{URL: u, Err: ErrNotFound}
	case resp.StatusCode/100 == 3:
		return nil, &FetchError{URL: u, Err: ErrRedirect} // a redirect without a usable Location
	case resp.StatusCode != http.StatusOK:
		return nil, &FetchError{URL: u, Err: fmt.Errorf("%w: HTTP %d", ErrUnreachable, resp.StatusCode)}
	}
	if resp.ContentLength > f.max {
		return nil, &FetchError{URL: u, Err: ErrTooLarge}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.max+1))
	if err == nil && ctx.Err() != nil {
		// The deadline passed while reading: what arrived may be cut short even when the
		// connection's end looked clean.
		err = ctx.Err()
	}
	if err != nil {
		return nil, &FetchError{URL: u, Err: classify(ctx, err)}
	}
	if int64(len(body)) > f.max {
		return nil, &FetchError{URL: u, Err: ErrTooLarge}
	}
	return body, nil
}

// classify turns a transport error into one of the package's kinds.
func classify(ctx context.Context, err error) error {
	var dnsErr *net.DNSError
	var ne net.Error
	switch {
	case errors.Is(err, ErrRedirect):
		return ErrRedirect
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return fmt.Errorf("%w: %w", ErrNotFound, err) // no such host: no file there
	case errors.Is(ctx.Err(), context.DeadlineExceeded), errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return fmt.Errorf("%w: %w", ErrUnreachable, err)
}

// fileURL builds https://HOST/PATH with an optional emailaddress query.
func fileURL(host, path, addr string) string {
	u := url.URL{Scheme: "https", Host: host, Path: path}
	if addr != "" {
		u.RawQuery = url.Values{"emailaddress": {addr}}.Encode()
	}
	return u.String()
}
