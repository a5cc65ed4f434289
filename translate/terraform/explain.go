package terraform

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
	"github.com/eksport/eksport/translate/source"
)

// Explain rewrites the errors the ECS front-end reports for a document of
// this package when the value at fault is known only at apply time (a
// port or a count that holds an unresolved token where a number belongs):
// the error names the value and how to give it, at its position, instead
// of quoting the token. A placeholder cannot stand in such a field, so it
// stays an error with --placeholders.
func Explain(doc *source.Doc, diags diag.List) {
	if doc.Root == nil {
		return
	}
	type at struct{ line, col int }
	var tokens map[at]string
	for i := range diags {
		d := &diags[i]
		if d.Severity != diag.Error || !strings.Contains(d.Message, ir.UnresolvedPrefix) || d.Pos.File != doc.File {
			continue
		}
		if tokens == nil {
			tokens = map[at]string{}
			var walk func(n *yaml.Node)
			walk = func(n *yaml.Node) {
				if n.Kind == yaml.ScalarNode && ir.HasUnresolved(n.Value) {
					tokens[at{n.Line, n.Column}] = n.Value
				}
				for _, c := range n.Content {
					walk(c)
				}
			}
			walk(doc.Root)
		}
		v, ok := tokens[at{d.Pos.Line, d.Pos.Col}]
		if !ok {
			continue
		}
		us := ir.FindUnresolved(v)
		if len(us) == 0 {
			continue
		}
		var names []string
		for _, u := range us {
			names = append(names, u.Name)
		}
		field := d.Pos.Path
		if field == "" {
			field = "the field"
		}
		d.Code = "unresolved/value"
		d.Message = field + " needs " + strings.Join(names, ", ") + ", which has no value before apply time; eksport never invents it (a placeholder cannot stand where a number or a list belongs)"
		d.Fix = us[0].How
		if us[0].Defined.File != "" {
			d.Notes = append(d.Notes, us[0].Name+" is declared at "+us[0].Defined.String())
		}
	}
}
