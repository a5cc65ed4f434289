package helm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
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

// valuesOf returns the values that render environment e: each slot's
// value in e's object, or, for an object e lacks, in the object the
// template was written from (so that every environment's values have the
// same keys, and only the presence flag tells them apart).
func valuesOf(items []*item, e int) map[string]any {
	v := map[string]any{}
	for _, it := range items {
		t := it.vers[e]
		if t == nil {
			t = it.tmpl
		}
		for _, s := range it.slots {
			if x, ok := s.value(t); ok {
				setPath(v, s.key, x)
			}
		}
		if it.presence != nil {
			setPath(v, it.presence, it.vers[e] != nil)
		}
	}
	return v
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
		if !reflect.DeepEqual(bv, tv) {
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
// as the full description of its environment.
func envFiles(base map[string]any, envs []map[string]any) ([]map[string]any, error) {
	var leaves [][]string
	for _, e := range envs {
		paths(mergePatch(base, e), nil, &leaves)
	}
	out := make([]map[string]any, len(envs))
	for i, e := range envs {
		p := mergePatch(base, e)
		for _, key := range leaves {
			if _, set := lookupKey(p, key); set {
				continue
			}
			if v, ok := lookupKey(e, key); ok {
				trial := deepCopyMap(p)
				setPath(trial, key, v)
				if reflect.DeepEqual(applyPatch(base, trial), e) {
					p = trial
				}
			}
		}
		if got := applyPatch(base, p); !reflect.DeepEqual(got, e) {
			return nil, fmt.Errorf("helm: values file %d does not reproduce its environment", i)
		}
		out[i] = p
	}
	return out, nil
}

func deepCopyMap(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	_ = dec.Decode(&out)
	return out
}

// valuesWriter writes a values tree as YAML with a comment above the keys
// that have one.
type valuesWriter struct {
	b    strings.Builder
	docs map[string]string // by key joined with "\x00"
}

func (w *valuesWriter) mapBody(key []string, m map[string]any, indent int) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		sub := append(slices.Clone(key), k)
		if doc := w.docs[strings.Join(sub, "\x00")]; doc != "" {
			for _, l := range wrap(doc, 80-indent-2) {
				w.b.WriteString(pad(indent) + "# " + l + "\n")
			}
		}
		w.value(sub, scalarText(k), m[k], indent)
	}
}

func (w *valuesWriter) value(key []string, k string, v any, indent int) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			w.b.WriteString(pad(indent) + k + ": {}\n")
			return
		}
		w.b.WriteString(pad(indent) + k + ":\n")
		w.mapBody(key, x, indent+2)
	case []any:
		if len(x) == 0 {
			w.b.WriteString(pad(indent) + k + ": []\n")
			return
		}
		w.b.WriteString(pad(indent) + k + ":\n")
		w.list(x, indent)
	default:
		w.b.WriteString(pad(indent) + k + ": " + scalarText(v) + "\n")
	}
}

func (w *valuesWriter) list(l []any, indent int) {
	for _, e := range l {
		switch x := e.(type) {
		case map[string]any:
			if len(x) == 0 {
				w.b.WriteString(pad(indent) + "- {}\n")
				continue
			}
			inner := &valuesWriter{docs: map[string]string{}}
			inner.mapBody(nil, x, indent+2)
			s := inner.b.String()
			w.b.WriteString(pad(indent) + "- " + strings.TrimPrefix(s, pad(indent+2)))
		case []any:
			w.b.WriteString(pad(indent) + "- " + flow(x) + "\n")
		default:
			w.b.WriteString(pad(indent) + "- " + scalarText(e) + "\n")
		}
	}
}

// schemaOf builds the JSON Schema of the values: every key eksport knows,
// so that a misspelt key or a wrong type fails helm lint and install.
func schemaOf(items []*item, values map[string]any) map[string]any {
	root := map[string]any{
		"$schema": "https://json-schema.org/draft-07/schema#",
		"type":    "object",
	}
	for _, it := range items {
		for _, s := range it.slots {
			setSchema(root, s.key, s.schema)
		}
		if it.presence != nil {
			setSchema(root, it.presence, map[string]any{"type": "boolean"})
		}
	}
	closeObjects(root, true)
	return root
}

func setSchema(root map[string]any, key []string, leaf map[string]any) {
	cur := root
	for _, k := range key {
		props, _ := cur["properties"].(map[string]any)
		if props == nil {
			props = map[string]any{}
			cur["properties"] = props
			cur["type"] = "object"
		}
		next, _ := props[k].(map[string]any)
		if next == nil {
			next = map[string]any{}
			props[k] = next
		}
		cur = next
	}
	for k, v := range leaf {
		cur[k] = v
	}
}

// closeObjects forbids unknown keys in the maps eksport lays out (not at
// the top, where values of templates you add to the chart may go).
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

// wrap breaks text into lines of at most width characters at spaces.
func wrap(text string, width int) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			if line != "" && len(line)+1+len(word) > width {
				lines = append(lines, line)
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += word
		}
		lines = append(lines, line)
	}
	return lines
}
