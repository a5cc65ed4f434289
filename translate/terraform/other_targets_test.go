package terraform_test

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport"
)

// TestOtherTargetsNotedOnce runs testdata/other-targets.txtar: every
// target that is not an ECS task, of each kind Terraform has a block for,
// is noted once (events/not-ecs-target) and nothing else is said of its
// parameters: no line of their own, no unknown argument, no warning.
func TestOtherTargetsNotedOnce(t *testing.T) {
	a, err := txtar.ParseFile(filepath.Join("testdata", "other-targets.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	in, opts := onDisk(files(a, "tf/"), eksport.Options{NoReport: true})
	res, err := eksport.Translate(t.Context(), eksport.Input{Files: in}, opts)
	if err != nil {
		t.Fatal(err)
	}
	noted := map[string]int{}
	for _, d := range res.Diagnostics {
		switch {
		case d.Code == "events/not-ecs-target":
			noted[d.Pos.String()]++
		case d.Code == "events/read-only-ignored" && d.Pos.Path == "Target.RoleArn":
			// A schedule's role, as for the AWS CLI's form.
		default:
			t.Errorf("%s: %s: %s [%s]", d.Pos, d.Severity, d.Message, d.Code)
		}
	}
	targets := strings.Count(string(a.Files[0].Data), "\nresource \"aws_cloudwatch_event_target\"") +
		strings.Count(string(a.Files[0].Data), "\nresource \"aws_scheduler_schedule\"")
	if len(noted) != targets || targets != 10 {
		t.Errorf("%d targets noted (%v), want the %d of the module, each once", len(noted), noted, targets)
	}
	for at, n := range noted {
		if n != 1 {
			t.Errorf("%s: noted %d times", at, n)
		}
	}
}
