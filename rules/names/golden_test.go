package names_test

import (
	"testing"

	"github.com/eksport/eksport/internal/golden"
)

// TestGolden runs the rule's cases (testdata/*.txtar: inputs, expected
// files and diagnostics) through the whole pipeline.
func TestGolden(t *testing.T) { golden.Cases(t) }
