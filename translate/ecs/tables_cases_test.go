package ecs_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
	"sigs.k8s.io/yaml"

	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/ecs"
)

// TestTableBehavioursShownByCases checks that what the field tables state
// is shown by a case: every row of the task definition and service tables
// that translates, drops or rejects a field must be present in the input
// of some golden case (a txtar archive under testdata or an application
// under golden/), whose expected output and diagnostics then show the
// behaviour the README table states. Rows no case shows yet are listed in
// testdata/fields-without-case.txt, which may only shrink: a new row needs
// a case, and a row that gains one must leave the list.
func TestTableBehavioursShownByCases(t *testing.T) {
	seen := map[*ecs.Table]map[string]bool{ecs.TaskDefinitionTable: {}, ecs.ServiceTable: {}}
	for _, in := range caseInputs(t) {
		var v any
		if err := yaml.Unmarshal(in, &v); err != nil {
			continue // not a JSON or YAML document of one value
		}
		root, ok := v.(map[string]any)
		if !ok {
			continue
		}
		switch {
		case isMap(root["taskDefinition"]):
			walkRows(ecs.TaskDefinitionTable, "", root["taskDefinition"], seen[ecs.TaskDefinitionTable])
		case root["containerDefinitions"] != nil:
			walkRows(ecs.TaskDefinitionTable, "", root, seen[ecs.TaskDefinitionTable])
		case root["services"] != nil:
			for _, s := range list(root["services"]) {
				walkRows(ecs.ServiceTable, "", s, seen[ecs.ServiceTable])
			}
		case root["service"] != nil:
			walkRows(ecs.ServiceTable, "", root["service"], seen[ecs.ServiceTable])
		case root["serviceName"] != nil:
			walkRows(ecs.ServiceTable, "", root, seen[ecs.ServiceTable])
		}
	}
	var missing []string
	for _, table := range []*ecs.Table{ecs.TaskDefinitionTable, ecs.ServiceTable} {
		for _, f := range table.Fields {
			if f.Disp == ecs.Metadata || f.Disp == ecs.Planned || seen[table][f.Path] {
				continue
			}
			missing = append(missing, table.Name+"\t"+f.Path)
		}
	}
	data, err := os.ReadFile("testdata/fields-without-case.txt")
	if err != nil && !golden.Update() {
		t.Fatal(err)
	}
	var listed []string
	for _, line := range strings.Split(string(data), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			listed = append(listed, line)
		}
	}
	if golden.Update() {
		header := "# Rows of the field tables that no golden case shows yet (table, path).\n# TestTableBehavioursShownByCases: this list may only shrink.\n"
		if err := os.WriteFile("testdata/fields-without-case.txt", []byte(header+strings.Join(missing, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, m := range missing {
		if !slices.Contains(listed, m) {
			t.Errorf("%s: no case shows this row's behaviour; add one (or, for a row that cannot be shown, say why in its table)", m)
		}
	}
	for _, l := range listed {
		if !slices.Contains(missing, l) {
			t.Errorf("%s: a case shows it now; remove it from testdata/fields-without-case.txt", l)
		}
	}
	t.Logf("%d rows without a case", len(missing))
}

// walkRows marks the table rows a decoded value holds.
func walkRows(table *ecs.Table, path string, v any, seen map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		if path != "" {
			if _, ok := table.Lookup(path + "{}"); ok {
				seen[path+"{}"] = true
				return
			}
		}
		for k, child := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			seen[p] = true
			walkRows(table, p, child, seen)
		}
	case []any:
		seen[path+"[]"] = true
		for _, e := range x {
			walkRows(table, path+"[]", e, seen)
		}
	}
}

func isMap(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// caseInputs returns the input files of every golden case of the module.
func caseInputs(t *testing.T) [][]byte {
	root := golden.Root(t)
	var out [][]byte
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && p != root {
				return filepath.SkipDir
			}
			return nil
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, root+string(filepath.Separator)))
		switch {
		case strings.HasSuffix(p, ".txtar") && strings.Contains(rel, "/testdata/"):
			ar, err := txtar.ParseFile(p)
			if err != nil {
				return err
			}
			for _, f := range ar.Files {
				if strings.HasPrefix(f.Name, "in/") {
					out = append(out, f.Data)
				}
			}
		case strings.HasPrefix(rel, "golden/") && strings.Contains(rel, "/input/") && (strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".yaml")):
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
