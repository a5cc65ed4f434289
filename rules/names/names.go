// Package names holds the rule that keeps generated object names unique.
//
// Inputs are named by people (task definition families, service names) and
// sanitized into DNS labels, so two different inputs can end up with the same
// Kubernetes name ("shop_web" and "shop-web"). Writing both would let one
// silently overwrite the other, so the rule reports every collision as an
// error that names both inputs, and keeps only the first workload of the
// clash so that later stages do not pile up follow-on errors.
package names

import (
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Rule is the name-uniqueness rule.
var Rule = &rules.Rule{
	Name: "names",
	Doc:  "Two inputs whose names sanitize to the same Kubernetes name in one namespace are an error, not an overwrite.",
	Run:  run,
}

func run(p *rules.Pass) error {
	type key struct{ ns, name string }
	first := map[key]*ir.Workload{}
	kept := p.Model.Workloads[:0]
	for _, w := range p.Model.Workloads {
		k := key{w.Namespace, w.Name}
		if prev, dup := first[k]; dup {
			d := p.Reportf(w.Origin, diag.Error, "collision", "%q and %q (%s) both become the Kubernetes name %q", w.Source, prev.Source, prev.Origin, w.Name)
			d.Fix = "rename one of them, or convert them into different namespaces"
			continue
		}
		first[k] = w
		kept = append(kept, w)
	}
	p.Model.Workloads = kept
	return nil
}
