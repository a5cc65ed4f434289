package kustomize

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
)

func tree(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestDiffApply checks that the operations diff returns turn a into b, in
// any order.
func TestDiffApply(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{`{"x": 1}`, `{"x": 2}`},
		{`{"x": 1, "y": {"z": "a"}}`, `{"y": {"z": "b", "w": true}}`},
		{`{"m": {"a/b": "1", "c~d": "2"}}`, `{"m": {"a/b": "3"}}`},
		{`{"l": [{"name": "a", "v": 1}, {"name": "b", "v": 2}]}`, `{"l": [{"name": "a", "v": 1}, {"name": "b", "v": 3}]}`},
		{`{"l": [{"name": "a"}, {"name": "b"}]}`, `{"l": [{"name": "b"}, {"name": "a"}]}`},
		{`{"l": [1, 2, 3]}`, `{"l": [1, 2]}`},
		{`{"l": [1, 2]}`, `{"l": {"now": "a map"}}`},
		{`{"e": {}}`, `{"e": {"k": ""}}`},
	} {
		a, b := tree(t, tc.a), tree(t, tc.b)
		ops := diff("", a, b)
		for _, order := range [][]op{ops, reversed(ops)} {
			got := runtime.DeepCopyJSONValue(a)
			var err error
			for _, o := range order {
				if got, err = o.apply(got); err != nil {
					t.Fatalf("%s -> %s: %v (ops %v)", tc.a, tc.b, err, ops)
				}
			}
			if !reflect.DeepEqual(got, b) {
				t.Errorf("%s -> %s: ops %v give %v", tc.a, tc.b, ops, got)
			}
		}
	}
}

func reversed(ops []op) []op {
	out := make([]op, len(ops))
	for i, o := range ops {
		out[len(ops)-1-i] = o
	}
	return out
}

// TestSplitImage follows kustomize's api/internal/image.Split.
func TestSplitImage(t *testing.T) {
	for ref, want := range map[string][3]string{
		"nginx":                     {"nginx", "", ""},
		"nginx:1.27":                {"nginx", "1.27", ""},
		"registry:5000/team/app:v2": {"registry:5000/team/app", "v2", ""},
		"registry:5000/team/app":    {"registry:5000/team/app", "", ""},
		"app@sha256:abc":            {"app", "", "sha256:abc"},
		"reg/app:1.0@sha256:abc":    {"reg/app", "1.0", "sha256:abc"},
		"1.dkr.ecr.eu-west-1.amazonaws.com/shop-web:1.4.3": {"1.dkr.ecr.eu-west-1.amazonaws.com/shop-web", "1.4.3", ""},
	} {
		n, tag, d := splitImage(ref)
		if [3]string{n, tag, d} != want {
			t.Errorf("splitImage(%q) = %q %q %q, want %q", ref, n, tag, d, want)
		}
	}
}

func TestImageEntry(t *testing.T) {
	im := image{Name: "reg/app", NewName: "other/app", NewTag: "2"}
	for ref, want := range map[string]string{
		"reg/app":            "other/app:2",
		"reg/app:1":          "other/app:2",
		"reg/app@sha256:abc": "other/app:2",
		"reg/app-x:1":        "", // another image
		"reg/application":    "",
	} {
		if !im.matches(ref) {
			if want != "" {
				t.Errorf("%q does not match %q", im.Name, ref)
			}
			continue
		}
		if want == "" {
			t.Errorf("%q matches %q", im.Name, ref)
			continue
		}
		if got := im.rewrite(ref); got != want {
			t.Errorf("rewrite(%q) = %q, want %q", ref, got, want)
		}
	}
	d := image{Name: "app", Digest: "sha256:def"}
	if got := d.rewrite("app:1"); got != "app@sha256:def" {
		t.Errorf("digest entry: %q", got)
	}
}
