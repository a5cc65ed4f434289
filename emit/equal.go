package emit

import (
	"encoding/json"
	"reflect"
)

// EqualTrees is reflect.DeepEqual for generic trees (maps, lists, strings,
// booleans, json.Number and nil, as Tree and DecodeTree make them),
// without reflection: comparing every object across environments was a
// fifth of a two-environment chart's time. Values of other types go to
// other when it is set and reports ok, else to reflect.DeepEqual.
func EqualTrees(a, b any, other func(a, b any) (equal, ok bool)) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case json.Number:
		y, ok := b.(json.Number)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || (x == nil) != (y == nil) || len(x) != len(y) {
			return false
		}
		if sameMap(x, y) {
			return true
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !EqualTrees(v, w, other) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || (x == nil) != (y == nil) || len(x) != len(y) {
			return false
		}
		if len(x) > 0 && &x[0] == &y[0] {
			return true // the same list
		}
		for i := range x {
			if !EqualTrees(x[i], y[i], other) {
				return false
			}
		}
		return true
	}
	if other != nil {
		if eq, ok := other(a, b); ok {
			return eq
		}
	}
	return reflect.DeepEqual(a, b)
}

// sameMap says whether a and b are the same map: a tree changed on one
// path (Kustomize's patched copy of a base object) shares every other
// subtree with the tree it was copied from, and comparing the two then
// costs the path, not the tree.
func sameMap(a, b map[string]any) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}
