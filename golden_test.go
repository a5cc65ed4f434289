package eksport_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/golden"
)

// TestEndToEnd runs every application under golden/ through the whole
// pipeline in every output format: golden/<case>/input/** (and
// eksport.yaml when present, with its environments) must produce exactly
// golden/<case>/expected/{raw,kustomize,helm}/** and
// golden/<case>/expected/diagnostics.txt, byte for byte, also with the
// inputs in reverse order. internal/agree checks that the three formats
// hold the same objects.
func TestEndToEnd(t *testing.T) {
	cases, err := filepath.Glob("golden/*/input")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden applications found: %v", err)
	}
	for _, in := range cases {
		dir := filepath.Dir(in)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			c := golden.FromDir(t, dir)
			var diagnostics []byte
			for _, format := range eksport.Formats {
				c.Options.Format = format
				got := golden.Translate(t, c)
				files := golden.Outputs{}
				for n, data := range got {
					if rest, ok := strings.CutPrefix(n, "out/"); ok {
						files[rest] = data
					}
				}
				golden.Dir(t, filepath.Join(dir, "expected", string(format)), files)
				if format == eksport.Raw {
					diagnostics = got["diagnostics"]
					golden.File(t, filepath.Join(dir, "expected", "diagnostics.txt"), diagnostics)
				} else if !bytes.Equal(got["diagnostics"], diagnostics) {
					t.Errorf("%s: the diagnostics differ from raw's:\n%s", format, golden.Diff("raw", diagnostics, string(format), got["diagnostics"]))
				}
			}
		})
	}
}
