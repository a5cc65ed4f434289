package helm

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/eksport/eksport/translate/ir"
)

// requiredRoot is the values map of the required values: input variables
// and parameters the input gives no value (ir.Unresolved with Input),
// which the run leaves in the objects as tokens for the chart to ask for.
const requiredRoot = "unresolved"

// required is every required value of a chart: its values key, by the
// value's name.
type required struct {
	keys  map[string]string // name -> key under requiredRoot
	names []string          // sorted
	vals  map[string]ir.Unresolved
}

// requiredOf finds the tokens in the kept objects. Every one must be an
// input: the run reports the others as errors and never emits them.
func requiredOf(envs []keptEnv) (*required, error) {
	r := &required{keys: map[string]string{}, vals: map[string]ir.Unresolved{}}
	for _, e := range envs {
		for _, id := range e.ids {
			h := e.objs[id]
			if !h.tokens {
				continue
			}
			// The tree's text, as the chart will have it (the text
			// kept is the value's, status and all).
			t, err := h.tree()
			if err != nil {
				return nil, err
			}
			b, err := json.Marshal(t)
			if err != nil {
				return nil, fmt.Errorf("helm: %s: %w", id, err)
			}
			js := string(b)
			for _, u := range ir.FindUnresolved(js) {
				if !u.Input {
					return nil, fmt.Errorf("helm: %s holds %s, which has no value before apply time and cannot be a chart value", id, u.Name)
				}
				if _, seen := r.vals[u.Name]; !seen {
					r.vals[u.Name] = u
					r.names = append(r.names, u.Name)
				}
			}
		}
	}
	slices.Sort(r.names)
	taken := map[string]bool{}
	for _, n := range r.names {
		k := requiredKey(n)
		for i := 2; taken[k]; i++ {
			k = requiredKey(n) + "_" + strconv.Itoa(i)
		}
		taken[k] = true
		r.keys[n] = k
	}
	return r, nil
}

// requiredKey is the values key of a value's name: each run of characters
// other than ASCII letters and digits becomes '_', with none at either end
// (var.image_tag -> var_image_tag, !Ref ImageTag -> Ref_ImageTag).
func requiredKey(name string) string {
	var b strings.Builder
	under := false
	for _, c := range name {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(c)
			continue
		}
		under = true
	}
	if b.Len() == 0 {
		return "value"
	}
	return b.String()
}

// message is what helm says when the value is not given.
func (r *required) message(u ir.Unresolved) string {
	k := requiredRoot + "." + r.keys[u.Name]
	return fmt.Sprintf("%s: the input gives it no value; set %s (--set %s=VALUE or a values file)", u.Name, k, k)
}

// action is the template action that renders s, a string holding tokens:
// its text with each token replaced by the required value, as a JSON
// string (which YAML reads as it is, whatever the value).
func (r *required) action(w *tmplWriter, s string) action {
	var args []string
	// Tokens hold no '%': the text around them is escaped first.
	format := ir.ReplaceUnresolved(strings.ReplaceAll(s, "%", "%%"), func(u ir.Unresolved) string {
		args = append(args, "(required "+quote(r.message(u))+" "+w.ref([]string{requiredRoot, r.keys[u.Name]})+")")
		return "%v"
	})
	if len(args) == 1 && format == "%v" {
		a := strings.TrimSuffix(strings.TrimPrefix(args[0], "("), ")")
		return action("{{ " + a + " | toString | toJson }}")
	}
	return action("{{ printf " + quote(format) + " " + strings.Join(args, " ") + " | toJson }}")
}

// action is template text written as it is in place of a scalar.
type action string

// actions replaces, in a tree about to be written as a template, every
// string holding a token by its action.
func (r *required) actions(w *tmplWriter, v any) any {
	switch x := v.(type) {
	case string:
		if ir.HasUnresolved(x) {
			return r.action(w, x)
		}
	case map[string]any:
		for k, e := range x {
			x[k] = r.actions(w, e)
		}
	case []any:
		for i, e := range x {
			x[i] = r.actions(w, e)
		}
	}
	return v
}

// holdsToken says whether a value holds a token anywhere.
func holdsToken(v any) bool {
	switch x := v.(type) {
	case string:
		return ir.HasUnresolved(x)
	case map[string]any:
		for k, e := range x {
			if ir.HasUnresolved(k) || holdsToken(e) {
				return true
			}
		}
	case []any:
		return slices.ContainsFunc(x, holdsToken)
	}
	return false
}

// values adds the required values, empty, to each environment's values.
func (r *required) values(envValues []map[string]any) {
	if len(r.names) == 0 {
		return
	}
	for _, v := range envValues {
		for _, n := range r.names {
			setPath(v, []string{requiredRoot, r.keys[n]}, "")
		}
	}
}

// schema adds the required values to the values schema: each a string
// (not empty), number or boolean, and every one required, so that helm
// lint --strict, which only warns about required, fails too.
func (r *required) schema(root *schemaNode) {
	if len(r.names) == 0 {
		return
	}
	var req []any
	for _, n := range r.names {
		root.set([]string{requiredRoot, r.keys[n]}, map[string]any{
			"type":        []any{"string", "number", "boolean"},
			"minLength":   1,
			"description": r.message(r.vals[n]),
		})
		req = append(req, r.keys[n])
	}
	slices.SortFunc(req, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	rn := root.children[requiredRoot]
	rn.put("required", req)
	// The comments of the keys in values.yaml.
	rn.doc = "Required: the input variables and parameters the input gives no value. The\ntemplates use them with `required`: helm fails, naming the value, until each is set."
	for _, n := range r.names {
		u := r.vals[n]
		doc := n + " (required)."
		if u.Defined.File != "" {
			doc = n + " (required), declared at " + u.Defined.String() + "."
		}
		rn.children[r.keys[n]].doc = doc
	}
	rr, _ := root.get("required")
	if rl, _ := rr.([]any); !slices.Contains(rl, any(requiredRoot)) {
		root.put("required", append(rl, requiredRoot))
	}
}
