// Package golden runs eksport's golden tests: txtar archives that hold a
// case's inputs, every expected output and the expected diagnostics in one
// reviewable file, and folders of end-to-end applications.
//
// Set EKSPORT_UPDATE=1 (or pass -update to a package that defines it) to
// rewrite the expectations from what the code produces; review the diff
// before committing it.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport/internal/udiff"
)

var updateFlag = flag.Bool("update", false, "rewrite golden files from the current output")

// Update reports whether goldens should be rewritten.
func Update() bool {
	return *updateFlag || os.Getenv("EKSPORT_UPDATE") == "1"
}

// Outputs are the named results a case produced. Names are txtar section
// names such as "out/web-deployment.yaml" or "diagnostics".
type Outputs map[string][]byte

// IsOutput says which archive sections are expectations (as opposed to
// inputs): everything under out/ and the diagnostics section.
func IsOutput(name string) bool {
	return strings.HasPrefix(name, "out/") || name == "diagnostics"
}

// RunTxtar runs fn for every archive matching pattern and compares what it
// returns with the archive's output sections: a produced output with no
// section, or a section nothing produced, fails, as does any difference.
func RunTxtar(t *testing.T, pattern string, fn func(t *testing.T, ar *txtar.Archive) Outputs) {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no golden files match %s", pattern)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := fn(t, ar)
			if t.Failed() {
				return
			}
			Compare(t, file, ar, got)
		})
	}
}

// Compare checks an archive's outputs against got, or rewrites the archive
// when updating.
func Compare(t *testing.T, file string, ar *txtar.Archive, got Outputs) {
	t.Helper()
	CompareFunc(t, file, ar, got, IsOutput)
}

// CompareFunc is Compare for archives whose output sections isOutput
// names.
func CompareFunc(t *testing.T, file string, ar *txtar.Archive, got Outputs, isOutput func(string) bool) {
	t.Helper()
	if Update() {
		var kept []txtar.File
		for _, f := range ar.Files {
			if !isOutput(f.Name) {
				kept = append(kept, f)
			}
		}
		names := make([]string, 0, len(got))
		for n := range got {
			names = append(names, n)
		}
		slices.SortFunc(names, outputOrder)
		for _, n := range names {
			kept = append(kept, txtar.File{Name: n, Data: got[n]})
		}
		ar.Files = kept
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := map[string][]byte{}
	for _, f := range ar.Files {
		if isOutput(f.Name) {
			want[f.Name] = f.Data
		}
	}
	for n, data := range got {
		w, ok := want[n]
		if !ok {
			t.Errorf("%s: produced %s, which has no golden section (run with EKSPORT_UPDATE=1 and review)", file, n)
			continue
		}
		if !bytes.Equal(w, data) {
			t.Errorf("%s: %s differs from the golden:\n%s", file, n, Diff("want", w, "got", data))
		}
	}
	for n := range want {
		if _, ok := got[n]; !ok {
			t.Errorf("%s: golden section %s was not produced", file, n)
		}
	}
}

// outputOrder puts diagnostics last so that archives read inputs, outputs,
// then what was said about them.
func outputOrder(a, b string) int {
	if (a == "diagnostics") != (b == "diagnostics") {
		if a == "diagnostics" {
			return 1
		}
		return -1
	}
	return strings.Compare(a, b)
}

// Dir compares a produced tree with an expected folder on disk, or rewrites
// the folder when updating (removing files nothing produced).
func Dir(t *testing.T, dir string, got Outputs) {
	t.Helper()
	if Update() {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		for n, data := range got {
			p := filepath.Join(dir, filepath.FromSlash(n))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := Outputs{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		want[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for n, data := range got {
		w, ok := want[n]
		if !ok {
			t.Errorf("%s: produced %s, which has no golden file (run with EKSPORT_UPDATE=1 and review)", dir, n)
			continue
		}
		if !bytes.Equal(w, data) {
			t.Errorf("%s/%s differs from the golden:\n%s", dir, n, Diff("want", w, "got", data))
		}
	}
	for n := range want {
		if _, ok := got[n]; !ok {
			t.Errorf("%s: golden file %s was not produced", dir, n)
		}
	}
}

// Diff returns a unified diff of two texts (see package udiff).
func Diff(aName string, a []byte, bName string, b []byte) string {
	return udiff.Diff(aName, a, bName, b)
}

// File compares one produced file with its golden copy, or rewrites it when
// updating.
func File(t *testing.T, path string, got []byte) {
	t.Helper()
	if Update() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%s: %v (run with EKSPORT_UPDATE=1 and review)", path, err)
		return
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the golden:\n%s", path, Diff("want", want, "got", got))
	}
}
