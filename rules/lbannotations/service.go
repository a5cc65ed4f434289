package lbannotations

import (
	"maps"
	"slices"
	"strings"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Rule is the load balancer annotation rule.
var Rule = &rules.Rule{
	Name: "lbannotations",
	Doc:  rules.MustDoc(doc, "lbannotations"),
	Run:  run,
}

const (
	prefix      = "service.beta.kubernetes.io/aws-load-balancer-"
	nlbClass    = "service.k8s.aws/nlb"
	classAnnot  = "kubernetes.io/ingress.class"
	albPrefix   = "alb.ingress.kubernetes.io/"
	nginxPrefix = "nginx.ingress.kubernetes.io/"
)

func run(p *rules.Pass) error {
	for _, o := range p.Model.Objects {
		if o.Drop {
			continue
		}
		switch {
		case o.Kind() == "Service" && o.APIVersion() == "v1":
			service(p, o)
		case o.Kind() == "Ingress" && o.APIVersion() == "networking.k8s.io/v1":
			ingress(p, o)
		}
		oldController(p, o)
	}
	return nil
}

// sameName are legacy annotations the controller reads under the same
// name with the same meaning.
var sameName = []string{
	"ssl-cert", "ssl-ports", "ssl-negotiation-policy", "backend-protocol", "proxy-protocol",
	"additional-resource-tags", "healthcheck-healthy-threshold", "healthcheck-unhealthy-threshold",
	"healthcheck-timeout", "healthcheck-interval", "healthcheck-port", "healthcheck-protocol",
	"healthcheck-path", "eip-allocations", "private-ipv4-addresses", "subnets", "security-groups",
	"ip-address-type", "target-node-labels", "nlb-target-type", "scheme", "type",
	"load-balancer-attributes", "target-group-attributes", "name", "alpn-policy",
	"healthcheck-success-codes", "manage-backend-security-group-rules",
}

// service hands a Service's NLB to the Load Balancer Controller, or
// reports a Classic Load Balancer.
func service(p *rules.Pass, o *ir.KubeObject) {
	ann := o.Annotations()
	spec := ir.MapAt(o.Object, "spec")
	if spec == nil {
		return // no spec (or not an object): no load balancer to hand over; found by FuzzECS
	}
	var legacy []string
	for k := range ann {
		if strings.HasPrefix(k, prefix) {
			legacy = append(legacy, strings.TrimPrefix(k, prefix))
		}
	}
	slices.Sort(legacy)
	isLB := ir.Str(spec["type"]) == "LoadBalancer"
	if !isLB && len(legacy) == 0 {
		return
	}
	if ir.Str(spec["loadBalancerClass"]) != "" && ir.Str(spec["loadBalancerClass"]) != nlbClass {
		return // another controller's
	}
	typ := ir.Str(ann[prefix+"type"])
	at := o.At(ir.Path("metadata", "annotations", prefix+"type"))
	switch {
	case typ == "external" || ir.Str(spec["loadBalancerClass"]) == nlbClass:
		return // already the controller's
	case typ == "nlb" || typ == "nlb-ip":
		toController(p, o, ann, spec, legacy, at)
	case isLB:
		classic(p, o, ann, legacy)
	}
}

func toController(p *rules.Pass, o *ir.KubeObject, ann map[string]any, spec map[string]any, legacy []string, at diag.Pos) {
	get := func(k string) string { return ir.Str(ann[prefix+k]) }
	out := map[string]any{}
	for k, v := range ann {
		if !strings.HasPrefix(k, prefix) {
			out[k] = v
		}
	}
	set := func(k, v string) { out[prefix+k] = v }
	for _, k := range legacy {
		if slices.Contains(sameName, k) {
			set(k, get(k))
		}
	}
	set("type", "external")
	if get("nlb-target-type") == "" {
		set("nlb-target-type", "ip")
	}
	scheme := "internet-facing"
	if internal(get("internal")) {
		scheme = "internal"
	}
	if get("scheme") == "" {
		set("scheme", scheme)
	}
	var attrs, tgAttrs, dropped []string
	for _, k := range legacy {
		v := get(k)
		switch k {
		case "internal":
		case "cross-zone-load-balancing-enabled":
			attrs = append(attrs, "load_balancing.cross_zone.enabled="+v)
		case "access-log-enabled":
			attrs = append(attrs, "access_logs.s3.enabled="+v)
		case "access-log-s3-bucket-name":
			attrs = append(attrs, "access_logs.s3.bucket="+v)
		case "access-log-s3-bucket-prefix":
			attrs = append(attrs, "access_logs.s3.prefix="+v)
		case "connection-draining-timeout":
			if get("connection-draining-enabled") != "false" {
				tgAttrs = append(tgAttrs, "deregistration_delay.timeout_seconds="+v)
			}
		case "connection-draining-enabled":
		default:
			if !slices.Contains(sameName, k) {
				dropped = append(dropped, prefix+k)
			}
		}
	}
	merge := func(k string, add []string) {
		if len(add) == 0 {
			return
		}
		if old := get(k); old != "" {
			add = append([]string{old}, add...)
		}
		set(k, strings.Join(add, ","))
	}
	merge("attributes", attrs)
	merge("target-group-attributes", tgAttrs)
	o.Metadata()["annotations"] = out
	spec["loadBalancerClass"] = nlbClass
	d := p.Reportf(at, diag.Info, "nlb", "Service %q: its NLB is now provisioned by the AWS Load Balancer Controller (type external, %s targets, %s)", o.Name(), ir.Str(out[prefix+"nlb-target-type"]), ir.Str(out[prefix+"scheme"]))
	d.Notes = []string{"the controller creates a new NLB with a new DNS name: move traffic to it (DNS, external-dns) once its targets are healthy"}
	if len(dropped) > 0 {
		p.Reportf(at, diag.Warning, "nlb-dropped", "Service %q: no Load Balancer Controller counterpart for an NLB, left out: %s", o.Name(), strings.Join(dropped, ", "))
	}
}

// internal reads the in-tree internal annotation: "true" or a CIDR such as
// 0.0.0.0/0 (its historic value) mean internal.
func internal(v string) bool {
	return v != "" && v != "false"
}

// classic reports a Service that gets a Classic Load Balancer, with the
// controller annotations of the NLB that would replace it.
func classic(p *rules.Pass, o *ir.KubeObject, ann map[string]any, legacy []string) {
	scheme := "internet-facing"
	if internal(ir.Str(ann[prefix+"internal"])) {
		scheme = "internal"
	}
	eq := map[string]string{prefix + "type": "external", prefix + "nlb-target-type": "ip", prefix + "scheme": scheme}
	var layer7 []string
	for _, k := range legacy {
		switch {
		case k == "backend-protocol" && slices.Contains([]string{"http", "https"}, strings.ToLower(ir.Str(ann[prefix+k]))):
			layer7 = append(layer7, k+": "+ir.Str(ann[prefix+k]))
		case slices.Contains(sameName, k):
			eq[prefix+k] = ir.Str(ann[prefix+k])
		}
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(eq)) {
		parts = append(parts, k+": "+eq[k])
	}
	d := p.Reportf(o.At("spec.type"), diag.Warning, "classic-elb", "Service %q gets a Classic Load Balancer from EKS's built-in AWS cloud provider, as on kOps; Classic Load Balancers are a previous generation", o.Name())
	d.Fix = "to move to an NLB through the AWS Load Balancer Controller, set spec.loadBalancerClass: " + nlbClass + " and the annotations " + strings.Join(parts, ", ")
	if len(layer7) > 0 {
		d.Notes = append(d.Notes, "it terminates HTTP ("+strings.Join(layer7, ", ")+"), which an NLB does not: an Ingress of class alb is the layer-7 equivalent")
	}
}

// oldController reports the ALB Ingress Controller v1
// (aws-alb-ingress-controller), which the AWS Load Balancer Controller v2
// replaced; it does not run on current Kubernetes.
func oldController(p *rules.Pass, o *ir.KubeObject) {
	tmpl, path := o.PodTemplate()
	for i, c := range ir.Slice(ir.MapAt(tmpl, "spec")["containers"]) {
		cm, _ := c.(map[string]any)
		if img := ir.Str(cm["image"]); strings.Contains(img, "aws-alb-ingress-controller") {
			d := p.Reportf(o.At(ir.Path(path, "spec", "containers", i, "image")), diag.Warning, "alb-ingress-controller-v1", "%s runs the ALB Ingress Controller v1 (%s), which the AWS Load Balancer Controller v2 replaced; it does not support networking.k8s.io/v1 Ingresses", o.ID(), img)
			d.Fix = "install the AWS Load Balancer Controller on EKS (Helm chart eks/aws-load-balancer-controller) instead of this Deployment; its alb.ingress.kubernetes.io annotations stay valid"
		}
	}
}
