package diagdoc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/eksport/eksport/translate/ecs"
)

// reportingDirs are the folders whose code reports diagnostics.
var reportingDirs = []string{"translate", "rules", "emit", "cmd", "internal/awsimport"}

// knownDynamic are the reporting calls whose code is not a literal, each
// with where its codes come from. A new one fails TestCatalogCurrent until
// its codes are literals the scan sees, or it is listed here with a
// reason and its codes are covered.
var knownDynamic = map[dynamic]string{
	{"translate/diag/diag.go", "Errorf"}:             "the reporting functions themselves",
	{"translate/diag/diag.go", "Warnf"}:              "the reporting functions themselves",
	{"translate/diag/diag.go", "Infof"}:              "the reporting functions themselves",
	{"rules/rules.go", "Reportf"}:                    "the rules' reporting function itself",
	{"translate/ecs/report.go", "ReportFields"}:      "the field tables' generic codes, read from the tables",
	{"translate/ecs/report.go", "dropped"}:           "the field tables' generic codes, read from the tables",
	{"translate/ecs/security.go", "security"}:        "credentialSpecs' table code, read from the tables",
	{"translate/ecs/security.go", "windowsSecurity"}: "credentialSpecs' table code, read from the tables",
	{"internal/awsimport/import.go", "errorf"}:       "the importer's reporting helper itself",
	{"internal/awsimport/import.go", "warnf"}:        "the importer's reporting helper itself",
	{"translate/kube/read.go", "add"}:                "readError codes, from the reader's errorf calls",
	{"translate/source/decode.go", "errorf"}:         "the decoder's slugs, prefixed with each shape",
	{"translate/source/decode.go", "object"}:         "{shape}/unknown-field, prefixed with each shape",
	{"translate/source/parse.go", "ParseIn"}:         "posError codes, from their literals",
	{"translate/source/parse.go", "parseYAML"}:       "source/too-deep and source/too-large, from expansion.check's literals",
}

// tables are the field tables whose rows are reported with generic codes.
func tables() []*ecs.Table {
	return append([]*ecs.Table{ecs.TaskDefinitionTable}, ecs.OtherTables()...)
}

// genericMessage is what translate/ecs/report.go says of a row, before
// the row's reason.
var genericMessage = map[ecs.Disposition]string{
	ecs.Dropped:  "no Kubernetes equivalent; dropped: <why>",
	ecs.Rejected: "cannot be translated: <why>",
	ecs.Metadata: "not written to the manifests: <why>",
	ecs.Planned:  "not translated by this version of eksport: <why>",
}

