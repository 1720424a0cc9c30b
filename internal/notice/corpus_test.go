package notice

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// The labelled notices live beside the repository (sisimai's set-of-emails and a few from
// other mail libraries' tests), with LABELS.tsv: file, reason (sisimai v5), source, status.
const corpusDir = "../../../shared/corpus/bounce"

type label struct {
	file    string
	reasons []string // "" for unlabelled; "not-bounce" for not/
	status  string
}

func labels(t testing.TB) []label {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, "LABELS.tsv"))
	if err != nil {
		t.Skipf("the shared bounce corpus is not here (%s): skipping", corpusDir)
	}
	defer f.Close()
	var out []label
	sc := bufio.NewScanner(f)
	sc.Scan() // header line
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 2 {
			continue
		}
		l := label{file: cols[0]}
		if cols[1] != "unlabelled" {
			l.reasons = strings.Split(cols[1], ",")
		}
		if len(cols) > 3 {
			l.status = cols[3]
		}
		out = append(out, l)
	}
	return out
}

func readCorpus(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// realMessage is the test's own check that returned bytes are a message: a From, a Date or
// a Message-ID, and a body.
func realMessage(b []byte) bool {
	h := mailmsg.ParseHeader(b)
	return h.Has("From") && (h.Has("Date") || h.Has("Message-ID")) && h.Separator &&
		len(bytes.TrimSpace(b[h.Body:])) > 0
}

const (
	minAgreement    = 95.0
	maxUnrecognised = 10
)

func folder(name string) string { return name[:strings.IndexByte(name, '/')] }

// TestCorpus reads every notice of the corpus: reason agreement with the label, no not/
// file called a rejection, and no "full" return where the message is not there.
func TestCorpus(t *testing.T) {
	type tally struct{ labelled, agree, notices, full, headers, none int }
	per := map[string]*tally{}
	confusion := map[string]int{}
	var wrong, unrecognised []string
	for _, l := range labels(t) {
		raw := readCorpus(t, l.file)
		n := Read(raw)
		d := folder(l.file)
		if per[d] == nil {
			per[d] = &tally{}
		}
		tl := per[d]
		if d == "not" {
			if n.IsBounce() {
				t.Errorf("%s: not a rejection, read as %s (%s)", l.file, n.Kind, n.Reason)
			}
			continue
		}
		if n.Kind == KindNone {
			unrecognised = append(unrecognised, l.file)
		} else {
			tl.notices++
		}
		switch n.Returned {
		case ReturnedFull:
			tl.full++
			if !realMessage(n.ReturnedMessage) || n.ReturnedSHA256 == "" {
				t.Errorf("%s: full claimed but the returned bytes are not a whole message", l.file)
			}
		case ReturnedHeaders:
			tl.headers++
		default:
			tl.none++
		}
		if l.reasons == nil {
			continue
		}
		tl.labelled++
		if agrees(l.reasons, n) {
			tl.agree++
		} else {
			confusion[strings.Join(l.reasons, ",")+" -> "+n.Reason]++
			wrong = append(wrong, fmt.Sprintf("%s want %v got %s %v (%s) %q", l.file, l.reasons, n.Kind, n.Reasons(), statusOf(n), diagOf(n)))
		}
	}
	var all tally
	for _, d := range []string{"bsd", "dos", "mac", "other", "tmp"} {
		tl := per[d]
		if tl == nil {
			continue
		}
		t.Logf("%-5s labelled %3d agree %3d (%5.1f %%)  notices %3d  returned full %3d headers %3d none %3d",
			d, tl.labelled, tl.agree, pct(tl.agree, tl.labelled), tl.notices, tl.full, tl.headers, tl.none)
		all.labelled += tl.labelled
		all.agree += tl.agree
	}
	t.Logf("all   labelled %3d agree %3d (%5.1f %%)", all.labelled, all.agree, pct(all.agree, all.labelled))
	var keys []string
	for k := range confusion {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return confusion[keys[i]] > confusion[keys[j]] || confusion[keys[i]] == confusion[keys[j]] && keys[i] < keys[j]
	})
	for _, k := range keys {
		t.Logf("confusion %3d  %s", confusion[k], k)
	}
	if os.Getenv("NOTICE_WRONG") != "" {
		for _, w := range wrong {
			t.Log(w)
		}
	}
	t.Logf("not recognised as notices: %d %v", len(unrecognised), unrecognised)
	// The goal is 95 % (issue 11); these floors are what the reader reaches today, so a
	// change that loses ground fails while the goal is still being worked towards.
	if got := pct(all.agree, all.labelled); got < minAgreement {
		t.Errorf("reason agreement %.1f %% fell below %.0f %% (goal 95 %%)", got, minAgreement)
	}
	if len(unrecognised) > maxUnrecognised {
		t.Errorf("%d notices not recognised (at most %d)", len(unrecognised), maxUnrecognised)
	}
}

// agrees: a notice with several recipients agrees when every labelled reason is one of its
// recipients' and its main reason is labelled.
func agrees(want []string, n *Notice) bool {
	got := map[string]bool{}
	for _, r := range n.Reasons() {
		got[r] = true
	}
	main := false
	for _, w := range want {
		if w == n.Reason {
			main = true
		}
		if !got[w] && !(w == n.Reason) {
			return false
		}
	}
	return main
}

func statusOf(n *Notice) string {
	if len(n.Recipients) == 0 {
		return ""
	}
	return n.Recipients[0].Status + " " + n.Recipients[0].ReplyCode
}

func diagOf(n *Notice) string {
	if len(n.Recipients) == 0 {
		return ""
	}
	return mailmsg.Shorten(n.Recipients[0].Diagnostic, 160)
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}
