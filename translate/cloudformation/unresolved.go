package cloudformation

import (
	"github.com/eksport/eksport/translate/ir"
)

// Unresolved is the IR's value that exists only at deploy time: a
// parameter without a value, a GetAtt of a runtime attribute, an import
// from a stack outside the run, an unknown pseudo parameter. It travels
// inside strings as its token (ir.Unresolved.Token); the run reports
// every token that reaches the output.
type Unresolved = ir.Unresolved

// tokenPrefix starts every token.
const tokenPrefix = ir.UnresolvedPrefix

// table makes the tokens of one run and remembers that it made some.
type table struct {
	made bool
}

func (t *table) token(u Unresolved) string {
	t.made = true
	return u.Token()
}

func (t *table) replace(s string, f func(Unresolved) string) string {
	return ir.ReplaceUnresolved(s, f)
}

// only returns the value when s is exactly one token.
func (t *table) only(s string) (Unresolved, bool) {
	var got []Unresolved
	rest := ir.ReplaceUnresolved(s, func(u Unresolved) string { got = append(got, u); return "" })
	if rest == "" && len(got) == 1 {
		return got[0], true
	}
	return Unresolved{}, false
}
