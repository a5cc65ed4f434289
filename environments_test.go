package eksport_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/translate/config"
)

// TestEnvironments translates two environments in every format: each
// environment gets its own pipeline, the result lists each one's objects,
// and the emitters lay them out per environment.
func TestEnvironments(t *testing.T) {
	td := func(image string, memory string) []byte {
		return []byte(`{"family": "web", "containerDefinitions": [{"name": "web", "image": "` + image + `", "memory": ` + memory + `}]}`)
	}
	in := eksport.Input{Environments: []eksport.Environment{
		{Name: "staging", Files: []eksport.File{{Name: "staging/web.json", Data: td("web:2", "256")}}},
		{Name: "prod", Files: []eksport.File{{Name: "prod/web.json", Data: td("web:1", "1024")}}},
	}}
	cfg, d := config.Parse("eksport.yaml", []byte("namespace: shop\npartOf: Shop_App\n"))
	if len(d) > 0 {
		t.Fatal(d)
	}
	want := map[eksport.Format][]string{
		eksport.Raw:       {"prod/web-deployment.yaml", "staging/web-deployment.yaml", "prod/migration-checklist.md", "staging/migration-checklist.md"},
		eksport.Kustomize: {"base/kustomization.yaml", "base/web-deployment.yaml", "overlays/prod/kustomization.yaml", "overlays/staging/kustomization.yaml", "overlays/staging/patches/web-deployment.yaml", "overlays/prod/migration-checklist.md"},
		eksport.Helm:      {"Chart.yaml", "values.yaml", "values-prod.yaml", "values-staging.yaml", "templates/web/web-deployment.yaml", "environments/staging/migration-checklist.md"},
	}
	for _, format := range eksport.Formats {
		res, err := eksport.Translate(context.Background(), in, eksport.Options{Config: cfg, Format: format})
		if err != nil {
			t.Fatal(err)
		}
		if res.Diagnostics.HasErrors() {
			t.Fatalf("%s: %v", format, res.Diagnostics)
		}
		var names []string
		for _, e := range res.Environments {
			names = append(names, e.Name)
			if len(e.Objects) != 1 || e.Objects[0].Kind != "Deployment" {
				t.Errorf("%s: environment %s has %d objects", format, e.Name, len(e.Objects))
			}
		}
		if !slices.Equal(names, []string{"prod", "staging"}) {
			t.Errorf("%s: environments %v, want prod and staging in name order", format, names)
		}
		if len(res.Objects) != 2 {
			t.Errorf("%s: %d objects, want one per environment", format, len(res.Objects))
		}
		for _, p := range want[format] {
			if _, ok := res.Files.Lookup(p); !ok {
				t.Errorf("%s: no %s", format, p)
			}
		}
		if format == eksport.Helm {
			f, _ := res.Files.Lookup("Chart.yaml")
			if !strings.Contains(string(f.Data), "\nname: shop-app\n") {
				t.Errorf("chart not named after partOf:\n%s", f.Data)
			}
		}
	}
}
