package kustomize

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/eksport/eksport/emit"
)

// TestPlanChecksEachObjectBoundedTimes: three environments of n
// ConfigMaps, the second changing every one, so that the third states the
// first's value in every patch. Adding a value to one object's patches
// re-checks that object only: the plan checks each object a few times,
// not once per object per object (three environments of 300 checked
// 270,000 objects), and reads each environment's text of each object
// once (it read each one some ten times, comparing environments as a
// whole), and not at all where it is the base's text (the third
// environment's), writing each base object's file as it reads it.
func TestPlanChecksEachObjectBoundedTimes(t *testing.T) {
	const n = 300
	es := make([]*env, 3)
	for i, v := range []string{"a", "b", "a"} {
		e := &env{name: fmt.Sprint("e", i), objs: map[string]*object{}}
		for j := range n {
			o := emit.Object{APIVersion: "v1", Kind: "ConfigMap", Name: fmt.Sprintf("cm-%03d", j)}
			js := fmt.Sprintf(`{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": %q}, "data": {"k": %q}}`, o.Name, v)
			e.ids = append(e.ids, o.ID())
			e.objs[o.ID()] = &object{Kept: &emit.Kept{Object: o, JSON: []byte(js)}}
		}
		es[i] = e
	}
	checks, reads := objectChecks.Load(), treeReads.Load()
	var files []string
	plans, err := planOverlays(es, es[0].ids, func(f emit.File) error {
		files = append(files, f.Objects[0].Name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := objectChecks.Load() - checks; got != n {
		t.Errorf("the plan checked %d objects, want %d: the differing environment's copy of each once (the base's and the third environment's, which is the base's text, state the base's own values: nothing to check)", got, n)
	}
	if got := treeReads.Load() - reads; got != 2*n {
		t.Errorf("the plan read %d trees, want %d: each environment's object once, and none where its text is the base's (the third environment's)", got, 2*n)
	}
	if len(files) != n {
		t.Fatalf("the plan wrote %d base files, want %d", len(files), n)
	}
	for j, name := range files {
		if want := fmt.Sprintf("cm-%03d", j); name != want {
			t.Fatalf("base file %d is %s, want %s: in base order", j, name, want)
		}
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

// TestPlanStopsAtAFailedWrite: a base file that cannot be written ends
// the plan with that error, the files before it written in order and
// none after it.
func TestPlanStopsAtAFailedWrite(t *testing.T) {
	const n = 1000
	es := make([]*env, 2)
	for i := range es {
		e := &env{name: fmt.Sprint("e", i), objs: map[string]*object{}}
		for j := range n {
			o := emit.Object{APIVersion: "v1", Kind: "ConfigMap", Name: fmt.Sprintf("cm-%04d", j)}
			js := fmt.Sprintf(`{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": %q}, "data": {"k": "%d"}}`, o.Name, i)
			e.ids = append(e.ids, o.ID())
			e.objs[o.ID()] = &object{Kept: &emit.Kept{Object: o, JSON: []byte(js)}}
		}
		es[i] = e
	}
	full := errors.New("disk full")
	var written []string
	_, err := planOverlays(es, es[0].ids, func(f emit.File) error {
		if len(written) == 300 {
			return full
		}
		written = append(written, f.Objects[0].Name)
		return nil
	})
	if !errors.Is(err, full) {
		t.Fatalf("the plan returned %v, want the write's error", err)
	}
	for j, name := range written {
		if want := fmt.Sprintf("cm-%04d", j); name != want {
			t.Fatalf("file %d is %s, want %s", j, name, want)
		}
	}
	if len(written) != 300 {
		t.Errorf("%d files written, want 300", len(written))
	}
}

// TestPlanFallsBackToPatches: environment b's image entry (nginx → tag 2)
// would also change an object only b has, which keeps tag 1: b's overlay
// says it all with patches instead, a's keeps stating its own image.
func TestPlanFallsBackToPatches(t *testing.T) {
	deploy := func(name, image string) emit.Object {
		return emit.Object{APIVersion: "apps/v1", Kind: "Deployment", Name: name, Value: map[string]any{
			"apiVersion": "apps/v1", "kind": "Deployment", "metadata": map[string]any{"name": name},
			"spec": map[string]any{"replicas": 1, "template": map[string]any{"spec": map[string]any{
				"containers": []any{map[string]any{"name": "web", "image": image}},
			}}},
		}}
	}
	mk := func(name string, objs ...emit.Object) *env {
		e := &env{name: name, objs: map[string]*object{}}
		for _, o := range objs {
			obj, err := newObject(nil, o)
			if err != nil {
				t.Fatal(err)
			}
			e.ids = append(e.ids, obj.id)
			e.objs[obj.id] = obj
		}
		return e
	}
	es := []*env{
		mk("a", deploy("web", "nginx:1")),
		mk("b", deploy("web", "nginx:2"), deploy("legacy", "nginx:1")),
	}
	plans, err := planOverlays(es, es[0].ids[:1], func(emit.File) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(plans[1].images) != 0 {
		t.Errorf("b keeps its image entries %v, which change legacy", plans[1].images)
	}
	id := es[0].ids[0]
	const path = "/spec/template/spec/containers/0/image"
	for i, want := range []string{"nginx:1", "nginx:2"} {
		ops := plans[i].patches[id]
		if len(ops) != 1 || ops[0].Path != path || ops[0].Value != want {
			t.Errorf("environment %s: patches %v, want %s = %s", es[i].name, ops, path, want)
		}
	}
	if !slices.Equal(plans[1].local, []string{es[1].ids[1]}) {
		t.Errorf("b's own objects: %v", plans[1].local)
	}
}

// TestStatedValuesDoNotDependOnOrder: an overlay (environment 1) whose
// only unreproduced object is reproduced once it states the values
// another overlay replaces gets those values in every object, wherever
// that object stands among the base's: deciding it on the way, the
// objects before it kept patches without the stated values. When stating
// the values does not reproduce it either, no object states them.
func TestStatedValuesDoNotDependOnOrder(t *testing.T) {
	ids := []string{"a", "b", "c"}
	plain := []op{{Op: "replace", Path: "/data/k", Value: "x"}}
	stated := []op{{Op: "replace", Path: "/data/k", Value: "x"}, {Op: "replace", Path: "/data/v", Value: "base"}}
	for _, fixes := range []bool{true, false} {
		for bad := range ids {
			res := make([]compared, len(ids))
			for k := range ids {
				res[k] = compared{ops: [][]op{nil, plain}, more: [][]op{nil, stated}, okMore: []bool{false, true}}
				if k == bad {
					res[k].failed = []bool{false, true}
					res[k].okMore[1] = fixes
				}
			}
			plans := make([]overlay, 2)
			failing, err := failingSets([]*env{{}, {}}, ids, plans, res)
			if err != nil {
				t.Fatal(err)
			}
			choosePatches(plans, ids, res, failing)
			for _, id := range ids {
				got, want := plans[1].patches[id], plain
				if fixes {
					want = stated
				}
				if !slices.Equal(got, want) {
					t.Errorf("stating fixes it %v, the unreproduced object is %s: %s has patches %v, want %v", fixes, ids[bad], id, got, want)
				}
			}
		}
	}
}
