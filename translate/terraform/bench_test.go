package terraform_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

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
		parseModule(b, files)
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

// benchOptions are the options eksport convert -o DIR runs with: the
// report (checklist and trust policies) on, informational diagnostics
// counted but not kept.
func benchOptions(tb testing.TB) eksport.Options {
	cfg, d := config.Parse("eksport.yaml", []byte("cluster:\n  accountId: \"111122223333\"\n"))
	if d.HasErrors() {
		tb.Fatal(d)
	}
	return eksport.Options{Config: cfg, DropInfo: true}
}

func convertModule(tb testing.TB, files []eksport.File, opts eksport.Options) {
	res, err := eksport.Translate(context.Background(), eksport.Input{Files: files}, opts)
	if err != nil || res.Files == nil {
		tb.Fatalf("%v %v", err, res.Diagnostics.Sorted()[:min(5, len(res.Diagnostics))])
	}
}

// parseModule is the floor: parsing the module's HCL, and nothing else.
func parseModule(tb testing.TB, files []eksport.File) {
	p := hclparse.NewParser()
	for _, f := range files {
		if _, d := p.ParseHCL(f.Data, f.Name); d.HasErrors() {
			tb.Fatal(d)
		}
	}
}

// BenchmarkModuleConvert converts the module to raw manifests as the CLI
// does with -o: the whole pipeline, the report included.
func BenchmarkModuleConvert(b *testing.B) {
	files, opts := benchModule(benchServices), benchOptions(b)
	for b.Loop() {
		convertModule(b, files, opts)
	}
}

// BenchmarkModuleConvertNoReport is BenchmarkModuleConvert without the
// report, as a library caller that only wants the manifests.
func BenchmarkModuleConvertNoReport(b *testing.B) {
	files, opts := benchModule(benchServices), benchOptions(b)
	opts.NoReport = true
	for b.Loop() {
		convertModule(b, files, opts)
	}
}

// TestModule1000Ratio checks issue #14's target: converting a module
// folder of 1,000 services, as the CLI does, takes at most twice the time
// of parsing its HCL. Timing needs a quiet machine: it runs with
// EKSPORT_BENCH=1 (make bench sets it). Each side's best of 5 runs
// interleaved, so that a busy moment weighs on both.
func TestModule1000Ratio(t *testing.T) {
	if os.Getenv("EKSPORT_BENCH") == "" {
		t.Skip("timing test; set EKSPORT_BENCH=1")
	}
	files, opts := benchModule(benchServices), benchOptions(t)
	var size int
	for _, f := range files {
		size += len(f.Data)
	}
	timed := func(f func()) time.Duration {
		start := time.Now()
		f()
		return time.Since(start)
	}
	var conv, fl time.Duration
	for i := range 5 {
		c := timed(func() { convertModule(t, files, opts) })
		p := timed(func() { parseModule(t, files) })
		if i == 0 || c < conv {
			conv = c
		}
		if i == 0 || p < fl {
			fl = p
		}
	}
	ratio := float64(conv) / float64(fl)
	t.Logf("1,000 services (%d files, %d KiB): convert %v, parse %v, ratio %.2f (target ≤ 2)", len(files), size>>10, conv, fl, ratio)
	if ratio > 2 {
		t.Errorf("converting takes %.2f× parsing the HCL; the target is 2×", ratio)
	}
}
