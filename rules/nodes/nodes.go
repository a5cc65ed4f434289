package nodes

import (
	"maps"
	"slices"
	"strings"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Rule is the nodes rule.
var Rule = &rules.Rule{
	Name: "nodes",
	Doc:  rules.MustDoc(doc, "nodes"),
	Run:  run,
}

const (
	igLabel        = "kops.k8s.io/instancegroup"
	nodeGroupLabel = "eks.amazonaws.com/nodegroup"
	nodePoolLabel  = "karpenter.sh/nodepool"
)

// roleLabels are the node-role labels kOps nodes carry and EKS nodes do
// not.
var roleLabels = []string{"kubernetes.io/role", "node-role.kubernetes.io/master", "node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/node"}

func run(p *rules.Pass) error {
	groups := map[string]*ir.InstanceGroup{}
	for _, ig := range p.Model.Kops.InstanceGroups {
		groups[ig.Name] = ig
	}
	mapping := func(ig string) map[string]string {
		if m, ok := p.Config.Nodes.InstanceGroups[ig]; ok {
			return m.NodeSelector
		}
		g, known := groups[ig]
		if known && p.Config.Nodes.Karpenter != nil && nodeRole(g.Role) {
			return map[string]string{nodePoolLabel: ig}
		}
		if known && !nodeRole(g.Role) {
			return nil
		}
		// No mapping: the label an EKS managed node group of the same name
		// carries, as the kOps-to-EKS migration guides mirror instance
		// groups with node groups. The placement says so with a warning.
		return map[string]string{nodeGroupLabel: ig}
	}
	defaulted := func(ig string) bool {
		m := mapping(ig)
		_, configured := p.Config.Nodes.InstanceGroups[ig]
		return !configured && len(m) == 1 && m[nodeGroupLabel] == ig
	}
	for _, o := range p.Model.Objects {
		if tmpl, path := o.PodTemplate(); tmpl != nil && !o.Drop {
			placement(p, o, ir.MapAt(tmpl, "spec"), path, mapping, defaulted)
		}
	}
	for _, c := range p.Model.Kops.Clusters {
		cluster(p, c)
	}
	for _, ig := range p.Model.Kops.InstanceGroups {
		report(p, ig, mapping(ig.Name))
		if p.Config.Nodes.Karpenter != nil && nodeRole(ig.Role) {
			nodePool(p, ig, p.Config.Nodes.InstanceGroups[ig.Name].NodeSelector)
		}
	}
	return nil
}

func nodeRole(role string) bool { return role == "" || role == "Node" }

// placement rewrites one pod spec's node selector and node affinity.
func placement(p *rules.Pass, o *ir.KubeObject, spec map[string]any, path string, mapping func(string) map[string]string, defaulted func(string) bool) {
	if spec == nil {
		return
	}
	at := func(rel ...any) diag.Pos { return o.At(ir.Path(path, append([]any{"spec"}, rel...)...)) }
	if sel, ok := spec["nodeSelector"].(map[string]any); ok {
		if ig := ir.Str(sel[igLabel]); ig != "" {
			pos := at("nodeSelector", igLabel)
			if m := mapping(ig); m != nil {
				delete(sel, igLabel)
				for _, k := range slices.Sorted(maps.Keys(m)) {
					if old, ok := sel[k]; ok && ir.Str(old) != m[k] {
						p.Reportf(pos, diag.Warning, "selector-conflict", "%s: instance group %q maps to %s=%s, but the pod already selects %s=%s; the mapping wins", o.ID(), ig, k, m[k], k, ir.Str(old))
					}
					sel[k] = m[k]
				}
				if defaulted(ig) {
					defaultMapping(p, o, pos, ig)
				} else {
					p.Reportf(pos, diag.Info, "instance-group", "%s: instance group %q is now selected by %s", o.ID(), ig, selectorText(m))
				}
			} else {
				unmapped(p, o, pos, ig)
			}
		}
		for _, k := range roleLabels {
			if v, ok := sel[k]; ok {
				delete(sel, k)
				roleSelector(p, o, at("nodeSelector", k), k, ir.Str(v))
			}
		}
		if len(sel) == 0 {
			delete(spec, "nodeSelector")
		}
	}
	na := ir.MapAt(spec, "affinity", "nodeAffinity")
	if na == nil {
		return
	}
	// A term left with no expression matches every node: the required
	// affinity then holds everywhere, and an empty preference prefers
	// nothing.
	req := ir.MapAt(na, "requiredDuringSchedulingIgnoredDuringExecution")
	for i, t := range ir.Slice(req["nodeSelectorTerms"]) {
		tm, _ := t.(map[string]any)
		if expressions(p, o, tm, func(rel ...any) diag.Pos {
			return at(append([]any{"affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms", i}, rel...)...)
		}, mapping, defaulted) {
			delete(na, "requiredDuringSchedulingIgnoredDuringExecution")
		}
	}
	if prefs := ir.Slice(na["preferredDuringSchedulingIgnoredDuringExecution"]); prefs != nil {
		var kept []any
		for i, t := range prefs {
			tm, _ := t.(map[string]any)
			if !expressions(p, o, ir.MapAt(tm, "preference"), func(rel ...any) diag.Pos {
				return at(append([]any{"affinity", "nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution", i, "preference"}, rel...)...)
			}, mapping, defaulted) {
				kept = append(kept, t)
			}
		}
		if len(kept) > 0 {
			na["preferredDuringSchedulingIgnoredDuringExecution"] = kept
		} else {
			delete(na, "preferredDuringSchedulingIgnoredDuringExecution")
		}
	}
	ir.DeleteEmpty(spec, "affinity", "nodeAffinity")
}

// expressions rewrites the instance group and node role expressions of one
// node selector term.
// It reports whether rewriting left the term empty.
func expressions(p *rules.Pass, o *ir.KubeObject, term map[string]any, at func(...any) diag.Pos, mapping func(string) map[string]string, defaulted func(string) bool) bool {
	if term == nil {
		return false
	}
	var out []any
	changed := false
	for i, e := range ir.Slice(term["matchExpressions"]) {
		em, _ := e.(map[string]any)
		k, op := ir.Str(em["key"]), ir.Str(em["operator"])
		pos := at("matchExpressions", i)
		switch {
		case slices.Contains(roleLabels, k):
			roleSelector(p, o, pos, k, strings.Join(strs(em["values"]), ","))
			changed = true
			continue
		case k != igLabel:
			out = append(out, e)
			continue
		}
		changed = true
		switch op {
		case "Exists":
			p.Reportf(pos, diag.Info, "instance-group", "%s: the expression %s Exists held for every kOps node and is removed", o.ID(), igLabel)
			continue
		case "In", "NotIn":
			if repl, ok := rewrite(op, strs(em["values"]), mapping); ok {
				out = append(out, repl...)
				igs := strs(em["values"])
				if slices.ContainsFunc(igs, defaulted) {
					defaultMapping(p, o, pos, strings.Join(igs, ", "))
				} else {
					p.Reportf(pos, diag.Info, "instance-group", "%s: the expression on instance groups %s now selects %s", o.ID(), strings.Join(igs, ", "), exprText(repl))
				}
				continue
			}
		}
		var missing []string
		for _, ig := range strs(em["values"]) {
			if mapping(ig) == nil {
				missing = append(missing, ig)
			}
		}
		if len(missing) > 0 {
			unmapped(p, o, pos, strings.Join(missing, ", "))
		} else {
			p.Reportf(pos, diag.Warning, "instance-group-expression", "%s: the expression %s %s %s cannot be expressed with the mapped labels (they differ in keys or count) and is left as it is", o.ID(), igLabel, op, strings.Join(strs(em["values"]), ","))
		}
		out = append(out, e)
	}
	if !changed {
		return false
	}
	term["matchExpressions"] = out
	if len(out) > 0 {
		return false
	}
	delete(term, "matchExpressions")
	return len(ir.Slice(term["matchFields"])) == 0
}

// rewrite turns In/NotIn over instance groups into expressions over the
// mapped labels: one group maps label by label (NotIn only when it has one
// label); several groups map when each has a single label of one key.
func rewrite(op string, igs []string, mapping func(string) map[string]string) ([]any, bool) {
	var sels []map[string]string
	for _, ig := range igs {
		m := mapping(ig)
		if m == nil {
			return nil, false
		}
		sels = append(sels, m)
	}
	if len(sels) == 1 && (op == "In" || len(sels[0]) == 1) {
		var out []any
		for _, k := range slices.Sorted(maps.Keys(sels[0])) {
			out = append(out, map[string]any{"key": k, "operator": op, "values": []any{sels[0][k]}})
		}
		return out, true
	}
	var key string
	var values []any
	for _, m := range sels {
		if len(m) != 1 {
			return nil, false
		}
		for k, v := range m {
			if key != "" && k != key {
				return nil, false
			}
			key = k
			if !slices.Contains(values, any(v)) {
				values = append(values, v)
			}
		}
	}
	return []any{map[string]any{"key": key, "operator": op, "values": values}}, true
}

// defaultMapping reports an instance group that the configuration does
// not map and that now selects the EKS managed node group of its name.
func defaultMapping(p *rules.Pass, o *ir.KubeObject, pos diag.Pos, igs string) {
	d := p.Reportf(pos, diag.Warning, "instance-group-default", "%s selected kOps instance group %s, which no EKS node carries; it now selects %s=<instance group>, the label of an EKS managed node group of the same name: create node groups named after the instance groups, or the pods will not be scheduled", o.ID(), igs, nodeGroupLabel)
	d.Fix = "map it in the configuration if the node groups are named otherwise: nodes: {instanceGroups: {" + strings.Split(igs, ", ")[0] + ": {nodeSelector: {eks.amazonaws.com/nodegroup: NAME}}}} (or set nodes.karpenter and pass the InstanceGroup spec)"
}

func unmapped(p *rules.Pass, o *ir.KubeObject, pos diag.Pos, igs string) {
	d := p.Reportf(pos, diag.Warning, "unmapped-instance-group", "%s selects kOps instance group %s, which no EKS node carries; the pods would not be scheduled", o.ID(), igs)
	d.Fix = "map it in the configuration: nodes: {instanceGroups: {" + strings.Split(igs, ", ")[0] + ": {nodeSelector: {eks.amazonaws.com/nodegroup: NAME}}}} (or set nodes.karpenter and pass the InstanceGroup spec)"
}

func roleSelector(p *rules.Pass, o *ir.KubeObject, pos diag.Pos, k, v string) {
	if strings.Contains(k, "master") || strings.Contains(k, "control-plane") || v == "master" {
		p.Reportf(pos, diag.Warning, "control-plane-selector", "%s selected kOps control-plane nodes (%s=%s); EKS runs the control plane without nodes you can schedule on, so the selector is removed and the pods run on worker nodes (give them the AWS permissions the control-plane nodes' role had, through IRSA)", o.ID(), k, v)
		return
	}
	p.Reportf(pos, diag.Info, "node-role-selector", "%s selected %s=%s, a label kOps puts on every worker and EKS does not; it is removed", o.ID(), k, v)
}

func selectorText(m map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ", ")
}

func exprText(exprs []any) string {
	var parts []string
	for _, e := range exprs {
		em, _ := e.(map[string]any)
		parts = append(parts, ir.Str(em["key"])+" "+ir.Str(em["operator"])+" "+strings.Join(strs(em["values"]), ","))
	}
	return strings.Join(parts, ", ")
}

func strs(v any) []string {
	var out []string
	for _, e := range ir.Slice(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
