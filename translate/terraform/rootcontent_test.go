package terraform

import (
	"fmt"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
)

// TestRootContentAsPartialContent: rootContent gives the blocks and
// diagnostics PartialContent(rootSchema) gives, wrong labels and other
// syntaxes included.
func TestRootContentAsPartialContent(t *testing.T) {
	for i, src := range []string{
		`variable "a" {}
locals { x = 1 }
resource "aws_ecs_service" "s" { name = "s" }
data "aws_region" "r" {}
module "m" { source = "./m" }
provider "aws" { region = "eu-west-1" }
terraform { required_version = ">= 1" }
unknown "x" "y" {}
top = 1
output "o" { value = 1 }`,
		`resource "aws_ecs_service" {}`,
		`resource "a" "b" "c" {}`,
		`locals "x" {}`,
		`moved { from = a.b }`,
		``,
	} {
		f, d := hclsyntax.ParseConfig([]byte(src), "m/main.tf", hcl.InitialPos)
		if d.HasErrors() {
			t.Fatalf("%d: %v", i, d)
		}
		check(t, i, f.Body)
	}
	f, d := hcljson.Parse([]byte(`{"resource": {"aws_ecs_service": {"s": {"name": "s"}}}, "locals": {"x": 1}}`), "m/main.tf.json")
	if d.HasErrors() {
		t.Fatal(d)
	}
	check(t, 99, f.Body)
}

func check(t *testing.T, i int, body hcl.Body) {
	t.Helper()
	want, _, wd := body.PartialContent(rootSchema)
	got, gd := rootContent(body)
	show := func(c *hcl.BodyContent, d hcl.Diagnostics) string {
		s := fmt.Sprintf("%d attrs, missing %v;", len(c.Attributes), c.MissingItemRange)
		for _, b := range c.Blocks {
			s += fmt.Sprintf(" %s%q@%v", b.Type, b.Labels, b.DefRange)
		}
		for _, x := range d {
			s += " | " + x.Error()
		}
		return s
	}
	if g, w := show(got, gd), show(want, wd); g != w {
		t.Errorf("%d:\n got %s\nwant %s", i, g, w)
	}
}
