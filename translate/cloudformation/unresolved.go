package cloudformation

import (
	"strconv"
	"strings"

	"github.com/eksport/eksport/translate/diag"
)

// Unresolved is a value that exists only at deploy time: a parameter
// without a value, a GetAtt of a runtime attribute, an import from a stack
// outside the run, an unknown pseudo parameter. It has the fields of the
// IR's shared mechanism (Name as the template writes it, the position of
// the expression that needs it, how to give it), and travels inside
// strings as a token.
type Unresolved struct {
	Name    string
	Pos     diag.Pos
	Defined diag.Pos
	How     string
	Input   bool
}

// tokenPrefix starts every token of this package's table; a token ends at
// the first 'z' after the prefix.
const tokenPrefix = "eksport-cfn-unresolved-"

// table numbers the unresolved values of one run; a value made twice at
// the same place gets the same token, so that two references to the same
// resource identity compare equal.
type table struct {
	list  []Unresolved
	index map[Unresolved]int
}

func (t *table) token(u Unresolved) string {
	if t.index == nil {
		t.index = map[Unresolved]int{}
	}
	i, ok := t.index[u]
	if !ok {
		i = len(t.list)
		t.list = append(t.list, u)
		t.index[u] = i
	}
	return tokenPrefix + strconv.Itoa(i) + "z"
}

// find returns the values whose tokens s holds, in order.
func (t *table) find(s string) []Unresolved {
	var out []Unresolved
	t.replace(s, func(u Unresolved) string { out = append(out, u); return "" })
	return out
}

// replace replaces each token of s by f's result.
func (t *table) replace(s string, f func(Unresolved) string) string {
	if !strings.Contains(s, tokenPrefix) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, tokenPrefix)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		rest := s[i+len(tokenPrefix):]
		j := strings.IndexByte(rest, 'z')
		n, err := strconv.Atoi(rest[:max(j, 0)])
		if j < 0 || err != nil || n < 0 || n >= len(t.list) {
			b.WriteString(tokenPrefix)
			s = rest
			continue
		}
		b.WriteString(f(t.list[n]))
		s = rest[j+1:]
	}
}

// only returns the value when s is exactly one token.
func (t *table) only(s string) (Unresolved, bool) {
	var got []Unresolved
	rest := t.replace(s, func(u Unresolved) string { got = append(got, u); return "" })
	if rest == "" && len(got) == 1 {
		return got[0], true
	}
	return Unresolved{}, false
}

// Placeholder is the visible text that replaces a token when the user asks
// for placeholders.
func (u Unresolved) Placeholder() string {
	b := []byte("UNRESOLVED_" + u.Name)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			b[i] = '_'
		}
	}
	return string(b)
}

// report adds the diagnostic for an unresolved value that a resource
// needs: an error, or with placeholders a warning.
func (u Unresolved) report(diags *diag.List, placeholders bool) {
	what := u.Name + " has no value before deploy time"
	if u.Input {
		what = u.Name + " has no value"
	}
	how := u.How
	if how == "" {
		how = "it exists only once the stack is deployed; give the value in the template or the configuration"
	}
	var d *diag.Diagnostic
	if placeholders {
		d = diags.Warnf(u.Pos, "cloudformation/placeholder", "%s; the output holds %s instead (%s)", what, u.Placeholder(), how)
	} else {
		d = diags.Errorf(u.Pos, "cloudformation/unresolved", "%s; %s (or convert with --placeholders)", what, how)
	}
	if u.Defined.File != "" {
		d.Notes = append(d.Notes, "declared at "+u.Defined.String())
	}
}
