package helm

import (
	"reflect"
	"strings"
	"testing"

	"github.com/eksport/eksport/emit"
)

// TestHeldInStoreReadsBack checks that an object whose text waits in the
// emitter's store (a temporary file) reads back as the same tree as one
// kept in memory, with the same notes, and that closing the emitter lets
// go of the file.
func TestHeldInStoreReadsBack(t *testing.T) {
	store := &emit.Store{Dir: t.TempDir()}
	var inFile []*held
	for i, v := range []map[string]any{
		{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "a", "namespace": "ns", "labels": map[string]any{"app": "web"}},
			"data": map[string]any{"k": strings.Repeat("välue ", 2000), "n": "1"}},
		{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": map[string]any{"name": "web", "labels": map[string]any{"app.kubernetes.io/name": "web", "app": "x"}},
			"spec": map[string]any{"replicas": 3, "template": map[string]any{"spec": map[string]any{"containers": []any{map[string]any{"name": "c", "image": "nginx:1"}}}}}},
		{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": map[string]any{"name": "sa"}},
	} {
		md := v["metadata"].(map[string]any)
		ns, _ := md["namespace"].(string)
		o := emit.Object{APIVersion: v["apiVersion"].(string), Kind: v["kind"].(string), Name: md["name"].(string), Namespace: ns, Value: v}
		plain, err := keep(nil, o)
		if err != nil {
			t.Fatal(err)
		}
		stored, err := keep(store, o)
		if err != nil {
			t.Fatal(err)
		}
		if !store.InFile() {
			t.Fatalf("%d: the text is not in the store's file", i)
		}
		want, err := plain.tree()
		if err != nil {
			t.Fatal(err)
		}
		got, err := stored.tree()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d: the stored text reads back as\n%v\nwant\n%v", i, got, want)
		}
		if stored.label != plain.label || stored.ns != plain.ns || stored.tokens != plain.tokens || stored.text.Len() != plain.text.Len() {
			t.Errorf("%d: stored notes %q %q %v %d, plain %q %q %v %d", i, stored.label, stored.ns, stored.tokens, stored.text.Len(), plain.label, plain.ns, plain.tokens, plain.text.Len())
		}
		inFile = append(inFile, stored)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := inFile[0].tree(); err == nil {
		t.Error("the text reads back after the store is closed")
	}
}
