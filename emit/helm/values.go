package helm

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/eksport/eksport/emit"
)

// setPath sets a value in a values tree, creating maps on the way.
func setPath(t map[string]any, key []string, v any) {
	cur := t
	for _, k := range key[:len(key)-1] {
		next, ok := cur[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[k] = next
		}
		cur = next
	}
	cur[key[len(key)-1]] = v
}

// addAllValues sets the values of one loaded item in every environment's
// values: each slot's value in the environment's object, or, for an object
// the environment lacks, in the object the template was written from (so
// that every environment's values have the same keys, and only the
// presence flag tells them apart). A map or list every environment has alike
// is kept as the text values.yaml writes for it (frozen), shared: the
// values files compare it as a whole, and no environment's patch reaches
// inside it. A value equal to the first environment's, but not in all,
// is that value, shared.
func addAllValues(envValues []map[string]any, it *item, docs func([]byte) string) {
	vals := make([]any, len(envValues))
	for _, s := range it.slots {
		same := true
		for e := range envValues {
			t := it.vers[e]
			if t == nil {
				t = it.tmpl
			}
			x, ok := s.value(t)
			if !ok {
				vals[e], same = absent{}, false
				continue
			}
			if e > 0 {
				if _, abs := vals[0].(absent); !abs && equal(x, vals[0]) {
					x = vals[0]
				} else {
					same = false
				}
			}
			vals[e] = x
		}
		if same {
			switch vals[0].(type) {
			case map[string]any, []any:
				f := freeze(s.key, vals[0], docs)
				for e := range vals {
					vals[e] = f
				}
			}
		}
		for e, v := range envValues {
			if _, ok := vals[e].(absent); !ok {
				setPath(v, s.key, vals[e])
			}
		}
	}
	if it.presence != nil {
		for e, v := range envValues {
			setPath(v, it.presence, it.vers[e] != nil)
		}
	}
}

// absent marks an environment without a slot's value.
type absent struct{}

// frozen is a value as valuesWriter writes it after its key.
// Its text is in text, or, for a workload's values (doneGroup), in held.
type frozen struct {
	text []byte
	held *emit.Held
}

// freeze writes v, the value at key, as values.yaml has it.
func freeze(key []string, v any, docs func([]byte) string) *frozen {
	scratch := scratchBufs.Get().(*[]byte)
	w := &valuesWriter{b: (*scratch)[:0], docs: docs, key: []byte(strings.Join(key, "\x00"))}
	w.rest(v, 2*(len(key)-1))
	f := &frozen{text: slices.Clone(w.b)} // no room to grow: there are thousands
	*scratch = w.b
	scratchBufs.Put(scratch)
	return f
}

// mergePatch returns what a values file layered over base must say to
// turn base into target, in Helm's way of merging values: maps merge key
// by key, null deletes, anything else replaces.
func mergePatch(base, target map[string]any) map[string]any {
	p := map[string]any{}
	for k, bv := range base {
		tv, ok := target[k]
		if !ok {
			p[k] = nil
			continue
		}
		bm, bok := bv.(map[string]any)
		tm, tok := tv.(map[string]any)
		if bok && tok {
			if sub := mergePatch(bm, tm); len(sub) > 0 {
				p[k] = sub
			}
			continue
		}
		if !equal(bv, tv) {
			p[k] = tv
		}
	}
	for k, tv := range target {
		if _, ok := base[k]; !ok {
			p[k] = tv
		}
	}
	return p
}

// applyPatch merges a patch into a copy of base as Helm merges a values
// file over the chart's values.
func applyPatch(base, patch map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for k, pv := range patch {
		if pv == nil {
			delete(out, k)
			continue
		}
		pm, pok := pv.(map[string]any)
		bm, bok := out[k].(map[string]any)
		if pok && bok {
			out[k] = applyPatch(bm, pm)
			continue
		}
		out[k] = pv
	}
	return out
}

// paths lists the leaves of a patch: where it sets or deletes something.
func paths(p map[string]any, prefix []string, out *[][]string) {
	for k, v := range p {
		key := append(slices.Clone(prefix), k)
		if m, ok := v.(map[string]any); ok && len(m) > 0 {
			paths(m, key, out)
			continue
		}
		*out = append(*out, key)
	}
}

