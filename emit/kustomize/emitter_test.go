package kustomize

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/eksport/eksport/emit"
)

func configMap(name, value string) emit.Object {
	return emit.Object{APIVersion: "v1", Kind: "ConfigMap", Name: name, Value: map[string]any{
		"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": name}, "data": map[string]any{"k": value},
	}}
}

// TestEmitterEnvironments: objects handed to the Emitter from several
// goroutines, as a run hands them, give the layout Emit gives, each base
// object's text read once per environment where the environments differ;
// where they do not, the base's file is the one kept of it (Base) and no
// text is read, or, without Base, the base's text once. Finish closes the
// file the text waited in.
func TestEmitterEnvironments(t *testing.T) {
	for _, base := range []string{"", "a"} {
		t.Run("base="+base, func(t *testing.T) { testEmitterEnvironments(t, base) })
	}
}

func testEmitterEnvironments(t *testing.T, baseEnv string) {
	envs := []emit.Env{{Name: "a"}, {Name: "b"}}
	for i := range 50 {
		envs[0].Objects = append(envs[0].Objects, configMap(fmt.Sprintf("cm-%02d", i), "a"))
		envs[1].Objects = append(envs[1].Objects, configMap(fmt.Sprintf("cm-%02d", i), fmt.Sprint("b", i%2)))
	}
	for i := range 10 {
		for j := range envs {
			envs[j].Objects = append(envs[j].Objects, configMap(fmt.Sprintf("same-%02d", i), "s"))
		}
	}
	envs[1].Objects = append(envs[1].Objects, configMap("only-b", "b"))

	k := &Emitter{Environments: 2, Base: baseEnv}
	var wg sync.WaitGroup
	for _, e := range envs {
		for _, o := range e.Objects {
			wg.Go(func() {
				var file []byte
				if k.UsesFiles(e.Name) {
					var err error
					if file, _, err = emit.MarshalObjectFile(o); err != nil {
						t.Error(err)
						return
					}
				}
				if err := k.Object(e.Name, false, o, file, func(emit.File) error { return nil }); err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Wait()
	kept := k.objs["a"][envs[0].Objects[0].ID()]
	idents := make([]emit.Env, len(envs))
	for i, e := range envs {
		idents[i].Name = e.Name
		for _, o := range e.Objects {
			o.Value = nil
			idents[i].Objects = append(idents[i].Objects, o)
		}
	}
	reads := treeReads.Load()
	var got emit.FileSet
	if err := k.Finish(idents, func(f emit.File) error { got.Add(f); return nil }); err != nil {
		t.Fatal(err)
	}
	want := 2*50 + 1 // each differing object's once, and only-b's
	if baseEnv == "" {
		want += 10 // the base's of the objects alike everywhere, to write them
	}
	if n := treeReads.Load() - reads; n != int64(want) {
		t.Errorf("Finish read %d trees, want %d", n, want)
	}
	if _, err := kept.Tree(); err == nil {
		t.Error("an object's text reads back after Finish: its file is still open")
	}
	emitted, err := Emit(envs)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Files) != len(emitted.Files) {
		t.Fatalf("Finish wrote %d files, Emit %d", len(got.Files), len(emitted.Files))
	}
	for i, f := range emitted.Files {
		if g := got.Files[i]; g.Path != f.Path || !bytes.Equal(g.Data, f.Data) {
			t.Errorf("file %d: Finish wrote %s\n%s\nEmit %s\n%s", i, g.Path, g.Data, f.Path, f.Data)
		}
	}
	for _, p := range []string{"base/cm-00-configmap.yaml", "base/same-09-configmap.yaml", "overlays/b/only-b-configmap.yaml", "overlays/a/patches/cm-01-configmap.yaml", "overlays/b/patches/cm-01-configmap.yaml"} {
		if _, ok := got.Lookup(p); !ok {
			t.Errorf("no %s", p)
		}
	}
	f, _ := got.Lookup("overlays/a/patches/cm-01-configmap.yaml")
	if w := emit.Header + "- op: replace\n  path: /data/k\n  value: a\n"; f == nil || string(f.Data) != w {
		t.Errorf("environment a states its value where b replaces it: got\n%v\nwant\n%s", f, w)
	}
}
