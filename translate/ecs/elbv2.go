package ecs

import (
	"slices"
	"strings"

	"github.com/eksport/eksport/translate/ir"
)

// elbv2 fills a target group from describe-target-groups, -listeners and
// -rules output when the run has them: target type, health check,
// listener ports and certificates, and the paths and hosts that route to
// it.
func (l *linker) elbv2(tg *ir.TargetGroup) {
	var found *TargetGroup
	for _, it := range l.set.TargetGroups {
		if deref(it.V.TargetGroupArn) == tg.ARN {
			found = it.V
			break
		}
	}
	if found == nil {
		return
	}
	if tt := deref(found.TargetType); tt == "ip" || tt == "instance" {
		tg.TargetType = tt
	} else if tt != "" {
		l.diags.Warnf(tg.Origin, "elbv2/target-type", "target group %s has target type %q; only ip and instance target groups can be bound to pods", tg.Name, tt)
	}
	hc := &ir.HealthCheck{
		Path: deref(found.HealthCheckPath), Port: deref(found.HealthCheckPort), Protocol: deref(found.HealthCheckProtocol),
		Interval: int32(deref(found.HealthCheckIntervalSeconds)), Timeout: int32(deref(found.HealthCheckTimeoutSeconds)),
		Healthy: int32(deref(found.HealthyThresholdCount)), Unhealthy: int32(deref(found.UnhealthyThresholdCount)),
	}
	if m := found.Matcher; m != nil {
		hc.SuccessCodes = deref(m.HttpCode)
		if hc.SuccessCodes == "" {
			hc.SuccessCodes = deref(m.GrpcCode)
		}
	}
	tg.HealthCheck = hc
	tg.GRPC = deref(found.ProtocolVersion) == "GRPC"
	lbs := found.LoadBalancerArns
	for _, it := range l.set.Listeners {
		ln := it.V
		if !slices.Contains(lbs, deref(ln.LoadBalancerArn)) {
			continue
		}
		if !forwardsTo(ln.DefaultActions, tg.ARN) && !l.rulesRoute(deref(ln.ListenerArn), tg) {
			if l.cfg.Exposure.Mode == "ingress" && redirectsToHTTPS(ln.DefaultActions) {
				l.diags.Infof(it.P("DefaultActions"), "elbv2/https-redirect", "listener %s:%d redirects to HTTPS; the new ALB does not listen on it: to keep the redirect, add {\"%s\": %d} to alb.ingress.kubernetes.io/listen-ports and set alb.ingress.kubernetes.io/ssl-redirect: \"443\"", deref(ln.Protocol), deref(ln.Port), deref(ln.Protocol), deref(ln.Port))
			}
			continue
		}
		proto := deref(ln.Protocol)
		if proto == "HTTP" || proto == "HTTPS" {
			tg.ListenPorts = append(tg.ListenPorts, ir.ListenPort{Protocol: proto, Port: int32(deref(ln.Port))})
		}
		for _, c := range ln.Certificates {
			if a := deref(c.CertificateArn); a != "" && !slices.Contains(tg.Certificates, a) {
				tg.Certificates = append(tg.Certificates, a)
			}
		}
	}
}

func redirectsToHTTPS(actions []Action) bool {
	for _, a := range actions {
		if deref(a.Type) == "redirect" && a.RedirectConfig != nil && deref(a.RedirectConfig.Protocol) == "HTTPS" {
			return true
		}
	}
	return false
}

func forwardsTo(actions []Action, arn string) bool {
	for _, a := range actions {
		if deref(a.TargetGroupArn) == arn {
			return true
		}
		if fc := a.ForwardConfig; fc != nil {
			for _, t := range fc.TargetGroups {
				if deref(t.TargetGroupArn) == arn {
					return true
				}
			}
		}
	}
	return false
}

// rulesRoute collects the paths and hosts of the listener rules that
// forward to the target group, and reports whether any does.
func (l *linker) rulesRoute(listener string, tg *ir.TargetGroup) bool {
	any := false
	// Rules that route with both hosts and paths: the target group keeps
	// one list of each, so several such rules are broadened into every
	// host with every path.
	both := 0
	for _, it := range l.set.ELBRules {
		r := it.V
		if !strings.HasPrefix(deref(r.RuleArn), strings.Replace(listener, ":listener/", ":listener-rule/", 1)) || !forwardsTo(r.Actions, tg.ARN) {
			continue
		}
		any = true
		var fields []string
		for _, c := range r.Conditions {
			fields = append(fields, deref(c.Field))
		}
		if slices.Contains(fields, "host-header") && slices.Contains(fields, "path-pattern") {
			both++
			if both == 2 {
				l.diags.Warnf(it.P("Conditions"), "elbv2/rules-merged", "several listener rules route to target group %s by host and path; the Ingress pairs every host with every path, which accepts more than the ALB did; split the Ingress rules by hand if that matters", tg.Name)
			}
		}
		for _, c := range r.Conditions {
			switch deref(c.Field) {
			case "path-pattern":
				vals := c.Values
				if c.PathPatternConfig != nil {
					vals = append(vals, c.PathPatternConfig.Values...)
				}
				for _, v := range vals {
					if !slices.Contains(tg.Paths, v) {
						tg.Paths = append(tg.Paths, v)
					}
				}
			case "host-header":
				vals := c.Values
				if c.HostHeaderConfig != nil {
					vals = append(vals, c.HostHeaderConfig.Values...)
				}
				for _, v := range vals {
					if !slices.Contains(tg.Hosts, v) {
						tg.Hosts = append(tg.Hosts, v)
					}
				}
			default:
				l.diags.Warnf(it.P("Conditions"), "elbv2/rule-condition", "listener rule condition %q has no Ingress equivalent; only paths and hosts are carried over", deref(c.Field))
			}
		}
	}
	return any
}
