package eksport

import (
	"encoding/json"
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// TestMayHoldToken: the quick look resolveObject takes before writing an
// object as JSON finds a token wherever the JSON would hold one: in a
// field, a map's key or value, a slice, raw JSON bytes, behind pointers
// and interfaces; and says no only when the JSON holds none.
func TestMayHoldToken(t *testing.T) {
	tok := ir.Unresolved{Name: "var.image", Pos: diag.Pos{File: "m/main.tf", Line: 3, Col: 5}}.Token()
	type inner struct {
		Keys map[string]int
	}
	type hidden struct {
		Raw json.RawMessage
		in  *inner
	}
	deployment := func(image string, env map[string]string) *appsv1.Deployment {
		d := &appsv1.Deployment{}
		d.Spec.Template.Spec.Containers = []corev1.Container{{Name: "app", Image: image}}
		d.Spec.Template.Annotations = env
		return d
	}
	for i, c := range []struct {
		v    any
		want bool
	}{
		{deployment("nginx:1.27", nil), false},
		{deployment("nginx:"+tok, nil), true},
		{deployment("nginx", map[string]string{tok: "x"}), true},
		{deployment("nginx", map[string]string{"a": "b-" + tok}), true},
		{map[string]any{"spec": []any{map[string]any{"x": 1, "y": tok}}}, true},
		{map[string]any{"spec": []any{map[string]any{"x": 1, "y": "z"}}}, false},
		{runtime.RawExtension{Raw: []byte(`{"a":"` + tok + `"}`)}, true},
		{hidden{Raw: json.RawMessage(`{"a":"` + tok + `"}`)}, true},
		{hidden{in: &inner{Keys: map[string]int{tok: 1}}}, true}, // not in the JSON: a yes is allowed
		{[2]string{"a", tok}, true},
		{nil, false},
	} {
		got := mayHoldToken(reflect.ValueOf(c.v), 0)
		if got != c.want {
			t.Errorf("%d: mayHoldToken = %v, want %v", i, got, c.want)
		}
		if data, err := json.Marshal(c.v); err == nil && ir.HasUnresolved(string(data)) && !got {
			t.Errorf("%d: the JSON holds a token the look missed", i)
		}
	}
}
