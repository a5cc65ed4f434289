package agree

import (
	"os"
	"path/filepath"
	"testing"
)

// TestHelmLint runs helm lint --strict (Helm's own linter, through its
// packages) on every golden chart, with its default values and with each
// environment's values file: no warning is allowed.
func TestHelmLint(t *testing.T) {
	charts, err := filepath.Glob(filepath.Join(root(t), "golden", "*", "expected", "helm"))
	if err != nil || len(charts) == 0 {
		t.Fatalf("no golden charts: %v", err)
	}
	for _, dir := range charts {
		name := filepath.Base(filepath.Dir(filepath.Dir(dir)))
		t.Run(name, func(t *testing.T) {
			envFiles, _ := filepath.Glob(filepath.Join(dir, "values-*.yaml"))
			runs := map[string][][]byte{"values.yaml": nil}
			for _, f := range envFiles {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				runs[filepath.Base(f)] = [][]byte{data}
			}
			for label, files := range runs {
				msgs, err := Lint(dir, files...)
				if err != nil {
					t.Fatalf("%s: %v", label, err)
				}
				for _, m := range msgs {
					t.Errorf("helm lint --strict with %s: %s", label, m)
				}
			}
		})
	}
}
