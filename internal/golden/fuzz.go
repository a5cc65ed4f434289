package golden

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
	"sigs.k8s.io/yaml"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/fuzzcount"
	"github.com/eksport/eksport/internal/kcheck"
	"github.com/eksport/eksport/translate/diag"
)

// Named is a golden case found anywhere in the module: a txtar archive
// with in/ sections, or an application folder under golden/.
type Named struct {
	Name string // "translate/ecs/testdata/basic-web" or "golden/webapp"
	Case
}

// Shared returns the project's shared material folder, $EKSPORT_SHARED or
// ../shared beside the module root, and fails the test when its corpus is
// not there (CI always has it: a missing corpus is a failure, not a skip).
func Shared(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("EKSPORT_SHARED")
	if dir == "" {
		dir = filepath.Join(Root(tb), "..", "shared")
	}
	if _, err := os.Stat(filepath.Join(dir, "corpus")); err != nil {
		tb.Fatalf("shared corpus not found at %s (set EKSPORT_SHARED): %v", dir, err)
	}
	return dir
}

// Root returns the module root, the nearest folder above the working
// directory that holds go.mod.
func Root(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// AllCases returns every golden case of the module in name order: the
// testdata/*.txtar archives that have in/ sections (command-line scripts
// and the judge's own module are left out) and the applications under
// golden/. Fuzz targets seed from them; the determinism test runs them.
func AllCases(tb testing.TB) []Named {
	tb.Helper()
	root := Root(tb)
	var out []Named
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, root+string(filepath.Separator)))
		if d.IsDir() {
			switch {
			case strings.HasPrefix(d.Name(), ".") && p != root, rel == "internal/judge", rel == "cmd", rel == "bin":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".txtar") || path.Base(path.Dir(rel)) != "testdata" {
			return nil
		}
		ar, err := txtar.ParseFile(p)
		if err != nil {
			return err
		}
		c := FromArchive(ar)
		if len(c.Inputs) > 0 {
			out = append(out, Named{Name: strings.TrimSuffix(rel, ".txtar"), Case: c})
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	apps, _ := filepath.Glob(filepath.Join(root, "golden", "*", "input"))
	for _, in := range apps {
		dir := filepath.Dir(in)
		out = append(out, Named{Name: "golden/" + filepath.Base(dir), Case: FromDir(tb, dir)})
	}
	slices.SortFunc(out, func(a, b Named) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// CheckDiagnostics fails for a diagnostic that does not say where and
// what: every one needs a file, a line and a code.
func CheckDiagnostics(tb testing.TB, l diag.List) {
	tb.Helper()
	for _, d := range l {
		if d.Pos.File == "" || d.Pos.Line <= 0 || d.Code == "" || !strings.Contains(d.Code, "/") {
			tb.Errorf("diagnostic without a position or a code: %+v", d)
		}
	}
}

// CheckResult checks what must hold for any input, however hostile:
// diagnostics are positioned, output exists only without errors, every
// path stays inside the output folder and is used once, and every emitted
// manifest decodes strictly into its Kubernetes type.
func CheckResult(tb testing.TB, res *eksport.Result) {
	tb.Helper()
	CheckDiagnostics(tb, res.Diagnostics)
	if res.Files == nil {
		return
	}
	if res.Diagnostics.HasErrors() {
		tb.Errorf("files produced although a diagnostic is an error")
	}
	seen := map[string]bool{}
	for _, f := range res.Files.Files {
		clean := path.Clean(f.Path)
		if f.Path == "" || clean != f.Path || strings.HasPrefix(clean, "../") || clean == ".." || path.IsAbs(clean) ||
			strings.ContainsAny(f.Path, "\\\x00") {
			tb.Errorf("output path %q is not a clean relative path", f.Path)
		}
		key := strings.ToLower(f.Path) // case-insensitive file systems
		if seen[key] {
			tb.Errorf("two files share the output path %q", f.Path)
		}
		seen[key] = true
		if strings.HasSuffix(f.Path, ".yaml") && len(f.Objects) > 0 {
			typed := true
			for _, o := range f.Objects {
				if _, generic := o.Value.(map[string]any); generic {
					typed = false
				}
			}
			CheckDocuments(tb, f.Path, f.Data, typed)
		}
	}
}

// CheckDocuments decodes every document of a generated YAML file as a
// YAML object and, when typed (objects eksport built rather than passed
// through from input manifests), strictly into its k8s.io/api type with
// kcheck's validations; custom resources are the judge's business.
func CheckDocuments(tb testing.TB, name string, data []byte, typed bool) {
	tb.Helper()
	for _, doc := range bytes.Split(data, []byte("\n---\n")) {
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		var m map[string]any
		if err := yaml.Unmarshal(doc, &m); err != nil {
			tb.Errorf("%s: does not decode: %v\n%s", name, err, doc)
			continue
		}
		if !typed {
			continue
		}
		for _, err := range kcheck.Document(doc) {
			if strings.HasPrefix(err.Error(), "kcheck: no type for") {
				continue
			}
			tb.Errorf("%s: %v\n%s", name, err, doc)
		}
	}
}

// CountExec counts a fuzz target's executions for make fuzz (see
// internal/fuzzcount).
func CountExec() { fuzzcount.Exec() }
