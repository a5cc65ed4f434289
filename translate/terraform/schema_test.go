package terraform

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRowsMatchProviderSchema checks the disposition rows against the AWS
// provider's schema (testdata/provider-schema.txt, made by
// internal/schemagen from one pinned provider version): every argument,
// block and computed attribute has a row, and every row names one, so
// that a provider upgrade that adds an argument fails here until it has
// a row.
func TestRowsMatchProviderSchema(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "provider-schema.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schema := map[string]map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		parts := strings.Fields(line)
		if len(parts) != 3 {
			t.Fatalf("bad line %q", line)
		}
		if schema[parts[0]] == nil {
			schema[parts[0]] = map[string]bool{}
		}
		schema[parts[0]][parts[1]] = true
	}
	if len(schema) == 0 {
		t.Fatal("empty schema")
	}
	for typ, rows := range Tables() {
		paths := schema[typ]
		if paths == nil {
			t.Errorf("%s has rows but is not in the schema file: add it to schemagen's Types and regenerate", typ)
			continue
		}
		have := map[string]bool{}
		for _, r := range rows {
			if have[r.Path] {
				t.Errorf("%s: two rows for %s", typ, r.Path)
			}
			have[r.Path] = true
			if !paths[r.Path] && !strings.HasPrefix(r.Path, "timeouts") {
				t.Errorf("%s: row %s names nothing in the provider's schema", typ, r.Path)
			}
		}
		// A block that is not translated covers what it holds.
		whole := map[string]bool{}
		for _, r := range rows {
			if r.Disp != Translated {
				whole[r.Path] = true
			}
		}
		covered := func(p string) bool {
			for {
				i := strings.LastIndexByte(p, '.')
				if i < 0 {
					return false
				}
				p = p[:i]
				if whole[p] {
					return true
				}
			}
		}
		var missing []string
		for p := range paths {
			if !have[p] && !covered(p) {
				missing = append(missing, p)
			}
		}
		slices.Sort(missing)
		for _, p := range missing {
			t.Errorf("%s: %s has no row", typ, p)
		}
	}
}
