package terraform_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/golden"
)

// FuzzTerraform converts an arbitrary main.tf beside the files of the
// identity case's module: no panic, and every error is positioned. Seeds
// are the identity and apply-time cases' modules.
func FuzzTerraform(f *testing.F) {
	a, err := txtar.ParseFile(filepath.Join("testdata", "identity.txtar"))
	if err != nil {
		f.Fatal(err)
	}
	var rest []eksport.File
	for _, s := range a.Files {
		if name, ok := strings.CutPrefix(s.Name, "tf/"); ok {
			if name == "main.tf" || name == "modules/worker/main.tf" {
				f.Add(s.Data)
			}
			if name != "main.tf" {
				rest = append(rest, eksport.File{Name: name, Data: s.Data})
			}
		}
	}
	// The apply-time cases: data sources, computed attributes, jsonencode
	// of unresolved values.
	b, err := txtar.ParseFile(filepath.Join("testdata", "applytime.txtar"))
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range b.Files {
		if strings.HasSuffix(s.Name, "/main.tf") {
			f.Add(s.Data)
		}
	}
	f.Add([]byte("resource \"aws_ecs_service\" \"x\" {\n  count = 2\n  name = \"s${count.index}\"\n  task_definition = \"x\"\n}\n"))
	f.Add([]byte("locals { a = local.a }\nresource \"aws_ecs_task_definition\" \"t\" { family = local.a }\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		golden.CountExec()
		in := append([]eksport.File{{Name: "main.tf", Data: data}}, rest...)
		res, err := eksport.Translate(context.Background(), eksport.Input{Files: in}, eksport.Options{NoReport: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Diagnostics {
			if d.Pos.File == "" {
				t.Errorf("unpositioned diagnostic: %s [%s]", d.Message, d.Code)
			}
		}
	})
}
