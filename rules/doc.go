package rules

import (
	"fmt"
	"strings"
)

// MustDoc returns a rule's documentation from the source of its package's
// doc.go (embedded with //go:embed doc.go), as go/analysis passes do: the
// text of the package comment under the heading "# Rule NAME", up to the
// next heading. Its first paragraph is the summary `eksport rules` prints;
// docs/rules.md shows all of it. It panics when the heading is missing, so
// a rule without documentation fails at start-up and in every test.
func MustDoc(src, name string) string {
	var lines []string
	for _, l := range strings.Split(src, "\n") {
		if strings.HasPrefix(l, "package ") {
			break
		}
		if t, ok := strings.CutPrefix(l, "//"); ok {
			lines = append(lines, strings.TrimPrefix(t, " "))
		} else if strings.TrimSpace(l) == "" {
			lines = lines[:0] // a comment block not attached to the package clause
		}
	}
	heading := "# Rule " + name
	for i, l := range lines {
		if l != heading {
			continue
		}
		var body []string
		for _, b := range lines[i+1:] {
			if strings.HasPrefix(b, "# ") {
				break
			}
			body = append(body, b)
		}
		if doc := strings.TrimSpace(strings.Join(body, "\n")); doc != "" {
			return doc
		}
	}
	panic(fmt.Sprintf("rule %s: its doc.go needs a %q section in the package comment", name, heading))
}

// Summary is the first paragraph of a rule's documentation, on one line.
func Summary(doc string) string {
	p, _, _ := strings.Cut(doc, "\n\n")
	return strings.Join(strings.Fields(p), " ")
}
