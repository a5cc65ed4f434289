package helm

import (
	"reflect"
	"strings"
	"testing"

	"github.com/eksport/eksport/emit"
)

// TestPackedReadsBack checks that an object kept packed reads back as the
// same tree as one kept as text, with the same notes.
func TestPackedReadsBack(t *testing.T) {
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
		plain, err := keep(o, false)
		if err != nil {
			t.Fatal(err)
		}
		packed, err := keep(o, true)
		if err != nil {
			t.Fatal(err)
		}
		if !packed.packed || len(packed.z) == 0 {
			t.Fatalf("%d: not packed", i)
		}
		want, err := plain.tree()
		if err != nil {
			t.Fatal(err)
		}
		got, err := packed.tree()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d: packed reads back as\n%v\nwant\n%v", i, got, want)
		}
		if packed.label != plain.label || packed.ns != plain.ns || packed.tokens != plain.tokens || packed.n != plain.n {
			t.Errorf("%d: packed notes %q %q %v %d, plain %q %q %v %d", i, packed.label, packed.ns, packed.tokens, packed.n, plain.label, plain.ns, plain.tokens, plain.n)
		}
	}
}
