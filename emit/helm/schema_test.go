package helm

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/eksport/eksport/emit"
)

// refSetSchema is how the schema was first built: a tree of maps, a key
// below a node making it an object with properties, a leaf's keywords
// copied over the node's.
func refSetSchema(root map[string]any, key []string, leaf map[string]any) {
	cur := root
	for _, k := range key {
		props, _ := cur["properties"].(map[string]any)
		if props == nil {
			props = map[string]any{}
			cur["properties"] = props
			cur["type"] = "object"
		}
		next, _ := props[k].(map[string]any)
		if next == nil {
			next = map[string]any{}
			props[k] = next
		}
		cur = next
	}
	for k, v := range leaf {
		cur[k] = v
	}
}

// TestSchemaWriterMatchesMaps compares the schema trie and its writer
// with the tree of maps, closeObjects and appendJSON they replace, on
// random keys and the leaf schemas the chart uses, a key sometimes given
// two leaves. As in a chart, no key is below another key: values keys are
// the slots', presence flags' and required values', none of which is a
// map of another's (a leaf with properties of its own, an image's, would
// have keys added below it merged into the shared map).
func TestSchemaWriterMatchesMaps(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	store := &emit.Store{Dir: t.TempDir()}
	defer store.Close()
	leaves := []map[string]any{stringMap, anyObject, objectList, count, percent, imageSch, envSch, boolean, {}, {"type": "string"},
		{"enum": []any{"ClusterIP", "NodePort"}}, {"type": []any{"string", "number"}, "minLength": 1, "description": "a \"b\" <c>"}}
	names := []string{"workloads", "web", "api", "containers", "image", "env", "fields", "a/b", "é"}
	for i := range 3000 {
		root := newSchema()
		ref := map[string]any{"$schema": "https://json-schema.org/draft-07/schema#", "type": "object"}
		var keys [][]string
	next:
		for range r.IntN(12) {
			key := make([]string, 1+r.IntN(4))
			for j := range key {
				key[j] = names[r.IntN(len(names))]
			}
			for _, k := range keys {
				n := min(len(k), len(key))
				if len(k) != len(key) && slices.Equal(k[:n], key[:n]) {
					continue next // one below the other
				}
			}
			keys = append(keys, key)
			leaf := leaves[r.IntN(len(leaves))]
			root.set(key, leaf)
			refSetSchema(ref, key, leaf)
		}
		if r.IntN(3) == 0 {
			root.put("required", []any{"unresolved"})
			ref["required"] = []any{"unresolved"}
		}
		closeObjects(ref, true)
		ref["$comment"] = emit.Marker
		want, ok := appendJSON(nil, ref, 0)
		if !ok {
			t.Fatal("appendJSON refused the reference")
		}
		want = append(want, '\n')
		var got bytes.Buffer
		if err := writeSchema(&got, root); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("case %d:\ntrie:\n%s\nmaps:\n%s", i, got.Bytes(), want)
		}
		// Each workload's part written once it is done (holdSchema), its
		// text in a store's file, writes the same schema.
		if wl := root.children["workloads"]; wl != nil {
			for g := range wl.children {
				if err := holdSchema(store, root, g); err != nil {
					t.Fatal(err)
				}
				if wl.children[g].held == nil || wl.children[g].children != nil {
					t.Fatalf("case %d: workload %q is not held", i, g)
				}
			}
			got.Reset()
			if err := writeSchema(&got, root); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("case %d, workloads held:\ntrie:\n%s\nmaps:\n%s", i, got.Bytes(), want)
			}
		}
	}
	if !store.InFile() {
		t.Fatal("no workload's schema was held in the store's file")
	}
}
