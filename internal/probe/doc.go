// Package probe checks a mail server's incoming and outgoing ports live, all at once, and
// says per port whether a mail program can use it safely. It never sends a credential: it
// reads the greeting and capabilities, upgrades with STARTTLS (or starts with TLS),
// re-reads the capabilities, looks at the certificate and says goodbye.
//
// API (other packages, e.g. internal/autoconfig, code against this):
//
//	targets, err := probe.ParseTargets("imaps:993,submission:587") // or probe.DefaultTargets()
//	rep, err := probe.Run(ctx, probe.Options{
//		Host:     "mail.example.com",
//		Ports:    targets,        // nil: DefaultTargets()
//		Roots:    pool,           // nil: system roots; send.LoadCAFile(path) gives system + file
//		Timeout:  20 * time.Second, // bound on each port (0: DefaultTimeout)
//		Connect:  0, Greeting: 0, Reply: 0, // per-step bounds (0: defaults below)
//		OnResult: func(r probe.Result) { ... }, // once per port as it finishes, never two at once
//	})
//	// err != nil only when nothing could be tried: *OptionsError (bad host or ports),
//	// ErrHostNotFound (the name does not resolve), or ctx's error.
//	rep.Results            // one Result per target, in the order of Ports
//	rep.Recommended.Incoming, rep.Recommended.Outgoing // *Result or nil: the best safe port each way
//	rep.Safe()             // true when both directions have a safe port (CLI exit 0)
//	rep.Transcript()       // the text to copy for an IT provider (no secrets: none are sent)
//
// A Result carries the facts (Reachable, Greeting, StartTLSOffered, TLSVersion, Cipher,
// Cert *CertInfo, AuthBeforeTLS, AuthAfterTLS, LoginDisabled, Elapsed), a Verdict (Good,
// Warning, Bad, Closed) and Problems, each a *Problem with a Code (see codes.go) and the
// facts a sentence needs; internal/plain turns them into words (plain.ProbeProblem,
// plain.ProbeVerdict, plain.ProbeRecommended). Security() is "STARTTLS" or "SSL".
//
// Incoming targets are imap, imaps, pop3, pop3s; outgoing are smtp, submission,
// submissions. The forms ending in s are implicit TLS, the others STARTTLS.
package probe
