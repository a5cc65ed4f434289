package helm

import (
	"encoding/json"
	"math/rand/v2"
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

// TestPatchedEqualIsApplyPatch checks patchedEqual against merging the
// patch and comparing, on random values and the patches between them
// (with some keys deleted, replaced or added by hand).
func TestPatchedEqualIsApplyPatch(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 20000 {
		base, target := randomValues(r, 0), randomValues(r, 0)
		patches := []map[string]any{mergePatch(base, target), randomValues(r, 0), {}}
		if i%3 == 0 {
			patches[0] = applyPatch(patches[0], randomValues(r, 0))
		}
		for _, p := range patches {
			for _, tg := range []map[string]any{target, base, applyPatch(base, p)} {
				want := reflect.DeepEqual(applyPatch(base, p), tg)
				if got := patchedEqual(base, p, tg); got != want {
					t.Fatalf("case %d: patchedEqual(%v, %v, %v) = %v, merging says %v", i, base, p, tg, got, want)
				}
			}
		}
	}
}
