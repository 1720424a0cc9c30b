package autoconfig

import (
	"context"
	"strings"

	"github.com/reportmail/reportmail/internal/provider"
)

// SignInFor finds the sign-in service of o.Profile that holds addr's mailbox: the domain is
// one the service names (gmail.com), or one of the domain's mail exchangers ends with one of
// its MX suffixes (.mail.protection.outlook.com for Microsoft 365, .google.com for Google
// Workspace). Every exchanger counts, not only the most preferred one: a filtering service
// in front (SMX) is the first MX of many Microsoft 365 customers. ok is false when none
// matches or the look-up fails; it is a suggestion, never a reason to stop.
func SignInFor(ctx context.Context, addr string, o Options) (provider.OAuth, bool) {
	_, domain, ok := splitAddress(addr)
	if !ok || len(o.Profile.OAuth) == 0 {
		return provider.OAuth{}, false
	}
	for _, s := range o.Profile.OAuth {
		for _, d := range s.Domains {
			if strings.EqualFold(strings.TrimSuffix(d, "."), domain) {
				return s, true
			}
		}
	}
	ctx, cancel := context.WithTimeout(ctx, o.fetchTimeout())
	defer cancel()
	mxs, err := o.resolver().LookupMX(ctx, domain+".")
	if err != nil {
		return provider.OAuth{}, false
	}
	for _, mx := range mxs {
		host, ok := hostName(mx.Host)
		if !ok {
			continue
		}
		for _, s := range o.Profile.OAuth {
			for _, suffix := range s.MXSuffixes {
				suffix = "." + strings.Trim(strings.ToLower(suffix), ".")
				if strings.HasSuffix(host, suffix) {
					return s, true
				}
			}
		}
	}
	return provider.OAuth{}, false
}
