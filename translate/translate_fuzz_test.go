package translate_test

import (
	"context"
	"testing"

	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate"
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
