package terraform

import (
	"testing"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/source"
)

// TestConvertWhileEvaluating: a module call evaluated because a resource
// eksport does not translate reads it has its documents made while that
// resource is being evaluated; what making them reports is then the
// resource's, as when one goroutine did everything (an error becomes a
// terraform/eval-out-of-scope warning), not left for the end of the run.
func TestConvertWhileEvaluating(t *testing.T) {
	res, diags := Modules([]File{
		{Name: "m/main.tf", Data: []byte(`module "a" {
  source = "./a"
  x      = aws_security_group.sg.name
}

resource "aws_security_group" "sg" {
  name = module.b.name
}

module "b" {
  source = "./b"
}
`)},
		{Name: "m/a/main.tf", Data: []byte(`variable "x" {}` + "\n")},
		{Name: "m/b/main.tf", Data: []byte(`resource "aws_ecs_task_definition" "t" {
  family                = "t"
  container_definitions = "[{\"name\": "
}

output "name" {
  value = "n"
}
`)},
	}, Options{})
	var found bool
	for _, d := range diags {
		if d.Pos.File == "m/b/main.tf" && d.Pos.Line == 3 {
			found = true
			if d.Severity != diag.Warning || d.Code != "terraform/eval-out-of-scope" {
				t.Errorf("want the invalid JSON as a terraform/eval-out-of-scope warning, got %s", d)
			}
		}
	}
	if !found || len(res.Docs) != 1 {
		t.Fatalf("want one document and a diagnostic at m/b/main.tf:3, got %d documents and:\n%s", len(res.Docs), diags)
	}
}

// TestMadeThenPlaceholders: with --placeholders, a name that exists only
// at apply time becomes its placeholder in the documents once the module
// is evaluated; what Options.Made read before then is thrown away, so the
// caller reads the documents again.
func TestMadeThenPlaceholders(t *testing.T) {
	files := []File{{Name: "m/main.tf", Data: []byte(`variable "name" {}

resource "aws_ecs_task_definition" "app" {
  family                = var.name
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27" }])
}
`)}}
	for _, placeholders := range []bool{false, true} {
		var made int
		res, _ := Modules(files, Options{Placeholders: placeholders, Made: func(*source.Doc) any { made++; return made }})
		if made != 1 || len(res.Docs) != 1 {
			t.Fatalf("placeholders %v: Made called %d times for %d documents", placeholders, made, len(res.Docs))
		}
		if placeholders != (res.Made == nil) {
			t.Errorf("placeholders %v: Result.Made = %v", placeholders, res.Made)
		}
	}
}
