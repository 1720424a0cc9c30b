package send_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

func TestProbe(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{Users: map[string]string{"reporter": "secret"}})
	cfg := config(srv)
	if err := cfg.Probe(context.Background()); err != nil {
		t.Fatalf("Probe: %v", err)
	}
	s := srv.Sessions()[0]
	if !s.AuthAttempted || s.AuthInClear || s.Commands[len(s.Commands)-1] != "QUIT" {
		t.Errorf("session %+v", s)
	}
	cfg.Password = "wrong"
	if err := cfg.Probe(context.Background()); !errors.Is(err, send.ErrAuthFailed) {
		t.Fatalf("wrong password: %v", err)
	}
}

func TestProbeNoStartTLSNeverAuths(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{NoStartTLS: true})
	if err := config(srv).Probe(context.Background()); !errors.Is(err, send.ErrNoStartTLS) {
		t.Fatalf("got %v", err)
	}
	if srv.AuthAttempted() {
		t.Fatal("AUTH sent on a connection without TLS")
	}
}

func TestLoadCAFile(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{})
	pool, err := send.LoadCAFile(srv.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config(srv)
	cfg.RootCAs = pool
	if err := cfg.Send(context.Background(), from, to, message(), nil); err != nil {
		t.Fatalf("with the CA file: %v", err)
	}
	cfg.RootCAs = nil // the system roots alone do not know the test CA
	if err := cfg.Send(context.Background(), from, to, message(), nil); send.KindOf(err) != send.CertUntrusted {
		t.Fatalf("without it: %v", err)
	}

	dir := t.TempDir()
	notPEM := filepath.Join(dir, "key.txt")
	os.WriteFile(notPEM, []byte("hello"), 0o600)
	var ce *send.CAFileError
	if _, err := send.LoadCAFile(notPEM); !errors.As(err, &ce) || !errors.Is(err, send.ErrNoCertificates) {
		t.Errorf("no PEM: %v", err)
	}
	if _, err := send.LoadCAFile(filepath.Join(dir, "missing.pem")); !errors.As(err, &ce) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

func TestParseSecurity(t *testing.T) {
	for in, want := range map[string]send.Security{"": send.Auto, "starttls": send.StartTLS, "IMPLICIT": send.Implicit} {
		if got, err := send.ParseSecurity(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	if _, err := send.ParseSecurity("none"); err == nil {
		t.Error("a plaintext mode was accepted")
	}
}
