package emit_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/eksport/eksport/emit"
)

func keptObject(i int) emit.Object {
	return emit.Object{APIVersion: "v1", Kind: "ConfigMap", Name: fmt.Sprint("cm-", i), Value: map[string]any{
		"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]any{"name": fmt.Sprint("cm-", i)},
		"data":     map[string]any{"k": fmt.Sprint("value ", i, " <&> é"), "n": fmt.Sprint(i)},
	}}
}

// TestStoreKeepsTextInAFileWithoutAName: objects kept from several
// goroutines at once read back as the trees they were made of, from a
// file that has no name in its folder from the start (so that nothing is
// left behind on any path), and not from memory; once the Store is
// closed they no longer read back, with an error rather than a panic.
func TestStoreKeepsTextInAFileWithoutAName(t *testing.T) {
	dir := t.TempDir()
	s := &emit.Store{Dir: dir}
	const n = 200
	kept := make([]*emit.Kept, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			k, err := s.Keep(keptObject(i))
			if err != nil {
				t.Error(err)
				return
			}
			kept[i] = k
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if names, _ := os.ReadDir(dir); len(names) != 0 {
		t.Errorf("the store's folder holds %v, want nothing", names)
	}
	for i, k := range kept {
		if k.JSON != nil {
			t.Fatalf("object %d is kept in memory, want in the file", i)
		}
		got, err := k.Tree()
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := emit.Tree(keptObject(i)); !reflect.DeepEqual(got, want) {
			t.Fatalf("object %d reads back as %v, want %v", i, got, want)
		}
		if k.Object.Value != nil {
			t.Fatalf("object %d keeps its value", i)
		}
	}
	text, err := kept[7].Text()
	if err != nil || len(text) == 0 {
		t.Fatalf("Text: %q, %v", text, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := kept[0].Tree(); err == nil {
		t.Error("an object of a closed store read back")
	}
	if err := s.Close(); err != nil {
		t.Errorf("closing twice: %v", err)
	}
}

// TestStoreFallsBackToMemory: where the file cannot be made, and for a nil
// Store, objects are kept in memory and read back as well.
func TestStoreFallsBackToMemory(t *testing.T) {
	for _, s := range []*emit.Store{nil, {Dir: filepath.Join(t.TempDir(), "missing")}} {
		k, err := s.Keep(keptObject(1))
		if err != nil {
			t.Fatal(err)
		}
		if k.JSON == nil {
			t.Fatal("want the text in memory")
		}
		got, err := k.Tree()
		if want, _ := emit.Tree(keptObject(1)); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("reads back as %v, %v; want %v", got, err, want)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := k.Tree(); err != nil {
			t.Errorf("an object in memory after Close: %v", err)
		}
	}
}

// TestKeptTreeNumbers: numbers read back as json.Number or float64, as
// DecodeTree reads the same text, from the file as from memory.
func TestKeptTreeNumbers(t *testing.T) {
	o := emit.Object{APIVersion: "v1", Kind: "Thing", Name: "x", Value: map[string]any{
		"apiVersion": "v1", "kind": "Thing", "metadata": map[string]any{"name": "x"}, "spec": map[string]any{"n": 3, "f": 1.5},
	}}
	s := &emit.Store{Dir: t.TempDir()}
	defer s.Close()
	for _, k := range []func() (*emit.Kept, error){func() (*emit.Kept, error) { return emit.Keep(o) }, func() (*emit.Kept, error) { return s.Keep(o) }} {
		kept, err := k()
		if err != nil {
			t.Fatal(err)
		}
		text, err := kept.Text()
		if err != nil {
			t.Fatal(err)
		}
		for _, useNumber := range []bool{true, false} {
			got, err := kept.TreeNumbers(useNumber)
			if err != nil {
				t.Fatal(err)
			}
			want, err := emit.DecodeTree(text, useNumber)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("useNumber %v: %v, want %v (%v)", useNumber, got, want, err)
			}
		}
	}
}

// TestSameText: two objects kept from equal values have the same text,
// in a Store's file or in memory and across the two, and objects whose
// texts differ, in length or only in a character, do not.
func TestSameText(t *testing.T) {
	s := &emit.Store{Dir: t.TempDir()}
	defer s.Close()
	var nilStore *emit.Store
	keep := func(st *emit.Store, o emit.Object) *emit.Kept {
		k, err := st.Keep(o)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	other := keptObject(1)
	other.Value.(map[string]any)["data"].(map[string]any)["k"] = "value 2 <&> é" // same length
	for _, c := range []struct {
		name string
		a, b *emit.Kept
		want bool
	}{
		{"file, file", keep(s, keptObject(1)), keep(s, keptObject(1)), true},
		{"file, memory", keep(s, keptObject(1)), keep(nilStore, keptObject(1)), true},
		{"memory, literal", keep(nilStore, keptObject(1)), &emit.Kept{JSON: keep(nilStore, keptObject(1)).JSON}, true},
		{"one character", keep(s, keptObject(1)), keep(s, other), false},
		{"one character, unhashed", &emit.Kept{JSON: keep(nilStore, keptObject(1)).JSON}, &emit.Kept{JSON: keep(nilStore, other).JSON}, false},
		{"length", keep(s, keptObject(1)), keep(s, keptObject(10)), false},
	} {
		got, err := c.a.SameText(c.b)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s: SameText = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestKeptTreeIsTree: every object of a generated batch, kept as the text
// of its value, reads back as the tree Tree makes of it.
func TestKeptTreeIsTree(t *testing.T) {
	for _, o := range genObjects(t, 100, 3) {
		k, err := emit.Keep(o)
		if err != nil {
			t.Fatal(err)
		}
		got, err := k.Tree()
		if err != nil {
			t.Fatal(err)
		}
		want, err := emit.Tree(o)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s reads back as\n%v\nTree makes\n%v", o.ID(), got, want)
		}
	}
}
