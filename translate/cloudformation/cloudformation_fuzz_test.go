package cloudformation_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/golden"
)

// FuzzCloudFormation runs the whole pipeline on an arbitrary template,
// alone and beside a second template (exports, nested stacks), with and
// without placeholders. It is seeded with the inputs of this package's
// cases (templates, parameters files, CDK manifests) and a few templates
// that stress the evaluator (condition cycles, self references, ForEach).
// A run never panics, every diagnostic is positioned, output exists only
// without errors and its manifests decode strictly.
func FuzzCloudFormation(f *testing.F) {
	for _, s := range []string{
		"Conditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Condition: A\n    Properties: {Family: x}\n",
		"Resources:\n  C:\n    Type: AWS::ECS::Cluster\n    Properties: {ClusterName: !Ref C}\n  S:\n    Type: AWS::ECS::Service\n    Properties: {Cluster: !Ref C, TaskDefinition: !Ref S}\n",
		"Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::L:\n    - X\n    - [a, b, c]\n    - T${X}:\n        Type: AWS::ECS::TaskDefinition\n        Properties:\n          Family: !Ref X\n          ContainerDefinitions: [{Name: !Ref X, Image: !Sub 'i:${X}', Memory: 64}]\n",
		"Resources:\n  N:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: b.yaml}\n",
		"{\"Resources\": {\"T\": {\"Type\": \"AWS::ECS::TaskDefinition\", \"Properties\": {\"Family\": {\"Fn::Select\": [9, {\"Fn::Cidr\": [\"10.0.0.0/8\", 256, 8]}]}}}}}",
	} {
		f.Add([]byte(s), []byte("Outputs:\n  O:\n    Value: v\n    Export: {Name: e}\nResources: {}\n"))
	}
	cases, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range cases {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			f.Fatal(err)
		}
		var ins [][]byte
		for _, file := range ar.Files {
			if strings.HasPrefix(file.Name, "in/") {
				ins = append(ins, file.Data)
			}
		}
		for i, in := range ins {
			other := []byte{}
			if len(ins) > 1 {
				other = ins[(i+1)%len(ins)]
			}
			f.Add(in, other)
		}
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		golden.CountExec()
		files := []eksport.File{{Name: "a.yaml", Data: a}}
		if len(b) > 0 {
			files = append(files, eksport.File{Name: "b.yaml", Data: b})
		}
		for _, placeholders := range []bool{false, true} {
			opts := eksport.Options{Placeholders: placeholders}
			opts.CloudFormation.Parameters = []string{"Env=prod", "Image=busybox"}
			res, err := eksport.Translate(context.Background(), eksport.Input{Files: files}, opts)
			if err != nil {
				t.Fatalf("internal error: %v", err)
			}
			golden.CheckResult(t, res)
		}
	})
}
