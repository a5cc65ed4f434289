package helm

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

func vals(t *testing.T, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestEnvFiles checks that each environment's file, merged over the
// defaults as Helm merges values, gives that environment's values, and
// that every file names every value that differs.
func TestEnvFiles(t *testing.T) {
	envs := []map[string]any{
		vals(t, `{"w": {"replicas": 3, "env": {"A": "1", "B": "2"}, "sel": {"x": "y"}, "list": [1, 2]}}`),
		vals(t, `{"w": {"replicas": 1, "env": {"A": "1", "C": "3"}, "list": [1]}}`),
		vals(t, `{"w": {"env": {"A": "9"}, "sel": {"x": "y"}, "list": [1, 2]}}`),
	}
	files, err := envFiles(envs[0], envs)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		if got := applyPatch(envs[0], f); !reflect.DeepEqual(got, envs[i]) {
			t.Errorf("env %d: merged %v, want %v", i, got, envs[i])
		}
		w := f["w"].(map[string]any)
		for _, k := range []string{"replicas", "env", "list"} {
			if _, ok := w[k]; !ok {
				t.Errorf("env %d: file %v does not name %s", i, f, k)
			}
		}
	}
}

func TestImageSplit(t *testing.T) {
	for _, ref := range []string{"nginx", "nginx:1.27", "reg:5000/a/b:c", "reg:5000/a/b", "a@sha256:x", "a:1@sha256:x"} {
		if got := joinImage(splitImage(ref)); got != ref {
			t.Errorf("join(split(%q)) = %q", ref, got)
		}
	}
}

// TestScalarText checks that strings YAML could misread come back as the
// same strings.
func TestScalarText(t *testing.T) {
	for _, s := range []string{"", "007", "1e3", "true", "null", "~", "yes", "a: b", "- x", "{{ x }}", "line\nline", "it's \"q\"", "café", " lead", "trail ", "#hash", "@at", "*star", "&amp", "!bang", "%pct", "`tick"} {
		var got map[string]any
		if err := yaml.Unmarshal([]byte("k: "+scalarText(s)+"\n"), &got); err != nil {
			t.Errorf("%q as %s: %v", s, scalarText(s), err)
			continue
		}
		if got["k"] != s {
			t.Errorf("%q written as %s reads back as %#v", s, scalarText(s), got["k"])
		}
	}
}
