package terraform

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
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

// TestAttrTypesCurrent checks that the embedded attribute types
// (attrtypes.txt, internal/schemagen -types) come from the provider
// version the disposition rows are checked against, and name the same
// top-level arguments, blocks and computed attributes of each resource
// type eksport reads as testdata/provider-schema.txt does; so that a
// provider upgrade that regenerates one file and not the other fails
// here. With EKSPORT_CDKTF_PKG set to the unpacked @cdktf/provider-aws
// package, it also runs the generator and compares its output byte for
// byte.
func TestAttrTypesCurrent(t *testing.T) {
	schemaText, err := os.ReadFile(filepath.Join("testdata", "provider-schema.txt"))
	if err != nil {
		t.Fatal(err)
	}
	typesText, err := os.ReadFile("attrtypes.txt")
	if err != nil {
		t.Fatal(err)
	}
	header := func(text []byte) string {
		line, _, _ := strings.Cut(string(text), "\n")
		line, _, _ = strings.Cut(line, " by ")
		return line
	}
	if a, b := header(schemaText), header(typesText); a != b || !strings.HasPrefix(a, "# registry.terraform.io/hashicorp/aws ") {
		t.Errorf("provider-schema.txt is %q but attrtypes.txt is %q: regenerate both from the same package", a, b)
	}
	want := map[string][]string{}
	for _, line := range strings.Split(string(schemaText), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 || strings.HasPrefix(line, "#") || strings.Contains(f[1], ".") {
			continue
		}
		want[f[0]] = append(want[f[0]], f[1])
	}
	got := map[string][]string{}
	data := 0
	for _, line := range strings.Split(string(typesText), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(line, "#") {
			continue
		}
		if f[0] == "d" {
			data++
			continue
		}
		for _, g := range f[2:] {
			code, names, ok := strings.Cut(g, ":")
			if !ok || !codeOK[code] {
				t.Errorf("%s: bad group %q", f[1], g)
			}
			got[f[1]] = append(got[f[1]], strings.Split(names, ",")...)
		}
	}
	if data < 600 {
		t.Errorf("attrtypes.txt has %d data sources; the AWS provider has some 630", data)
	}
	for typ, names := range want {
		slices.Sort(names)
		g := slices.Clone(got[typ])
		slices.Sort(g)
		if !slices.Equal(names, g) {
			t.Errorf("%s: provider-schema.txt names %v, attrtypes.txt %v", typ, names, g)
		}
	}
	for typ := range got {
		if want[typ] == nil {
			t.Errorf("%s is in attrtypes.txt, not in provider-schema.txt", typ)
		}
	}
	pkg := os.Getenv("EKSPORT_CDKTF_PKG")
	if pkg == "" {
		t.Log("EKSPORT_CDKTF_PKG is not set: the generator is not run")
		return
	}
	out, err := exec.Command("go", "run", "./internal/schemagen", "-pkg", pkg, "-types").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, typesText) {
		t.Error("attrtypes.txt is not what internal/schemagen -types makes: regenerate it")
	}
}

// codeOK are the type codes internal/schemagen writes.
var codeOK = map[string]bool{"s": true, "n": true, "b": true, "any": true, "ls": true, "ln": true, "Ss": true, "Sn": true,
	"ms": true, "mn": true, "mb": true, "many": true, "o": true, "lo": true, "So": true, "mo": true}
