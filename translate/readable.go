package translate

import (
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// ReadableDiags names the unresolved values that diagnostics quote (a
// link that found no service named after a variable, a log group named in
// a warning) as ${name} instead of showing their tokens, and notes where
// a diagnostic follows from them.
func ReadableDiags(l diag.List) {
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
