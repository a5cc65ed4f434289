package cloudformation

import (
	"testing"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/source"
)

// TestBuildReleasesTemplates: once Build has made the set, no template's
// tree is held (the Result lives on through the later stages), and the
// set is whole.
func TestBuildReleasesTemplates(t *testing.T) {
	files := map[string]string{
		"net.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Log:
    Type: AWS::Logs::LogGroup
Outputs:
  Cluster:
    Value: arn:aws:ecs:us-east-1:123456789012:cluster/main
    Export: {Name: main-cluster}
`,
		"web.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: web
      ContainerDefinitions:
        - {Name: app, Image: nginx, Memory: 128}
  Service:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: web
      Cluster: !ImportValue main-cluster
      TaskDefinition: !Ref Task
`,
	}
	var docs []*source.Doc
	for _, name := range []string{"net.yaml", "web.yaml"} {
		d, pd := source.Parse(name, []byte(files[name]))
		if pd.HasErrors() {
			t.Fatal(pd)
		}
		docs = append(docs, d...)
	}
	var diags diag.List
	res := Build(docs, Options{}, &diags)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, d := range docs {
		if d.Root != nil {
			t.Errorf("%s: the template's tree is still held after Build", d.File)
		}
	}
	if len(res.run.stacks) != 0 || len(res.run.exports) != 0 {
		t.Errorf("the Result still holds %d stacks and %d exports", len(res.run.stacks), len(res.run.exports))
	}
	if len(res.Set.TaskDefs) != 1 || len(res.Set.Services) != 1 {
		t.Fatalf("set: %d task definitions, %d services; want 1 and 1", len(res.Set.TaskDefs), len(res.Set.Services))
	}
}
