package emit

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestEqualTreesIsDeepEqual holds EqualTrees to reflect.DeepEqual on
// generic trees, nil maps and lists and mixed types included, and checks
// that other decides the types it claims.
func TestEqualTreesIsDeepEqual(t *testing.T) {
	values := []any{
		nil, "", "a", json.Number("1"), json.Number("1.0"), true, false, 1, 1.0,
		map[string]any(nil), map[string]any{}, map[string]any{"a": "b"}, map[string]any{"a": "c"},
		map[string]any{"a": map[string]any{"b": []any{"c", json.Number("2")}}},
		map[string]any{"a": map[string]any{"b": []any{"c", json.Number("3")}}},
		map[string]any{"a": nil}, map[string]any{"b": nil},
		[]any(nil), []any{}, []any{"a"}, []any{nil}, []any{map[string]any{}},
		[]any{map[string]any(nil)}, map[string]string{"a": "b"},
	}
	for _, a := range values {
		for _, b := range values {
			if got, want := EqualTrees(a, b, nil), reflect.DeepEqual(a, b); got != want {
				t.Errorf("EqualTrees(%#v, %#v) = %v, reflect.DeepEqual says %v", a, b, got, want)
			}
		}
	}
	never := func(a, b any) (bool, bool) {
		_, ok := a.(int)
		return false, ok
	}
	if EqualTrees([]any{1}, []any{1}, never) {
		t.Error("other was not asked about an int inside a list")
	}
	if !EqualTrees([]any{"x"}, []any{"x"}, never) {
		t.Error("other was asked about a string")
	}
	// A map or list compared with itself is equal without a look inside,
	// as reflect.DeepEqual has it: a patched copy of a tree shares all
	// but one path with it.
	shared := map[string]any{"n": 1}
	list := []any{1}
	if !EqualTrees(map[string]any{"a": shared, "b": list}, map[string]any{"a": shared, "b": list}, never) {
		t.Error("the same map or list was looked into")
	}
}
