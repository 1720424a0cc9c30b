package report

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/reportmail/reportmail/internal/testkit/testtool"
)

// pyScript reads a message with Python's email package, an independent parser, and prints
// what a desk's tooling would see.
const pyScript = `
import email, email.policy, hashlib, json, sys
data = open(sys.argv[1], "rb").read()
msg = email.message_from_bytes(data, policy=email.policy.default)
def defects(m):
    out = [type(d).__name__ for d in m.defects]
    for k, v in m.items():
        out += [k + ": " + type(d).__name__ for d in getattr(v, "defects", ())]
    return out
parts = []
for p in msg.iter_parts():
    info = {"type": p.get_content_type(), "filename": p.get_filename() or "",
            "cte": p.get("Content-Transfer-Encoding", ""), "defects": defects(p)}
    if p.get_content_type() == "message/rfc822":
        inner = p.get_payload()[0]
        info["inner_subject"] = str(inner.get("Subject", ""))
        info["inner_message_id"] = str(inner.get("Message-ID", ""))
    elif p.get_content_maintype() == "text":
        info["text"] = p.get_content()
    else:
        info["sha256"] = hashlib.sha256(p.get_payload(decode=True)).hexdigest()
    parts.append(info)
print(json.dumps({
    "subject": str(msg.get("Subject", "")), "from": str(msg.get("From", "")),
    "to": [a.addr_spec for a in msg["To"].addresses] if msg["To"] else [],
    "cc": msg.get("Cc"), "bcc": msg.get("Bcc"), "x_unsent": msg.get("X-Unsent"),
    "date": msg.get("Date"), "message_id": msg.get("Message-ID"),
    "type": msg.get_content_type(), "defects": defects(msg), "parts": parts}))
`

// pythonPath finds python3 once and resolves it to the real interpreter: version-manager
// shims (pyenv) take seconds to start, and the tests start Python dozens of times.
var pythonPath = sync.OnceValues(func() (string, error) {
	shim, err := exec.LookPath("python3")
	if err != nil {
		return "", err
	}
	out, err := exec.Command(shim, "-c", "import sys; print(sys.executable)").Output()
	if p := strings.TrimSpace(string(out)); err == nil && p != "" {
		return p, nil
	}
	return shim, nil
})

type pyPart struct {
	Type           string   `json:"type"`
	Filename       string   `json:"filename"`
	CTE            string   `json:"cte"`
	Defects        []string `json:"defects"`
	InnerSubject   string   `json:"inner_subject"`
	InnerMessageID string   `json:"inner_message_id"`
	Text           string   `json:"text"`
	SHA256         string   `json:"sha256"`
}

type pyView struct {
	Subject   string   `json:"subject"`
	From      string   `json:"from"`
	To        []string `json:"to"`
	Cc        *string  `json:"cc"`
	Bcc       *string  `json:"bcc"`
	XUnsent   *string  `json:"x_unsent"`
	Date      *string  `json:"date"`
	MessageID *string  `json:"message_id"`
	Type      string   `json:"type"`
	Defects   []string `json:"defects"`
	Parts     []pyPart `json:"parts"`
}

// python parses msg with Python's email package. Without python3 the test skips, except in
// CI (CI=true), where it fails.
func python(t *testing.T, msg []byte) pyView {
	t.Helper()
	py, err := pythonPath()
	if err != nil {
		testtool.Missing(t, "python3 is not installed; the report is not checked with an independent parser")
	}
	dir := t.TempDir()
	script, file := filepath.Join(dir, "check.py"), filepath.Join(dir, "report.eml")
	if err := os.WriteFile(script, []byte(pyScript), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, msg, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, script, file).Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	var v pyView
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("python output %q: %v", out, err)
	}
	if len(v.Defects) > 0 {
		t.Errorf("python sees defects: %v", v.Defects)
	}
	for i, p := range v.Parts {
		if len(p.Defects) > 0 {
			t.Errorf("python sees defects in part %d: %v", i, p.Defects)
		}
	}
	return v
}