// build scans the source and the tables into the catalog.
func build(t *testing.T) []Entry {
	t.Helper()
	sites, dyn, err := scanSource("../..", reportingDirs)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dyn {
		if _, ok := knownDynamic[d]; !ok {
			t.Errorf("%s: function %s reports a diagnostic whose code is not a literal: write the code as a literal, or list the call in knownDynamic with where its codes come from", d.file, d.fn)
		}
	}
	// The decoder's codes are prefixed with the shape of the document.
	shapes := []string{"config"}
	for _, tb := range tables() {
		shapes = appendNew(shapes, tb.Prefix)
	}
	slices.Sort(shapes)
	var expanded []site
	for _, s := range sites {
		if rest, ok := strings.CutPrefix(s.code, decoderPrefix+"/"); ok {
			for _, sh := range shapes {
				c := s
				c.code = sh + "/" + rest
				expanded = append(expanded, c)
			}
			continue
		}
		expanded = append(expanded, s)
	}
	entries := map[string]*Entry{}
	// {shape}/unknown-field is reported by object() through d.Code.
	for _, sh := range shapes {
		expanded = append(expanded, site{code: sh + "/unknown-field", severity: "warning", source: "translate/source",
			message: "unknown field (with a did-you-mean when a known field is close)", notes: []string{"the field is ignored"}})
	}
	merge(expanded, entries)
	for _, tb := range tables() {
		for i := range tb.Fields {
			f := &tb.Fields[i]
			sev := map[ecs.Disposition]string{ecs.Dropped: "warning", ecs.Rejected: "error", ecs.Metadata: "info", ecs.Planned: "warning"}[f.Disp]
			if sev == "" {
				continue // T and TW rows are reported by their own code, if at all
			}
			code := tb.Code(f)
			e := entries[code]
			if e == nil {
				e = &Entry{Code: code}
				entries[code] = e
			}
			e.Severities = appendNew(e.Severities, sev)
			e.Sources = appendNew(e.Sources, "translate/ecs")
			e.Messages = appendNew(e.Messages, genericMessage[f.Disp])
			e.Fields = append(e.Fields, Field{Shape: tb.Name, Path: f.Path, Why: f.Why})
		}
	}
	out := make([]Entry, 0, len(entries))
	for _, e := range entries {
		slices.Sort(e.Severities)
		slices.Sort(e.Sources)
		slices.Sort(e.Messages)
		slices.Sort(e.Fixes)
		slices.Sort(e.Notes)
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// TestCatalogCurrent holds catalog.json and docs/diagnostics.md to the
// source: a code added, changed or removed fails here until both are
// regenerated (EKSPORT_UPDATE=1 go test ./internal/diagdoc).
func TestCatalogCurrent(t *testing.T) {
	entries := build(t)
	data, err := json.MarshalIndent(entries, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	md := markdown(entries)
	for _, f := range []struct {
		path string
		want []byte
	}{{"catalog.json", data}, {"../../docs/diagnostics.md", md}} {
		got, _ := os.ReadFile(f.path)
		if bytes.Equal(got, f.want) {
			continue
		}
		if os.Getenv("EKSPORT_UPDATE") == "1" {
			if err := os.WriteFile(f.path, f.want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("%s is out of date; regenerate it with EKSPORT_UPDATE=1 go test ./internal/diagdoc", f.path)
	}
}

// TestCatalogKnowsCodes checks the scan against codes every reader of
// the docs knows, so that a scan that finds nothing cannot pass.
func TestCatalogKnowsCodes(t *testing.T) {
	entries := build(t)
	if len(entries) < 200 {
		t.Errorf("the scan found %d codes; eksport reports well over 200", len(entries))
	}
	for code, want := range map[string]string{
		"ecs/ulimits-dropped":   "no Kubernetes equivalent",
		"source/invalid-json":   "invalid JSON",
		"ecs/privileged":        "is privileged",
		"ecs/wrong-type":        "expected a number",
		"aas/unknown-field":     "unknown field",
		"kube/template":         "unquoted template placeholder",
		"input/symlink":         "symbolic link",
		"ecs/read-only-ignored": "taskDefinitionArn",
	} {
		i := slices.IndexFunc(entries, func(e Entry) bool { return e.Code == code })
		if i < 0 {
			t.Errorf("%s: not in the catalog", code)
			continue
		}
		if text := entries[i].Text(); !strings.Contains(text, want) {
			t.Errorf("%s: explanation lacks %q:\n%s", code, want, text)
		}
	}
}

func TestLookup(t *testing.T) {
	e, ok := Lookup("ecs/ulimits-dropped")
	if !ok || e.Code != "ecs/ulimits-dropped" || len(e.Fields) == 0 {
		t.Fatalf("Lookup(ecs/ulimits-dropped) = %+v, %v", e, ok)
	}
	if _, ok := Lookup("ecs/no-such-code"); ok {
		t.Error("Lookup found a code that does not exist")
	}
	if s := Similar("ecs/ulimits"); !slices.Contains(s, "ecs/ulimits-dropped") {
		t.Errorf("Similar(ecs/ulimits) = %v", s)
	}
}

// markdown renders docs/diagnostics.md.
func markdown(entries []Entry) []byte {
	var b bytes.Buffer
	b.WriteString(`# Diagnostic codes

<!-- Generated by TestCatalogCurrent (internal/diagdoc) from the source and the field tables; do not edit. Regenerate with EKSPORT_UPDATE=1 go test ./internal/diagdoc. -->

Every diagnostic eksport prints ends with a stable code, ` + "`stage-or-rule/slug`" + `:

` + "```" + `
web.json:6:6: warning: containerDefinitions[0].ulimits: no Kubernetes equivalent; dropped: ... [ecs/ulimits-dropped]
` + "```" + `

` + "`eksport explain CODE`" + ` prints one entry of this page. The severity is the default:
` + "`--strict`" + ` makes warnings errors, and ` + "`--diag CODE=off|info|warning|error`" + ` (or ` + "`diagnostics:`" + ` in the
configuration file) changes one code. Messages show ` + "`%s`, `%q` and `%d`" + ` where the
diagnostic names a value. Codes reported for input fields list the fields
with the reason (the tables of [fields.md](fields.md)).

`)
	prefix := ""
	for _, e := range entries {
		p, _, _ := strings.Cut(e.Code, "/")
		if p != prefix {
			prefix = p
			fmt.Fprintf(&b, "## %s\n\n", p)
		}
		fmt.Fprintf(&b, "### %s\n\n", e.Code)
		fmt.Fprintf(&b, "%s; reported by %s.\n\n", strings.Join(e.Severities, ", "), "`"+strings.Join(e.Sources, "`, `")+"`")
		for _, m := range e.Messages {
			fmt.Fprintf(&b, "- %s\n", mdText(m))
		}
		if len(e.Messages) > 0 {
			b.WriteString("\n")
		}
		for _, n := range e.Notes {
			fmt.Fprintf(&b, "Note: %s\n\n", mdText(n))
		}
		for _, f := range e.Fixes {
			fmt.Fprintf(&b, "Fix: %s\n\n", mdText(f))
		}
		if len(e.Fields) > 0 {
			if len(e.Fields) > 5 {
				fmt.Fprintf(&b, "<details><summary>%d input fields</summary>\n\n", len(e.Fields))
			}
			b.WriteString("| shape | field | why |\n| --- | --- | --- |\n")
			for _, f := range e.Fields {
				fmt.Fprintf(&b, "| %s | `%s` | %s |\n", f.Shape, f.Path, mdText(f.Why))
			}
			if len(e.Fields) > 5 {
				b.WriteString("\n</details>\n")
			}
			b.WriteString("\n")
		}
	}
	return append(bytes.TrimRight(b.Bytes(), "\n"), '\n')
}

// mdText keeps a message on one Markdown line and table cell.
func mdText(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	s = strings.ReplaceAll(s, "|", "\\|")
	return s
}
