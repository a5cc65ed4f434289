package emit_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
	"sigs.k8s.io/yaml"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/emit/helm"
	"github.com/eksport/eksport/emit/kustomize"
	"github.com/eksport/eksport/emit/raw"
	"github.com/eksport/eksport/internal/golden"
)

// TestFormats runs every emitter over testdata/*.txtar. An archive holds
// the objects of each environment as in/<env>/*.yaml (in/*.yaml for a run
// without environments) and the expected output of each format under raw/,
// kustomize/ and helm/. The agreement of the three formats with real
// kustomize and helm is checked in internal/agree.
func TestFormats(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no archives: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			envs := Envs(t, ar)
			got := golden.Outputs{}
			add := func(format string, fs *emit.FileSet, err error) {
				t.Helper()
				if err != nil {
					t.Fatalf("%s: %v", format, err)
				}
				for _, f := range fs.Files {
					if _, dup := got[format+"/"+f.Path]; dup {
						t.Errorf("%s: %s written twice", format, f.Path)
					}
					got[format+"/"+f.Path] = f.Data
					if len(f.Objects) > 0 {
						golden.CheckManifest(t, format+"/"+f.Path, f.Data)
					} else if !emit.IsGenerated(f.Data) {
						t.Errorf("%s/%s: no generated-file header", format, f.Path)
					}
				}
			}
			fs, err := raw.EmitEnvs(envs)
			add("raw", fs, err)
			fs, err = kustomize.Emit(envs)
			add("kustomize", fs, err)
			fs, err = helm.Emit(envs, helm.Options{Name: "demo"})
			add("helm", fs, err)
			if t.Failed() {
				return
			}
			golden.CompareFunc(t, file, ar, got, isFormatOutput)
		})
	}
}

func isFormatOutput(name string) bool {
	for _, p := range []string{"raw/", "kustomize/", "helm/"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// Envs reads the in/ sections of an archive as environments of objects.
func Envs(t *testing.T, ar *txtar.Archive) []emit.Env {
	t.Helper()
	byEnv := map[string][]emit.Object{}
	for _, f := range ar.Files {
		rest, ok := strings.CutPrefix(f.Name, "in/")
		if !ok {
			continue
		}
		name, _, nested := strings.Cut(rest, "/")
		if !nested {
			name = ""
		}
		for _, doc := range bytes.Split(f.Data, []byte("\n---\n")) {
			if len(bytes.TrimSpace(doc)) == 0 {
				continue
			}
			var m map[string]any
			if err := yaml.Unmarshal(doc, &m); err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			md, _ := m["metadata"].(map[string]any)
			str := func(v any) string { s, _ := v.(string); return s }
			byEnv[name] = append(byEnv[name], emit.Object{
				APIVersion: str(m["apiVersion"]), Kind: str(m["kind"]),
				Namespace: str(md["namespace"]), Name: str(md["name"]), Value: m,
			})
		}
	}
	var envs []emit.Env
	for name, objs := range byEnv {
		emit.Sort(objs)
		envs = append(envs, emit.Env{Name: name, Objects: objs})
	}
	slices.SortFunc(envs, func(a, b emit.Env) int { return strings.Compare(a.Name, b.Name) })
	if len(envs) == 0 {
		t.Fatal("no in/ sections")
	}
	return envs
}
