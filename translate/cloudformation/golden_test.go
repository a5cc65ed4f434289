package cloudformation_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/golden"
)

// TestGolden runs every testdata/*.txtar case through the whole pipeline
// with the raw emitter. Lines of the case's comment give the command
// line's CloudFormation flags: "--parameter-overrides K=V ...",
// "--stack-name NAME", "--placeholders".
func TestGolden(t *testing.T) {
	golden.RunTxtar(t, "testdata/*.txtar", func(t *testing.T, ar *txtar.Archive) golden.Outputs {
		c := golden.FromArchive(ar)
		c.Options = withFlags(c.Options, string(ar.Comment))
		return golden.Translate(t, c)
	})
}

func withFlags(o eksport.Options, comment string) eksport.Options {
	for _, line := range strings.Split(comment, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "--parameter-overrides":
			o.CloudFormation.Parameters = append(o.CloudFormation.Parameters, f[1:]...)
		case "--stack-name":
			if len(f) > 1 {
				o.CloudFormation.StackName = f[1]
			}
		case "--placeholders":
			o.Placeholders = true
		}
	}
	return o
}
