package helm

import (
	"fmt"
	"slices"
)

// fallbacks adds a slot for every difference between environments that no
// named slot carries: at the nearest map key above it, so that the value
// is the field as a whole.
func (s *slotter) fallbacks(base []string) {
	it := s.it
	vers := it.present()
	if len(vers) < 2 {
		return
	}
	var walk func(path []any, nodes []any) bool
	walk = func(path []any, nodes []any) bool {
		if s.covered(path) || allEqual(nodes) {
			return true
		}
		switch nodes[0].(type) {
		case map[string]any:
			maps := make([]map[string]any, len(nodes))
			for i, n := range nodes {
				m, ok := n.(map[string]any)
				if !ok {
					return false
				}
				maps[i] = m
			}
			for _, k := range unionKeys(maps) {
				p := extend(path, k)
				if s.covered(p) {
					continue
				}
				var children []any
				for _, m := range maps {
					if v, ok := m[k]; ok {
						children = append(children, v)
					}
				}
				if len(children) < len(maps) || !walk(p, children) {
					s.addFallback(base, p, len(children) < len(maps))
				}
			}
			return true
		case []any:
			lists := make([][]any, len(nodes))
			for i, n := range nodes {
				l, ok := n.([]any)
				if !ok || (i > 0 && !sameShape(lists[0], l)) {
					return false
				}
				lists[i] = l
			}
			for j := range lists[0] {
				var children []any
				for _, l := range lists {
					children = append(children, l[j])
				}
				if _, isMap := children[0].(map[string]any); !isMap || !walk(extend(path, j), children) {
					return false
				}
			}
			return true
		}
		return false
	}
	nodes := make([]any, len(vers))
	for i, v := range vers {
		nodes[i] = v
	}
	walk(nil, nodes)
}

// covered says whether a named or fallback slot already carries path.
func (s *slotter) covered(path []any) bool {
	return slices.ContainsFunc(s.it.slots, func(sl *slot) bool { return isPrefix(sl.path, path) })
}

func (s *slotter) addFallback(base []string, path []any, optional bool) {
	it := s.it
	// A field that differs as a whole takes the named slots inside it
	// with it.
	it.slots = slices.DeleteFunc(it.slots, func(sl *slot) bool { return isPrefix(path, sl.path) })
	key := join(base, "fields", it.key, pathString(path))
	if s.holdsToken(path) && s.err == nil {
		s.err = fmt.Errorf("helm: %s: %s differs between environments and holds an input without a value, which a chart cannot take per environment; give the input a value in each environment", it.id, pathString(path))
		return
	}
	if !s.owns(key) {
		return
	}
	it.slots = append(it.slots, &slot{path: path, key: key, kind: fallback, optional: optional, schema: map[string]any{},
		doc: "differs between environments"})
}

func allEqual(nodes []any) bool {
	for _, n := range nodes[1:] {
		if !equal(n, nodes[0]) {
			return false
		}
	}
	return true
}

func sameShape(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		am, aok := a[i].(map[string]any)
		bm, bok := b[i].(map[string]any)
		if aok != bok || (aok && !equal(am["name"], bm["name"])) {
			return false
		}
	}
	return true
}

func unionKeys(ms []map[string]any) []string {
	var keys []string
	for _, m := range ms {
		for k := range m {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	return keys
}
