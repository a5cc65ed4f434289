package eksport

import (
	"encoding/json"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// resolveObjects reports every value that exists only at apply time
// (ir.Unresolved) that reached the objects: an error at the value's
// origin, or, with placeholders, a warning and the placeholder in place
// of the token. In a chart (required), an input variable or parameter
// (Unresolved.Input) is neither: its token stays, and emit/helm makes it
// a required value. It runs only when a front-end made such a value.
func resolveObjects(objs []emit.Object, placeholders, required bool, diags *diag.List) {
	for i := range objs {
		resolveObject(&objs[i], placeholders, required, diags)
	}
}

// resolveObject is resolveObjects for one object. With placeholders, an
// object holding a token is replaced by its JSON form with the tokens
// replaced, which every emitter writes as it writes a custom resource.
func resolveObject(o *emit.Object, placeholders, required bool, diags *diag.List) {
	data, err := json.Marshal(o.Value)
	if err != nil || !ir.HasUnresolved(string(data)) {
		return
	}
	replaced := ir.ReplaceUnresolved(string(data), func(u ir.Unresolved) string {
		if required && u.Input {
			return u.Token()
		}
		u.Report(diags, placeholders)
		return u.Placeholder()
	})
	if !placeholders {
		return
	}
	var v map[string]any
	if json.Unmarshal([]byte(replaced), &v) == nil {
		o.Value = v
	}
}
