package dkim

import (
	"crypto/sha1"
	"encoding/base64"
	"strings"
	"testing"
)

func sha1BH(s string) string {
	sum := sha1.Sum([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func TestParseTags(t *testing.T) {
	tests := []struct {
		in      string
		want    Tags
		wantErr string
	}{
		{"v=1; a=rsa-sha256", Tags{"v": "1", "a": "rsa-sha256"}, ""},
		{" v = 1 ;\r\n\ta=rsa-sha256;\r\n", Tags{"v": "1", "a": "rsa-sha256"}, ""},
		{"h=from : to :\r\n subject", Tags{"h": "from : to :\r\n subject"}, ""},
		{"v=1;; s=x", Tags{"v": "1", "s": "x"}, ""},
		{"empty=", Tags{"empty": ""}, ""},
		{"z=From:a@b|Subject:x=20y", Tags{"z": "From:a@b|Subject:x=20y"}, ""},
		{"", nil, "empty"},
		{" ; ;", nil, "empty"},
		{"v", nil, "no value"},
		{"1v=1", nil, "tag name"},
		{"a b=1", nil, "tag name"},
		{"=1", nil, "tag name"},
		{"v=1; v=1", nil, "twice"},
		{"v=1\r\nx", nil, "invalid value"},      // a line break that is not a fold
		{"v=caf\xc3\xa9", nil, "invalid value"}, // VALCHAR is ASCII
	}
	for _, tt := range tests {
		got, err := ParseTags(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseTags(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseTags(%q): %v", tt.in, err)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("ParseTags(%q) = %q, want %q", tt.in, got, tt.want)
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("ParseTags(%q)[%s] = %q, want %q", tt.in, k, got[k], v)
			}
		}
	}
}

func FuzzParseTags(f *testing.F) {
	for _, s := range []string{
		"v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=sel; h=from:to; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA",
		"v = 1 ;\r\n\ta=rsa-sha1; l=12;", "a=;b=;;", "v=1; v=2", "x\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tags, err := ParseTags(s)
		if err != nil {
			if tags != nil {
				t.Fatal("tags returned with an error")
			}
			return
		}
		if len(tags) == 0 {
			t.Fatal("no tags and no error")
		}
		for name, value := range tags {
			if !validTagName(name) {
				t.Fatalf("invalid name %q accepted", name)
			}
			if strings.Contains(value, ";") || trimFWS(value) != value {
				t.Fatalf("value %q not trimmed or holds a separator", value)
			}
		}
		// Whatever the tag list, reading a signature from it must not panic, and a result
		// always has a status.
		for _, r := range Check([]string{s}, []byte("body\r\n")) {
			if r.Status == "" {
				t.Fatal("empty status")
			}
		}
	})
}
