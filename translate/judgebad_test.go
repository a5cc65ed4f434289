package translate_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate"
	"github.com/eksport/eksport/translate/diag"
)

// judgeOnly lists the judge's rejection cases that only an API server
// with the CRDs installed can refuse: eksport checks custom resources
// against no schema in process, and cannot know which CRDs a cluster
// serves.
var judgeOnly = map[string]string{
	"keda-scaledobject-cel.yaml":    "a CEL rule of KEDA's CRD",
	"keda-scaledobject-schema.yaml": "KEDA's CRD schema",
	"tgb-enum.yaml":                 "the TargetGroupBinding CRD's schema",
	"missing-crd.yaml":              "whether a cluster serves a custom kind is known only to it",
}

// TestJudgeRejectionsCaughtInProcess passes every manifest the judge must
// refuse (internal/judge/testdata/judge/bad) through eksport as an input
// manifest: the in-process validation must refuse it first, with a
// positioned error, so that such an object never reaches the output.
func TestJudgeRejectionsCaughtInProcess(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(golden.Root(t), "internal", "judge", "testdata", "judge", "bad", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no judge rejection cases: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := translate.Translate(context.Background(), translate.Input{Files: []translate.File{{Name: name, Data: data}}}, translate.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var first *diag.Diagnostic
		for i, d := range res.Diagnostics {
			if d.Severity == diag.Error {
				first = &res.Diagnostics[i]
				break
			}
		}
		_, only := judgeOnly[name]
		switch {
		case first == nil && !only:
			t.Errorf("%s: the judge refuses it, but eksport writes it without an error", name)
		case first != nil && first.Pos.Line == 0:
			t.Errorf("%s: error without a position: %s", name, first)
		case first != nil:
			t.Logf("%s: %s", name, first)
		}
	}
}
