package cloudformation

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// TestDispositionsCoverSchema checks every property path of the pinned
// CloudFormation schema (schema.json, see internal/genschema)
// against the tables: a property becomes the CLI member the ECS tables
// give a row, or has a row here. A property a new schema adds fails this
// test until it has one.
func TestDispositionsCoverSchema(t *testing.T) {
	data, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Types map[string][]string `json:"types"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	for _, typ := range sortedKeys(s.Types) {
		if _, ok := Dispositions[typ]; !ok {
			t.Errorf("%s: no dispositions", typ)
			continue
		}
		for _, p := range s.Types[typ] {
			if _, ok := CLIPath(typ, p); ok {
				continue
			}
			if _, ok := lookupRow(typ, p); !ok {
				t.Errorf("%s: property %s has no row", typ, p)
			}
		}
	}
	// Every row names a property of the schema.
	for typ, rows := range Dispositions {
		for _, r := range rows {
			if !slices.Contains(s.Types[typ], r.Path) {
				t.Errorf("%s: row %s names no property of the schema", typ, r.Path)
			}
		}
	}
}
