package provider

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/reportmail/reportmail/internal/safefile"
)

//go:embed smx.json
var smxJSON []byte

// maxFile bounds what Load reads: a profile is a few kilobytes; anything near this is not one.
const maxFile = 1 << 20

var builtin = sync.OnceValues(func() (Profile, error) { return Parse(smxJSON) })

// Default is the built-in SMX profile. Each call returns a copy the caller may change.
func Default() Profile {
	p, err := builtin()
	if err != nil {
		// smx.json is checked by the tests, so this cannot happen in a released build; the
		// essentials below keep reports going to the right desk regardless.
		return Profile{
			Format: Format, Name: "SMX Cloud Email Security",
			SupportAddress:  "emailsupport@smxemail.com",
			SubjectPrefixes: defaultPrefixes(),
		}
	}
	return p.clone()
}

// defaultPrefixes fill in what a profile leaves out: smx.json's words, which every desk
// understands. Read on their own, without Parse, which needs them.
var defaultPrefixes = sync.OnceValue(func() SubjectPrefixes {
	var doc struct {
		Prefixes SubjectPrefixes `json:"subject_prefixes"`
	}
	_ = json.Unmarshal(smxJSON, &doc) // smx.json is checked by the tests
	return doc.Prefixes
})

// Load reads and checks an IT provider's own profile file. A pipe, device or folder is
// refused before anything can wait on it.
func Load(path string) (Profile, error) {
	data, err := safefile.Read(path, maxFile)
	if errors.Is(err, safefile.ErrTooBig) {
		return Profile{}, &Error{Path: path, Kind: ErrNotProfile, Err: err, Problem: "the file is far too large to be a provider profile"}
	}
	var nf *safefile.NotFileError
	if errors.As(err, &nf) {
		return Profile{}, &Error{Path: path, Kind: ErrUnreadable, Err: err, Problem: "it is " + nf.Kind.String() + ", not a file Report Mail can read"}
	}
	if err != nil {
		return Profile{}, &Error{Path: path, Kind: ErrUnreadable, Err: err, Problem: "the file could not be read"}
	}
	p, err := Parse(data)
	var pe *Error
	if errors.As(err, &pe) {
		pe.Path = path
	}
	return p, err
}

// Parse reads a profile from JSON and checks it. Unknown fields are ignored, so a profile
// written for a newer version still loads when its format number allows.
func Parse(data []byte) (Profile, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // Notepad's byte-order mark
	var p Profile
	if err := json.Unmarshal(data, &p); err != nil {
		return Profile{}, jsonError(data, err)
	}
	if p.Format > Format {
		return Profile{}, &Error{Kind: ErrTooNew, Field: "format",
			Problem: fmt.Sprintf("it is format %d and this version of Report Mail reads up to format %d; update Report Mail", p.Format, Format)}
	}
	if p.Format == 0 {
		p.Format = Format
	}
	fillPrefixes(&p.SubjectPrefixes)
	if err := validate(&p); err != nil {
		return Profile{}, err
	}
	return p, nil
}

func fillPrefixes(s *SubjectPrefixes) {
	d := defaultPrefixes()
	if s.FalseNegative == "" {
		s.FalseNegative = d.FalseNegative
	}
	if s.FalsePositive == "" {
		s.FalsePositive = d.FalsePositive
	}
	if s.Virus == "" {
		s.Virus = d.Virus
	}
}

// jsonError turns encoding/json's messages into a line number and a field name.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &Error{Kind: ErrNotProfile, Err: err,
			Problem: fmt.Sprintf("it is not valid JSON (line %d)", lineOf(data, syn.Offset))}
	case errors.As(err, &typ):
		return &Error{Kind: ErrInvalid, Err: err, Field: typ.Field,
			Problem: fmt.Sprintf("%q should be %s (line %d)", typ.Field, kindWord(typ.Type.Kind().String()), lineOf(data, typ.Offset))}
	}
	return &Error{Kind: ErrNotProfile, Err: err, Problem: "it is not valid JSON"}
}

func lineOf(data []byte, offset int64) int {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	return bytes.Count(data[:offset], []byte("\n")) + 1
}

func kindWord(k string) string {
	switch k {
	case "string":
		return "text in quotes"
	case "int", "int64":
		return "a whole number"
	case "bool":
		return "true or false"
	case "slice":
		return "a list in [ ]"
	case "struct":
		return "a group in { }"
	}
	return "a " + k
}
