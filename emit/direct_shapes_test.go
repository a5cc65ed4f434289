package emit_test

import (
	"encoding/json"
	"errors"
	"net"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/eksport/eksport/emit"
)

// Shapes of Go values that k8s.io/api types rarely or never have, for
// encoding/json's rules as valueTree follows them.
type (
	inner struct {
		Labels map[string]string              `json:"labels"`
		Res    map[corev1.ResourceName]string `json:"res,omitempty"`
		Status map[string]any                 `json:"status"`
	}
	Exported struct {
		Metadata *struct{} `json:"metadata"`
	}
	shapes struct {
		inner
		*Exported
		Name     string                  `json:"name"`
		Num      json.Number             `json:"num"`
		Float    float64                 `json:"float,omitempty"`
		Array    [2]uint8                `json:"array"`
		Bytes    []byte                  `json:"bytes"`
		Any      any                     `json:"any"`
		PtrMarsh ptrMarshaler            `json:"ptrMarsh"`
		InMap    map[string]ptrMarshaler `json:"inMap"`
		Errs     *errMarshaler           `json:"errs,omitempty"`
		Zero     metav1.Time             `json:"zero,omitzero"`
		Quantity resource.Quantity       `json:"quantity"`
		Untagged string
		Skipped  string `json:"-"`
		hidden   string
	}
	ptrMarshaler struct{ V string }
	errMarshaler struct{}
	withString   struct {
		N int `json:"n,string"`
	}
	withText struct {
		IP net.IP `json:"ip"`
	}
)

func (p *ptrMarshaler) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"wrapped": p.V, "metadata": map[string]any{}})
}
func (errMarshaler) MarshalJSON() ([]byte, error) { return nil, errors.New("no") }

// TestDirectShapes compares the direct encoder with the tree path on
// hand-made values of the shapes above, and on custom resources that hold
// the cases Clean treats specially.
func TestDirectShapes(t *testing.T) {
	one := resource.MustParse("1")
	values := []any{
		&shapes{},
		&shapes{
			inner:    inner{Labels: map[string]string{"a": "b", "k8s_app": "1", "a0": "x", "a00": "y"}, Res: map[corev1.ResourceName]string{"cpu": "1"}, Status: map[string]any{"x": nil}},
			Exported: &Exported{Metadata: &struct{}{}},
			Name:     "yes", Num: "1e3", Float: 1e21, Array: [2]uint8{1, 2}, Bytes: []byte("hello"),
			Any:      map[string]any{"q": one, "p": &one, "t": metav1.Time{}, "m": ptrMarshaler{V: "in an interface"}},
			PtrMarsh: ptrMarshaler{V: "addressable"}, InMap: map[string]ptrMarshaler{"k": {V: "not addressable"}},
			Quantity: one, Untagged: "u", Skipped: "s", hidden: "h",
		},
		&shapes{Errs: &errMarshaler{}},
		&shapes{Num: "x"},
		&shapes{Float: 1.5, Any: float32(1)},
		&withString{N: 1},
		&withText{IP: net.IP{1, 2, 3, 4}},
		&withText{},
		shapes{Name: "not a pointer"},
		map[string]any{
			"status":       map[string]any{"phase": "x"},
			"metadata":     map[string]any{"labels": map[string]any{}, "annotations": nil},
			"subresources": map[string]any{"status": map[string]any{}, "scale": nil},
			"spec": map[string]any{
				"resources":       map[string]any{"limits": map[string]any{"status": map[string]any{}}},
				"securityContext": map[string]any{"x": nil},
				"strategy":        map[string]any{},
				"subresources":    []any{map[string]any{"status": map[string]any{}, "n": nil}},
				"list":            []any{nil, map[string]any{}, map[string]any{"metadata": map[string]any{}}, []any{}, []any{nil}[:0]},
				"k8s_app":         map[string]any{"metadata": map[string]any{}, "a_1": nil, "a_2": "x"},
			},
		},
		map[string]any{"metadata": map[string]any{}},
		map[string]any{},
		map[string]any{"lists": []any{[]any{map[string]any{"a": nil}}}},
		(*corev1.Pod)(nil),
		nil,
	}
	// The values the direct encoder leaves to the tree: it fails, valueTree
	// leaves it to encoding/json, or appendFast to the YAML encoder.
	tree := map[int]bool{2: true, 3: true, 4: true, 5: true, 6: true, 7: true, 12: true, 13: true, 14: true}
	for i, v := range values {
		if fell := checkDirect(t, emit.Object{Kind: "Shape", Name: "x", Value: v}); fell != tree[i] {
			t.Errorf("value %d (%T): left to the tree %v, want %v", i, v, fell, tree[i])
		}
	}
}
