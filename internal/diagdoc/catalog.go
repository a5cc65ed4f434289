package diagdoc

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Entry is one diagnostic code.
type Entry struct {
	Code string `json:"code"`
	// Severities are the severities the code is reported with before any
	// --strict or --diag override ("error", "warning", "info").
	Severities []string `json:"severities"`
	// Sources are the packages that report it (translate/ecs, rules/storage).
	Sources []string `json:"sources"`
	// Messages are the message formats of its call sites, with fmt verbs
	// where values go ("container %q is privileged ...").
	Messages []string `json:"messages,omitempty"`
	// Fixes and Notes are what the call sites attach.
	Fixes []string `json:"fixes,omitempty"`
	Notes []string `json:"notes,omitempty"`
	// Fields are the input fields of the field tables reported with the
	// code, each with the table's reason.
	Fields []Field `json:"fields,omitempty"`
}

// Field is one field-table row reported with a code.
type Field struct {
	Shape string `json:"shape"` // "task definition", "service"
	Path  string `json:"path"`
	Why   string `json:"why"`
}

//go:embed catalog.json
var catalogJSON []byte

var (
	once    sync.Once
	entries []Entry
	loadErr error
)

// All returns every entry, sorted by code.
func All() ([]Entry, error) {
	once.Do(func() { loadErr = json.Unmarshal(catalogJSON, &entries) })
	return entries, loadErr
}

// Lookup returns the entry of a code.
func Lookup(code string) (Entry, bool) {
	all, err := All()
	if err != nil {
		return Entry{}, false
	}
	i, ok := slices.BinarySearchFunc(all, code, func(e Entry, c string) int { return strings.Compare(e.Code, c) })
	if !ok {
		return Entry{}, false
	}
	return all[i], true
}

// Similar returns the codes that share code's prefix or slug, for a
// "did you mean" after an unknown code.
func Similar(code string) []string {
	all, _ := All()
	prefix, slug, _ := strings.Cut(code, "/")
	var out []string
	for _, e := range all {
		p, s, _ := strings.Cut(e.Code, "/")
		if (slug != "" && strings.Contains(s, slug)) || (slug == "" && p == prefix) {
			out = append(out, e.Code)
		}
	}
	if len(out) > 10 {
		out = out[:10]
	}
	return out
}

// Text is an entry as `eksport explain` prints it.
func (e Entry) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s; reported by %s)\n", e.Code, strings.Join(e.Severities, ", "), strings.Join(e.Sources, ", "))
	if len(e.Messages) > 0 {
		b.WriteString("\nMessages:\n")
		for _, m := range e.Messages {
			fmt.Fprintf(&b, "  %s\n", m)
		}
	}
	if len(e.Fields) > 0 {
		b.WriteString("\nInput fields:\n")
		for _, f := range e.Fields {
			fmt.Fprintf(&b, "  %s %s: %s\n", f.Shape, f.Path, f.Why)
		}
	}
	if len(e.Notes) > 0 {
		b.WriteString("\nNotes:\n")
		for _, n := range e.Notes {
			fmt.Fprintf(&b, "  %s\n", n)
		}
	}
	if len(e.Fixes) > 0 {
		b.WriteString("\nFix:\n")
		for _, f := range e.Fixes {
			fmt.Fprintf(&b, "  %s\n", f)
		}
	}
	fmt.Fprintf(&b, "\nChange its severity with --diag %s=off|info|warning|error, or under diagnostics: in the configuration file.\n", e.Code)
	return b.String()
}
