package outbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/samplezip"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/summary"
)

// testdata/unversioned is an outbox written by the version before options.json had its own
// record (report.Options under its Go field names, and a sentence in last_error): a report
// refused by the server for a provider whose words are not SMX's, and a queued virus sample.
const (
	oldRefused = "20260303T101542Z-9c60644a"
	oldVirus   = "20260303T101542Z-0474ca88"
)

// openOld copies the old outbox into a fresh folder (the outbox writes to it) and opens it
// with the real report builder.
func openOld(t *testing.T) *outbox.Outbox {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "outbox")
	src := filepath.Join("testdata", "unversioned")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		to := filepath.Join(dir, strings.TrimPrefix(p, src))
		if d.IsDir() {
			return os.MkdirAll(to, 0o700)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, data, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	o, err := outbox.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	o.Rebuild = func(opts report.Options) (outbox.Message, error) {
		r, err := report.Build(opts)
		if err != nil {
			return outbox.Message{}, err
		}
		return outbox.Message{Bytes: r.Bytes, Subject: r.Subject, MessageID: r.MessageID, SHA256: r.AttachedSHA256, Kind: string(r.Kind)}, nil
	}
	return o
}

// TestReadsUnversionedRecord: every input of a report written before the versioned record
// comes back, the byte fields from their own files.
func TestReadsUnversionedRecord(t *testing.T) {
	o := openOld(t)
	es, err := o.List()
	if err != nil || len(es) != 2 {
		t.Fatalf("list %v %v", es, err)
	}
	byID := map[string]outbox.Entry{}
	for _, e := range es {
		byID[e.ID] = e
	}
	if e := byID[oldRefused]; e.State != outbox.Failed || e.LastErrorKind != "refused" || e.ServerReply != "Message refused by policy" ||
		!strings.HasPrefix(e.LastError, "Your mail server refused the report.") || e.Damage != "" {
		t.Errorf("refused report: %+v", e)
	}
	if e := byID[oldVirus]; e.State != outbox.Queued || e.Kind != "virus" || e.Damage != "" {
		t.Errorf("virus report: %+v", e)
	}

	in, err := o.Inputs(oldRefused)
	if err != nil {
		t.Fatal(err)
	}
	original, _ := os.ReadFile(filepath.Join("testdata", "unversioned", "queue", oldRefused, "original.bin"))
	wantSummary := summary.Summary{From: "Jürgen <j@sender.example>", To: "you@example.co.nz", Subject: "Grüße aus Berlin",
		Date: "2026-03-03T10:15:42+13:00", MessageID: "<orig-1@sender.example>", ReceivedCount: 1, SourceIP: "198.51.100.14"}
	switch {
	case in.Kind != report.FalsePositive || in.From != "you@example.co.nz" || in.To != "support@desk.example":
		t.Errorf("addresses and kind: %+v", in)
	case in.Note != "Blocked, but it is from my supplier — ünïcode note." || in.OriginalName != "Grüße.eml" || in.MsgName != "Grüße.msg":
		t.Errorf("note and names: %+v", in)
	case in.SubjectPrefix != "Wrongly Blocked" || in.AppName != "Desk Reporter" || in.AppVersion != "0.9.1" || !in.EightBit:
		t.Errorf("prefix, app, 8-bit: %+v", in)
	case in.Summary != wantSummary:
		t.Errorf("summary %+v", in.Summary)
	case len(original) == 0 || !bytes.Equal(in.Original, original) || len(in.MsgSource) == 0 || len(in.RejectionNotice) == 0:
		t.Errorf("attached files: %d %d %d", len(in.Original), len(in.MsgSource), len(in.RejectionNotice))
	case in.Now.IsZero():
		t.Errorf("the report's date was lost")
	}
	v, err := o.Inputs(oldVirus)
	if err != nil || v.Kind != report.Virus || v.ZipPassword != "virus" || v.ZipEncryption != samplezip.AES256 || v.SubjectPrefix != "" {
		t.Errorf("virus inputs %+v %v", v, err)
	}
}

