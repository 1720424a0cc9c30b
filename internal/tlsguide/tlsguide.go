// Package tlsguide holds, as data, how to set a mail program up to connect with TLS: what
// each of the provider's ports is for, what STARTTLS and SSL mean, and step-by-step guides
// per program, all rendered by one generic view in the UI. The ports and server names
// themselves are the provider profile's. It also writes ready-made settings files a user
// can import.
package tlsguide

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"
)

// Security is how a connection gets encrypted.
type Security string

const (
	// STARTTLS connects in the clear on the usual port and upgrades before anything private
	// is sent.
	STARTTLS Security = "STARTTLS"
	// SSL is encrypted from the first byte (implicit TLS), on a port of its own.
	SSL Security = "SSL"
	// TLS is how mail programs and the provider's FAQ label STARTTLS on SMTP port 25; kept as
	// its own value so the table shows the word people will see.
	TLS Security = "TLS"
)

// Term explains one word of the table in plain language.
type Term struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// Step is one instruction. Detail, when present, is the fine print the view shows smaller
// or behind a disclosure.
type Step struct {
	Text   string `json:"text"`
	Detail string `json:"detail,omitempty"`
	// Contact asks the view to show the provider's support phone numbers (from the provider
	// profile) under this step. The numbers are not in this data because an IT provider can
	// ship its own profile with its own desk.
	Contact bool `json:"contact,omitempty"`
}

// Guide is the set-up steps for one mail program.
type Guide struct {
	ID    string `json:"id"` // matches the guidance package's client ids where they overlap
	Title string `json:"title"`
	Intro string `json:"intro"`
	Steps []Step `json:"steps"`
}

type data struct {
	Explanations []explanation `json:"explanations"`
	ServerHint   string        `json:"server_hint"`
	DomainHint   string        `json:"domain_hint"`
	Terms        []Term        `json:"terms"`
	Guides       []Guide       `json:"guides"`
}

//go:embed guide.json
var guideJSON []byte

// load parses the embedded data once. A broken file is a build mistake the package tests
// catch; at run time it leaves the guide empty rather than crashing the app.
var load = sync.OnceValues(func() (data, error) {
	var d data
	dec := json.NewDecoder(bytes.NewReader(guideJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return data{}, fmt.Errorf("tlsguide: guide.json: %w", err)
	}
	return d, nil
})

// Terms explains STARTTLS and SSL and how to choose.
func Terms() []Term {
	d, _ := load()
	return append([]Term(nil), d.Terms...)
}

// Guides lists the step-by-step guides, most used program first, "other" last.
func Guides() []Guide {
	d, _ := load()
	out := make([]Guide, len(d.Guides))
	for i, g := range d.Guides {
		out[i] = g.clone()
	}
	return out
}

// ByID returns one guide: "outlook", "apple-mail", "thunderbird" or "other".
func ByID(id string) (Guide, bool) {
	d, _ := load()
	for _, g := range d.Guides {
		if g.ID == id {
			return g.clone(), true
		}
	}
	return Guide{}, false
}

// clone keeps callers from editing the shared steps through the returned slice.
func (g Guide) clone() Guide {
	g.Steps = append([]Step(nil), g.Steps...)
	return g
}
