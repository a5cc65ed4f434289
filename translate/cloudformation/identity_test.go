package cloudformation_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/eksport/eksport/internal/golden"
)

// TestSameAsCLI converts golden/orders-platform-cfn, the orders platform
// written as a CloudFormation template with parameters, mappings and
// conditions, and golden/orders-platform, the same application in AWS
// CLI JSON: every manifest and trust policy is the same, byte for byte.
// (The checklists differ: they cite the input files.)
func TestSameAsCLI(t *testing.T) {
	root := golden.Root(t)
	cli := golden.Translate(t, golden.FromDir(t, filepath.Join(root, "golden", "orders-platform")))
	cfn := golden.Translate(t, golden.FromDir(t, filepath.Join(root, "golden", "orders-platform-cfn")))
	var names []string
	for name := range cli {
		if strings.HasPrefix(name, "out/") && !strings.Contains(name, "migration-checklist") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	if len(names) < 5 {
		t.Fatalf("the CLI form makes only %d files: %v", len(names), names)
	}
	for _, name := range names {
		got, ok := cfn[name]
		switch {
		case !ok:
			t.Errorf("%s: not made from the template", name)
		case !bytes.Equal(got, cli[name]):
			t.Errorf("%s differs:\n--- CLI\n%s\n--- template\n%s", name, cli[name], got)
		}
	}
	for name := range cfn {
		if _, ok := cli[name]; !ok && strings.HasPrefix(name, "out/") && !strings.Contains(name, "migration-checklist") {
			t.Errorf("%s: made from the template only", name)
		}
	}
	t.Logf("%d files compared: %s", len(names), strings.Join(names, " "))
	if t.Failed() {
		t.Logf("template diagnostics:\n%s", cfn["diagnostics"])
	}
}
