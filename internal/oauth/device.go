package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// DeviceCode is what the person needs for the device sign-in: a page to open on any device
// and a code to type there.
type DeviceCode struct {
	UserCode        string
	VerificationURI string
	// VerificationURIComplete, when the service gives one, has the code in it already.
	VerificationURIComplete string
	Expires                 time.Time
}

const deviceGrant = "urn:ietf:params:oauth:grant-type:device_code"

// slowDownStep is RFC 8628 section 3.5: after slow_down, wait 5 seconds longer from then on.
const slowDownStep = 5 * time.Second

// maxTokenBody bounds a token endpoint's answer; real ones are a few kilobytes.
const maxTokenBody = 1 << 20

// DeviceSignIn runs the device authorization grant (RFC 8628) for account: show is called
// once with the code to display, then the token endpoint is polled until the person has
// approved, declined, or the code expired.
//
// The poll is ours, not x/oauth2's DeviceAccessToken: that one waits on a real ticker
// whole seconds at a time, which cannot be tested without waiting for them.
func (c Config) DeviceSignIn(ctx context.Context, account string, show func(DeviceCode)) (*Session, error) {
	if err := c.registered("device"); err != nil {
		return nil, err
	}
	cfg := c.oauth2()
	if cfg.Endpoint.DeviceAuthURL == "" {
		return nil, &Error{Op: "device", Kind: ErrNoDevice}
	}
	ctx, cancel := context.WithTimeout(ctx, c.signInTimeout())
	defer cancel()
	da, err := cfg.DeviceAuth(c.ctx(ctx))
	if err != nil {
		return nil, tokenError("device", err)
	}
	if da.DeviceCode == "" || da.UserCode == "" || da.VerificationURI == "" {
		return nil, &Error{Op: "device", Kind: ErrService, Err: errors.New("device answer without code or page")}
	}
	if !da.Expiry.IsZero() {
		var cancelExp context.CancelFunc
		ctx, cancelExp = context.WithDeadline(ctx, da.Expiry)
		defer cancelExp()
	}
	if show != nil {
		show(DeviceCode{UserCode: da.UserCode, VerificationURI: da.VerificationURI,
			VerificationURIComplete: da.VerificationURIComplete, Expires: da.Expiry})
	}
	interval := time.Duration(da.Interval) * time.Second
	if interval <= 0 {
		interval = 5 * time.Second // RFC 8628 section 3.2: the default
	}
	for {
		if err := c.wait(ctx, interval); err != nil {
			return nil, waitError(err)
		}
		tok, code, err := c.pollDevice(ctx, da.DeviceCode)
		switch {
		case err != nil && code == "":
			if ctx.Err() != nil {
				return nil, waitError(ctx.Err())
			}
			return nil, tokenError("device", err)
		case code == "authorization_pending":
			continue
		case code == "slow_down":
			interval += slowDownStep
			continue
		case code != "":
			return nil, &Error{Op: "device", Kind: kindForCode("device", code), Code: code, Err: err}
		}
		return c.newSession(account, tok)
	}
}

func waitError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{Op: "device", Kind: ErrExpired, Err: err}
	}
	return &Error{Op: "device", Kind: ErrCanceled, Err: err}
}

// pollDevice asks the token endpoint once. code is the RFC 6749 error code when the
// endpoint answered with one.
func (c Config) pollDevice(ctx context.Context, deviceCode string) (*oauth2.Token, string, error) {
	cfg := c.oauth2()
	form := url.Values{"grant_type": {deviceGrant}, "device_code": {deviceCode}, "client_id": {cfg.ClientID}}
	if cfg.ClientSecret != "" {
		form.Set("client_secret", cfg.ClientSecret) // Google asks for it here too
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cfg.Endpoint.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := c.client().Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxTokenBody))
	if err != nil {
		return nil, "", err
	}
	var tj struct {
		AccessToken  string      `json:"access_token"`
		TokenType    string      `json:"token_type"`
		RefreshToken string      `json:"refresh_token"`
		ExpiresIn    json.Number `json:"expires_in"`
		Error        string      `json:"error"`
		Description  string      `json:"error_description"`
	}
	if err := json.Unmarshal(body, &tj); err != nil {
		if resp.StatusCode >= 500 {
			return nil, "temporarily_unavailable", errors.New(resp.Status)
		}
		return nil, "", &oauth2.RetrieveError{Response: resp, Body: body}
	}
	if tj.Error != "" || resp.StatusCode != http.StatusOK {
		code := tj.Error
		if code == "" {
			code = "server_error"
		}
		return nil, code, &oauth2.RetrieveError{Response: resp, Body: body, ErrorCode: code, ErrorDescription: tj.Description}
	}
	if tj.AccessToken == "" {
		return nil, "", &oauth2.RetrieveError{Response: resp, Body: body, ErrorDescription: "no access token"}
	}
	tok := &oauth2.Token{AccessToken: tj.AccessToken, TokenType: tj.TokenType, RefreshToken: tj.RefreshToken}
	if n, err := tj.ExpiresIn.Int64(); err == nil && n > 0 {
		tok.Expiry = c.clock().Add(time.Duration(n) * time.Second)
	}
	return tok, "", nil
}
