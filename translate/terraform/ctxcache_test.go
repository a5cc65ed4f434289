package terraform

import (
	"fmt"
	"strings"
	"testing"

	"github.com/eksport/eksport/translate/ir"
)

// TestSharedContexts: expressions that read the same settled values (a
// variable with a value, a local, a resource evaluated) share one
// context from the second on; a value made where it is read (a variable
// without a value) keeps the position of each reference.
func TestSharedContexts(t *testing.T) {
	var b strings.Builder
	b.WriteString(`variable "tag" {
  default = "1.0"
}
variable "image" {}
locals {
  registry = "r.example.com"
}
`)
	for i := range 4 {
		fmt.Fprintf(&b, `resource "aws_ecs_task_definition" "t%d" {
  family                = "t%d"
  pid_mode              = "${local.registry}${var.tag}"
  container_definitions = jsonencode([{ name = "app", image = "${local.registry}/a:${var.tag}", environment = [{ name = "I", value = var.image }] }])
}
`, i, i)
	}
	files := []File{{Name: "m/main.tf", Data: []byte(b.String())}}
	r := newRun(files, Options{AccountID: "111122223333", Region: "eu-west-1"})
	m := r.load("m", nil, "")
	r.conv = newConverter(r)
	m.root = true
	r.evaluate(m)
	r.conv.finish()
	if len(m.ctxCache) == 0 {
		t.Errorf("no context shared")
	}
	for key := range m.ctxCache {
		if strings.Contains(key, "var.image") {
			t.Errorf("a context holding a value made where it is read is shared: %q", key)
		}
	}
	if len(r.docs) != 4 {
		t.Fatalf("%d documents", len(r.docs))
	}
	lines := map[int]bool{}
	for i := range r.docs {
		for _, u := range ir.FindUnresolved(docText(t, r.docs[i])) {
			if u.Name == "var.image" {
				lines[u.Pos.Line] = true
			}
		}
	}
	if len(lines) != 4 {
		t.Errorf("var.image is read on 4 lines, its values are positioned on %v", lines)
	}
}
