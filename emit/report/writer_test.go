package report_test

import (
	"context"
	"strings"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/emit/report"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/config"
)

// TestWriterAgreesOnEveryCase runs every golden case with its report and
// holds each JSON file of the report (checklist, trust policies, Pod
// Identity associations) to what encoding/json makes of the same value,
// and each warning of the checklist to its diagnostic's String.
func TestWriterAgreesOnEveryCase(t *testing.T) {
	if testing.Short() {
		t.Skip("translates every golden case")
	}
	checked, stop := report.CheckWrites(t)
	defer stop()
	kinds := map[string]int{}
	for _, c := range golden.AllCases(t) {
		opts := c.Options
		opts.NoReport = false
		if c.Config != nil {
			opts.Config, _ = config.Parse("eksport.yaml", c.Config)
		}
		before := checked.Load()
		res, err := eksport.Translate(context.Background(), eksport.Input{Files: c.Inputs, Environments: c.Environments}, opts)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if res.Files == nil {
			continue // the case's errors stop the run before the report
		}
		json := 0
		for _, f := range res.Files.Files {
			for _, k := range []string{"migration-checklist.json", ".trust-policy.json", "pod-identity-associations.json"} {
				if strings.HasSuffix(f.Path, k) {
					json++
					kinds[k]++
				}
			}
		}
		if got := checked.Load() - before; got != int64(json) || json == 0 {
			t.Errorf("%s: %d JSON files checked, the report has %d", c.Name, got, json)
		}
		for _, d := range res.Diagnostics {
			if got, want := report.DiagString(d), d.String(); got != want {
				t.Errorf("%s: DiagString = %q, want %q", c.Name, got, want)
			}
		}
	}
	t.Logf("checked %d JSON files: %v", checked.Load(), kinds)
	for _, k := range []string{"migration-checklist.json", ".trust-policy.json", "pod-identity-associations.json"} {
		if kinds[k] == 0 {
			t.Errorf("no case has a %s", k)
		}
	}
}
