package eksport_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/translate/config"
)

// TestSchedulerFormsAgree: an EventBridge Scheduler schedule as get-schedule
// output (what eksport import writes), as AWS::Scheduler::Schedule and as
// aws_scheduler_schedule converts to the same manifests, a CronJob in the
// schedule's time zone; so does an EventBridge rule with its ECS target as
// describe-rule output with its targets, as AWS::Events::Rule and as
// aws_cloudwatch_event_rule with aws_cloudwatch_event_target. Descriptions
// and the retry policy's event age reach the CronJobs in every form.
func TestSchedulerFormsAgree(t *testing.T) {
	a, err := txtar.ParseFile("testdata/scheduler-forms.txtar")
	if err != nil {
		t.Fatal(err)
	}
	cfg, d := config.Parse("eksport.yaml", []byte("region: eu-west-1\ncluster:\n  accountId: \"111122223333\"\n"))
	if d.HasErrors() {
		t.Fatal(d)
	}
	convert := func(form string) map[string]string {
		t.Helper()
		var in []eksport.File
		for _, f := range a.Files {
			if rest, ok := strings.CutPrefix(f.Name, form+"/"); ok {
				in = append(in, eksport.File{Name: rest, Data: f.Data, Walked: true})
			}
		}
		res, err := eksport.Translate(context.Background(), eksport.Input{Files: in}, eksport.Options{Config: cfg, NoReport: true})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		if res.Files != nil {
			for _, f := range res.Files.Files {
				out[f.Path] = string(f.Data)
			}
		}
		if len(out) == 0 {
			t.Fatalf("%s converts to nothing: %v", form, res.Diagnostics)
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
		names := map[string]bool{}
		for n := range cli {
			names[n] = true
		}
		for n := range other {
			names[n] = true
		}
		var sorted []string
		for n := range names {
			sorted = append(sorted, n)
		}
		sort.Strings(sorted)
		for _, n := range sorted {
			if cli[n] != other[n] {
				t.Errorf("%s: %s differs from the CLI form's:\n--- cli\n%s\n--- %s\n%s", form, n, cli[n], form, other[n])
			}
		}
	}
}
