package agree

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// root is the eksport repository: $EKSPORT_ROOT, or ../.. from here.
func root(t testing.TB) string {
	r := os.Getenv("EKSPORT_ROOT")
	if r == "" {
		r = filepath.Join("..", "..")
	}
	abs, err := filepath.Abs(r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(abs, "golden")); err != nil {
		t.Fatalf("EKSPORT_ROOT %s holds no golden/ folder", abs)
	}
	return abs
}

// TestGoldens is the agreement test over every golden application: for
// each environment (each overlay under expected/kustomize/overlays), the
// raw manifests, kustomize build of the overlay and helm template with the
// environment's values file yield the same objects.
func TestGoldens(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join(root(t), "golden", "*", "expected"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden applications: %v", err)
	}
	for _, exp := range cases {
		name := filepath.Base(filepath.Dir(exp))
		t.Run(name, func(t *testing.T) {
			files, err := ReadDir(exp)
			if err != nil {
				t.Fatal(err)
			}
			for _, format := range []string{"raw", "kustomize", "helm"} {
				if len(files.Sub(format)) == 0 {
					t.Fatalf("expected/%s is missing (run make update)", format)
				}
			}
			kust := files.Sub("kustomize")
			var envs []string
			for _, n := range kust.Names() {
				if rest, ok := strings.CutPrefix(n, "overlays/"); ok {
					if env, _, _ := strings.Cut(rest, "/"); !slices.Contains(envs, env) {
						envs = append(envs, env)
					}
				}
			}
			if len(envs) == 0 {
				t.Fatal("expected/kustomize has no overlays")
			}
			raw := files.Sub("raw")
			for _, env := range envs {
				// A named environment has its values file and its raw
				// folder; a run without environments has neither.
				r, valuesEnv := raw.Sub(env), env
				if _, named := files["helm/values-"+env+".yaml"]; !named {
					r, valuesEnv = raw, ""
				}
				want, err := ObjectsOf(manifests(r))
				if err != nil {
					t.Fatal(err)
				}
				if len(want) == 0 {
					t.Fatalf("%s: no raw objects", env)
				}
				checkEnv(t, valuesEnv, want, kust, files.Sub("helm"))
			}
		})
	}
}

// manifests keeps the YAML files, leaving out what eksport writes beside
// the manifests (the migration checklist, IAM documents).
func manifests(f Files) Files {
	out := Files{}
	for n, d := range f {
		if strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml") {
			out[n] = d
		}
	}
	return out
}

// checkEnv compares one environment's objects with kustomize build of its
// overlay and helm template with its values.
func checkEnv(t *testing.T, env string, want []Object, kust, chart Files) {
	t.Helper()
	overlay := env
	if overlay == "" {
		overlay = "default"
	}
	got, err := KustomizeBuild(kust, "overlays/"+overlay)
	if err != nil {
		t.Errorf("%s: kustomize build: %v", overlay, err)
	} else {
		for _, d := range Compare("raw", want, "kustomize build overlays/"+overlay, got) {
			t.Error(d)
		}
	}
	ch, err := LoadChart(chart)
	if err != nil {
		t.Fatalf("helm: load chart: %v", err)
	}
	var valueFiles [][]byte
	label := "helm template"
	if env != "" {
		vf, ok := chart["values-"+env+".yaml"]
		if !ok {
			t.Fatalf("helm: no values-%s.yaml", env)
		}
		valueFiles = append(valueFiles, vf)
		label += " -f values-" + env + ".yaml"
	}
	vals, err := Values(valueFiles...)
	if err != nil {
		t.Fatal(err)
	}
	got, err = HelmTemplate(ch, vals)
	if err != nil {
		t.Errorf("%s: %v", label, err)
		return
	}
	for _, d := range Compare("raw", want, label, got) {
		t.Error(d)
	}
}
