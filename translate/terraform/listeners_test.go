package terraform

import (
	"testing"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ecs"
)

// TestListenerDocuments: a listener and a listener rule become the
// describe-listeners and describe-rules documents the ELBv2 front-end
// decodes without a diagnostic, with their actions and conditions.
func TestListenerDocuments(t *testing.T) {
	res, diags := Modules([]File{{Name: "m/lb.tf", Data: []byte(`
variable "tg_arn" {
  default = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef"
}
resource "aws_lb_listener" "https" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/0123456789abcdef"
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/abc"
  default_action {
    type             = "forward"
    target_group_arn = var.tg_arn
  }
}
resource "aws_lb_listener_rule" "api" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10
  action {
    type             = "forward"
    target_group_arn = var.tg_arn
  }
  condition {
    path_pattern {
      values = ["/api/*"]
    }
  }
  condition {
    host_header {
      values = ["shop.example.com"]
    }
  }
}
`)}}, Options{Region: "eu-west-1", AccountID: "111122223333"})
	if diags.HasErrors() || len(res.Docs) != 2 {
		t.Fatalf("%d docs: %v", len(res.Docs), diags)
	}
	set := &ecs.Set{}
	var d diag.List
	for _, doc := range res.Docs {
		part, ok := ecs.Decode(doc, &d)
		if !ok {
			t.Fatalf("not decoded: %v", d)
		}
		set.Merge(part)
	}
	for _, x := range d {
		if x.Severity > diag.Info {
			t.Errorf("%s: %s [%s]", x.Pos, x.Message, x.Code)
		}
	}
	if len(set.Listeners) != 1 || len(set.ELBRules) != 1 {
		t.Fatalf("%d listeners, %d rules", len(set.Listeners), len(set.ELBRules))
	}
	l := set.Listeners[0].V
	if *l.Port != 443 || *l.Protocol != "HTTPS" || len(l.DefaultActions) != 1 || *l.DefaultActions[0].TargetGroupArn == "" || len(l.Certificates) != 1 {
		t.Errorf("listener: %+v", l)
	}
	r := set.ELBRules[0].V
	if *r.Priority != "10" || len(r.Conditions) != 2 || *r.Conditions[0].Field != "path-pattern" || r.Conditions[0].PathPatternConfig.Values[0] != "/api/*" ||
		*r.Conditions[1].Field != "host-header" || r.Conditions[1].HostHeaderConfig.Values[0] != "shop.example.com" {
		t.Errorf("rule: %+v", r)
	}
	if p := set.ELBRules[0].P("Conditions[0].PathPatternConfig.Values[0]"); p.File != "m/lb.tf" || p.Line != 25 || p.Col != 16 {
		t.Errorf("condition value at %s, want m/lb.tf:25:16 (the values expression)", p)
	}
}
