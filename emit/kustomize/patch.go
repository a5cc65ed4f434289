package kustomize

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
)

// op is one JSON patch (RFC 6902) operation.
type op struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value,omitempty"`
}

// MarshalJSON keeps "value" on replace and add even when it is empty
// (false, "", 0), and leaves it off remove.
func (o op) MarshalJSON() ([]byte, error) {
	if o.Op == "remove" {
		return json.Marshal(struct {
			Op   string `json:"op"`
			Path string `json:"path"`
		}{o.Op, o.Path})
	}
	return json.Marshal(struct {
		Op    string `json:"op"`
		Path  string `json:"path"`
		Value any    `json:"value"`
	}{o.Op, o.Path, o.Value})
}

// diff returns the operations that turn a into b. Maps are compared key by
// key; lists of the same length whose elements keep their names are
// compared element by element, other lists are replaced whole, so that no
// operation shifts the index another one uses and the order of operations
// does not matter.
func diff(path string, a, b any) []op {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			return []op{{Op: "replace", Path: path, Value: b}}
		}
		// Keys in map order: each operation has its own path, and
		// callers sort them by it (sortOps).
		var ops []op
		for k, x := range av {
			y, inB := bv[k]
			switch {
			case !inB:
				ops = append(ops, op{Op: "remove", Path: path + "/" + escape(k)})
			case !equalTrees(x, y):
				ops = append(ops, diff(path+"/"+escape(k), x, y)...)
			}
		}
		for k, y := range bv {
			if _, inA := av[k]; !inA {
				ops = append(ops, op{Op: "add", Path: path + "/" + escape(k), Value: y})
			}
		}
		return ops
	case []any:
		bv, ok := b.([]any)
		if !ok || !aligned(av, bv) {
			return []op{{Op: "replace", Path: path, Value: b}}
		}
		var ops []op
		for i := range av {
			ops = append(ops, diff(path+"/"+strconv.Itoa(i), av[i], bv[i])...)
		}
		return ops
	}
	if equalTrees(a, b) {
		return nil
	}
	return []op{{Op: "replace", Path: path, Value: b}}
}

// aligned says whether two lists hold the same elements in the same places:
// the same length and, for elements with a name, the same names.
func aligned(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		am, aok := a[i].(map[string]any)
		bm, bok := b[i].(map[string]any)
		if aok != bok {
			return false
		}
		if aok && !equalTrees(am["name"], bm["name"]) {
			return false
		}
	}
	return true
}

// escape encodes a key as a JSON pointer token.
func escape(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}

func unescape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}

func tokens(path string) []string {
	if path == "" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, p := range parts {
		parts[i] = unescape(p)
	}
	return parts
}

// lookup returns the value at a JSON pointer.
func lookup(doc any, path string) (any, bool) {
	return lookupTokens(doc, tokens(path))
}

func lookupTokens(doc any, toks []string) (any, bool) {
	cur := doc
	for _, tok := range toks {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[tok]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// apply performs the operation on doc, as a JSON patch library does, and
// returns the new document.
func (o op) apply(doc any) (any, error) {
	toks := tokens(o.Path)
	if len(toks) == 0 {
		if o.Op == "remove" {
			return nil, fmt.Errorf("cannot remove the document")
		}
		return runtime.DeepCopyJSONValue(o.Value), nil
	}
	parent, ok := lookupTokens(doc, toks[:len(toks)-1])
	if !ok {
		return nil, fmt.Errorf("%s: no parent", o.Path)
	}
	last := toks[len(toks)-1]
	switch p := parent.(type) {
	case map[string]any:
		_, exists := p[last]
		switch o.Op {
		case "add":
			p[last] = runtime.DeepCopyJSONValue(o.Value)
		case "replace":
			if !exists {
				return nil, fmt.Errorf("%s: nothing to replace", o.Path)
			}
			p[last] = runtime.DeepCopyJSONValue(o.Value)
		case "remove":
			if !exists {
				return nil, fmt.Errorf("%s: nothing to remove", o.Path)
			}
			delete(p, last)
		}
	case []any:
		i, err := strconv.Atoi(last)
		if err != nil || i < 0 || i >= len(p) || o.Op != "replace" {
			return nil, fmt.Errorf("%s: unsupported list operation", o.Path)
		}
		p[i] = runtime.DeepCopyJSONValue(o.Value)
	default:
		return nil, fmt.Errorf("%s: parent is not a map or list", o.Path)
	}
	return doc, nil
}

// explicitOps returns a replace with the base value for every path in
// paths that ops leave alone: the value this overlay keeps, stated
// beside the values other overlays set.
func explicitOps(ops []op, paths map[string]bool, base map[string]any) []op {
	var extra []op
	for p := range paths {
		touched := slices.ContainsFunc(ops, func(o op) bool {
			return o.Path == p || strings.HasPrefix(p, o.Path+"/") || strings.HasPrefix(o.Path, p+"/")
		})
		if touched {
			continue
		}
		if v, ok := lookup(base, p); ok {
			extra = append(extra, op{Op: "replace", Path: p, Value: runtime.DeepCopyJSONValue(v)})
		}
	}
	return extra
}

func sortOps(ops []op) []op {
	slices.SortFunc(ops, func(a, b op) int { return cmp.Compare(a.Path, b.Path) })
	return ops
}
