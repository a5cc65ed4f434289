package lbannotations

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// ingress settles an Ingress's class: the annotation becomes the field,
// and the configuration may remap it.
func ingress(p *rules.Pass, o *ir.KubeObject) {
	spec := ir.Ensure(o.Object, "spec")
	ann := o.Annotations()
	class := ir.Str(spec["ingressClassName"])
	if c, ok := ann[classAnnot]; ok {
		if class == "" {
			class = ir.Str(c)
		}
		delete(ann, classAnnot)
		ir.DeleteEmpty(o.Object, "metadata", "annotations")
	}
	if class == "" {
		return
	}
	at := o.At(ir.Path("metadata", "annotations", classAnnot))
	if _, ok := spec["ingressClassName"]; ok {
		at = o.At("spec.ingressClassName")
	}
	to, remap := p.Config.IngressClasses[class]
	if !remap || to == class {
		if _, ok := spec["ingressClassName"]; !ok {
			p.Reportf(at, diag.Info, "ingress-class", "Ingress %q: the deprecated %s annotation is now spec.ingressClassName: %s", o.Name(), classAnnot, class)
		}
		spec["ingressClassName"] = class
		return
	}
	spec["ingressClassName"] = to
	if to != "alb" {
		p.Reportf(at, diag.Info, "ingress-class", "Ingress %q: class %s is now %s (configuration); its annotations are kept as they are", o.Name(), class, to)
		return
	}
	toALB(p, o, class, at)
}

// toALB rewrites an Ingress written for another controller (NGINX in
// practice) for the AWS Load Balancer Controller.
func toALB(p *rules.Pass, o *ir.KubeObject, from string, at diag.Pos) {
	ann := ir.Ensure(o.Object, "metadata", "annotations")
	spec := ir.MapAt(o.Object, "spec")
	setDefault := func(k, v string) {
		if _, ok := ann[albPrefix+k]; !ok {
			ann[albPrefix+k] = v
		}
	}
	scheme := p.Config.Exposure.Scheme
	if scheme == "" {
		scheme = "internal"
	}
	setDefault("scheme", scheme)
	setDefault("target-type", "ip")
	var notes, dropped []string
	if scheme == "internal" && p.Config.Exposure.Scheme == "" {
		notes = append(notes, "the ALB is internal (the controller's default); set exposure.scheme: internet-facing in the configuration if "+from+" served the internet")
	}
	tls := len(ir.Slice(spec["tls"])) > 0
	for _, k := range slices.Sorted(maps.Keys(ann)) {
		name, ok := strings.CutPrefix(k, nginxPrefix)
		if !ok {
			continue
		}
		v := ir.Str(ann[k])
		delete(ann, k)
		switch name {
		case "ssl-redirect", "force-ssl-redirect":
			if v == "true" {
				setDefault("ssl-redirect", "443")
				tls = true
			}
		case "backend-protocol":
			switch strings.ToUpper(v) {
			case "HTTP", "HTTPS":
				setDefault("backend-protocol", strings.ToUpper(v))
			case "GRPC", "GRPCS":
				setDefault("backend-protocol-version", "GRPC")
			default:
				dropped = append(dropped, k)
			}
		case "whitelist-source-range", "allowlist-source-range":
			setDefault("inbound-cidrs", strings.ReplaceAll(v, " ", ""))
		case "proxy-read-timeout":
			setDefault("load-balancer-attributes", "idle_timeout.timeout_seconds="+v)
		default:
			dropped = append(dropped, k)
		}
	}
	if tls {
		listen, _ := json.Marshal([]map[string]int{{"HTTP": 80}, {"HTTPS": 443}})
		setDefault("listen-ports", string(listen))
		if _, ok := ann[albPrefix+"certificate-arn"]; !ok {
			notes = append(notes, "TLS: an ALB does not read certificates from Secrets; the controller looks up ACM certificates for the hosts in spec.tls, or set "+albPrefix+"certificate-arn")
		}
	}
	var prefixed []string
	for i, r := range ir.Slice(spec["rules"]) {
		rm, _ := r.(map[string]any)
		for j, pa := range ir.Slice(ir.MapAt(rm, "http")["paths"]) {
			pm, _ := pa.(map[string]any)
			path := ir.Str(pm["path"])
			if pm == nil || ir.Str(pm["pathType"]) != "ImplementationSpecific" || strings.ContainsAny(path, "*?()[]^$|\\") {
				continue
			}
			if path == "" {
				pm["path"] = "/"
			}
			pm["pathType"] = "Prefix"
			prefixed = append(prefixed, ir.Path("spec.rules", i, "http", "paths", j))
		}
	}
	if len(prefixed) > 0 {
		notes = append(notes, "ImplementationSpecific paths, which "+from+" matched as prefixes and an ALB would match exactly, are now Prefix: "+strings.Join(prefixed, ", "))
	}
	d := p.Reportf(at, diag.Warning, "ingress-to-alb", "Ingress %q: class %s is now alb (configuration): the AWS Load Balancer Controller provisions a new ALB with a new DNS name; move traffic to it once it is healthy", o.Name(), from)
	d.Notes = notes
	if len(dropped) > 0 {
		p.Reportf(at, diag.Warning, "ingress-dropped", "Ingress %q: no ALB counterpart, left out (rewrites, snippets, authentication and rate limits need the application or AWS WAF): %s", o.Name(), strings.Join(dropped, ", "))
	}
}
