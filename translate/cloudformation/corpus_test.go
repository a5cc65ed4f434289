package cloudformation_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
)

// corpusInputs are the CloudFormation inputs of the shared corpus: each
// template of corpus/cloudformation on its own, and the template sets
// and CDK output of corpus/repos as wholes.
var corpusInputs = []struct {
	path string
	// params are the --parameter-overrides a user of the template gives
	// (for the Copilot stack, what Copilot's pipeline passes).
	params []string
	// allowed are error codes a run with placeholders may still give, and
	// why: real refusals of the ECS front-end, not deploy-time values.
	allowed map[string]string
}{
	{path: "corpus/cloudformation/appmesh-ecs-basics-meshify.yaml", allowed: map[string]string{
		"ecs/proxy-configuration-unsupported": "App Mesh reached end of support; the ECS front-end refuses its proxy",
		"ecs/unresolved-task-definition":      "the services' task definitions are refused for their App Mesh proxy",
	}},
	{path: "corpus/cloudformation/cfn-templates-ec2-public-service.yaml"},
	{path: "corpus/cloudformation/cfn-templates-fargate-private-subnet-public-service.json"},
	{path: "corpus/cloudformation/copilot-windows-fargate-service.yml", params: []string{
		"AppName=demo", "EnvName=test", "WorkloadName=windows-fe", "ContainerImage=mcr.microsoft.com/windows/servercore/iis:latest",
		"ContainerPort=80", "TaskCPU=1024", "TaskMemory=2048", "TaskCount=1", "DNSDelegated=false", "LogRetention=30",
		"TargetContainer=windows-fe", "TargetPort=80", "HTTPSEnabled=false", "RulePath=/", "ArtifactKeyARN=arn:aws:kms:us-east-1:123456789012:key/k",
	}},
	{path: "corpus/cloudformation/nathanpeck-fargate-private-subnet-private-lb.yml"},
	{path: "corpus/cloudformation/refarch-ecs-cluster-ec2-asg.yaml"},
	{path: "corpus/cloudformation/refarch-product-service.yaml"},
	{path: "corpus/cloudformation/refarch-website-service-stepscaling.yaml"},
	{path: "corpus/scaling/copilot-cfn-scalingpolicy-cpu-memory-fragment.yml", allowed: map[string]string{
		"aas/unresolved-service": "a Resources fragment: its service is in the template it was cut from",
	}},
	{path: "corpus/repos/cdk-out-2048-fargate"},
	{path: "corpus/repos/cfn-canary-blue-green"},
	{path: "corpus/repos/cfn-refarch-continuous-deployment"},
}

// TestCorpus converts every CloudFormation input of the shared corpus:
// each converts, or stops only on values known at deploy time, each named
// at its position (unresolved/value); never "unknown input". With
// --placeholders the same run has no error left but the allowed ones, and
// its manifests pass the in-process checks.
func TestCorpus(t *testing.T) {
	shared := golden.Shared(t)
	cfg, cd := config.Parse("eksport.yaml", []byte("region: us-east-1\ncluster:\n  accountId: \"123456789012\"\n"))
	if cd.HasErrors() {
		t.Fatal(cd)
	}
	for _, c := range corpusInputs {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			in, err := eksport.FromFS(os.DirFS(shared), c.path)
			if err != nil {
				t.Fatal(err)
			}
			opts := eksport.Options{Config: cfg, NoReport: true}
			opts.CloudFormation.Parameters = c.params
			res, err := eksport.Translate(context.Background(), in, opts)
			if err != nil {
				t.Fatal(err)
			}
			golden.CheckDiagnostics(t, res.Diagnostics)
			var unresolved int
			for _, d := range res.Diagnostics {
				switch {
				case d.Code == "input/unknown-shape":
					t.Errorf("not read: %s", d)
				case d.Code == "unresolved/value":
					unresolved++
					if d.Pos.Line == 0 || !strings.Contains(d.Message, " has no value") {
						t.Errorf("a deploy-time value without its position or name: %s", d)
					}
				}
			}
			opts.Placeholders = true
			res, err = eksport.Translate(context.Background(), in, opts)
			if err != nil {
				t.Fatal(err)
			}
			golden.CheckResult(t, res)
			var left []string
			for _, d := range res.Diagnostics {
				if d.Severity == diag.Error {
					if _, ok := c.allowed[d.Code]; !ok {
						t.Errorf("with placeholders: %s", d)
					}
					left = append(left, d.Code)
				}
			}
			for code := range c.allowed {
				if !slices.Contains(left, code) {
					t.Errorf("allowed error %s no longer happens; remove it from the test", code)
				}
			}
			if len(left) == 0 && res.Files == nil {
				t.Errorf("no output with placeholders")
			}
			t.Logf("%d deploy-time values; %d files with placeholders", unresolved, filesOf(res))
		})
	}
}

func filesOf(res *eksport.Result) int {
	if res.Files == nil {
		return 0
	}
	return len(res.Files.Files)
}
