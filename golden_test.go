package eksport_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate"
)

// TestEndToEnd runs every application under golden/ through the whole
// pipeline: golden/<case>/input/** (and eksport.yaml when present) must
// produce exactly golden/<case>/expected/raw/** and
// golden/<case>/expected/diagnostics.txt, byte for byte, also with the
// inputs in reverse order.
func TestEndToEnd(t *testing.T) {
	cases, err := filepath.Glob("golden/*/input")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden applications found: %v", err)
	}
	for _, in := range cases {
		dir := filepath.Dir(in)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			c := golden.Case{}
			err := filepath.WalkDir(in, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := os.ReadFile(p)
				rel, _ := filepath.Rel(dir, p)
				c.Inputs = append(c.Inputs, translate.File{Name: filepath.ToSlash(rel), Data: data})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if data, err := os.ReadFile(filepath.Join(dir, "eksport.yaml")); err == nil {
				c.Config = data
			}
			got := golden.Translate(t, c)
			raw := golden.Outputs{}
			for n, data := range got {
				if rest, ok := strings.CutPrefix(n, "out/"); ok {
					raw[rest] = data
				}
			}
			golden.Dir(t, filepath.Join(dir, "expected", "raw"), raw)
			golden.File(t, filepath.Join(dir, "expected", "diagnostics.txt"), got["diagnostics"])
		})
	}
}
