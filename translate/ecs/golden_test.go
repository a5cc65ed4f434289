package ecs_test

import (
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/ecs"
)

// TestGolden runs every testdata/*.txtar case through the whole pipeline
// with the raw emitter. Each case holds its inputs (in/...), optionally an
// eksport.yaml, the expected files (out/...) and diagnostics.
func TestGolden(t *testing.T) {
	golden.RunTxtar(t, "testdata/*.txtar", func(t *testing.T, ar *txtar.Archive) golden.Outputs {
		return golden.Translate(t, golden.FromArchive(ar))
	})
	// Workloads of the same size share their resource lists: no stage
	// may have changed one in place.
	if err := ecs.ResourceListsIntact(); err != nil {
		t.Error(err)
	}
}
