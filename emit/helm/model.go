package helm

import (
	"slices"
	"strconv"
	"strings"

	"github.com/eksport/eksport/emit"
)

// item is one object across environments: the template is written from
// the first environment that has it, and its slots say where each
// environment's values go in.
type item struct {
	obj  emit.Object // identity, as the first environment that has it holds it
	id   string      // obj.ID()
	kept []*held     // per environment; nil where it is absent; let go once loaded
	// label is the first environment's label naming its workload.
	label string
	// tmpl and vers are the trees, while the item is loaded: the first
	// environment's that has it (vers holds the same map), and each
	// environment's (nil where it is absent).
	tmpl  map[string]any
	vers  []map[string]any
	group string // the workload it belongs to; "" for shared objects
	key   string // Kind/name, or Kind/namespace/name when ambiguous
	slots []*slot
	// presence is the values path of the flag that renders the object,
	// when some environment lacks it.
	presence []string
	pres     []map[string]any // present's result
}

// load reads the item's trees.
func (it *item) load() error {
	it.vers = make([]map[string]any, len(it.kept))
	it.tmpl, it.pres = nil, nil
	for e, k := range it.kept {
		if k == nil {
			continue
		}
		t, err := k.tree()
		if err != nil {
			return err
		}
		it.vers[e] = t
		if it.tmpl == nil {
			it.tmpl = t
		}
	}
	it.kept = nil
	return nil
}

// unload lets the item's trees and slots go, once its template is made.
func (it *item) unload() {
	it.tmpl, it.vers, it.pres, it.slots = nil, nil, nil, nil
}

// present lists the trees of the environments that have the object. It
// is computed once: vers must not change after the first call.
func (it *item) present() []map[string]any {
	if it.pres == nil {
		for _, v := range it.vers {
			if v != nil {
				it.pres = append(it.pres, v)
			}
		}
	}
	return it.pres
}

// slotKind says how a slot is rendered and what its value looks like.
type slotKind int

const (
	scalar   slotKind = iota // a number, string or boolean: toJson
	block                    // a map or list: toYaml, left out when empty
	imageRef                 // a container image: repository, tag, digest
	envMap                   // a container's plain environment: name to value
	fallback                 // whatever differs between environments: toYaml, present or not
)

// slot is a place in an object whose content comes from values.
type slot struct {
	path     []any    // in the object: string keys, int indexes
	key      []string // in values
	kind     slotKind
	optional bool // the field may be absent (scalars and fallbacks)
	doc      string
	schema   map[string]any
	// env is the template's environment list, for envMap slots.
	env []any
}

func pathString(p []any) string {
	var b strings.Builder
	for _, e := range p {
		b.WriteByte('/')
		switch x := e.(type) {
		case string:
			b.WriteString(strings.ReplaceAll(strings.ReplaceAll(x, "~", "~0"), "/", "~1"))
		case int:
			b.WriteString(strconv.Itoa(x))
		}
	}
	return b.String()
}

func at(t any, path []any) (any, bool) {
	cur := t
	for _, e := range path {
		switch x := e.(type) {
		case string:
			m, ok := cur.(map[string]any)
			if !ok {
				return nil, false
			}
			v, ok := m[x]
			if !ok {
				return nil, false
			}
			cur = v
		case int:
			l, ok := cur.([]any)
			if !ok || x >= len(l) {
				return nil, false
			}
			cur = l[x]
		}
	}
	return cur, true
}

func extend(p []any, e ...any) []any {
	return append(slices.Clone(p), e...)
}

// isPrefix says whether path p starts with prefix, which is not empty.
func isPrefix(prefix, p []any) bool {
	if len(prefix) > len(p) {
		return false
	}
	for i, e := range prefix {
		if e != p[i] { // string keys and int indexes
			return false
		}
	}
	return true
}

