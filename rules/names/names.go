package names

import (
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Rule is the name-uniqueness rule.
var Rule = &rules.Rule{
	Name:  "names",
	Doc:   rules.MustDoc(doc, "names"),
	Start: start,
}

type names struct {
	p *rules.Pass
	// first holds what the message needs of the first workload of each
	// name, not the workload, which a batch lets go once lowered.
	first map[key]input
}

type key struct{ ns, name string }

type input struct {
	source string
	origin diag.Pos
}

func start(p *rules.Pass) rules.Stepper { return &names{p: p, first: map[key]input{}} }

func (n *names) Workload(w *ir.Workload) bool {
	k := key{w.Namespace, w.Name}
	if prev, dup := n.first[k]; dup {
		d := n.p.Reportf(w.Origin, diag.Error, "collision", "%q and %q (%s) both become the Kubernetes name %q", w.Source, prev.source, prev.origin, w.Name)
		d.Fix = "rename one of them, or convert them into different namespaces"
		return false
	}
	n.first[k] = input{w.Source, w.Origin}
	return true
}

func (n *names) Finish() error { return nil }
