package eksport_test

import (
	"slices"
	"strings"
	"testing"
)

// dispositionCodes are the diagnostics whose fields the three forms used
// to dispose of differently (Terraform noted a target of another kind
// twice: its block, terraform/not-translated, and the target).
var dispositionCodes = []string{"ecs/capacity-base", "ecs/capacity-weight-zero", "events/event-bus", "events/event-pattern", "events/not-ecs-target", "terraform/not-translated"}

// TestDispositionsAgreeAcrossForms: one application as AWS CLI files, a
// CloudFormation template and a Terraform module gives the same
// manifests, and the same diagnostics (severity, code, message) for a
// one-provider capacity strategy's weight and base, targets that are not
// ECS tasks and a scheduled rule on a custom event bus, in each form.
func TestDispositionsAgreeAcrossForms(t *testing.T) {
	a := readForms(t, "testdata/dispositions-forms.txtar")
	convert := func(form string) (map[string]string, []string) {
		t.Helper()
		out, diags := convertForm(t, a, form)
		var ds []string
		for _, d := range diags {
			if slices.Contains(dispositionCodes, d.Code) {
				ds = append(ds, d.Severity.String()+" "+d.Code+" "+d.Message)
			}
		}
		slices.Sort(ds)
		return out, ds
	}
	for _, app := range []string{"", "bus-"} {
		cli, cliDiags := convert(app + "cli")
		if app == "" && len(cli) == 0 {
			t.Fatalf("the CLI form converts to nothing")
		}
		for _, form := range []string{"cfn", "tf"} {
			other, diags := convert(app + form)
			for _, n := range sortedKeys(cli, other) {
				if cli[n] != other[n] {
					t.Errorf("%s%s: %s differs from the CLI form's:\n--- cli\n%s\n--- %s\n%s", app, form, n, cli[n], form, other[n])
				}
			}
			if !slices.Equal(cliDiags, diags) {
				t.Errorf("%s%s: diagnostics differ from the CLI form's:\n--- cli\n%s\n--- %s\n%s", app, form, strings.Join(cliDiags, "\n"), form, strings.Join(diags, "\n"))
			}
		}
		want := map[string][]string{
			"":     {"ecs/capacity-base", "ecs/capacity-base", "ecs/capacity-weight-zero", "events/not-ecs-target", "events/not-ecs-target", "events/not-ecs-target", "events/not-ecs-target"},
			"bus-": {"events/event-bus"},
		}[app]
		var got []string
		for _, d := range cliDiags {
			got = append(got, strings.Fields(d)[1])
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%scli: diagnostics %v, want the codes %v:\n%s", app, got, want, strings.Join(cliDiags, "\n"))
		}
	}
}
