package helm

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestEqualIsDeepEqual checks equal against reflect.DeepEqual on the
// trees a chart compares, nil maps and lists and mixed types included.
func TestEqualIsDeepEqual(t *testing.T) {
	values := []any{
		nil, "", "a", json.Number("1"), json.Number("1.0"), true, false, 1,
		map[string]any(nil), map[string]any{}, map[string]any{"a": "b"}, map[string]any{"a": "c"},
		map[string]any{"a": map[string]any{"b": []any{"c", json.Number("2")}}},
		map[string]any{"a": map[string]any{"b": []any{"c", json.Number("3")}}},
		map[string]any{"a": nil}, map[string]any{"b": nil},
		[]any(nil), []any{}, []any{"a"}, []any{nil}, []any{map[string]any{}},
		[]any{map[string]any(nil)}, map[string]string{"a": "b"},
	}
	for _, a := range values {
		for _, b := range values {
			if got, want := equal(a, b), reflect.DeepEqual(a, b); got != want {
				t.Errorf("equal(%#v, %#v) = %v, reflect.DeepEqual says %v", a, b, got, want)
			}
		}
	}
}
