package terraform_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/config"
)

// readTree reads every file under dir, named relative to base.
func readTree(t *testing.T, base, dir string) []eksport.File {
	t.Helper()
	var out []eksport.File
	err := filepath.WalkDir(filepath.Join(base, dir), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(base, p)
		out = append(out, eksport.File{Name: filepath.ToSlash(rel), Data: data})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGoldenThreeWays: golden/tf-ledger is one application written as
// AWS CLI JSON (input/, whose expected output TestEndToEnd checks), as a
// Terraform module with variables, tfvars, locals and a local module
// (input-terraform/) and as a plan (input-plan/): all three make the same
// manifests, in every format.
func TestGoldenThreeWays(t *testing.T) {
	base := filepath.Join(golden.Root(t), "golden", "tf-ledger")
	data, err := os.ReadFile(filepath.Join(base, "eksport.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, d := config.Parse("eksport.yaml", data)
	if d.HasErrors() {
		t.Fatal(d)
	}
	for _, format := range eksport.Formats {
		opts := eksport.Options{Config: cfg, NoReport: true, Format: format}
		want, wantDiags := convert(t, readTree(t, base, "input"), opts)
		if len(want) < 8 {
			t.Fatalf("%s: the CLI form makes only %d files:\n%s", format, len(want), wantDiags)
		}
		for _, form := range []string{"input-terraform", "input-plan"} {
			got, diags := convert(t, readTree(t, base, form), opts)
			var names []string
			for n := range want {
				names = append(names, n)
			}
			for n := range got {
				if _, ok := want[n]; !ok {
					names = append(names, n)
				}
			}
			sort.Strings(names)
			for _, n := range names {
				if want[n] != got[n] {
					t.Errorf("%s %s: %s differs:\n--- input\n%s\n--- %s\n%s", format, form, n, want[n], form, got[n])
				}
			}
			if t.Failed() {
				t.Logf("%s diagnostics:\n%s", form, diags)
			}
		}
	}
}

// TestDeterministic: a module and a plan convert to the same bytes and
// diagnostics run after run, whatever the order of the files.
func TestDeterministic(t *testing.T) {
	base := filepath.Join(golden.Root(t), "golden", "tf-ledger")
	data, err := os.ReadFile(filepath.Join(base, "eksport.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := config.Parse("eksport.yaml", data)
	for _, form := range []string{"input-terraform", "input-plan"} {
		in := readTree(t, base, form)
		first, firstDiags := convert(t, in, eksport.Options{Config: cfg})
		for i := range 4 {
			files := slices.Clone(in)
			if i%2 == 1 {
				slices.Reverse(files)
			}
			got, diags := convert(t, files, eksport.Options{Config: cfg})
			if diags != firstDiags {
				t.Fatalf("%s run %d: diagnostics differ:\n%s\n---\n%s", form, i, firstDiags, diags)
			}
			if !maps.Equal(first, got) {
				t.Fatalf("%s run %d: files differ", form, i)
			}
		}
	}
}
