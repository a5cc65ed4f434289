package apiupgrade

import (
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// webhooks moves admission webhook configurations to
// admissionregistration.k8s.io/v1 with v1beta1's defaults written out,
// since v1 changed them: failurePolicy Ignore (v1: Fail), matchPolicy
// Exact (v1: Equivalent), timeoutSeconds 30 (v1: 10), and AdmissionReview
// v1beta1, the only version a v1beta1-era webhook is known to speak. v1
// also accepts only sideEffects None or NoneOnDryRun.
func webhooks(p *rules.Pass, o *ir.KubeObject, _ string) bool {
	for i, w := range ir.Slice(o.Object["webhooks"]) {
		wm, ok := w.(map[string]any)
		if !ok {
			continue
		}
		setDefault(wm, "failurePolicy", "Ignore")
		setDefault(wm, "matchPolicy", "Exact")
		setDefault(wm, "timeoutSeconds", int64(30))
		setDefault(wm, "admissionReviewVersions", []any{"v1beta1"})
		switch se := ir.Str(wm["sideEffects"]); se {
		case "None", "NoneOnDryRun":
		default:
			if se == "" {
				se = "Unknown (the v1beta1 default)"
			}
			wm["sideEffects"] = "None"
			d := p.Reportf(o.At(ir.Path("webhooks", i, "sideEffects")), diag.Warning, "webhook-side-effects", "%s: webhook %q declared sideEffects %s, which v1 no longer accepts; it now says None", o.ID(), ir.Str(wm["name"]), se)
			d.Fix = "check that the webhook changes nothing outside the reviewed object, or make it skip dry-run requests and say NoneOnDryRun"
		}
	}
	return true
}

func setDefault(m map[string]any, key string, v any) {
	if _, ok := m[key]; !ok {
		m[key] = v
	}
}
