package eksport_test

import (
	"context"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/golden"
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
		in := eksport.Input{Files: []eksport.File{{Name: "in.json", Data: data}}}
		res, err := eksport.Translate(context.Background(), in, eksport.Options{})
		if err != nil {
			t.Fatalf("internal error: %v", err)
		}
		golden.CheckResult(t, res)
	})
}
