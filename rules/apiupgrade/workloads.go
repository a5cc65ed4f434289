package apiupgrade

import (
	"maps"
	"strings"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// workload moves a Deployment, DaemonSet, ReplicaSet or StatefulSet to
// apps/v1. The old versions defaulted the selector to the template's
// labels; apps/v1 requires it, so it is written out.
func workload(p *rules.Pass, o *ir.KubeObject, from string) bool {
	spec, ok := o.Object["spec"].(map[string]any)
	if !ok {
		p.Reportf(o.At("spec"), diag.Error, "no-spec", "%s has no spec", o.ID())
		return false
	}
	sel, _ := spec["selector"].(map[string]any)
	if len(ir.MapAt(sel, "matchLabels")) == 0 && len(ir.Slice(sel["matchExpressions"])) == 0 {
		labels := ir.MapAt(spec, "template", "metadata", "labels")
		if len(labels) == 0 {
			p.Reportf(o.At("spec.template.metadata"), diag.Error, "no-selector", "%s has neither a selector nor template labels to make one from; apps/v1 requires a selector", o.ID())
			return false
		}
		spec["selector"] = map[string]any{"matchLabels": maps.Clone(labels)}
		p.Reportf(o.At("spec.template.metadata.labels"), diag.Info, "selector", "%s: the selector is now explicit, from the template labels, as %s defaulted it; apps/v1 never changes a selector after creation", o.ID(), from)
	}
	if _, ok := spec["rollbackTo"]; ok {
		delete(spec, "rollbackTo")
		p.Reportf(o.At("spec.rollbackTo"), diag.Warning, "rollback-to", "%s: spec.rollbackTo was removed with %s; roll back with kubectl rollout undo", o.ID(), from)
	}
	delete(spec, "templateGeneration")
	if d := defaults(o.Kind(), from, spec); len(d) > 0 {
		p.Reportf(o.At("apiVersion"), diag.Info, "defaults", "%s: apps/v1 defaults differ from %s: %s; set them explicitly to keep the old behaviour", o.ID(), from, strings.Join(d, ", "))
	}
	return true
}

// defaults lists the defaults that change between an old workload version
// and apps/v1 for the fields the object leaves unset.
func defaults(kind, from string, spec map[string]any) []string {
	var out []string
	unset := func(keys ...string) bool {
		m := spec
		for i, k := range keys {
			if i == len(keys)-1 {
				_, ok := m[k]
				return !ok
			}
			m = ir.MapAt(m, k)
		}
		return true
	}
	switch {
	case kind == "Deployment" && from == "extensions/v1beta1":
		if ir.Str(ir.MapAt(spec, "strategy")["type"]) != "Recreate" && unset("strategy", "rollingUpdate") {
			out = append(out, "rolling updates surge and take down 25% of the pods instead of 1")
		}
		if unset("revisionHistoryLimit") {
			out = append(out, "revisionHistoryLimit is 10 instead of unlimited")
		}
		if unset("progressDeadlineSeconds") {
			out = append(out, "progressDeadlineSeconds is 600 instead of none")
		}
	case kind == "Deployment" && from == "apps/v1beta1":
		if unset("revisionHistoryLimit") {
			out = append(out, "revisionHistoryLimit is 10 instead of 2")
		}
	case kind == "DaemonSet" && from == "extensions/v1beta1", kind == "StatefulSet" && from == "apps/v1beta1":
		if unset("updateStrategy") {
			out = append(out, "updateStrategy is RollingUpdate instead of OnDelete (pods are replaced when the template changes)")
		}
	}
	return out
}

// pdb moves a PodDisruptionBudget to policy/v1, where an empty selector
// selects every pod of the namespace instead of none.
func pdb(p *rules.Pass, o *ir.KubeObject, _ string) bool {
	spec := ir.MapAt(o.Object, "spec")
	if sel, ok := spec["selector"].(map[string]any); ok && len(ir.MapAt(sel, "matchLabels")) == 0 && len(ir.Slice(sel["matchExpressions"])) == 0 {
		delete(spec, "selector")
		p.Reportf(o.At("spec.selector"), diag.Warning, "pdb-empty-selector", "%s: an empty selector matched no pod in policy/v1beta1 but matches every pod of the namespace in policy/v1; it is removed so the budget still protects nothing; give it the selector of the pods it is meant for", o.ID())
	}
	return true
}

// rbac moves RBAC objects to v1. v1alpha1 subjects named an apiVersion
// where v1 names an apiGroup.
func rbac(_ *rules.Pass, o *ir.KubeObject, _ string) bool {
	for _, s := range ir.Slice(o.Object["subjects"]) {
		sm, ok := s.(map[string]any)
		if !ok {
			continue
		}
		if _, ok := sm["apiVersion"]; ok {
			delete(sm, "apiVersion")
			if k := ir.Str(sm["kind"]); k == "User" || k == "Group" {
				sm["apiGroup"] = "rbac.authorization.k8s.io"
			}
		}
	}
	return true
}

// endpointSlice moves an EndpointSlice to discovery.k8s.io/v1, where the
// endpoints' topology map became deprecatedTopology.
func endpointSlice(_ *rules.Pass, o *ir.KubeObject, _ string) bool {
	for _, e := range ir.Slice(o.Object["endpoints"]) {
		if em, ok := e.(map[string]any); ok {
			if t, ok := em["topology"]; ok {
				em["deprecatedTopology"] = t
				delete(em, "topology")
			}
		}
	}
	return true
}

// references rewrites what names another object by a removed
// apiVersion: an autoscaler's scaleTargetRef and its Object metrics'
// describedObject. The HPA controller looks the target up by that
// version, which no longer exists.
func references(p *rules.Pass, o *ir.KubeObject) {
	if o.Kind() != "HorizontalPodAutoscaler" {
		return
	}
	spec := ir.MapAt(o.Object, "spec")
	fix := func(ref map[string]any, at string) {
		if ref == nil {
			return
		}
		from := ir.Str(ref["apiVersion"])
		if m, ok := moves[from+"/"+ir.Str(ref["kind"])]; ok && m.to != "" {
			ref["apiVersion"] = m.to
			p.Reportf(o.At(ir.JoinPath(at, "apiVersion")), diag.Info, "reference", "%s: the %s it names is now %s", o.ID(), from, m.to)
		}
	}
	fix(ir.MapAt(spec, "scaleTargetRef"), "spec.scaleTargetRef")
	for i, m := range ir.Slice(spec["metrics"]) {
		mm, _ := m.(map[string]any)
		fix(ir.MapAt(mm, "object", "describedObject"), ir.Path("spec.metrics", i, "object", "describedObject"))
	}
}

// movedResources are resources the extensions group served that moved
// to another group.
var movedResources = map[string]string{
	"deployments": "apps", "daemonsets": "apps", "replicasets": "apps", "statefulsets": "apps",
	"deployments/scale": "apps", "replicasets/scale": "apps",
	"ingresses": "networking.k8s.io", "networkpolicies": "networking.k8s.io",
	"podsecuritypolicies": "policy",
}

// rbacGroups extends RBAC rules that grant resources of the extensions
// group with the group those resources moved to, so that the grant still
// covers them.
func rbacGroups(p *rules.Pass, o *ir.KubeObject) {
	if o.Kind() != "Role" && o.Kind() != "ClusterRole" {
		return
	}
	for i, r := range ir.Slice(o.Object["rules"]) {
		rm, _ := r.(map[string]any)
		groups := ir.Slice(rm["apiGroups"])
		if !containsString(groups, "extensions") {
			continue
		}
		var added []string
		for _, res := range ir.Slice(rm["resources"]) {
			if g, ok := movedResources[ir.Str(res)]; ok && g != "policy" && !containsString(groups, g) {
				groups = append(groups, g)
				added = append(added, g)
			}
		}
		if len(added) > 0 {
			rm["apiGroups"] = groups
			p.Reportf(o.At(ir.Path("rules", i, "apiGroups")), diag.Info, "rbac-groups", "%s: the rule granted resources of the removed extensions group; it now also names %s, where they moved", o.ID(), strings.Join(added, ", "))
		}
	}
}

func containsString(list []any, s string) bool {
	for _, e := range list {
		if ir.Str(e) == s {
			return true
		}
	}
	return false
}
