package placement

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/klog/v2"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Rule is the placement rule.
var Rule = &rules.Rule{
	Name:  "placement",
	Doc:   rules.MustDoc(doc, "placement"),
	Start: start,
}

type step struct {
	p      *rules.Pass
	groups []config.NodeGroup
}

func start(p *rules.Pass) rules.Stepper {
	return &step{p: p, groups: p.Config.TargetNodeGroups()}
}

func (s *step) Finish() error { return nil }

func (s *step) Workload(w *ir.Workload) bool {
	if w.Template == nil {
		return true
	}
	spec := &w.Template.Spec
	var why []string
	for _, g := range s.groups {
		reason := Fits(spec, g)
		if reason == "" {
			return true
		}
		why = append(why, g.Name+": "+reason)
	}
	configured := "cluster.nodeGroups"
	if len(s.p.Config.Cluster.NodeGroups) == 0 {
		configured = "the default node groups (set cluster.nodeGroups to describe the cluster's)"
	}
	s.p.Reportf(w.Origin, diag.Warning, "no-node-group", "%s %s needs nodes with %s; none of %s has them (%s): add such a node group or its pods stay Pending",
		w.Kind, w.Name, Requirements(spec), configured, strings.Join(why, "; "))
	return true
}

// Fits says why a pod spec cannot run on the nodes of g ("" when it can):
// a node selector label the nodes lack, a required node affinity term they
// do not satisfy, or a taint the pod does not tolerate.
func Fits(spec *corev1.PodSpec, g config.NodeGroup) string {
	labels := g.NodeLabels()
	for _, k := range slices.Sorted(maps.Keys(spec.NodeSelector)) {
		if v, ok := labels[k]; !ok || v != spec.NodeSelector[k] {
			return fmt.Sprintf("no %s=%s", k, spec.NodeSelector[k])
		}
	}
	if a := spec.Affinity; a != nil && a.NodeAffinity != nil && a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution != nil {
		terms := a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
		var fail string
		ok := len(terms) == 0
		for _, t := range terms {
			if f := termFails(t, labels); f == "" {
				ok = true
				break
			} else if fail == "" {
				fail = f
			}
		}
		if !ok {
			return "node affinity: " + fail
		}
	}
	for _, t := range g.NodeTaints() {
		if t.Effect != string(corev1.TaintEffectNoSchedule) && t.Effect != string(corev1.TaintEffectNoExecute) {
			continue
		}
		taint := corev1.Taint{Key: t.Key, Value: t.Value, Effect: corev1.TaintEffect(t.Effect)}
		tolerated := false
		for i := range spec.Tolerations {
			if spec.Tolerations[i].ToleratesTaint(klog.Background(), &taint, false) {
				tolerated = true
				break
			}
		}
		if !tolerated {
			return "taint " + taint.ToString() + " not tolerated"
		}
	}
	return ""
}

// termFails checks one node selector term's label expressions (field
// expressions name particular nodes; they are not checked).
func termFails(t corev1.NodeSelectorTerm, labels map[string]string) string {
	for _, e := range t.MatchExpressions {
		v, has := labels[e.Key]
		ok := true
		switch e.Operator {
		case corev1.NodeSelectorOpIn:
			ok = has && slices.Contains(e.Values, v)
		case corev1.NodeSelectorOpNotIn:
			ok = !has || !slices.Contains(e.Values, v)
		case corev1.NodeSelectorOpExists:
			ok = has
		case corev1.NodeSelectorOpDoesNotExist:
			ok = !has
		}
		if !ok {
			return fmt.Sprintf("%s %s %s", e.Key, e.Operator, strings.Join(e.Values, ","))
		}
	}
	return ""
}

// Requirements describes what a pod spec asks of its node.
func Requirements(spec *corev1.PodSpec) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(spec.NodeSelector)) {
		parts = append(parts, k+"="+spec.NodeSelector[k])
	}
	if a := spec.Affinity; a != nil && a.NodeAffinity != nil && a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution != nil {
		for _, t := range a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms {
			for _, e := range t.MatchExpressions {
				parts = append(parts, fmt.Sprintf("%s %s [%s]", e.Key, e.Operator, strings.Join(e.Values, ",")))
			}
		}
	}
	if len(parts) == 0 {
		return "no particular labels"
	}
	return strings.Join(parts, ", ")
}
