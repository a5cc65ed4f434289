package kube_test

import (
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport/internal/golden"
)

// TestGolden runs every testdata/*.txtar case through the whole pipeline
// with the raw emitter: Kubernetes manifests in (in/...), optionally an
// eksport.yaml, the expected files (out/...) and diagnostics. Case names
// start with the rule they are about (kube2iam-, apiupgrade-, ebscsi-,
// lb-, nodes-) or kube- for the front-end itself.
func TestGolden(t *testing.T) {
	golden.RunTxtar(t, "testdata/*.txtar", func(t *testing.T, ar *txtar.Archive) golden.Outputs {
		return golden.Translate(t, golden.FromArchive(ar))
	})
}
