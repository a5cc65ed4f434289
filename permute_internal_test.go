package eksport

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/translate/diag"
)

// TestPermuteInPlace: permute puts objects in the order of the indexes,
// as a copy in that order would (out[i] = objs[idx[i]]), on every kind of
// permutation: empty, identity, one cycle, many cycles, random.
func TestPermuteInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 7, 100, 1000} {
		perms := [][]int{identity(n), reversed(n), rotated(n), rng.Perm(n), rng.Perm(n)}
		for _, idx := range perms {
			objs := make([]emit.Object, n)
			for i := range objs {
				objs[i] = emit.Object{Kind: "ConfigMap", Name: string(rune('a'+i%26)) + string(rune('0'+i/26%10)), Origin: diag.Pos{Line: i + 1}}
			}
			want := make([]emit.Object, n)
			for i, j := range idx {
				want[i] = objs[j]
			}
			got := permute(objs, slices.Clone(idx))
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d idx=%v: permute differs from the copy", n, idx)
			}
		}
	}
}

func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func reversed(n int) []int {
	out := identity(n)
	slices.Reverse(out)
	return out
}

func rotated(n int) []int {
	out := identity(n)
	if n > 0 {
		out = append(out[1:], out[0])
	}
	return out
}
