package outbox

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Draft is a report saved for the person's own mail program to send (no account set up):
// where it was saved, so Sent reports can list it with Open and Show in folder. The draft
// file itself is the person's; the outbox keeps only this note of it, in drafts/<id>.json.
type Draft struct {
	ID      string    `json:"id"`
	Path    string    `json:"path"` // the .eml as saved
	Kind    string    `json:"kind"`
	Subject string    `json:"subject"`
	SHA256  string    `json:"sha256"` // of the attached original
	Saved   time.Time `json:"saved"`
}

const draftsDir = "drafts"

// AddDraft records a saved draft and returns it with its ID.
func (o *Outbox) AddDraft(d Draft) (Draft, error) {
	if d.Saved.IsZero() {
		d.Saved = o.now().UTC()
	}
	id, err := newID(d.Saved.UTC().Format("20060102T150405Z"))
	if err != nil {
		return d, err
	}
	d.ID = id
	dir := filepath.Join(o.dir, draftsDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return d, err
	}
	return d, writeJSON(dir, id+".json", d)
}

// Drafts lists the saved drafts, newest first. A note that cannot be read is skipped: the
// draft file it named is the person's and is not touched.
func (o *Outbox) Drafts() ([]Draft, error) {
	dir := filepath.Join(o.dir, draftsDir)
	ents, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Draft
	for _, e := range ents {
		id, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || !e.Type().IsRegular() || checkID(id) != nil {
			continue
		}
		data, err := readBounded(filepath.Join(dir, e.Name()), maxRecord)
		var d Draft
		if err != nil || json.Unmarshal(data, &d) != nil {
			continue
		}
		d.ID = id
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Draft) int { return b.Saved.Compare(a.Saved) })
	return out, nil
}

// ForgetDraft takes a draft off the list; the draft file stays where the person saved it.
func (o *Outbox) ForgetDraft(id string) error {
	if err := checkID(id); err != nil {
		return err
	}
	return notFound(os.Remove(filepath.Join(o.dir, draftsDir, id+".json")))
}
