package autoconfig

import (
	"context"
	"sort"

	"golang.org/x/net/publicsuffix"
)

// mxAnswer is the registrable domain of the mail exchanger, or why there is none.
type mxAnswer struct {
	domain string
	failed *Attempt
}

// mxDomain finds the registrable domain of the domain's most preferred mail exchanger
// (mx1.mail.example.net → example.net). A failed look-up is not an error: the MX only
// gives a hint, so it is only noted.
func (d *discovery) mxDomain(ctx context.Context) mxAnswer {
	ctx, cancel := context.WithTimeout(ctx, d.o.fetchTimeout())
	defer cancel()
	fail := func(err error) mxAnswer {
		return mxAnswer{failed: &Attempt{Source: Source{Kind: FromMX, Domain: d.domain}, Err: err}}
	}
	mxs, err := d.o.resolver().LookupMX(ctx, d.domain+".")
	if err != nil {
		return fail(classify(ctx, err))
	}
	sort.SliceStable(mxs, func(i, j int) bool { return mxs[i].Pref < mxs[j].Pref })
	for _, mx := range mxs {
		host, ok := hostName(mx.Host)
		if !ok {
			continue // RFC 7505 "null MX" (".") or junk: the domain takes no mail there
		}
		if reg, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
			return mxAnswer{domain: reg}
		}
	}
	return fail(ErrNotFound)
}
