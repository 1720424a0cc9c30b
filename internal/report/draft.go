package report

import (
	"bytes"
	"strings"
)

// Draft is the report as a ready-to-send draft: the same message with "X-Unsent: 1", which
// Outlook (and Windows Mail) open as a new message waiting for Send. Date and Message-ID are
// left out: the mail program stamps its own when the user sends, and a stale Date or a
// Message-ID from another domain would otherwise go out with the report. To stays: the
// draft must still go to the support address alone.
func Draft(r *Report) []byte {
	raw := r.Bytes
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if end < 0 {
		return append([]byte("X-Unsent: 1\r\n"), raw...)
	}
	head, body := raw[:end+2], raw[end+2:]

	var out bytes.Buffer
	out.Grow(len(raw) + 16)
	out.WriteString("X-Unsent: 1\r\n")
	for _, field := range splitFields(head) {
		name, _, _ := strings.Cut(string(field), ":")
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "date", "message-id", "x-unsent":
			continue
		}
		out.Write(field)
	}
	out.Write(body)
	return out.Bytes()
}

// splitFields cuts a header block (ending in CRLF) into fields, each with its folded
// continuation lines and final CRLF.
func splitFields(head []byte) [][]byte {
	var fields [][]byte
	start := 0
	for i := 0; i < len(head); {
		j := bytes.Index(head[i:], []byte("\r\n"))
		if j < 0 {
			break
		}
		next := i + j + 2
		if next >= len(head) || (head[next] != ' ' && head[next] != '\t') {
			fields = append(fields, head[start:next])
			start = next
		}
		i = next
	}
	if start < len(head) {
		fields = append(fields, head[start:])
	}
	return fields
}