// value returns the slot's value in one environment's tree, and whether
// it has one.
func (s *slot) value(t map[string]any) (any, bool) {
	v, ok := at(t, s.path)
	switch s.kind {
	case block:
		if !ok {
			return emptyLike(s.schema), true
		}
		return v, true
	case imageRef:
		ref, _ := v.(string)
		return splitImage(ref), ok
	case envMap:
		m := map[string]any{}
		l, _ := v.([]any)
		for _, e := range l {
			em := e.(map[string]any)
			if plainEnv(em) {
				val, _ := em["value"].(string)
				m[em["name"].(string)] = val
			}
		}
		return m, true
	}
	return v, ok
}

func emptyLike(schema map[string]any) any {
	if schema["type"] == "array" {
		return []any{}
	}
	return map[string]any{}
}

// splitImage separates a reference into repository, tag and digest.
func splitImage(ref string) map[string]any {
	m := map[string]any{}
	rest, digest, hasDigest := strings.Cut(ref, "@")
	if hasDigest {
		m["digest"] = digest
	}
	repo, tag := rest, ""
	if i := strings.LastIndex(rest, ":"); i > strings.LastIndex(rest, "/") {
		repo, tag = rest[:i], rest[i+1:]
		m["tag"] = tag
	}
	m["repository"] = repo
	return m
}

func joinImage(m map[string]any) string {
	s, _ := m["repository"].(string)
	if t, _ := m["tag"].(string); t != "" {
		s += ":" + t
	}
	if d, _ := m["digest"].(string); d != "" {
		s += "@" + d
	}
	return s
}

// plainEnv says whether an environment entry holds a literal value (and
// nothing else), which values can carry.
func plainEnv(e map[string]any) bool {
	for k := range e {
		if k != "name" && k != "value" {
			return false
		}
	}
	_, ok := e["name"].(string)
	return ok
}

// envRenders returns what the template renders for an environment map:
// the template's entries in order (plain ones only when the map has them),
// then the map's other names in sorted order.
func envRenders(tmpl []any, m map[string]any) []any {
	var out []any
	known := map[string]bool{}
	for _, e := range tmpl {
		em := e.(map[string]any)
		name, _ := em["name"].(string)
		if !plainEnv(em) {
			out = append(out, em)
			continue
		}
		known[name] = true
		if v, ok := m[name]; ok {
			out = append(out, envEntry(name, v))
		}
	}
	var extra []string
	for k := range m {
		if !known[k] {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		out = append(out, envEntry(k, m[k]))
	}
	return out
}

func envEntry(name string, v any) map[string]any {
	e := map[string]any{"name": name}
	if s, _ := v.(string); s != "" {
		e["value"] = s
	}
	return e
}

// envApplies says whether a container's environment can be a values map
// in every environment: plain entries with distinct names, and the
// template's layout reproducing each environment's list.
func envApplies(tmpl any, vers []any) bool {
	tl, _ := tmpl.([]any)
	for _, v := range append([]any{tmpl}, vers...) {
		if v == nil {
			continue
		}
		l, ok := v.([]any)
		if !ok {
			return false
		}
		seen := map[string]bool{}
		for _, e := range l {
			em, ok := e.(map[string]any)
			if !ok {
				return false
			}
			name, ok := em["name"].(string)
			if !ok {
				return false
			}
			if plainEnv(em) {
				if seen[name] {
					return false
				}
				seen[name] = true
			}
		}
	}
	for _, v := range vers {
		l, _ := v.([]any)
		if len(l) > 0 && len(l) == len(tl) && &l[0] == &tl[0] {
			// The template's own list (one environment): the template
			// renders every entry back unless a plain entry's value is
			// empty or not a string, which it leaves out.
			for _, e := range l {
				em := e.(map[string]any)
				if !plainEnv(em) {
					continue
				}
				if val, has := em["value"]; has {
					if s, _ := val.(string); s == "" {
						return false
					}
				}
			}
			continue
		}
		m := map[string]any{}
		for _, e := range l {
			if em := e.(map[string]any); plainEnv(em) {
				val, _ := em["value"].(string)
				m[em["name"].(string)] = val
			}
		}
		got := envRenders(tl, m)
		if len(got) == 0 && len(l) == 0 {
			continue
		}
		if !equal(got, l) {
			return false
		}
	}
	return true
}
