package ui

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/dnsbl"
)

// listing is one list's listings of a target: the target itself, its parent domains, or
// both. A parent's listing is shown as one, since a filter refuses every name under it.
type listing struct {
	list    string
	self    *dnsbl.Result
	parents []dnsbl.Result
}

// listings are a target's listings in list order.
func listings(t *blTarget) []listing {
	var out []listing
	at := map[string]int{}
	for _, r := range t.results {
		if r.Status != dnsbl.Listed {
			continue
		}
		i, ok := at[r.List]
		if !ok {
			i = len(out)
			at[r.List] = i
			out = append(out, listing{list: r.List})
		}
		if r.Why == dnsbl.WhyParent {
			out[i].parents = append(out[i].parents, r)
		} else {
			r := r
			out[i].self = &r
		}
	}
	return out
}

// unknownLists are the first Unknown answer of each list that gave one, in list order.
func unknownLists(rs []dnsbl.Result) []dnsbl.Result {
	var out []dnsbl.Result
	seen := map[string]bool{}
	for _, r := range rs {
		if r.Status == dnsbl.Unknown && !seen[r.List] {
			seen[r.List] = true
			out = append(out, r)
		}
	}
	return out
}

// cleanLists are the lists that answered "not listed" for every name of the target.
func cleanLists(t *blTarget) []string {
	n := map[string]int{}
	dirty := map[string]bool{}
	var order []string
	for _, r := range t.results {
		if r.Status != dnsbl.NotListed {
			dirty[r.List] = true
			continue
		}
		if n[r.List] == 0 {
			order = append(order, r.List)
		}
		n[r.List]++
	}
	var out []string
	for _, l := range order {
		if !dirty[l] && n[l] == len(t.t.Checked) {
			out = append(out, l)
		}
	}
	return out
}

func targetTitle(t dnsbl.Target) string {
	if t.Kind == dnsbl.IP {
		return t.Checked[0].Name + " (IP address)"
	}
	return t.Checked[0].Name + " (server name or domain)"
}

// render rebuilds the results from what has arrived: listings first, then the lists that
// could not say, then the clean ones folded away.
func (s *blocklistScreen) render() {
	s.notes.Objects = nil
	for _, n := range s.found {
		s.notes.Add(wrapLabel(n))
	}
	s.notes.Refresh()
	var objs []fyne.CanvasObject
	for _, t := range s.targets {
		objs = append(objs, s.targetView(t))
	}
	s.results.Objects = objs
	s.results.Refresh()
}

func (s *blocklistScreen) targetView(t *blTarget) fyne.CanvasObject {
	box := container.NewVBox()
	if t.t.Kind == dnsbl.IP {
		if t.owner == nil {
			box.Add(wrapLabel("Finding out who owns this address…"))
		} else {
			box.Add(wrapLabel(t.owner.Sentence()))
		}
	}
	for _, l := range listings(t) {
		box.Add(s.listedRow(t, l))
	}
	for _, r := range unknownLists(t.results) {
		box.Add(s.unknownRow(r))
	}
	if clean := cleanLists(t); len(clean) > 0 {
		list := wrapLabel("These blocklists answered that it is not on them: " + strings.Join(clean, ", ") + ".")
		box.Add(widget.NewAccordion(widget.NewAccordionItem("Not listed on "+blCount(len(clean), "list"), list)))
	}
	return widget.NewCard(targetTitle(t.t), "", box)
}