func lookupKey(t map[string]any, key []string) (any, bool) {
	var cur any = t
	for _, k := range key {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[k]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// envFiles returns, per environment, the values file that turns the
// chart's values into that environment's. Every file names every value
// that differs between environments, its own included, so that each reads
// as the full description of its environment. write makes the same files
// one at a time (envLeaves, then envFile for each).
func envFiles(base map[string]any, envs []map[string]any) ([]map[string]any, error) {
	leaves := envLeaves(base, envs)
	out := make([]map[string]any, len(envs))
	for i, e := range envs {
		p, err := envFile(base, e, leaves, i)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

// envLeaves lists where some environment's values differ from base: the
// leaves of every environment's patch.
func envLeaves(base map[string]any, envs []map[string]any) [][]string {
	var leaves [][]string
	for _, e := range envs {
		paths(mergePatch(base, e), nil, &leaves)
	}
	return leaves
}

// envFile returns the values file of environment i, whose values are e
// (envFiles), from the leaves of every environment's patch (envLeaves):
// one file at a time, so that a run holds one patch, not every one.
func envFile(base, e map[string]any, leaves [][]string, i int) (map[string]any, error) {
	p := copyTree(mergePatch(base, e)).(map[string]any)
	if patchedEqual(base, p, e) {
		// The patch reproduces e, so setting a key it does not set to
		// e's value there keeps it reproducing e unless Helm's merge
		// reads that value as deletions (see keepsValue): no need to
		// merge each trial over base.
		for _, key := range leaves {
			if _, set := lookupKey(p, key); set {
				continue
			}
			if v, ok := lookupKey(e, key); ok && keepsValue(v) {
				setPath(p, key, v)
			}
		}
	} else {
		p = tryLeaves(base, e, p, leaves)
	}
	if !patchedEqual(base, p, e) {
		return nil, fmt.Errorf("helm: values file %d does not reproduce its environment", i)
	}
	return p, nil
}

// patchedEqual says whether applyPatch(base, patch) equals target, without
// making the merged tree: two merges of every environment's values over
// the chart's were most of what values files cost.
func patchedEqual(base, patch, target map[string]any) bool {
	if target == nil {
		return false // applyPatch makes a map
	}
	n := 0 // keys of the merged map
	for k, bv := range base {
		tv, inT := target[k]
		pv, inP := patch[k]
		switch {
		case !inP:
			if !inT || !equal(bv, tv) {
				return false
			}
		case pv == nil:
			continue // deleted
		default:
			pm, pok := pv.(map[string]any)
			bm, bok := bv.(map[string]any)
			if pok && bok {
				tm, tok := tv.(map[string]any)
				if !inT || !tok || !patchedEqual(bm, pm, tm) {
					return false
				}
			} else if !inT || !equal(pv, tv) {
				return false
			}
		}
		n++
	}
	for k, pv := range patch {
		if _, inB := base[k]; inB || pv == nil {
			continue
		}
		tv, inT := target[k]
		if !inT || !equal(pv, tv) {
			return false
		}
		n++
	}
	return n == len(target)
}

// keepsValue says whether merging v over an equal value gives v back:
// not when v is null, or a map with a null at some depth (Helm's merge
// deletes those keys).
func keepsValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case map[string]any:
		for _, e := range x {
			if !keepsValue(e) {
				return false
			}
		}
	}
	return true
}

// tryLeaves adds to p each leaf it does not set, with e's value there,
// when the patch so extended, merged over base, still gives e.
func tryLeaves(base, e, p map[string]any, leaves [][]string) map[string]any {
	for _, key := range leaves {
		if _, set := lookupKey(p, key); set {
			continue
		}
		if v, ok := lookupKey(e, key); ok {
			trial := copyTree(p).(map[string]any)
			setPath(trial, key, v)
			if patchedEqual(base, trial, e) {
				p = trial
			}
		}
	}
	return p
}

// copyTree copies the maps and lists of a values tree; scalars are shared.
func copyTree(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if x == nil {
			return nil
		}
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = copyTree(e)
		}
		return m
	case []any:
		if x == nil {
			return nil
		}
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = copyTree(e)
		}
		return l
	}
	return v
}

// valuesWriter writes a values tree as YAML with a comment above the keys
// that have one.
type valuesWriter struct {
	b []byte
	// docs returns the comment of a key, joined with "\x00"; nil for none.
	docs func(key []byte) string
	// key is the key being written, joined with "\x00".
	key []byte
	// out, when set, takes what is written every few kilobytes (outside
	// lists, whose items are patched once written); err is its error.
	out    io.Writer
	err    error
	inList int
	// keys holds the sorted keys of the maps being written, innermost
	// last.
	keys []string
}

// mapBody writes a map's entries at indent; nested says whether w.key
// is the map's key (else the map is the top of the tree).
func (w *valuesWriter) mapBody(m map[string]any, indent int, nested bool) {
	start := len(w.keys)
	for k := range m {
		w.keys = append(w.keys, k)
	}
	keys := w.keys[start:]
	slices.Sort(keys)
	n := len(w.key)
	for _, k := range keys {
		if nested {
			w.key = append(w.key, 0)
		}
		w.key = append(w.key, k...)
		if w.docs != nil {
			if doc := w.docs(w.key); doc != "" {
				w.b = appendComment(w.b, doc, 80-indent-2, indent)
			}
		}
		w.value(k, m[k], indent)
		w.key = w.key[:n]
		if w.out != nil && w.inList == 0 && len(w.b) >= 32<<10 {
			w.flush()
		}
	}
	w.keys = w.keys[:start]
}

