package apiupgrade

import (
	"maps"
	"slices"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// crd moves a CustomResourceDefinition to apiextensions.k8s.io/v1. The
// spec-wide schema, subresources and printer columns of v1beta1 move into
// every version; v1 requires a structural schema, so an absent schema
// becomes one that keeps every field, and preserveUnknownFields (which
// v1beta1 defaulted to true) becomes x-kubernetes-preserve-unknown-fields.
func crd(p *rules.Pass, o *ir.KubeObject, _ string) bool {
	spec, ok := o.Object["spec"].(map[string]any)
	if !ok {
		p.Reportf(o.At("spec"), diag.Error, "no-spec", "%s has no spec", o.ID())
		return false
	}
	versions := ir.Slice(spec["versions"])
	if len(versions) == 0 {
		v := ir.Str(spec["version"])
		if v == "" {
			p.Reportf(o.At("spec"), diag.Error, "crd-version", "%s names no version", o.ID())
			return false
		}
		versions = []any{map[string]any{"name": v, "served": true, "storage": true}}
	}
	delete(spec, "version")
	schema := ir.MapAt(spec, "validation", "openAPIV3Schema")
	delete(spec, "validation")
	subresources, hasSub := spec["subresources"]
	delete(spec, "subresources")
	columns, hasCols := spec["additionalPrinterColumns"]
	delete(spec, "additionalPrinterColumns")
	preserve := spec["preserveUnknownFields"] != false
	delete(spec, "preserveUnknownFields")
	var changed []string
	for i, v := range versions {
		vm, ok := v.(map[string]any)
		if !ok {
			continue
		}
		at := ir.Path("spec.versions", i)
		if hasSub && vm["subresources"] == nil {
			vm["subresources"] = runtime.DeepCopyJSONValue(subresources)
		}
		if hasCols && vm["additionalPrinterColumns"] == nil {
			vm["additionalPrinterColumns"] = runtime.DeepCopyJSONValue(columns)
		}
		for _, c := range ir.Slice(vm["additionalPrinterColumns"]) {
			if cm, ok := c.(map[string]any); ok {
				if jp, ok := cm["JSONPath"]; ok {
					cm["jsonPath"] = jp
					delete(cm, "JSONPath")
				}
			}
		}
		s := ir.MapAt(vm, "schema", "openAPIV3Schema")
		if s == nil {
			if schema != nil {
				s = runtime.DeepCopyJSONValue(schema).(map[string]any)
			} else {
				s = map[string]any{}
				changed = append(changed, "a schema that keeps every field, since v1 requires one")
			}
			vm["schema"] = map[string]any{"openAPIV3Schema": s}
		}
		if preserve && s["x-kubernetes-preserve-unknown-fields"] == nil {
			s["x-kubernetes-preserve-unknown-fields"] = true
		}
		if n := structural(s, true); n > 0 {
			p.Reportf(o.At(at), diag.Warning, "crd-schema", "%s: %d schema node(s) had no type, which apiextensions.k8s.io/v1 refuses; they now keep any value (x-kubernetes-preserve-unknown-fields); give them a type", o.ID(), n)
		}
	}
	spec["versions"] = versions
	if preserve {
		changed = append(changed, "unknown fields kept (x-kubernetes-preserve-unknown-fields), as v1beta1's preserveUnknownFields did")
	}
	if conv := ir.MapAt(spec, "conversion"); conv != nil {
		if cc, ok := conv["webhookClientConfig"]; ok {
			delete(conv, "webhookClientConfig")
			wh := map[string]any{"clientConfig": cc, "conversionReviewVersions": []any{"v1beta1"}}
			if crv, ok := conv["conversionReviewVersions"]; ok {
				wh["conversionReviewVersions"] = crv
				delete(conv, "conversionReviewVersions")
			}
			conv["webhook"] = wh
		}
	}
	if len(changed) > 0 {
		d := p.Reportf(o.At("spec"), diag.Info, "crd", "%s: the v1 definition has %s", o.ID(), changed[0])
		d.Notes = changed[1:]
	}
	return true
}

// structural makes a schema structural as far as it can without guessing
// types: every node without a type (and without int-or-string) keeps any
// value, and uniqueItems, which v1 forbids, goes. It returns how many
// nodes had no type.
func structural(s map[string]any, root bool) int {
	n := 0
	delete(s, "uniqueItems")
	if root && s["type"] == nil {
		s["type"] = "object"
	}
	if !root && s["type"] == nil && s["x-kubernetes-int-or-string"] != true && s["x-kubernetes-preserve-unknown-fields"] != true {
		s["x-kubernetes-preserve-unknown-fields"] = true
		n++
	}
	if props, ok := s["properties"].(map[string]any); ok {
		keys := slices.Sorted(maps.Keys(props))
		for _, k := range keys {
			if c, ok := props[k].(map[string]any); ok {
				n += structural(c, false)
			}
		}
	}
	if items, ok := s["items"].(map[string]any); ok {
		n += structural(items, false)
	}
	if ap, ok := s["additionalProperties"].(map[string]any); ok {
		n += structural(ap, false)
	}
	return n
}