// TestOldRecordRebuildsWithItsWords: an old report built again for a server without 8BITMIME
// keeps its provider's subject prefix, its app name and its Message-ID, and its inputs are
// then kept in the versioned record, which reads back the same.
func TestOldRecordRebuildsWithItsWords(t *testing.T) {
	o := openOld(t)
	entry, _ := o.Get(oldRefused)
	if err := o.Retry(oldRefused, entry.Created); err != nil {
		t.Fatal(err)
	}
	var sent []byte
	got, err := o.Deliver(context.Background(), oldRefused, sendFunc(func(_ context.Context, _ string, _ []string, msg []byte, _ func(int64, int64)) error {
		if bytes.Contains(msg, []byte("Content-Transfer-Encoding: 8bit")) {
			return &send.Error{Kind: send.Needs8BitMIME}
		}
		sent = msg
		return nil
	}), send.Hooks{})
	if err != nil || got.State != outbox.Sent || !got.Rebuilt7Bit {
		t.Fatalf("%+v %v", got, err)
	}
	for _, want := range []string{"Subject: Wrongly Blocked: ", "X-Mailer: Desk Reporter 0.9.1", "Sent with Desk Reporter 0.9.1."} {
		if !bytes.Contains(sent, []byte(want)) {
			t.Errorf("rebuilt report lacks %q", want)
		}
	}
	if !strings.HasPrefix(got.Subject, "Wrongly Blocked: ") {
		t.Errorf("subject %q", got.Subject)
	}
	// A repeat must carry the first Message-ID, so that the desk can recognise it.
	const firstID = "<j4v6xhek33irsgaolpjix2momd@example.co.nz>"
	if got.MessageID != firstID || !bytes.Contains(sent, []byte("\r\nMessage-ID: "+firstID+"\r\n")) {
		t.Errorf("rebuilt for 7-bit with Message-ID %s, want %s", got.MessageID, firstID)
	}

	// The lost-message rebuild keeps the first Message-ID.
	o = openOld(t)
	if err := os.Remove(filepath.Join(o.Dir(), "queue", oldVirus, "message.eml")); err != nil {
		t.Fatal(err)
	}
	e, err := o.Get(oldVirus)
	if err != nil || e.Damage != "" || e.MessageID != "<5gxsdxapqaeal2shoxyvlmqfza@example.co.nz>" {
		t.Fatalf("%+v %v", e, err)
	}
	msg, _ := o.MessageBytes(oldVirus)
	if !bytes.Contains(msg, []byte("Message-ID: <5gxsdxapqaeal2shoxyvlmqfza@example.co.nz>\r\n")) {
		t.Errorf("rebuilt report has another Message-ID")
	}
}

// TestRecordIsVersionedAndTagged: options.json is the outbox's own record, not report.Options
// under its Go names, and it keeps the words the report was made with.
func TestRecordIsVersionedAndTagged(t *testing.T) {
	o, _ := open(t)
	opts := report.Options{Kind: report.FalsePositive, From: "me@example.test", To: "support@desk.example",
		Original: original, OriginalName: "x.eml", Summary: summary.Summary{Subject: "café", ReceivedCount: 2}, EightBit: true}
	e, err := o.Add(outbox.Message{Bytes: built, Subject: "s", MessageID: "<m@x>", Kind: "false-positive"}, opts, "me@example.test", []string{"support@desk.example"})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(o.Dir(), "queue", e.ID, "options.json"))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	if raw["version"] != float64(1) {
		t.Errorf("version %v", raw["version"])
	}
	for k := range raw {
		if k != strings.ToLower(k) {
			t.Errorf("options.json has Go field name %q", k)
		}
	}
	for _, k := range []string{"subject_prefix", "app_name", "app_version"} {
		if s, _ := raw[k].(string); s == "" {
			t.Errorf("%s not kept: %s", k, data)
		}
	}
	in, err := o.Inputs(e.ID)
	if err != nil || in.Summary != opts.Summary || in.OriginalName != "x.eml" || !bytes.Equal(in.Original, original) {
		t.Errorf("%+v %v", in, err)
	}
	settled := opts.Settled()
	if in.SubjectPrefix != settled.SubjectPrefix || in.AppName != settled.AppName || in.AppVersion != settled.AppVersion {
		t.Errorf("words %q %q %q", in.SubjectPrefix, in.AppName, in.AppVersion)
	}

	// A record from a newer version is not guessed at.
	newer := bytes.Replace(data, []byte(`"version": 1`), []byte(`"version": 2`), 1)
	if err := os.WriteFile(filepath.Join(o.Dir(), "queue", e.ID, "options.json"), newer, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := o.Inputs(e.ID); err == nil || errors.Is(err, outbox.ErrNotFound) {
		t.Errorf("newer record read: %v", err)
	}
}
