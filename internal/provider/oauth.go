package provider

import (
	"fmt"
	"net/url"
	"strings"
)

// OAuth is one service users sign in with instead of a mail password. The endpoints and
// scopes are the service's; ClientID is the IT provider's own registration of Report Mail
// with it (empty: not registered yet, and the sign-in button says so).
type OAuth struct {
	ID   string `json:"id"`   // "microsoft", "google": stable, used as a keychain key
	Name string `json:"name"` // shown on the button: "Microsoft 365"
	// ClientID is the application (client) ID from the registration.
	ClientID string `json:"client_id"`
	// ClientSecret: Google's "Desktop app" clients come with one that the token endpoint
	// requires; it is not a secret (RFC 8252 section 8.5), every copy of the app holds it.
	ClientSecret string `json:"client_secret,omitempty"`
	// Tenant fills "{tenant}" in the URLs (Microsoft): "organizations" (any work or school
	// account) when empty, or the customer's own tenant ID or domain.
	Tenant    string   `json:"tenant,omitempty"`
	AuthURL   string   `json:"auth_url"`
	TokenURL  string   `json:"token_url"`
	DeviceURL string   `json:"device_url,omitempty"` // RFC 8628 device authorization
	Scopes    []string `json:"scopes"`
	// AuthParams go on the authorization URL as they are (Google needs access_type=offline
	// to hand out a refresh token).
	AuthParams map[string]string `json:"auth_params,omitempty"`
	SMTP       Server            `json:"smtp"`
	IMAP       Server            `json:"imap"`
	// Domains are mail domains known to be this service's (gmail.com); MX suffixes the
	// mail exchangers of its customers' own domains end with (.mail.protection.outlook.com).
	Domains    []string `json:"domains,omitempty"`
	MXSuffixes []string `json:"mx_suffixes,omitempty"`
}

// Server is a mail server's name and port.
type Server struct {
	Host string `json:"host"`
	Port int    `json:"port"`
}

// DefaultTenant is Microsoft's "any work or school account".
const DefaultTenant = "organizations"

// Registered reports whether the IT provider has registered the app with this service.
func (o OAuth) Registered() bool { return strings.TrimSpace(o.ClientID) != "" }

// Endpoints returns the authorization, token and device URLs with the tenant filled in.
func (o OAuth) Endpoints() (auth, token, device string) {
	t := strings.TrimSpace(o.Tenant)
	if t == "" {
		t = DefaultTenant
	}
	fill := func(s string) string { return strings.ReplaceAll(s, "{tenant}", url.PathEscape(t)) }
	return fill(o.AuthURL), fill(o.TokenURL), fill(o.DeviceURL)
}

// OAuthByID returns the sign-in service with this ID.
func (p Profile) OAuthByID(id string) (OAuth, bool) {
	for _, o := range p.OAuth {
		if o.ID == id {
			return cloneOAuth([]OAuth{o})[0], true
		}
	}
	return OAuth{}, false
}

func cloneOAuth(in []OAuth) []OAuth {
	if in == nil {
		return nil
	}
	out := make([]OAuth, len(in))
	for i, o := range in {
		o.Scopes = append([]string(nil), o.Scopes...)
		o.Domains = append([]string(nil), o.Domains...)
		o.MXSuffixes = append([]string(nil), o.MXSuffixes...)
		if o.AuthParams != nil {
			m := make(map[string]string, len(o.AuthParams))
			for k, v := range o.AuthParams {
				m[k] = v
			}
			o.AuthParams = m
		}
		out[i] = o
	}
	return out
}

// validateOAuth checks what would otherwise fail only in the browser: endpoints that are
// not https, a missing scope, a server name a mail program would refuse.
func validateOAuth(list []OAuth) error {
	seen := map[string]bool{}
	for i, o := range list {
		bad := func(field, format string, args ...any) error {
			return &Error{Kind: ErrInvalid, Field: fmt.Sprintf("oauth[%d].%s", i, field), Problem: fmt.Sprintf(format, args...)}
		}
		if o.ID == "" || seen[o.ID] || strings.ContainsAny(o.ID, " \t\r\n") {
			return bad("id", "sign-in service %d needs its own short id without spaces, like \"microsoft\"", i+1)
		}
		seen[o.ID] = true
		if strings.TrimSpace(o.Name) == "" || hasControl(o.Name) {
			return bad("name", "sign-in service %q needs a name people will recognise", o.ID)
		}
		if hasControl(o.ClientID) || hasControl(o.ClientSecret) || strings.ContainsAny(o.Tenant, "/?#% ") {
			return bad("client_id", "the client ID, secret or tenant of %q has characters that cannot be right", o.ID)
		}
		auth, token, device := o.Endpoints()
		for _, u := range []struct{ field, url string }{{"auth_url", auth}, {"token_url", token}, {"device_url", device}} {
			if u.url == "" && u.field == "device_url" {
				continue
			}
			p, err := url.Parse(u.url)
			if err != nil || p.Scheme != "https" || p.Host == "" {
				return bad(u.field, "the address %q of %q must be a web address starting with https://", u.url, o.ID)
			}
		}
		if len(o.Scopes) == 0 {
			return bad("scopes", "sign-in service %q needs its scopes (the permissions Report Mail asks for)", o.ID)
		}
		for _, s := range o.Scopes {
			if s == "" || strings.ContainsAny(s, " \t\r\n\"\\") {
				return bad("scopes", "the scope %q of %q cannot be right", s, o.ID)
			}
		}
		for _, s := range []struct {
			field string
			srv   Server
		}{{"smtp", o.SMTP}, {"imap", o.IMAP}} {
			if !validHost(s.srv.Host) || s.srv.Port < 1 || s.srv.Port > 65535 {
				return bad(s.field, "the %s server of %q needs a host name like smtp.example.com and a port", strings.ToUpper(s.field), o.ID)
			}
		}
	}
	return nil
}
