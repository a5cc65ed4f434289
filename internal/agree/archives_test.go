package agree

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestArchives checks the emitter cases of emit/testdata/*.txtar: the
// objects of each environment (in/<env>/, or in/ without environments)
// must be what kustomize builds from the kustomize/ sections and what helm
// renders from the helm/ sections with the environment's values.
func TestArchives(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(root(t), "emit", "testdata", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no emitter archives: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			all := Files{}
			for _, f := range ar.Files {
				all[f.Name] = f.Data
			}
			in := all.Sub("in")
			envs := map[string]Files{}
			for _, n := range in.Names() {
				env, rest, nested := strings.Cut(n, "/")
				if !nested {
					env, rest = "", n
				}
				if envs[env] == nil {
					envs[env] = Files{}
				}
				envs[env][rest] = in[n]
			}
			var names []string
			for e := range envs {
				names = append(names, e)
			}
			slices.Sort(names)
			for _, env := range names {
				want, err := ObjectsOf(envs[env])
				if err != nil {
					t.Fatal(err)
				}
				checkEnv(t, env, want, all.Sub("kustomize"), all.Sub("helm"))
			}
		})
	}
}
