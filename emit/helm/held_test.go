package helm

import (
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

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
		st, _ := stored.Text()
		pt, _ := plain.Text()
		if stored.label != plain.label || stored.ns != plain.ns || stored.tokens != plain.tokens || len(st) != len(pt) {
			t.Errorf("%d: stored notes %q %q %v %d, plain %q %q %v %d", i, stored.label, stored.ns, stored.tokens, len(st), plain.label, plain.ns, plain.tokens, len(pt))
		}
		if wantLabel := []string{"web", "web", ""}[i]; stored.label != wantLabel || stored.ns != ns {
			t.Errorf("%d: noted label %q and namespace %q, want %q and %q", i, stored.label, stored.ns, wantLabel, ns)
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

// TestHeldNotesAsTheTreeSays: the namespace and group label an object
// notes from its value (an emit.Cursor) are what its tree says, for a
// typed object, and for a label the Cursor leaves to the tree (not
// UTF-8, which the text writes otherwise).
func TestHeldNotesAsTheTreeSays(t *testing.T) {
	typed := &corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "a", Namespace: "shop", Labels: map[string]string{"app": "web", "app.kubernetes.io/name": ""}},
	}
	odd := map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "b", "labels": map[string]any{"app": "we\xffb"}}}
	for i, v := range []any{typed, odd} {
		o := emit.Object{APIVersion: "v1", Kind: "ConfigMap", Name: "x", Value: v}
		h, err := keep(nil, o)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := emit.Tree(o)
		if err != nil {
			t.Fatal(err)
		}
		md := tree["metadata"].(map[string]any)
		ns, _ := md["namespace"].(string)
		labels, _ := md["labels"].(map[string]any)
		label, _ := labels["app"].(string)
		if h.ns != ns || h.label != label || label == "" {
			t.Errorf("%d: noted namespace %q and label %q, the tree has %q and %q", i, h.ns, h.label, ns, label)
		}
	}
}
