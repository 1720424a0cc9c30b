// Package tokenauth signs in to a mail server with an OAuth 2.0 access token: SASL
// OAUTHBEARER (RFC 7628) and Google's and Microsoft's XOAUTH2. One Client serves SMTP (send
// adapts it to go-mail) and IMAP (it has go-sasl's Client methods, which go-imap takes).
//
// Neither mechanism protects the token: it is a password for an hour. Callers must have a
// verified TLS connection before Start; this package cannot see the connection.
package tokenauth

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// Mechanism names as servers announce them.
const (
	OAuthBearer = "OAUTHBEARER"
	XOAuth2     = "XOAUTH2"
)

// ErrSignInAgain is the kind of every failure that only a new sign-in can mend: the server
// refused the access token, or the authorization server refused the refresh token.
var ErrSignInAgain = errors.New("the sign-in token was refused: sign in again")

// RefusedError is the mail server's refusal of a token, from the JSON it sent in its 334
// challenge (RFC 7628 section 3.2.2; XOAUTH2 sends the same shape).
type RefusedError struct {
	Mechanism string
	Status    string // "401", "invalid_token", …
	Schemes   string
	Scope     string
}

func (e *RefusedError) Error() string {
	return "tokenauth: " + e.Mechanism + " token refused (status " + strconv.Quote(e.Status) + ")"
}

// Is makes errors.Is(err, ErrSignInAgain) true.
func (e *RefusedError) Is(target error) bool { return target == ErrSignInAgain }

// Pick chooses the mechanism to use among those a server offers (any case): OAUTHBEARER,
// the standard, when offered; else XOAUTH2, the only one Microsoft 365 has. want, when not
// empty, is the only one accepted. "" means none fits.
func Pick(offered []string, want string) string {
	has := func(m string) bool {
		for _, o := range offered {
			if strings.EqualFold(o, m) {
				return true
			}
		}
		return false
	}
	if want != "" {
		want = strings.ToUpper(want)
		if (want == OAuthBearer || want == XOAuth2) && has(want) {
			return want
		}
		return ""
	}
	for _, m := range []string{OAuthBearer, XOAuth2} {
		if has(m) {
			return m
		}
	}
	return ""
}

// Client is one token sign-in. Its Start and Next are go-sasl's sasl.Client methods.
type Client struct {
	mech, user, token, host string
	port                    int
	refused                 *RefusedError
}

// New returns a Client for mech (OAuthBearer or XOAuth2) signing user in with token. host
// and port go into OAUTHBEARER's message (RFC 7628 asks for them; servers may check them);
// XOAUTH2 has no place for them.
func New(mech, user, token, host string, port int) *Client {
	return &Client{mech: strings.ToUpper(mech), user: user, token: token, host: host, port: port}
}

// Start returns the mechanism and the initial response holding the token.
func (c *Client) Start() (string, []byte, error) {
	if c.user == "" || c.token == "" || strings.ContainsAny(c.user+c.token, "\x00\x01\r\n") {
		return "", nil, errors.New("tokenauth: user name or token missing or not printable")
	}
	switch c.mech {
	case XOAuth2:
		return XOAuth2, []byte("user=" + c.user + "\x01auth=Bearer " + c.token + "\x01\x01"), nil
	case OAuthBearer:
		// RFC 7628 section 3.1: a GS2 header with the authorization identity, then
		// key=value pairs separated by ^A.
		var b strings.Builder
		b.WriteString("n,a=" + saslName(c.user) + ",\x01")
		if c.host != "" {
			b.WriteString("host=" + c.host + "\x01")
		}
		if c.port > 0 {
			b.WriteString("port=" + strconv.Itoa(c.port) + "\x01")
		}
		b.WriteString("auth=Bearer " + c.token + "\x01\x01")
		return OAuthBearer, []byte(b.String()), nil
	}
	return "", nil, errors.New("tokenauth: unknown mechanism " + strconv.Quote(c.mech))
}

// maxChallenge bounds the error JSON kept from a server; a real one is under 200 bytes.
const maxChallenge = 4 << 10

// Next answers a challenge. A server that refuses the token sends its error as a challenge
// and waits: the client must answer (RFC 7628: with ^A; XOAUTH2: with an empty line) for the
// server to end the exchange with its failure reply. Aborting with "*" instead would leave
// the reason unheard and some servers count it as a protocol error.
func (c *Client) Next(challenge []byte) ([]byte, error) {
	if c.refused != nil {
		return nil, c.refused // a second challenge after the refusal: give up
	}
	c.refused = parseRefusal(c.mech, challenge)
	if c.mech == OAuthBearer {
		return []byte{0x01}, nil
	}
	return []byte{}, nil
}

// Refused returns the server's refusal when it sent one, else nil. After the exchange
// fails, a non-nil Refused means the token (not the connection) was the problem.
func (c *Client) Refused() *RefusedError { return c.refused }

func parseRefusal(mech string, challenge []byte) *RefusedError {
	e := &RefusedError{Mechanism: mech}
	if len(challenge) > maxChallenge {
		challenge = challenge[:maxChallenge]
	}
	var body struct {
		Status  any    `json:"status"`
		Schemes string `json:"schemes"`
		Scope   string `json:"scope"`
	}
	if json.Unmarshal(challenge, &body) == nil {
		switch s := body.Status.(type) {
		case string:
			e.Status = s
		case float64:
			e.Status = strconv.FormatFloat(s, 'f', -1, 64)
		}
		e.Schemes, e.Scope = body.Schemes, body.Scope
	}
	return e
}

// saslName escapes a user name for the GS2 header (RFC 5801 section 4).
func saslName(s string) string {
	return strings.NewReplacer("=", "=3D", ",", "=2C").Replace(s)
}
