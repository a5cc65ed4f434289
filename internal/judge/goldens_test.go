package judge

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGoldens judges every expected manifest of the golden cases
// (golden/*/expected/**, kustomizations built, Helm charts rendered with
// each environment's values) and every out/*.yaml section of the txtar
// archives under **/testdata/**.
func TestGoldens(t *testing.T) {
	root := testRoot(t)
	gUnits, gSkipped, err := GoldenUnits(root, DefaultRenderers(root))
	if err != nil {
		t.Fatal(err)
	}
	tUnits, tSkipped, err := TxtarUnits(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(gSkipped, tSkipped...) {
		t.Logf("not judged: %s: %s", rel(root, s.Path), s.Reason)
	}
	units := append(gUnits, tUnits...)
	expectedDirs, _ := filepath.Glob(filepath.Join(root, "golden", "*", "expected"))

	files, objects := 0, 0
	for _, u := range units {
		files += len(u.Files)
		objects += len(u.Objects)
	}
	if objects == 0 && len(units) == 0 {
		if len(expectedDirs) > 0 {
			t.Fatalf("%d golden/*/expected folders exist but hold no Kubernetes objects", len(expectedDirs))
		}
		t.Logf("judged 0 objects in 0 files: no golden/*/expected folders and no txtar out/*.yaml sections yet")
		return
	}

	s := server(t)
	rejected := 0
	var elapsed time.Duration
	for _, u := range units {
		t.Run(u.Name, func(t *testing.T) {
			for _, e := range u.Errors {
				rejected++
				t.Error(e.String())
			}
			if len(u.Objects) == 0 {
				if len(u.Errors) == 0 {
					t.Errorf("%s: no objects", u.Name)
				}
				return
			}
			if !strings.HasSuffix(u.Name, ".txtar") { // golden applications; txtar cases are fragments
				collected.add(GoldenRolloutUnit(root, u))
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			res := s.Apply(ctx, u.Objects)
			elapsed += res.Elapsed
			for _, w := range res.Warnings {
				t.Logf("warning: %s", w)
			}
			for _, rj := range res.Rejections {
				rejected++
				t.Error(rj.String())
			}
			t.Logf("%s: %d of %d objects accepted in %s", u, res.Accepted, res.Objects, res.Elapsed.Round(time.Millisecond))
		})
	}
	t.Logf("judged %d objects from %d files in %d units (%d golden, %d txtar) in %s; %d rejected",
		objects, files, len(units), len(gUnits), len(tUnits), elapsed.Round(time.Millisecond), rejected)
}

func rel(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil {
		return filepath.ToSlash(r)
	}
	return p
}
