package terraform

import "testing"

// TestEventTargetArnIsItsInput: an aws_cloudwatch_event_target's arn is
// the target's ARN, which the user writes and the front-end reads (to name
// a target that is not an ECS task), not an ARN AWS computes: its own row
// wins over the common one, once in the table.
func TestEventTargetArnIsItsInput(t *testing.T) {
	tb := tables["aws_cloudwatch_event_target"]
	if r := tb.rows["arn"]; r.Disp != Translated {
		t.Errorf("aws_cloudwatch_event_target arn: %q, want %q", r.Disp, Translated)
	}
	n := 0
	for _, r := range tb.list {
		if r.Path == "arn" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("aws_cloudwatch_event_target has %d arn rows, want 1", n)
	}
	if r := tables["aws_ecs_service"].rows["arn"]; r.Disp != OutOfScope {
		t.Errorf("aws_ecs_service arn: %q, want the common row's %q", r.Disp, OutOfScope)
	}
}
