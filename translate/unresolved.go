package translate

import (
	"encoding/json"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// resolveObjects reports every value that exists only at apply time
// (ir.Unresolved) that reached the objects: an error at the value's
// origin, or, with placeholders, a warning and the placeholder in place
// of the token. It runs only when a front-end made such a value.
func resolveObjects(objs []emit.Object, placeholders bool, diags *diag.List) {
	for i := range objs {
		resolveObject(&objs[i], placeholders, diags)
	}
}

// resolveObject is resolveObjects for one object. With placeholders, an
// object holding a token is replaced by its JSON form with the tokens
// replaced, which every emitter writes as it writes a custom resource.
func resolveObject(o *emit.Object, placeholders bool, diags *diag.List) {
	data, err := json.Marshal(o.Value)
	if err != nil || !ir.HasUnresolved(string(data)) {
		return
	}
	replaced := ir.ReplaceUnresolved(string(data), func(u ir.Unresolved) string {
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

// readableDiags names the unresolved values that diagnostics quote
// (a link that found no service named after a variable) instead of
// showing their tokens.
func readableDiags(l diag.List) {
	for i := range l {
		d := &l[i]
		if ir.HasUnresolved(d.Message) && d.Code != "unresolved/value" {
			d.Notes = append(d.Notes, "this follows from the values in ${…}, which exist only at apply time (see their own errors)")
		}
		d.Message, d.Fix = ir.Readable(d.Message), ir.Readable(d.Fix)
		for j := range d.Notes {
			d.Notes[j] = ir.Readable(d.Notes[j])
		}
	}
}
