package provider

import (
	"errors"
	"strings"
	"testing"
)

func TestBuiltInOAuth(t *testing.T) {
	p := Default()
	ms, ok := p.OAuthByID("microsoft")
	if !ok || ms.Registered() {
		t.Fatalf("microsoft: %+v, %v (the built-in profile ships without a client ID)", ms, ok)
	}
	auth, token, device := ms.Endpoints()
	if auth != "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize" ||
		token != "https://login.microsoftonline.com/organizations/oauth2/v2.0/token" ||
		device != "https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode" {
		t.Errorf("microsoft endpoints: %s %s %s", auth, token, device)
	}
	ms.Tenant = "contoso.onmicrosoft.com"
	if auth, _, _ := ms.Endpoints(); !strings.Contains(auth, "/contoso.onmicrosoft.com/oauth2/") {
		t.Errorf("tenant not filled: %s", auth)
	}
	if strings.Join(ms.Scopes, " ") != "https://outlook.office.com/SMTP.Send https://outlook.office.com/IMAP.AccessAsUser.All offline_access" ||
		ms.SMTP != (Server{"smtp.office365.com", 587}) || ms.IMAP != (Server{"outlook.office365.com", 993}) {
		t.Errorf("microsoft: %+v", ms)
	}
	// Google's device flow does not allow the mail scope, so there is no device URL.
	g, ok := p.OAuthByID("google")
	if !ok || strings.Join(g.Scopes, " ") != "https://mail.google.com/" ||
		g.SMTP != (Server{"smtp.gmail.com", 587}) || g.IMAP != (Server{"imap.gmail.com", 993}) ||
		g.AuthParams["access_type"] != "offline" || g.DeviceURL != "" {
		t.Errorf("google: %+v", g)
	}
	// A copy must not reach back into the built-in profile.
	g.Scopes[0] = "changed"
	g.AuthParams["access_type"] = "online"
	if g2, _ := Default().OAuthByID("google"); g2.Scopes[0] != "https://mail.google.com/" || g2.AuthParams["access_type"] != "offline" {
		t.Error("changing a copy changed the built-in profile")
	}
}

func TestOAuthValidation(t *testing.T) {
	good := `{"id":"x","name":"X","client_id":"abc","auth_url":"https://a.example/auth","token_url":"https://a.example/token",
		"scopes":["mail"],"smtp":{"host":"smtp.example.com","port":587},"imap":{"host":"imap.example.com","port":993}}`
	for _, tc := range []struct {
		name, oauth, field string
	}{
		{"good", "[" + good + "]", ""},
		{"http endpoint", "[" + strings.Replace(good, "https://a.example/token", "http://a.example/token", 1) + "]", "oauth[0].token_url"},
		{"no scopes", "[" + strings.Replace(good, `["mail"]`, `[]`, 1) + "]", "oauth[0].scopes"},
		{"two ids alike", "[" + good + "," + good + "]", "oauth[1].id"},
		{"bad smtp host", "[" + strings.Replace(good, "smtp.example.com", "smtp example", 1) + "]", "oauth[0].smtp"},
		{"tenant with a slash", "[" + strings.Replace(good, `"client_id"`, `"tenant":"a/b","client_id"`, 1) + "]", "oauth[0].client_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := `{"name":"P","support_address":"help@example.com","hours":{"zone":"UTC","days":["Mon"],"open":"08:00","close":"17:00"},"oauth":` + tc.oauth + `}`
			_, err := Parse([]byte(doc))
			var pe *Error
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.As(err, &pe) || pe.Field != tc.field {
				t.Errorf("got %v, want a problem with %s", err, tc.field)
			}
		})
	}
}
