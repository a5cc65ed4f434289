package eksport_test

import (
	"strings"
	"testing"
)

// TestSchedulerFormsAgree: an EventBridge Scheduler schedule as get-schedule
// output (what eksport import writes), as AWS::Scheduler::Schedule and as
// aws_scheduler_schedule converts to the same manifests, a CronJob in the
// schedule's time zone; so does an EventBridge rule with its ECS target as
// describe-rule output with its targets, as AWS::Events::Rule and as
// aws_cloudwatch_event_rule with aws_cloudwatch_event_target. Descriptions
// and the retry policy's event age reach the CronJobs in every form.
func TestSchedulerFormsAgree(t *testing.T) {
	a := readForms(t, "testdata/scheduler-forms.txtar")
	convert := func(form string) map[string]string {
		t.Helper()
		out, diags := convertForm(t, a, form)
		if len(out) == 0 {
			t.Fatalf("%s converts to nothing: %v", form, diags)
		}
		return out
	}
	cli := convert("cli")
	cj := cli["nightly-report-cronjob.yaml"]
	for _, want := range []string{"timeZone: Europe/Paris\n", "schedule: 0 3 * * MON-FRI\n", "team: billing\n",
		"eksport.io/description: Weekday report\n", "startingDeadlineSeconds: 3600\n", "backoffLimit: 0\n"} {
		if !strings.Contains(cj, want) {
			t.Errorf("the CLI form's CronJob lacks %q:\n%s", want, cj)
		}
	}
	rule := cli["hourly-cleanup-cronjob.yaml"]
	for _, want := range []string{"timeZone: Etc/UTC\n", "schedule: 0 * * * *\n", "eksport.io/description: Deletes expired reports\n",
		"startingDeadlineSeconds: 600\n", "backoffLimit: 0\n", "parallelism: 2\n"} {
		if !strings.Contains(rule, want) {
			t.Errorf("the CLI form's rule CronJob lacks %q:\n%s", want, rule)
		}
	}
	for _, form := range []string{"cfn", "tf"} {
		other := convert(form)
		for _, n := range sortedKeys(cli, other) {
			if cli[n] != other[n] {
				t.Errorf("%s: %s differs from the CLI form's:\n--- cli\n%s\n--- %s\n%s", form, n, cli[n], form, other[n])
			}
		}
	}
}
