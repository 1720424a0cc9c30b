package oauth

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

const testState = "the-state-the-app-sent-0123456789abcdef"

var callbackCases = []struct {
	query      string
	delivered  bool
	code, kind string
}{
	{"code=c1&state=" + testState, true, "c1", ""},
	{"error=access_denied&state=" + testState, true, "", "access_denied"},
	{"state=" + testState, true, "", "invalid_request"},
	{"code=c1&state=wrong", false, "", ""},
	{"code=c1", false, "", ""},
	{"code=c1&state=" + testState + "x", false, "", ""},
	{"code=c1&state=&state=" + testState, false, "", ""},
}

// Only a redirect with exactly our state ends the wait, whatever else comes to the port.
func TestCallback(t *testing.T) {
	for _, tc := range callbackCases {
		got, delivered := callbackFor("/?" + tc.query)
		if delivered != tc.delivered || got.code != tc.code || got.err != tc.kind {
			t.Errorf("%s: delivered %v %+v, want %v code %q error %q", tc.query, delivered, got, tc.delivered, tc.code, tc.kind)
		}
	}
	if _, delivered := callbackFor("/other?code=c1&state=" + testState); delivered {
		t.Error("a request to another path was taken")
	}
}

func callbackFor(target string) (callback, bool) {
	results := make(chan callback, 1)
	rec := httptest.NewRecorder()
	callbackHandler(testState, results).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	select {
	case cb := <-results:
		return cb, true
	default:
		if rec.Code != http.StatusBadRequest {
			return callback{err: "not turned away"}, true
		}
		return callback{}, false
	}
}

func FuzzCallback(f *testing.F) {
	for _, tc := range callbackCases {
		f.Add(tc.query)
	}
	f.Fuzz(func(t *testing.T, query string) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		_, delivered := callbackFor("/?" + q.Encode())
		if delivered != (q.Get("state") == testState) {
			t.Fatalf("%q: delivered %v", query, delivered)
		}
	})
}
