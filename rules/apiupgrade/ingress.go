package apiupgrade

import (
	"strconv"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// ingress moves an Ingress to networking.k8s.io/v1: backends name their
// Service as service.name and service.port.number or .name, the default
// backend is spec.defaultBackend, and every path states its pathType
// (ImplementationSpecific, which the old versions applied when absent).
func ingress(p *rules.Pass, o *ir.KubeObject, _ string) bool {
	spec, ok := o.Object["spec"].(map[string]any)
	if !ok {
		p.Reportf(o.At("spec"), diag.Error, "no-spec", "%s has no spec", o.ID())
		return false
	}
	good := true
	if b, ok := spec["backend"].(map[string]any); ok {
		delete(spec, "backend")
		nb, ok := backend(p, o, "spec.backend", b)
		good = good && ok
		spec["defaultBackend"] = nb
	}
	for i, r := range ir.Slice(spec["rules"]) {
		rm, _ := r.(map[string]any)
		for j, pa := range ir.Slice(ir.MapAt(rm, "http")["paths"]) {
			pm, ok := pa.(map[string]any)
			if !ok {
				continue
			}
			at := ir.Path("spec.rules", i, "http", "paths", j)
			if ir.Str(pm["pathType"]) == "" {
				pm["pathType"] = "ImplementationSpecific"
			}
			if b, ok := pm["backend"].(map[string]any); ok {
				nb, ok := backend(p, o, ir.Path(at, "backend"), b)
				good = good && ok
				pm["backend"] = nb
			}
		}
	}
	return good
}

// backend converts one serviceName/servicePort backend. A resource
// backend is the same in both versions.
func backend(p *rules.Pass, o *ir.KubeObject, at string, b map[string]any) (map[string]any, bool) {
	if _, ok := b["resource"]; ok {
		return b, true
	}
	if _, ok := b["service"]; ok {
		return b, true // already written the v1 way
	}
	name := ir.Str(b["serviceName"])
	if name == "" {
		p.Reportf(o.At(at), diag.Error, "ingress-backend", "%s: the backend names no serviceName", o.ID())
		return b, false
	}
	port := map[string]any{}
	switch v := b["servicePort"].(type) {
	case int64:
		port["number"] = v
	case string:
		if n, err := strconv.ParseInt(v, 10, 32); err == nil {
			port["number"] = n
		} else {
			port["name"] = v
		}
	default:
		p.Reportf(o.At(ir.JoinPath(at, "servicePort")), diag.Error, "ingress-backend", "%s: the backend for Service %q has no servicePort", o.ID(), name)
		return b, false
	}
	return map[string]any{"service": map[string]any{"name": name, "port": port}}, true
}