func (s *blocklistScreen) listedRow(t *blTarget, l listing) fyne.CanvasObject {
	main := l.self
	others := l.parents
	box := container.NewVBox(bold("Listed on " + l.list))
	if main == nil {
		main = &l.parents[0]
		others = l.parents[1:]
		box.Add(wrapLabel(t.t.Checked[0].Name + " is not listed, but its parent domain " + main.Name +
			" is, and filters that use this list refuse mail from every name under it."))
	}
	box.Add(wrapLabel("What it means: " + fullStop(main.Meaning)))
	for _, p := range others {
		box.Add(wrapLabel("Its parent domain " + p.Name + " is listed on " + l.list + " too."))
	}
	if main.TXT != "" {
		box.Add(wrapLabel("The list's own note: " + fullStop(main.TXT)))
	}
	box.Add(wrapLabel("What to do: " + fullStop(main.Advice)))
	if link, err := url.Parse(main.DelistURL); err == nil && main.DelistURL != "" && (link.Scheme == "https" || link.Scheme == "http") {
		b := widget.NewButtonWithIcon("Open the "+l.list+" removal page", theme.ComputerIcon(), func() {
			_ = openURL(s.u.app, link)
		})
		b.Importance = widget.HighImportance
		box.Add(container.NewHBox(b))
	}
	return box
}

func (s *blocklistScreen) unknownRow(r dnsbl.Result) fyne.CanvasObject {
	box := container.NewVBox(bold("Unknown on " + r.List + ": the list could not be asked"))
	box.Add(wrapLabel(fullStop(r.Meaning) + " This is not the same as “not listed”."))
	if r.Advice != "" {
		box.Add(wrapLabel("What to do: " + fullStop(r.Advice)))
	}
	if s.dqsList(r.List) && !s.usedKey {
		box.Add(wrapLabel("Spamhaus answers reliably with a free Data Query Service key: add yours at the bottom of this screen and check again."))
	}
	return box
}

// dqsList says whether the named list takes a Spamhaus Data Query Service key.
func (s *blocklistScreen) dqsList(name string) bool {
	for _, l := range s.lists {
		if l.Name == name {
			return l.DQSZone != ""
		}
	}
	return false
}

func fullStop(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

// summary is the check in plain text for an IT provider: every listing with its step and
// removal page, what could not be checked, and which lists were clean.
func (s *blocklistScreen) summary(now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Blocklist check by %s, %s\n", appVersion(), now.UTC().Format("2 January 2006 15:04 UTC"))
	if s.usedKey {
		b.WriteString("Spamhaus was asked with a Data Query Service key.\n")
	}
	for _, n := range s.found {
		b.WriteString(n + "\n")
	}
	for _, t := range s.targets {
		fmt.Fprintf(&b, "\n%s\n", targetTitle(t.t))
		if t.owner != nil {
			fmt.Fprintf(&b, "  %s\n", t.owner.Sentence())
		}
		for _, l := range listings(t) {
			main, others := l.self, l.parents
			if main == nil {
				main, others = &l.parents[0], l.parents[1:]
				fmt.Fprintf(&b, "  LISTED on %s: the parent domain %s (%s itself is not listed).\n", l.list, main.Name, t.t.Checked[0].Name)
			} else {
				fmt.Fprintf(&b, "  LISTED on %s.\n", l.list)
			}
			fmt.Fprintf(&b, "    What it means: %s\n", fullStop(main.Meaning))
			for _, p := range others {
				fmt.Fprintf(&b, "    The parent domain %s is listed too.\n", p.Name)
			}
			if main.TXT != "" {
				fmt.Fprintf(&b, "    The list's own note: %s\n", fullStop(main.TXT))
			}
			fmt.Fprintf(&b, "    What to do: %s\n", fullStop(main.Advice))
			if main.DelistURL != "" {
				fmt.Fprintf(&b, "    Removal page: %s\n", main.DelistURL)
			}
		}
		for _, r := range unknownLists(t.results) {
			fmt.Fprintf(&b, "  UNKNOWN on %s: %s\n", r.List, fullStop(r.Meaning))
			if r.Advice != "" {
				fmt.Fprintf(&b, "    What to do: %s\n", fullStop(r.Advice))
			}
		}
		if clean := cleanLists(t); len(clean) > 0 {
			fmt.Fprintf(&b, "  Not listed on %s.\n", strings.Join(clean, ", "))
		}
	}
	b.WriteString("\n" + s.outcome() + "\n")
	return b.String()
}
