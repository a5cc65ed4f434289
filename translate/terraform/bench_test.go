package terraform_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/terraform"
)

// benchModule generates a root module of n services, one file each: a
// task definition whose container definitions are a jsonencode of locals
// and variables, and its service, in a cluster and with a role the
// module declares.
func benchModule(n int) []eksport.File {
	files := []eksport.File{{Name: "bench/main.tf", Data: []byte(`
variable "region" {
  default = "eu-west-1"
}
variable "tag" {
  default = "1.0.0"
}
locals {
  registry = "111122223333.dkr.ecr.${var.region}.amazonaws.com"
  env      = [{ name = "REGION", value = var.region }]
}
resource "aws_ecs_cluster" "main" {
  name = "main"
}
resource "aws_iam_role" "task" {
  name               = "task"
  assume_role_policy = "{}"
}
`)}}
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, `resource "aws_ecs_task_definition" "s%04d" {
  family                   = "svc-%04d"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  task_role_arn            = aws_iam_role.task.arn
  container_definitions = jsonencode([{
    name         = "app"
    image        = "${local.registry}/svc-%04d:${var.tag}"
    essential    = true
    portMappings = [{ containerPort = 8080, protocol = "tcp" }]
    environment  = concat(local.env, [{ name = "INDEX", value = "%d" }])
  }])
}

resource "aws_ecs_service" "s%04d" {
  name            = aws_ecs_task_definition.s%04d.family
  cluster         = aws_ecs_cluster.main.arn
  task_definition = aws_ecs_task_definition.s%04d.arn
  desired_count   = 2
  launch_type     = "FARGATE"
}
`, i, i, i, i, i, i, i)
		files = append(files, eksport.File{Name: fmt.Sprintf("bench/svc-%04d.tf", i), Data: []byte(b.String())})
	}
	return files
}

const benchServices = 1000

// BenchmarkModuleParseHCL is the floor: parsing the module's HCL only.
func BenchmarkModuleParseHCL(b *testing.B) {
	files := benchModule(benchServices)
	for b.Loop() {
		p := hclparse.NewParser()
		for _, f := range files {
			if _, d := p.ParseHCL(f.Data, f.Name); d.HasErrors() {
				b.Fatal(d)
			}
		}
	}
}

// BenchmarkModuleEvaluate parses and evaluates the module into the ECS
// documents.
func BenchmarkModuleEvaluate(b *testing.B) {
	files := benchModule(benchServices)
	tf := make([]terraform.File, len(files))
	for i, f := range files {
		tf[i] = terraform.File{Name: f.Name, Data: f.Data}
	}
	for b.Loop() {
		res, d := terraform.Modules(tf, terraform.Options{AccountID: "111122223333"})
		if d.HasErrors() || len(res.Docs) != 2*benchServices {
			b.Fatalf("%d docs: %v", len(res.Docs), d)
		}
	}
}

// BenchmarkModuleConvert converts the module to raw manifests: the whole
// pipeline.
func BenchmarkModuleConvert(b *testing.B) {
	files := benchModule(benchServices)
	cfg, _ := config.Parse("eksport.yaml", []byte("cluster:\n  accountId: \"111122223333\"\n"))
	for b.Loop() {
		res, err := eksport.Translate(context.Background(), eksport.Input{Files: files}, eksport.Options{Config: cfg, NoReport: true, DropInfo: true})
		if err != nil || res.Files == nil {
			b.Fatalf("%v %v", err, res.Diagnostics)
		}
	}
}
