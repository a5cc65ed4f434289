package exposure

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/eksport/eksport/internal/kname"
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Rule is the exposure rule.
var Rule = &rules.Rule{
	Name:  "exposure",
	Doc:   rules.MustDoc(doc, "exposure"),
	Start: start,
}

func start(p *rules.Pass) rules.Stepper {
	mode := ir.ExposureMode(p.Config.Exposure.Mode)
	if mode == "" {
		mode = ir.TargetGroupBinding
	}
	return rules.PerWorkload(func(w *ir.Workload) {
		e := w.Exposure
		if e == nil || len(e.TargetGroups) == 0 {
			return
		}
		e.Mode = mode
		switch mode {
		case ir.TargetGroupBinding:
			p.Reportf(e.Origin, diag.Info, "target-group-binding", "%q keeps its target group(s) through TargetGroupBinding (needs the AWS Load Balancer Controller with permission to register targets); ECS tasks and pods can serve together during cutover; the load balancer's security group must be allowed to reach the pods (the nodes' security groups, or the pods' own with security groups for pods), as it was allowed to reach the tasks", w.Name)
		case ir.IngressALB:
			e.Annotations = ingressAnnotations(p, w)
		case ir.NLBService:
			e.Annotations = nlbAnnotations(p, w)
			if len(e.TargetGroups) > 1 {
				p.Reportf(e.Origin, diag.Warning, "nlb-several-target-groups", "%q had %d target groups; one NLB Service now serves all its ports", w.Name, len(e.TargetGroups))
			}
		}
	})
}

func scheme(p *rules.Pass, e *ir.Exposure) string {
	if p.Config.Exposure.Scheme != "" {
		return p.Config.Exposure.Scheme
	}
	for _, tg := range e.TargetGroups {
		if tg.Internal != nil && !*tg.Internal {
			return "internet-facing"
		}
	}
	return "internal"
}

func targetType(e *ir.Exposure) string {
	for _, tg := range e.TargetGroups {
		if tg.TargetType == "instance" {
			return "instance"
		}
	}
	return "ip"
}

func ingressAnnotations(p *rules.Pass, w *ir.Workload) map[string]string {
	e := w.Exposure
	a := map[string]string{
		"alb.ingress.kubernetes.io/scheme":      scheme(p, e),
		"alb.ingress.kubernetes.io/target-type": targetType(e),
	}
	if g := p.Config.Exposure.GroupName; g != "" {
		a["alb.ingress.kubernetes.io/group.name"] = g
	}
	var listen []map[string]int32
	var certs []string
	for _, tg := range e.TargetGroups {
		for _, l := range tg.ListenPorts {
			entry := map[string]int32{l.Protocol: l.Port}
			if !slices.ContainsFunc(listen, func(m map[string]int32) bool { return maps.Equal(m, entry) }) {
				listen = append(listen, entry)
			}
		}
		for _, c := range tg.Certificates {
			if !slices.Contains(certs, c) {
				certs = append(certs, c)
			}
		}
		if tg.GRPC {
			a["alb.ingress.kubernetes.io/backend-protocol-version"] = "GRPC"
		}
	}
	if len(listen) > 0 {
		b, _ := json.Marshal(listen)
		a["alb.ingress.kubernetes.io/listen-ports"] = string(b)
	}
	if len(certs) > 0 {
		a["alb.ingress.kubernetes.io/certificate-arn"] = strings.Join(certs, ",")
	}
	if len(e.TargetGroups) > 1 {
		p.Reportf(e.Origin, diag.Info, "ingress-health-check", "%q has several target groups; health check annotations come from the first", w.Name)
	}
	if hc := e.TargetGroups[0].HealthCheck; hc != nil {
		put := func(k, v string) {
			if v != "" && v != "0" {
				a["alb.ingress.kubernetes.io/"+k] = v
			}
		}
		put("healthcheck-path", hc.Path)
		if hc.Port != "traffic-port" {
			put("healthcheck-port", hc.Port)
		}
		put("healthcheck-protocol", hc.Protocol)
		put("healthcheck-interval-seconds", strconv.Itoa(int(hc.Interval)))
		put("healthcheck-timeout-seconds", strconv.Itoa(int(hc.Timeout)))
		put("healthy-threshold-count", strconv.Itoa(int(hc.Healthy)))
		put("unhealthy-threshold-count", strconv.Itoa(int(hc.Unhealthy)))
		put("success-codes", hc.SuccessCodes)
	} else {
		p.Reportf(e.Origin, diag.Warning, "no-elbv2-data", "%q gets a new ALB with default health checks and listeners; pass describe-target-groups and describe-listeners output to carry over the existing ones", w.Name)
	}
	p.Reportf(e.Origin, diag.Info, "ingress", "%q gets a new ALB through an Ingress of class alb; move traffic to it by DNS once it is healthy", w.Name)
	return a
}

func nlbAnnotations(p *rules.Pass, w *ir.Workload) map[string]string {
	e := w.Exposure
	a := map[string]string{
		"service.beta.kubernetes.io/aws-load-balancer-type":            "external",
		"service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": targetType(e),
		"service.beta.kubernetes.io/aws-load-balancer-scheme":          scheme(p, e),
	}
	if hc := e.TargetGroups[0].HealthCheck; hc != nil {
		put := func(k, v string) {
			if v != "" && v != "0" {
				a["service.beta.kubernetes.io/aws-load-balancer-healthcheck-"+k] = v
			}
		}
		put("protocol", strings.ToLower(hc.Protocol))
		if hc.Port != "traffic-port" {
			put("port", hc.Port)
		}
		if hc.Protocol == "HTTP" || hc.Protocol == "HTTPS" {
			put("path", hc.Path)
			put("success-codes", hc.SuccessCodes)
		}
		put("interval", strconv.Itoa(int(hc.Interval)))
		put("timeout", strconv.Itoa(int(hc.Timeout)))
		put("healthy-threshold", strconv.Itoa(int(hc.Healthy)))
		put("unhealthy-threshold", strconv.Itoa(int(hc.Unhealthy)))
	} else {
		p.Reportf(e.Origin, diag.Warning, "no-elbv2-data", "%q gets a new NLB with the controller's default health check (TCP); pass describe-target-groups output to carry over the existing one", w.Name)
	}
	var other []string
	for _, port := range w.Ports {
		if !slices.ContainsFunc(e.TargetGroups, func(tg ir.TargetGroup) bool { return tg.Port == port.Port }) {
			other = append(other, strconv.Itoa(int(port.Port)))
		}
	}
	if len(other) > 0 {
		p.Reportf(e.Origin, diag.Info, "nlb", "%q gets a new NLB through LoadBalancer Service %q, which carries only the target group ports; its other ports (%s) stay on ClusterIP Service %q; move traffic to the NLB by DNS once it is healthy", w.Name, kname.Join(w.Name, "nlb"), strings.Join(other, ", "), w.Name)
	} else {
		p.Reportf(e.Origin, diag.Info, "nlb", "%q gets a new NLB through a LoadBalancer Service; move traffic to it by DNS once it is healthy", w.Name)
	}
	return a
}
