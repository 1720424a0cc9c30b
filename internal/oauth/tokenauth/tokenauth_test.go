package tokenauth

import (
	"errors"
	"testing"
)

func TestStart(t *testing.T) {
	for _, tc := range []struct {
		name, mech, user, host string
		port                   int
		want                   string
	}{
		{"xoauth2", "xoauth2", "kate@example.test", "smtp.example.test", 587,
			"user=kate@example.test\x01auth=Bearer tok\x01\x01"},
		{"oauthbearer", OAuthBearer, "kate@example.test", "smtp.example.test", 587,
			"n,a=kate@example.test,\x01host=smtp.example.test\x01port=587\x01auth=Bearer tok\x01\x01"},
		{"oauthbearer escapes the name", OAuthBearer, "a,b=c@example.test", "", 0,
			"n,a=a=2Cb=3Dc@example.test,\x01auth=Bearer tok\x01\x01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mech, ir, err := New(tc.mech, tc.user, "tok", tc.host, tc.port).Start()
			if err != nil {
				t.Fatal(err)
			}
			if mech != Pick([]string{mech}, "") || string(ir) != tc.want {
				t.Errorf("got %s %q, want %q", mech, ir, tc.want)
			}
		})
	}
}

func TestStartRefusesWhatWouldBreakTheMessage(t *testing.T) {
	for _, c := range []*Client{
		New(XOAuth2, "", "tok", "", 0),
		New(XOAuth2, "kate", "", "", 0),
		New(XOAuth2, "kate\x01auth=Bearer x", "tok", "", 0),
		New(OAuthBearer, "kate", "tok\r\nQUIT", "", 0),
		New("PLAIN", "kate", "tok", "", 0),
	} {
		if _, _, err := c.Start(); err == nil {
			t.Errorf("%+v: Start accepted it", c)
		}
	}
}

// A refusal is answered so the server can finish with its reply, and it is remembered as
// a sign-in-again error.
func TestNextAfterRefusal(t *testing.T) {
	challenge := []byte(`{"status":"401","schemes":"bearer","scope":"mail"}`)
	for _, tc := range []struct {
		mech string
		want string
	}{
		{XOAuth2, ""},
		{OAuthBearer, "\x01"},
	} {
		c := New(tc.mech, "kate", "tok", "", 0)
		resp, err := c.Next(challenge)
		if err != nil || resp == nil || string(resp) != tc.want {
			t.Errorf("%s: Next = %q, %v; want %q", tc.mech, resp, err, tc.want)
		}
		r := c.Refused()
		if r == nil || r.Status != "401" || r.Scope != "mail" || !errors.Is(r, ErrSignInAgain) {
			t.Errorf("%s: Refused = %+v", tc.mech, r)
		}
		if _, err := c.Next(challenge); !errors.Is(err, ErrSignInAgain) {
			t.Errorf("%s: a second challenge gave %v", tc.mech, err)
		}
	}
}

func TestPick(t *testing.T) {
	for _, tc := range []struct {
		offered []string
		want    string
		got     string
	}{
		{[]string{"PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER"}, "", OAuthBearer},
		{[]string{"PLAIN", "XOAUTH2"}, "", XOAuth2},
		{[]string{"plain", "xoauth2"}, "", XOAuth2},
		{[]string{"PLAIN", "LOGIN"}, "", ""},
		{[]string{"XOAUTH2", "OAUTHBEARER"}, "xoauth2", XOAuth2},
		{[]string{"OAUTHBEARER"}, "XOAUTH2", ""},
		{[]string{"PLAIN"}, "PLAIN", ""},
	} {
		if got := Pick(tc.offered, tc.want); got != tc.got {
			t.Errorf("Pick(%v, %q) = %q, want %q", tc.offered, tc.want, got, tc.got)
		}
	}
}

func FuzzRefusal(f *testing.F) {
	for _, s := range []string{`{"status":"401","schemes":"bearer","scope":"mail"}`,
		`{"status":401}`, `{"status":"invalid_token"}`, ``, `not json`, `{"status":[1]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		e := parseRefusal(XOAuth2, b)
		if e == nil || !errors.Is(e, ErrSignInAgain) {
			t.Fatal("no refusal")
		}
	})
}