// flush hands what is written to out.
func (w *valuesWriter) flush() {
	if w.err == nil && len(w.b) > 0 {
		_, w.err = w.out.Write(w.b)
	}
	w.b = w.b[:0]
}

// writeTo writes the tree m to out after head, handing the text over as
// it goes.
func (w *valuesWriter) writeTo(out io.Writer, head []byte, m map[string]any) error {
	w.out = out
	w.b = append(make([]byte, 0, 64<<10), head...)
	w.mapBody(m, 0, false)
	w.flush()
	return w.err
}

func (w *valuesWriter) value(k string, v any, indent int) {
	w.b = appendScalarText(appendPad(w.b, indent), k)
	w.rest(v, indent)
}

// rest writes what follows the key of an entry at indent.
func (w *valuesWriter) rest(v any, indent int) {
	switch x := v.(type) {
	case *frozen:
		if x.held == nil {
			w.b = append(w.b, x.text...)
			break
		}
		text, err := x.held.Bytes()
		if err != nil && w.err == nil {
			w.err = err
		}
		w.b = append(w.b, text...)
	case map[string]any:
		if len(x) == 0 {
			w.b = append(w.b, ": {}\n"...)
			return
		}
		w.b = append(w.b, ":\n"...)
		w.mapBody(x, indent+2, true)
	case []any:
		if len(x) == 0 {
			w.b = append(w.b, ": []\n"...)
			return
		}
		w.b = append(w.b, ":\n"...)
		w.list(x, indent)
	default:
		w.b = append(w.b, ": "...)
		w.b = append(appendScalarText(w.b, v), '\n')
	}
}

func (w *valuesWriter) list(l []any, indent int) {
	for _, e := range l {
		switch x := e.(type) {
		case map[string]any:
			if len(x) == 0 {
				w.b = append(appendPad(w.b, indent), "- {}\n"...)
				continue
			}
			// The map as a tree of its own, without comments, its first
			// line's indentation ending in the dash.
			start := len(w.b)
			docs, n := w.docs, len(w.key)
			w.docs = nil
			w.inList++
			w.mapBody(x, indent+2, false)
			w.inList--
			w.docs, w.key = docs, w.key[:n]
			copy(w.b[start+indent:], "- ")
		case []any:
			w.b = append(appendPad(w.b, indent), "- "...)
			w.b = append(append(w.b, flow(x)...), '\n')
		default:
			w.b = append(appendPad(w.b, indent), "- "...)
			w.b = append(appendScalarText(w.b, e), '\n')
		}
	}
}

// addSchema adds an item's values keys to the values schema: every key
// eksport knows, so that a misspelt key or a wrong type fails helm lint
// and install.
func addSchema(root *schemaNode, it *item) {
	for _, s := range it.slots {
		root.set(s.key, s.schema).doc = s.doc
	}
	if it.presence != nil {
		n := root.set(it.presence, boolean)
		if it.presence[len(it.presence)-1] == "enabled" {
			n.doc = "Whether to render the autoscaler."
		} else {
			n.doc = "Whether to render " + it.obj.Kind + " " + it.obj.Name + " (not every environment has it)."
		}
	}
}

var boolean = map[string]any{"type": "boolean"}

// closeObjects forbids unknown keys in the maps eksport lays out (not at
// the top, where values of templates you add to the chart may go), in a
// schema held as maps: a leaf schema's own properties (schemaWriter
// closes the nodes).
func closeObjects(s map[string]any, top bool) {
	props, ok := s["properties"].(map[string]any)
	if !ok {
		return
	}
	if !top {
		if _, set := s["additionalProperties"]; !set {
			s["additionalProperties"] = false
		}
	}
	for _, p := range props {
		if m, ok := p.(map[string]any); ok {
			closeObjects(m, false)
		}
	}
}

// appendComment appends text as comment lines at indent, each paragraph
// broken at spaces into lines of at most width bytes (a longer word has a
// line of its own).
func appendComment(b []byte, text string, width, indent int) []byte {
	for para := range strings.SplitSeq(text, "\n") {
		b = append(appendPad(b, indent), "# "...)
		n := 0 // bytes on the line
		for word := range strings.FieldsSeq(para) {
			if n > 0 && n+1+len(word) > width {
				b = append(appendPad(append(b, '\n'), indent), "# "...)
				n = 0
			}
			if n > 0 {
				b = append(b, ' ')
				n++
			}
			b = append(b, word...)
			n += len(word)
		}
		b = append(b, '\n')
	}
	return b
}
