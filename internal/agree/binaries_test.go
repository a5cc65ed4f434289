package agree

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBinaries repeats the agreement with the real commands CI runs,
// helm (v4.3.1) and kustomize (v5.8.2) as agree.mk builds them, named by
// $EKSPORT_HELM and $EKSPORT_KUSTOMIZE: `helm template` with each
// environment's values and `kustomize build` of each overlay give the raw
// objects.
func TestBinaries(t *testing.T) {
	helm, kustomize := os.Getenv("EKSPORT_HELM"), os.Getenv("EKSPORT_KUSTOMIZE")
	if helm == "" || kustomize == "" {
		t.Skip("EKSPORT_HELM and EKSPORT_KUSTOMIZE name no binaries; `make agree` builds and names them")
	}
	cases, err := filepath.Glob(filepath.Join(root(t), "golden", "*", "expected"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden applications: %v", err)
	}
	for _, exp := range cases {
		t.Run(filepath.Base(filepath.Dir(exp)), func(t *testing.T) {
			overlays, _ := filepath.Glob(filepath.Join(exp, "kustomize", "overlays", "*"))
			if len(overlays) == 0 {
				t.Fatal("no overlays")
			}
			for _, o := range overlays {
				env := filepath.Base(o)
				rawDir := filepath.Join(exp, "raw", env)
				if !fileExists(filepath.Join(exp, "helm", "values-"+env+".yaml")) {
					rawDir = filepath.Join(exp, "raw") // a run without environments
				}
				files, err := ReadDir(rawDir)
				if err != nil {
					t.Fatal(err)
				}
				want, err := ObjectsOf(manifests(files))
				if err != nil {
					t.Fatal(err)
				}
				got := runObjects(t, kustomize, "build", o)
				for _, d := range Compare("raw", want, "kustomize build "+env, got) {
					t.Error(d)
				}
				args := []string{"template", "agree", filepath.Join(exp, "helm")}
				if vf := filepath.Join(exp, "helm", "values-"+env+".yaml"); fileExists(vf) {
					args = append(args, "-f", vf)
				}
				got = runObjects(t, helm, args...)
				for _, d := range Compare("raw", want, "helm "+strings.Join(args, " "), got) {
					t.Error(d)
				}
			}
		})
	}
}

func runObjects(t *testing.T, bin string, args ...string) []Object {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(bin), strings.Join(args, " "), err, stderr.String())
	}
	objs, err := Parse(out)
	if err != nil {
		t.Fatalf("%s %s: %v", filepath.Base(bin), strings.Join(args, " "), err)
	}
	return slices.DeleteFunc(objs, func(o Object) bool { return len(o) == 0 })
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
