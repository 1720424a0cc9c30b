package oauthserver

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// oauthError writes an RFC 6749 section 5.2 error body.
func oauthError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(v)
}

// loopback accepts what RFC 8252 section 7.3 allows a native app: http on a loopback IP
// literal, any port.
func loopback(redirect string) bool {
	u, err := url.Parse(redirect)
	if err != nil || u.Scheme != "http" || u.Fragment != "" {
		return false
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback() && u.Port() != ""
}

// authorize is the browser step. Errors about the client or the redirect are shown to the
// "user" (400, no redirect: RFC 6749 section 4.1.2.1); all others go back to the app.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	if q.Get("client_id") != s.o.ClientID {
		http.Error(w, "unknown client", http.StatusBadRequest)
		return
	}
	if !loopback(redirect) {
		http.Error(w, "redirect_uri is not a loopback address", http.StatusBadRequest)
		return
	}
	back := func(params url.Values) {
		if st := q.Get("state"); st != "" {
			params.Set("state", st)
		}
		sep := "?"
		if strings.Contains(redirect, "?") {
			sep = "&"
		}
		http.Redirect(w, r, redirect+sep+params.Encode(), http.StatusFound)
	}
	fail := func(code, desc string) {
		back(url.Values{"error": {code}, "error_description": {desc}})
	}
	switch {
	case q.Get("response_type") != "code":
		fail("unsupported_response_type", "only the code flow is offered")
	case q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) < 43:
		fail("invalid_request", "a PKCE S256 code_challenge is required")
	case s.o.Deny:
		fail("access_denied", "the user declined")
	default:
		code := random()
		s.mu.Lock()
		s.codes[code] = &grant{redirect: redirect, challenge: q.Get("code_challenge"),
			scope: q.Get("scope"), expires: time.Now().Add(5 * time.Minute)}
		s.mu.Unlock()
		back(url.Values{"code": {code}})
	}
}

// client checks the client identification, in the form (public clients) or in an HTTP
// Basic header (how x/oauth2 tries first).
func (s *Server) client(r *http.Request) bool {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != s.o.ClientID {
		return false
	}
	return s.o.ClientSecret == "" || subtle.ConstantTimeCompare([]byte(secret), []byte(s.o.ClientSecret)) == 1
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		oauthError(w, http.StatusMethodNotAllowed, "invalid_request", "POST only")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "unreadable form")
		return
	}
	if !s.client(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="oauthserver"`)
		oauthError(w, http.StatusUnauthorized, "invalid_client", "unknown client or wrong secret")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch gt := r.PostForm.Get("grant_type"); gt {
	case "authorization_code":
		s.counts[gt]++
		code := r.PostForm.Get("code")
		g := s.codes[code]
		delete(s.codes, code) // single use, even when the request fails
		switch {
		case g == nil || time.Now().After(g.expires):
			oauthError(w, http.StatusBadRequest, "invalid_grant", "unknown, used or expired code")
		case r.PostForm.Get("redirect_uri") != g.redirect:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri differs from the authorization request")
		case !verifierMatches(r.PostForm.Get("code_verifier"), g.challenge):
			oauthError(w, http.StatusBadRequest, "invalid_grant", "PKCE verification failed")
		default:
			writeJSON(w, s.issue(g.scope, true))
		}
	case "refresh_token":
		s.counts[gt]++
		rt := s.refresh[r.PostForm.Get("refresh_token")]
		if rt == nil || rt.revoked {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "the refresh token is invalid or revoked")
			return
		}
		writeJSON(w, s.issue(rt.scope, s.o.RotateRefresh))
	case "urn:ietf:params:oauth:grant-type:device_code":
		s.counts["device_code"]++
		s.pollDevice(w, r.PostForm.Get("device_code"))
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant type not offered")
	}
}

// verifierMatches is RFC 7636 section 4.6: BASE64URL(SHA256(verifier)) == challenge, with a
// verifier of 43 to 128 unreserved characters.
func verifierMatches(verifier, challenge string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	for _, c := range verifier {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune("-._~", c)) {
			return false
		}
	}
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) == 1
}

func (s *Server) deviceCode(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "POST a form")
		return
	}
	if !s.client(r) {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "unknown client")
		return
	}
	dc, uc := random(), strings.ToUpper(random()[:8])
	s.mu.Lock()
	s.devices[dc] = &device{userCode: uc, scope: r.PostForm.Get("scope"), expires: time.Now().Add(15 * time.Minute)}
	s.mu.Unlock()
	out := map[string]any{"device_code": dc, "user_code": uc, "verification_uri": s.URL + "/device",
		"expires_in": 900}
	if s.o.DeviceInterval > 0 {
		out["interval"] = s.o.DeviceInterval
	}
	writeJSON(w, out)
}

// pollDevice answers one device_code poll (RFC 8628 section 3.5). Called with s.mu held.
func (s *Server) pollDevice(w http.ResponseWriter, code string) {
	d := s.devices[code]
	if d == nil {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "unknown device code")
		return
	}
	d.polls++
	if d.polls <= len(s.o.DeviceScript) {
		e := s.o.DeviceScript[d.polls-1]
		if e == "access_denied" || e == "expired_token" {
			delete(s.devices, code)
		}
		oauthError(w, http.StatusBadRequest, e, "scripted")
		return
	}
	switch {
	case time.Now().After(d.expires):
		delete(s.devices, code)
		oauthError(w, http.StatusBadRequest, "expired_token", "the device code expired")
	case d.approved || s.o.DeviceAutoApprove:
		delete(s.devices, code)
		writeJSON(w, s.issue(d.scope, true))
	default:
		oauthError(w, http.StatusBadRequest, "authorization_pending", "waiting for the user")
	}
}

// introspect is RFC 7662 as Dovecot's oauth2 passdb asks it: a POSTed form token=…, or
// (other introspection modes) a Bearer header or a query parameter.
func (s *Server) introspect(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	_ = r.ParseForm()
	tok := r.PostForm.Get("token")
	if tok == "" {
		tok = r.URL.Query().Get("token")
	}
	if tok == "" {
		tok = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	}
	s.mu.Lock()
	s.counts["introspect"]++
	t := s.access[tok]
	s.mu.Unlock()
	if t == nil || t.revoked || !time.Now().Before(t.expires) {
		writeJSON(w, map[string]any{"active": false})
		return
	}
	writeJSON(w, map[string]any{"active": true, "username": t.user, "scope": t.scope,
		"client_id": s.o.ClientID, "token_type": "Bearer", "exp": t.expires.Unix()})
}
