package oauth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/oauth2"
)

// SignIn runs the browser sign-in for account (the mail address the token is for): the
// service's page opens in the system browser and comes back to a one-time listener on
// 127.0.0.1 (RFC 8252 section 7.3), which only this computer can reach. The request
// carries a PKCE S256 challenge, so a code another app intercepts is useless, and a random
// state, so that a page cannot feed the listener a code of its own choosing.
func (c Config) SignIn(ctx context.Context, account string) (*Session, error) {
	if err := c.registered("authorize"); err != nil {
		return nil, err
	}
	if c.Open == nil {
		return nil, &Error{Op: "authorize", Kind: ErrNoBrowser}
	}
	ctx, cancel := context.WithTimeout(ctx, c.signInTimeout())
	defer cancel()

	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return nil, &Error{Op: "authorize", Kind: ErrNoBrowser, Err: err}
	}
	defer ln.Close()
	cfg := c.oauth2()
	cfg.RedirectURL = "http://127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port) + "/"
	state, verifier := randomState(), oauth2.GenerateVerifier()

	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier)}
	for k, v := range c.Service.AuthParams {
		opts = append(opts, oauth2.SetAuthURLParam(k, v))
	}
	if c.LoginHint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", c.LoginHint))
	}
	results := make(chan callback, 1)
	srv := &http.Server{Handler: callbackHandler(state, results), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	if err := c.Open(cfg.AuthCodeURL(state, opts...)); err != nil {
		return nil, &Error{Op: "authorize", Kind: ErrNoBrowser, Err: err}
	}
	var cb callback
	select {
	case cb = <-results:
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, &Error{Op: "authorize", Kind: ErrExpired, Err: ctx.Err()}
		}
		return nil, &Error{Op: "authorize", Kind: ErrCanceled, Err: ctx.Err()}
	}
	if cb.code == "" {
		return nil, &Error{Op: "authorize", Kind: kindForCode("authorize", cb.err), Code: cb.err, Description: cb.desc}
	}
	tok, err := cfg.Exchange(c.ctx(ctx), cb.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, tokenError("token", err)
	}
	return c.newSession(account, tok)
}

type callback struct{ code, err, desc string }

// callbackHandler takes the one redirect that carries our state. Anything else (a stray
// request, a page probing the port, a wrong state) is answered 400 and the wait goes on.
func callbackHandler(state string, results chan<- callback) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/" || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
			http.Error(w, "This page is not part of a Report Mail sign-in.", http.StatusBadRequest)
			return
		}
		cb := callback{code: q.Get("code"), err: q.Get("error"), desc: q.Get("error_description")}
		if cb.code == "" && cb.err == "" {
			cb.err = "invalid_request"
		}
		select {
		case results <- cb:
		default: // a second redirect with our state: the first one counts
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if cb.code != "" {
			_, _ = w.Write([]byte(donePage))
		} else {
			_, _ = w.Write([]byte(failedPage))
		}
	})
}

const donePage = `<!doctype html><meta charset="utf-8"><title>Report Mail</title>` +
	`<p>You are signed in. You can close this window and go back to Report Mail.</p>`

const failedPage = `<!doctype html><meta charset="utf-8"><title>Report Mail</title>` +
	`<p>The sign-in did not finish. Go back to Report Mail to try again.</p>`

func randomState() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenError sorts what x/oauth2 returned from the token endpoint.
func tokenError(op string, err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		code := re.ErrorCode
		kind := kindForCode(op, code)
		if code == "" && re.Response != nil && re.Response.StatusCode >= 500 {
			kind = ErrUnreachable
		}
		return &Error{Op: op, Kind: kind, Code: code, Description: re.ErrorDescription, Err: err}
	}
	if errors.Is(err, context.Canceled) {
		return &Error{Op: op, Kind: ErrCanceled, Err: err}
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) {
		return &Error{Op: op, Kind: ErrUnreachable, Err: err}
	}
	return &Error{Op: op, Kind: ErrService, Err: err}
}
