package outbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/samplezip"
	"github.com/reportmail/reportmail/internal/summary"
)

// recordVersion is the layout of options.json written now. A file without "version" is the
// one written before there was one: report.Options itself, under its Go field names.
const recordVersion = 1

// errNewerRecord is an options.json from a later version of the app: its fields cannot be
// trusted to mean what this version thinks, so the report is not rebuilt from it.
var errNewerRecord = errors.New("outbox: options.json was written by a newer version")

// record is what a report was built from, as options.json keeps it (the original, the .msg
// and the rejection notice are files of their own beside it, see blobs). It has names of its
// own so that renaming or adding a field of report.Options never changes what is on disk, and
// it carries the subject prefix and the app's name and version the report was made with:
// built again later (for a server without 8BITMIME, or because message.eml was lost), it says
// what the first one said, whatever the provider profile and the app's version are by then.
type record struct {
	Version       int           `json:"version"`
	Kind          string        `json:"kind"`
	Note          string        `json:"note,omitempty"`
	From          string        `json:"from"`
	To            string        `json:"to"`
	OriginalName  string        `json:"original_name,omitempty"`
	MsgName       string        `json:"msg_name,omitempty"`
	Summary       recordSummary `json:"summary"`
	EightBit      bool          `json:"eight_bit"`
	ZipPassword   string        `json:"zip_password,omitempty"`
	ZipEncryption string        `json:"zip_encryption,omitempty"`
	SubjectPrefix string        `json:"subject_prefix,omitempty"`
	AppName       string        `json:"app_name,omitempty"`
	AppVersion    string        `json:"app_version,omitempty"`
	Date          time.Time     `json:"date,omitzero"` // the report's Date; zero: when built
}

// recordSummary is the original's summary as stored. Its names are the ones check --json
// has always used, which is also what records without a version hold.
type recordSummary struct {
	From          string `json:"from"`
	To            string `json:"to"`
	Subject       string `json:"subject"`
	Date          string `json:"date"`
	MessageID     string `json:"message_id"`
	ReceivedCount int    `json:"received_count"`
	SourceIP      string `json:"source_ip"`
}

// unversioned is options.json as it was written before recordVersion: report.Options
// marshalled as it stood then. Frozen here, so that report.Options can change freely.
type unversioned struct {
	Kind, Note, From, To  string
	OriginalName, MsgName string
	Summary               recordSummary
	EightBit              bool
	ZipPassword           string
	ZipEncryption         string
	AppName, AppVersion   string
	Now                   time.Time
	SubjectPrefix         string
}

// toRecord is what options.json keeps of opts (its byte fields go to files of their own).
// This and fromRecord are the one place where the outbox's record meets report.Options.
func toRecord(opts report.Options) record {
	o := opts.Settled()
	s := o.Summary
	return record{
		Version: recordVersion, Kind: string(o.Kind), Note: o.Note, From: o.From, To: o.To,
		OriginalName: o.OriginalName, MsgName: o.MsgName,
		Summary: recordSummary{From: s.From, To: s.To, Subject: s.Subject, Date: s.Date,
			MessageID: s.MessageID, ReceivedCount: s.ReceivedCount, SourceIP: s.SourceIP},
		EightBit: o.EightBit, ZipPassword: o.ZipPassword, ZipEncryption: string(o.ZipEncryption),
		SubjectPrefix: o.SubjectPrefix, AppName: o.AppName, AppVersion: o.AppVersion, Date: o.Now,
	}
}

func fromRecord(r record) report.Options {
	s := r.Summary
	return report.Options{
		Kind: report.Kind(r.Kind), Note: r.Note, From: r.From, To: r.To,
		OriginalName: r.OriginalName, MsgName: r.MsgName,
		Summary: summary.Summary{From: s.From, To: s.To, Subject: s.Subject, Date: s.Date,
			MessageID: s.MessageID, ReceivedCount: s.ReceivedCount, SourceIP: s.SourceIP},
		EightBit: r.EightBit, ZipPassword: r.ZipPassword, ZipEncryption: samplezip.Method(r.ZipEncryption),
		SubjectPrefix: r.SubjectPrefix, AppName: r.AppName, AppVersion: r.AppVersion, Now: r.Date,
	}
}

// readRecord reads options.json in any layout this version knows. An unversioned one leaves
// the prefix and the app's name empty when it had none: Build then takes the built-in
// profile's and this version's, as the version that wrote it did.
func readRecord(data []byte) (report.Options, error) {
	var probe struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return report.Options{}, err
	}
	switch {
	case probe.Version == nil:
		var u unversioned
		if err := json.Unmarshal(data, &u); err != nil {
			return report.Options{}, err
		}
		return fromRecord(record{Kind: u.Kind, Note: u.Note, From: u.From, To: u.To,
			OriginalName: u.OriginalName, MsgName: u.MsgName, Summary: u.Summary, EightBit: u.EightBit,
			ZipPassword: u.ZipPassword, ZipEncryption: u.ZipEncryption, SubjectPrefix: u.SubjectPrefix,
			AppName: u.AppName, AppVersion: u.AppVersion, Date: u.Now}), nil
	case *probe.Version > recordVersion:
		return report.Options{}, fmt.Errorf("%w (version %d)", errNewerRecord, *probe.Version)
	case *probe.Version < 1:
		return report.Options{}, fmt.Errorf("outbox: options.json has version %d", *probe.Version)
	}
	var r record
	if err := json.Unmarshal(data, &r); err != nil {
		return report.Options{}, err
	}
	return fromRecord(r), nil
}
