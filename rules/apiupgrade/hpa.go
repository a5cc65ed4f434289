package apiupgrade

import (
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// hpaV2beta1 rewrites autoscaling/v2beta1 metrics into autoscaling/v2's
// metric identifier and target pairs. v2beta2 already has v2's shape.
func hpaV2beta1(p *rules.Pass, o *ir.KubeObject, _ string) bool {
	spec := ir.MapAt(o.Object, "spec")
	good := true
	for i, m := range ir.Slice(spec["metrics"]) {
		mm, ok := m.(map[string]any)
		if !ok {
			continue
		}
		at := ir.Path("spec.metrics", i)
		switch typ := ir.Str(mm["type"]); typ {
		case "Resource", "ContainerResource":
			key := "resource"
			if typ == "ContainerResource" {
				key = "containerResource"
			}
			src := ir.MapAt(mm, key)
			if src == nil {
				continue
			}
			t := target(src, "", "targetAverageValue", "targetAverageUtilization")
			delete(src, "targetAverageValue")
			delete(src, "targetAverageUtilization")
			if t == nil {
				good = missingTarget(p, o, at)
				continue
			}
			src["target"] = t
		case "Pods":
			src := ir.MapAt(mm, "pods")
			if src == nil {
				continue
			}
			t := target(src, "", "targetAverageValue", "")
			mm["pods"] = map[string]any{"metric": metric(src, "metricName", "selector"), "target": t}
			if t == nil {
				good = missingTarget(p, o, at)
			}
		case "Object":
			src := ir.MapAt(mm, "object")
			if src == nil {
				continue
			}
			t := target(src, "targetValue", "averageValue", "")
			mm["object"] = map[string]any{"describedObject": src["target"], "metric": metric(src, "metricName", "selector"), "target": t}
			if t == nil {
				good = missingTarget(p, o, at)
			}
		case "External":
			src := ir.MapAt(mm, "external")
			if src == nil {
				continue
			}
			t := target(src, "targetValue", "targetAverageValue", "")
			mm["external"] = map[string]any{"metric": metric(src, "metricName", "metricSelector"), "target": t}
			if t == nil {
				good = missingTarget(p, o, at)
			}
		}
	}
	return good
}

func missingTarget(p *rules.Pass, o *ir.KubeObject, at string) bool {
	p.Reportf(o.At(at), diag.Error, "hpa-target", "%s: the metric has no target value", o.ID())
	return false
}

// target builds a v2 MetricTarget from whichever v2beta1 field is set.
func target(src map[string]any, value, average, utilization string) map[string]any {
	switch {
	case utilization != "" && src[utilization] != nil:
		return map[string]any{"type": "Utilization", "averageUtilization": src[utilization]}
	case average != "" && src[average] != nil:
		return map[string]any{"type": "AverageValue", "averageValue": src[average]}
	case value != "" && src[value] != nil:
		return map[string]any{"type": "Value", "value": src[value]}
	}
	return nil
}

// metric builds a v2 MetricIdentifier.
func metric(src map[string]any, name, selector string) map[string]any {
	m := map[string]any{"name": src[name]}
	if s, ok := src[selector]; ok && s != nil {
		m["selector"] = s
	}
	return m
}
