package cloudformation_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/golden"
)

// TestGoldenFourWays converts golden/tf-ledger/input-cloudformation, the
// ledger application as a CloudFormation template with parameters,
// mappings and conditions, and golden/tf-ledger/input, the same
// application in AWS CLI JSON (which the Terraform forms are checked
// against), in every output format: every generated file but the
// checklists (which cite the inputs) is the same, byte for byte.
func TestGoldenFourWays(t *testing.T) {
	dir := filepath.Join(golden.Root(t), "golden", "tf-ledger")
	cfg, err := os.ReadFile(filepath.Join(dir, "eksport.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	read := func(sub string) []eksport.File {
		in, err := eksport.FromFS(os.DirFS(dir), sub)
		if err != nil {
			t.Fatal(err)
		}
		return in.Files
	}
	cli, cfn := read("input"), read("input-cloudformation")
	for _, format := range eksport.Formats {
		t.Run(string(format), func(t *testing.T) {
			var opts eksport.Options
			opts.Format = format
			want := golden.Translate(t, golden.Case{Inputs: cli, Config: cfg, Options: opts})
			got := golden.Translate(t, golden.Case{Inputs: cfn, Config: cfg, Options: opts})
			compared := 0
			for name, w := range want {
				if !strings.HasPrefix(name, "out/") || strings.Contains(name, "migration-checklist") {
					continue
				}
				compared++
				if g, ok := got[name]; !ok {
					t.Errorf("%s: not made from the template", name)
				} else if !bytes.Equal(g, w) {
					t.Errorf("%s differs:\n--- CLI\n%s\n--- template\n%s", name, w, g)
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok && strings.HasPrefix(name, "out/") && !strings.Contains(name, "migration-checklist") {
					t.Errorf("%s: made from the template only", name)
				}
			}
			if compared < 5 {
				t.Fatalf("only %d files compared", compared)
			}
			if t.Failed() {
				t.Logf("template diagnostics:\n%s", got["diagnostics"])
			}
		})
	}
}
