// Command genschema extracts, once, the property paths of the resource
// types eksport reads from the CloudFormation resource specification as
// goformation pins it (its schema/cloudformation.schema.json, generated
// from the AWS CloudFormation resource specification), into
// translate/cloudformation/schema.json, which the disposition
// test checks the tables against.
//
//	go mod download github.com/awslabs/goformation/v7@v7.14.9
//	go run ./translate/cloudformation/internal/genschema
//
// A new version is a reviewed change: bump Version, run it, read the diff.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// Version is the goformation release the schema is taken from.
const Version = "v7.14.9"

// Types are the resource types eksport reads.
var Types = []string{
	"AWS::ECS::TaskDefinition", "AWS::ECS::Service", "AWS::ECS::Cluster",
	"AWS::ApplicationAutoScaling::ScalableTarget", "AWS::ApplicationAutoScaling::ScalingPolicy",
	"AWS::CloudWatch::Alarm",
	"AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::ListenerRule",
	"AWS::Events::Rule", "AWS::Scheduler::Schedule",
	"AWS::ServiceDiscovery::Service",
	"AWS::EFS::FileSystem", "AWS::EFS::AccessPoint",
	"AWS::IAM::Role",
	"AWS::SecretsManager::Secret", "AWS::SSM::Parameter",
	"AWS::CloudFormation::Stack",
}

type schema struct {
	Definitions map[string]def `json:"definitions"`
}

type def struct {
	Ref        string         `json:"$ref"`
	Type       any            `json:"type"`
	Items      *def           `json:"items"`
	Properties map[string]def `json:"properties"`
	AddProps   any            `json:"additionalProperties"`
	PatternPr  map[string]def `json:"patternProperties"`
}

func main() {
	out := "translate/cloudformation/schema.json"
	cmd := exec.Command("go", "env", "GOMODCACHE")
	b, err := cmd.Output()
	if err != nil {
		fail(err)
	}
	src := filepath.Join(strings.TrimSpace(string(b)), "github.com/awslabs/goformation/v7@"+Version, "schema/cloudformation.schema.json")
	data, err := os.ReadFile(src)
	if err != nil {
		fail(fmt.Errorf("%v (run go mod download github.com/awslabs/goformation/v7@%s)", err, Version))
	}
	var s schema
	if err := json.Unmarshal(data, &s); err != nil {
		fail(err)
	}
	result := map[string]any{"source": "github.com/awslabs/goformation/v7@" + Version + " schema/cloudformation.schema.json"}
	types := map[string][]string{}
	for _, t := range Types {
		d, ok := s.Definitions[t]
		if !ok {
			fail(fmt.Errorf("no %s in the schema", t))
		}
		props := d.Properties["Properties"]
		var paths []string
		walk(s, props, "", &paths, 0)
		slices.Sort(paths)
		types[t] = paths
	}
	result["types"] = types
	enc, _ := json.MarshalIndent(result, "", " ")
	if err := os.WriteFile(out, append(enc, '\n'), 0o644); err != nil {
		fail(err)
	}
}

// walk lists the property paths under d: "A", "A.B", "A[].B".
func walk(s schema, d def, prefix string, out *[]string, depth int) {
	if depth > 12 {
		return
	}
	if d.Ref != "" {
		d = s.Definitions[strings.TrimPrefix(d.Ref, "#/definitions/")]
	}
	if d.Items != nil {
		walk(s, *d.Items, prefix+"[]", out, depth+1)
		return
	}
	for _, name := range sortedKeys(d.Properties) {
		p := name
		if prefix != "" {
			p = prefix + "." + name
		}
		*out = append(*out, p)
		walk(s, d.Properties[name], p, out, depth+1)
	}
}

func sortedKeys(m map[string]def) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	slices.Sort(k)
	return k
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "genschema:", err)
	os.Exit(1)
}
