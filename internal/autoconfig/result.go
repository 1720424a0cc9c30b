package autoconfig

// SourceKind says which of the places Discover looks gave the settings.
type SourceKind int

const (
	FromProfile    SourceKind = iota + 1 // the provider profile's server names
	FromAutoconfig                       // https://autoconfig.DOMAIN/…
	FromWellKnown                        // https://DOMAIN/.well-known/autoconfig/…
	FromISPDB                            // Thunderbird's list of providers, for Domain
	FromMX                               // the mail exchanger's domain (autoconfig or the list)
	Guessed                              // common names, checked live
	FromProbe                            // a live check of a server the person named
)

// Source is where settings came from. internal/plain words it for people.
type Source struct {
	Kind SourceKind
	// Host is the web server that gave the file ("autoconfig.example.com"), or the host a
	// live check looked at; "" for the profile.
	Host string
	// Domain is whose settings they are: the address's domain, or for FromMX the domain of
	// the mail exchanger ("example.net").
	Domain string
}

// Attempt is one place Discover looked without getting settings.
type Attempt struct {
	Source Source
	URL    string // "" for DNS and live checks
	Err    error
}

// Result is what Discover found for one address.
type Result struct {
	Address     string
	Source      Source
	DisplayName string   // the provider's name from the file, if it gave one
	Incoming    []Server // safe to use, best first
	Outgoing    []Server
	Unsafe      []Server // offered without encryption: left out on purpose
	Tried       []Attempt
	// LiveChecked is true when the servers were put to a live check (Options.Confirm), so
	// an unchecked server is one that did not pass it.
	LiveChecked bool
}

// BestIncoming is the server a mail program should fetch from: the first one a live check
// found safe, else the first one found.
func (r Result) BestIncoming() (Server, bool) { return best(r.Incoming) }

// BestOutgoing is the server a mail program should send through, chosen the same way.
func (r Result) BestOutgoing() (Server, bool) { return best(r.Outgoing) }

func best(list []Server) (Server, bool) {
	for _, s := range list {
		if s.Checked {
			return s, true
		}
	}
	if len(list) == 0 {
		return Server{}, false
	}
	return list[0], true
}

// Checked reports whether a live check found the recommended servers safe.
func (r Result) Checked() bool {
	in, okIn := r.BestIncoming()
	out, okOut := r.BestOutgoing()
	return okIn && okOut && in.Checked && out.Checked
}
