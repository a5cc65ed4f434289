package translate_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate"
	"github.com/eksport/eksport/translate/diag"
)

// FuzzECS runs the whole pipeline (parse, front-ends, rules, lowering, the
// raw emitter and the migration report) on one arbitrary input file.
// Invariants: no panic and no internal error; every diagnostic has a file,
// a line and a code; output only without errors; output paths stay inside
// the output folder and are unique; every manifest decodes strictly.
func FuzzECS(f *testing.F) {
	for _, c := range golden.AllCases(f) {
		for _, in := range c.Inputs {
			f.Add(in.Data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		golden.CountExec()
		in := translate.Input{Files: []translate.File{{Name: "in.json", Data: data}}}
		res, err := translate.Translate(context.Background(), in, translate.Options{})
		if err != nil {
			t.Fatalf("internal error: %v", err)
		}
		golden.CheckResult(t, res)
	})
}

// FuzzStreamIsTranslate runs Stream, the path eksport convert -o and
// --check take, beside Translate on one arbitrary input file, with and
// without Info diagnostics, and requires the same diagnostics and, when
// the run has no error, the same files with the same bytes.
func FuzzStreamIsTranslate(f *testing.F) {
	for _, c := range golden.AllCases(f) {
		for _, in := range c.Inputs {
			f.Add(in.Data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		golden.CountExec()
		in := translate.Input{Files: []translate.File{{Name: "in.json", Data: data}}}
		for _, opts := range []translate.Options{{}, {DropInfo: true}} {
			res, err := translate.Translate(context.Background(), in, opts)
			if err != nil {
				t.Fatalf("translate: internal error: %v", err)
			}
			var mu sync.Mutex
			got := map[string][]byte{}
			diags, err := translate.Stream(context.Background(), in, opts, func(f emit.File) error {
				data, err := f.Content()
				mu.Lock()
				defer mu.Unlock()
				got[f.Path] = bytes.Clone(data)
				return err
			})
			if err != nil {
				t.Fatalf("stream: internal error: %v", err)
			}
			var a, b strings.Builder
			diag.Print(&a, diag.Text, res.Diagnostics, true)
			diag.Print(&b, diag.Text, diags, true)
			if a.String() != b.String() {
				t.Fatalf("DropInfo %v: diagnostics differ:\ntranslate:\n%s\nstream:\n%s", opts.DropInfo, a.String(), b.String())
			}
			if res.Files == nil {
				continue
			}
			if len(got) != len(res.Files.Files) {
				t.Fatalf("DropInfo %v: stream made %d files, translate %d", opts.DropInfo, len(got), len(res.Files.Files))
			}
			for _, f := range res.Files.Files {
				if !bytes.Equal(got[f.Path], f.Data) {
					t.Fatalf("DropInfo %v: %s differs:\ntranslate:\n%s\nstream:\n%s", opts.DropInfo, f.Path, f.Data, got[f.Path])
				}
			}
		}
	})
}
