package cloudformation_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/source"
)

// template1000 generates one template of n services: each a task
// definition, a service, a scalable target and a target tracking policy,
// written with the intrinsics real templates use (Sub, Ref, GetAtt,
// FindInMap, If on a condition, Join).
func template1000(n int) []byte {
	var b strings.Builder
	b.WriteString(`AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
    AllowedValues: [prod, staging]
  Registry:
    Type: String
    Default: 123456789012.dkr.ecr.us-east-1.amazonaws.com
Mappings:
  Size:
    prod: {Cpu: "512", Memory: "1024", Count: 3}
    staging: {Cpu: "256", Memory: "512", Count: 1}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !Sub "${Env}-cluster"
`)
	for i := range n {
		fmt.Fprintf(&b, `  Task%[1]d:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: !Sub "app%[1]d-${Env}"
      NetworkMode: awsvpc
      RequiresCompatibilities: [FARGATE]
      Cpu: !FindInMap [Size, !Ref Env, Cpu]
      Memory: !FindInMap [Size, !Ref Env, Memory]
      ContainerDefinitions:
        - Name: app
          Image: !Sub "${Registry}/app%[1]d:1.%[1]d"
          PortMappings:
            - ContainerPort: 8080
          Environment:
            - Name: MODE
              Value: !If [IsProd, production, staging]
            - Name: PEERS
              Value: !Join [",", [a, b, !Ref Env]]
  Service%[1]d:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: !Sub "app%[1]d"
      Cluster: !Ref Cluster
      TaskDefinition: !Ref Task%[1]d
      DesiredCount: !FindInMap [Size, !Ref Env, Count]
      LaunchType: FARGATE
      DeploymentConfiguration: {MinimumHealthyPercent: 50, MaximumPercent: 200}
  Target%[1]d:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    Properties:
      ServiceNamespace: ecs
      ScalableDimension: ecs:service:DesiredCount
      ResourceId: !Sub "service/${Cluster}/${Service%[1]d.Name}"
      MinCapacity: 2
      MaxCapacity: 10
  Cpu%[1]d:
    Type: AWS::ApplicationAutoScaling::ScalingPolicy
    Properties:
      PolicyName: !Sub "app%[1]d-cpu"
      PolicyType: TargetTrackingScaling
      ScalingTargetId: !Ref Target%[1]d
      TargetTrackingScalingPolicyConfiguration:
        TargetValue: 60
        PredefinedMetricSpecification: {PredefinedMetricType: ECSServiceAverageCPUUtilization}
`, i)
	}
	return []byte(b.String())
}

func benchOptions(tb testing.TB) eksport.Options {
	cfg, d := config.Parse("eksport.yaml", []byte("region: us-east-1\ncluster:\n  accountId: \"123456789012\"\n"))
	if d.HasErrors() {
		tb.Fatal(d)
	}
	return eksport.Options{Config: cfg, NoReport: true, DropInfo: true}
}

// floor parses the template, decodes it and writes it back as YAML: what
// any tool must do with the input, the same floor internal/bench uses.
func floor(tb testing.TB, data []byte) {
	docs, d := source.Parse("app.yaml", data)
	if d.HasErrors() {
		tb.Fatal(d)
	}
	var v any
	if err := docs[0].Root.Decode(&v); err != nil {
		tb.Fatal(err)
	}
	if _, err := yaml.Marshal(v); err != nil {
		tb.Fatal(err)
	}
}

func convert(tb testing.TB, data []byte, opts eksport.Options) {
	in := eksport.Input{Files: []eksport.File{{Name: "app.yaml", Data: data}}}
	res, err := eksport.Translate(context.Background(), in, opts)
	if err != nil || res.Files == nil {
		tb.Fatal(err, res.Diagnostics.Sorted()[:min(5, len(res.Diagnostics))])
	}
}

// BenchmarkTemplate1000 converts a template of 1,000 services (4,001
// resources) to raw manifests; BenchmarkTemplate1000Floor only parses,
// decodes and re-encodes it.
func BenchmarkTemplate1000(b *testing.B) {
	data, opts := template1000(1000), benchOptions(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		convert(b, data, opts)
	}
}

func BenchmarkTemplate1000Floor(b *testing.B) {
	data := template1000(1000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		floor(b, data)
	}
}

// TestTemplate1000Ratio checks the target: converting the template of
// 1,000 services takes at most twice the floor. Timing needs a quiet
// machine: it runs with EKSPORT_BENCH=1 (make bench sets it).
func TestTemplate1000Ratio(t *testing.T) {
	if os.Getenv("EKSPORT_BENCH") == "" {
		t.Skip("timing test; set EKSPORT_BENCH=1")
	}
	data, opts := template1000(1000), benchOptions(t)
	best := func(f func()) time.Duration {
		var m time.Duration
		for i := range 5 {
			start := time.Now()
			f()
			if d := time.Since(start); i == 0 || d < m {
				m = d
			}
		}
		return m
	}
	conv := best(func() { convert(t, data, opts) })
	fl := best(func() { floor(t, data) })
	ratio := float64(conv) / float64(fl)
	t.Logf("1,000 services (%d KiB): convert %v, floor %v, ratio %.2f (target ≤ 2)", len(data)>>10, conv, fl, ratio)
	if ratio > 2 {
		t.Errorf("converting takes %.2f× the floor; the target is 2×", ratio)
	}
}
