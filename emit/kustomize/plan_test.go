package kustomize

import (
	"fmt"
	"testing"

	"github.com/eksport/eksport/emit"
)

// TestPlanChecksEachObjectBoundedTimes: three environments of n
// ConfigMaps, the second changing every one, so that the third states the
// first's value in every patch. Adding a value to one object's patches
// re-checks that object only: the plan checks each object a few times,
// not once per object per object (three environments of 300 checked
// 270,000 objects).
func TestPlanChecksEachObjectBoundedTimes(t *testing.T) {
	const n = 300
	es := make([]*env, 3)
	for i, v := range []string{"a", "b", "a"} {
		e := &env{name: fmt.Sprint("e", i), objs: map[string]*object{}}
		for j := range n {
			o := emit.Object{APIVersion: "v1", Kind: "ConfigMap", Name: fmt.Sprintf("cm-%03d", j)}
			js := fmt.Sprintf(`{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": %q}, "data": {"k": %q}}`, o.Name, v)
			e.ids = append(e.ids, o.ID())
			e.objs[o.ID()] = &object{obj: o, js: []byte(js)}
		}
		es[i] = e
	}
	base := map[string]*object{}
	for _, id := range es[0].ids {
		base[id] = es[0].objs[id]
	}
	before := objectChecks.Load()
	plans := planOverlays(es, es[0].ids, base)
	if checks := objectChecks.Load() - before; checks > 10*n {
		t.Errorf("the plan checked %d objects, want at most %d", checks, 10*n)
	}
	for i, want := range []string{"a", "b", "a"} {
		for _, id := range es[0].ids {
			ops := plans[i].patches[id]
			if len(ops) != 1 || ops[0].Path != "/data/k" || ops[0].Value != want {
				t.Fatalf("environment %d, %s: patches %v, want /data/k = %q", i, id, ops, want)
			}
		}
	}
}
