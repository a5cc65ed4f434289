package report_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/eksport/eksport/emit/report"
	"github.com/eksport/eksport/translate/diag"
)

// TestChecklistNotesAndFix holds the checklist to carry the notes and fix
// of a warning, as the command line prints them under it: sub-items in
// the Markdown, a details entry beside the unchanged warning in the JSON.
func TestChecklistNotesAndFix(t *testing.T) {
	pos := diag.Pos{File: "web.json", Line: 3, Col: 5}
	in := report.Input{
		Diagnostics: diag.List{
			{Pos: pos, Severity: diag.Warning, Code: "x/plain", Message: "nothing to follow up"},
			{Pos: pos, Severity: diag.Warning, Code: "x/steps", Message: "the image comes from ECR",
				Notes: []string{"the node role needs ecr:GetAuthorizationToken", "and ecr:BatchGetImage on the repository"},
				Fix:   "attach AmazonEC2ContainerRegistryReadOnly to the node role"},
			{Pos: pos, Severity: diag.Info, Code: "x/info", Message: "an info is left out", Notes: []string{"not shown"}},
			{Pos: diag.Pos{File: "other.json"}, Severity: diag.Error, Code: "x/fix", Message: "only a fix", Fix: "do it"},
		},
		Workloads: []report.Workload{{Name: "Deployment/web", Covers: func(p diag.Pos) bool { return p.File == "web.json" }}},
	}
	files, err := report.Files(in)
	if err != nil {
		t.Fatal(err)
	}
	var md, js string
	for _, f := range files {
		switch f.Path {
		case "migration-checklist.md":
			md = string(f.Data)
		case "migration-checklist.json":
			js = string(f.Data)
		}
	}

	_, section, _ := strings.Cut(md, "## Warnings by workload\n")
	wantMD := `
### (other inputs)

- [ ] other.json: error: only a fix [x/fix]
  - fix: do it

### Deployment/web

- [ ] web.json:3:5: warning: nothing to follow up [x/plain]
- [ ] web.json:3:5: warning: the image comes from ECR [x/steps]
  - note: the node role needs ecr:GetAuthorizationToken
  - note: and ecr:BatchGetImage on the repository
  - fix: attach AmazonEC2ContainerRegistryReadOnly to the node role
`
	if section != wantMD {
		t.Errorf("Markdown warnings:\n%s\nwant:\n%s", section, wantMD)
	}

	var got struct {
		Warnings []map[string]any `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{
		{
			"workload": "(other inputs)",
			"warnings": []any{"other.json: error: only a fix [x/fix]"},
			"details":  []any{map[string]any{"warning": 0.0, "fix": "do it"}},
		},
		{
			"workload": "Deployment/web",
			"warnings": []any{"web.json:3:5: warning: nothing to follow up [x/plain]", "web.json:3:5: warning: the image comes from ECR [x/steps]"},
			"details": []any{map[string]any{
				"warning": 1.0,
				"notes":   []any{"the node role needs ecr:GetAuthorizationToken", "and ecr:BatchGetImage on the repository"},
				"fix":     "attach AmazonEC2ContainerRegistryReadOnly to the node role",
			}},
		},
	}
	if !reflect.DeepEqual(got.Warnings, want) {
		t.Errorf("JSON warnings = %#v\nwant %#v\n%s", got.Warnings, want, js)
	}
	// The members keep their order: details follows warnings, notes the
	// warning's index.
	if !strings.Contains(js, `"details": [
        {
          "warning": 1,
          "notes": [`) {
		t.Errorf("details are not laid out as documented:\n%s", js)
	}

	// Without notes or fixes the JSON has no details at all.
	in.Diagnostics = in.Diagnostics[:1]
	files, err = report.Files(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasPrefix(f.Path, "migration-checklist.") && strings.Contains(string(f.Data), "details") {
			t.Errorf("%s has details without notes:\n%s", f.Path, f.Data)
		}
		if strings.HasPrefix(f.Path, "migration-checklist.") && strings.Contains(string(f.Data), "note:") {
			t.Errorf("%s has a note:\n%s", f.Path, f.Data)
		}
	}
}
