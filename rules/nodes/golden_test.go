package nodes_test

import (
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport/internal/golden"
)

// TestGolden runs the rule's cases (testdata/*.txtar: inputs, expected
// files and diagnostics) through the whole pipeline.
func TestGolden(t *testing.T) {
	golden.RunTxtar(t, "testdata/*.txtar", func(t *testing.T, ar *txtar.Archive) golden.Outputs {
		return golden.Translate(t, golden.FromArchive(ar))
	})
}
