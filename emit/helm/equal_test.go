package helm

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestEqualFrozenIsOnePointer: a value every environment shares is equal
// only to itself, wherever it stands in a tree (emit.EqualTrees holds the
// rest of the comparison to reflect.DeepEqual).
func TestEqualFrozenIsOnePointer(t *testing.T) {
	f, g := &frozen{text: []byte("a: 1\n")}, &frozen{text: []byte("a: 1\n")}
	if !equal(map[string]any{"k": f}, map[string]any{"k": f}) {
		t.Error("a shared value is not equal to itself")
	}
	if equal(map[string]any{"k": f}, map[string]any{"k": g}) {
		t.Error("two shared values with the same text are equal: they stand for different keys")
	}
	if equal([]any{f}, []any{"a: 1\n"}) || equal([]any{"a: 1\n"}, []any{f}) {
		t.Error("a shared value is equal to its text")
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
