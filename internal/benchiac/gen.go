package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The four generators below write the same application of n services in
// four forms: each service a Fargate task definition of one container
// (image, port, environment), its ECS service of two tasks in the cluster
// "main", a scalable target of 2 to 10 tasks and a CPU target tracking
// policy. Only the syntax differs, so that each front-end's cost is
// compared with the AWS CLI JSON batch of the same content.

const (
	account = "111122223333"
	region  = "eu-west-1"
	cluster = "arn:aws:ecs:" + region + ":" + account + ":cluster/main"
)

func write(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

func marshal(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

type obj = map[string]any

// cliJSON writes the AWS CLI JSON batch: for each service a
// describe-task-definition, a describe-services, a
// describe-scalable-targets and a describe-scaling-policies output. The
// same folder is what the fake AWS serves to eksport import.
func cliJSON(dir string, n int) error {
	for i := range n {
		name := fmt.Sprintf("svc-%05d", i)
		tdARN := fmt.Sprintf("arn:aws:ecs:%s:%s:task-definition/%s:3", region, account, name)
		td := obj{"taskDefinition": obj{
			"taskDefinitionArn":       tdARN,
			"family":                  name,
			"revision":                3,
			"status":                  "ACTIVE",
			"networkMode":             "awsvpc",
			"requiresCompatibilities": []any{"FARGATE"},
			"cpu":                     "256",
			"memory":                  "512",
			"taskRoleArn":             "arn:aws:iam::" + account + ":role/task",
			"containerDefinitions": []any{obj{
				"name":         "app",
				"image":        fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s:1.2.3", account, region, name),
				"essential":    true,
				"portMappings": []any{obj{"containerPort": 8080, "protocol": "tcp"}},
				"environment": []any{
					obj{"name": "REGION", "value": region},
					obj{"name": "INDEX", "value": fmt.Sprint(i)},
				},
			}},
		}}
		svc := obj{"services": []any{obj{
			"serviceArn":     fmt.Sprintf("arn:aws:ecs:%s:%s:service/main/%s", region, account, name),
			"serviceName":    name,
			"clusterArn":     cluster,
			"taskDefinition": tdARN,
			"desiredCount":   2,
			"launchType":     "FARGATE",
			"status":         "ACTIVE",
		}}}
		rid := "service/main/" + name
		target := obj{"ScalableTargets": []any{obj{
			"ServiceNamespace": "ecs", "ResourceId": rid, "ScalableDimension": "ecs:service:DesiredCount",
			"MinCapacity": 2, "MaxCapacity": 10,
		}}}
		policy := obj{"ScalingPolicies": []any{obj{
			"PolicyName": name + "-cpu", "ServiceNamespace": "ecs", "ResourceId": rid,
			"ScalableDimension": "ecs:service:DesiredCount", "PolicyType": "TargetTrackingScaling",
			"TargetTrackingScalingPolicyConfiguration": obj{
				"TargetValue":                   60.0,
				"PredefinedMetricSpecification": obj{"PredefinedMetricType": "ECSServiceAverageCPUUtilization"},
			},
		}}}
		for sub, doc := range map[string]any{"taskdefs": td, "services": svc, "scaling-targets": target, "scaling-policies": policy} {
			if err := write(filepath.Join(dir, sub, name+".json"), marshal(doc)); err != nil {
				return err
			}
		}
	}
	return nil
}

// terraformModule writes a root module as a platform team keeps one:
// variables in variables.tf with their values in terraform.tfvars, locals
// and the shared resources in main.tf, the services ten to a file, and
// every tenth service through a local module (modules/service) instead.
func terraformModule(dir string, n int) error {
	files := map[string]string{
		"variables.tf": `variable "region" {
  type    = string
  default = "eu-west-1"
}
variable "tag" {
  type = string
}
variable "desired_count" {
  type = number
}
`,
		"terraform.tfvars": "tag           = \"1.2.3\"\ndesired_count = 2\n",
		"main.tf": `locals {
  registry = "111122223333.dkr.ecr.${var.region}.amazonaws.com"
  env      = [{ name = "REGION", value = var.region }]
}
resource "aws_ecs_cluster" "main" {
  name = "main"
}
resource "aws_iam_role" "task" {
  name               = "task"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
`,
		"modules/service/main.tf": `variable "name" {
  type = string
}
variable "image" {
  type = string
}
variable "env" {
  type = list(map(string))
}
variable "cluster_arn" {
  type = string
}
variable "role_arn" {
  type = string
}
variable "desired_count" {
  type = number
}
resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  task_role_arn            = var.role_arn
  container_definitions = jsonencode([{
    name         = "app"
    image        = var.image
    essential    = true
    portMappings = [{ containerPort = 8080, protocol = "tcp" }]
    environment  = var.env
  }])
}
resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"
}
resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  resource_id        = "service/main/${aws_ecs_service.this.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 2
  max_capacity       = 10
}
resource "aws_appautoscaling_policy" "cpu" {
  name               = "${var.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
`,
	}
	var b strings.Builder
	for i := range n {
		name := fmt.Sprintf("svc-%05d", i)
		if i%10 == 9 {
			fmt.Fprintf(&b, `module "s%05d" {
  source        = "./modules/service"
  name          = %q
  image         = "${local.registry}/%s:${var.tag}"
  env           = concat(local.env, [{ name = "INDEX", value = "%d" }])
  cluster_arn   = aws_ecs_cluster.main.arn
  role_arn      = aws_iam_role.task.arn
  desired_count = var.desired_count
}
`, i, name, name, i)
		} else {
			fmt.Fprintf(&b, `resource "aws_ecs_task_definition" "s%05[1]d" {
  family                   = %[2]q
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  task_role_arn            = aws_iam_role.task.arn
  container_definitions = jsonencode([{
    name         = "app"
    image        = "${local.registry}/%[2]s:${var.tag}"
    essential    = true
    portMappings = [{ containerPort = 8080, protocol = "tcp" }]
    environment  = concat(local.env, [{ name = "INDEX", value = "%[1]d" }])
  }])
}
resource "aws_ecs_service" "s%05[1]d" {
  name            = aws_ecs_task_definition.s%05[1]d.family
  cluster         = aws_ecs_cluster.main.arn
  task_definition = aws_ecs_task_definition.s%05[1]d.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"
}
resource "aws_appautoscaling_target" "s%05[1]d" {
  service_namespace  = "ecs"
  resource_id        = "service/main/${aws_ecs_service.s%05[1]d.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 2
  max_capacity       = 10
}
resource "aws_appautoscaling_policy" "s%05[1]d" {
  name               = "%[2]s-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.s%05[1]d.service_namespace
  resource_id        = aws_appautoscaling_target.s%05[1]d.resource_id
  scalable_dimension = aws_appautoscaling_target.s%05[1]d.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
`, i, name)
		}
		if i%10 == 9 || i == n-1 {
			files[fmt.Sprintf("services-%05d.tf", i/10*10)] = b.String()
			b.Reset()
		}
	}
	for name, text := range files {
		if err := write(filepath.Join(dir, filepath.FromSlash(name)), []byte(text)); err != nil {
			return err
		}
	}
	return nil
}

// cloudFormation writes one template per 100 services (400 resources:
// CloudFormation allows 500 a template), with the intrinsics real
// templates use (Sub, Ref, GetAtt, FindInMap, If on a condition, Join).
func cloudFormation(dir string, n int) error {
	var b strings.Builder
	head := `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
    AllowedValues: [prod, staging]
  Registry:
    Type: String
    Default: 111122223333.dkr.ecr.eu-west-1.amazonaws.com
  ClusterArn:
    Type: String
    Default: arn:aws:ecs:eu-west-1:111122223333:cluster/main
Mappings:
  Size:
    prod: {Cpu: "256", Memory: "512", Count: 2}
    staging: {Cpu: "256", Memory: "512", Count: 1}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
`
	for i := range n {
		if i%100 == 0 {
			b.WriteString(head)
		}
		fmt.Fprintf(&b, `  Task%[1]d:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: svc-%05[1]d
      NetworkMode: awsvpc
      RequiresCompatibilities: [FARGATE]
      Cpu: !FindInMap [Size, !Ref Env, Cpu]
      Memory: !FindInMap [Size, !Ref Env, Memory]
      TaskRoleArn: !Sub "arn:aws:iam::${AWS::AccountId}:role/task"
      ContainerDefinitions:
        - Name: app
          Image: !Sub "${Registry}/svc-%05[1]d:1.2.3"
          Essential: true
          PortMappings:
            - ContainerPort: 8080
              Protocol: tcp
          Environment:
            - Name: REGION
              Value: !Ref AWS::Region
            - Name: INDEX
              Value: !Join ["", ["%[1]d"]]
            - Name: MODE
              Value: !If [IsProd, production, staging]
  Service%[1]d:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: svc-%05[1]d
      Cluster: !Ref ClusterArn
      TaskDefinition: !Ref Task%[1]d
      DesiredCount: !FindInMap [Size, !Ref Env, Count]
      LaunchType: FARGATE
  Target%[1]d:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    Properties:
      ServiceNamespace: ecs
      ScalableDimension: ecs:service:DesiredCount
      ResourceId: !Sub "service/main/${Service%[1]d.Name}"
      MinCapacity: 2
      MaxCapacity: 10
  Cpu%[1]d:
    Type: AWS::ApplicationAutoScaling::ScalingPolicy
    Properties:
      PolicyName: svc-%05[1]d-cpu
      PolicyType: TargetTrackingScaling
      ScalingTargetId: !Ref Target%[1]d
      TargetTrackingScalingPolicyConfiguration:
        TargetValue: 60
        PredefinedMetricSpecification: {PredefinedMetricType: ECSServiceAverageCPUUtilization}
`, i)
		if i%100 == 99 || i == n-1 {
			if err := write(filepath.Join(dir, fmt.Sprintf("stack-%03d.yaml", i/100)), []byte(b.String())); err != nil {
				return err
			}
			b.Reset()
		}
	}
	return nil
}

// plan writes the output of terraform show -json for a plan of the same
// services (planned values only, every value known, as after a first
// apply).
func plan(p string, n int) error {
	res := []any{
		planRes("aws_ecs_cluster", "main", obj{"name": "main", "arn": cluster}),
		planRes("aws_iam_role", "task", obj{"name": "task", "arn": "arn:aws:iam::" + account + ":role/task", "assume_role_policy": `{"Statement":[],"Version":"2012-10-17"}`}),
	}
	for i := range n {
		name := fmt.Sprintf("svc-%05d", i)
		r := fmt.Sprintf("s%05d", i)
		defs := marshal([]any{obj{
			"name": "app", "image": fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s:1.2.3", account, region, name), "essential": true,
			"portMappings": []any{obj{"containerPort": 8080, "protocol": "tcp"}},
			"environment":  []any{obj{"name": "REGION", "value": region}, obj{"name": "INDEX", "value": fmt.Sprint(i)}},
		}})
		tdARN := fmt.Sprintf("arn:aws:ecs:%s:%s:task-definition/%s:3", region, account, name)
		rid := "service/main/" + name
		res = append(res,
			planRes("aws_ecs_task_definition", r, obj{
				"family": name, "network_mode": "awsvpc", "requires_compatibilities": []any{"FARGATE"}, "cpu": "256", "memory": "512",
				"task_role_arn": "arn:aws:iam::" + account + ":role/task", "container_definitions": strings.TrimSpace(string(defs)),
				"arn": tdARN, "revision": 3,
			}),
			planRes("aws_ecs_service", r, obj{
				"name": name, "cluster": cluster, "task_definition": tdARN, "desired_count": 2, "launch_type": "FARGATE",
			}),
			planRes("aws_appautoscaling_target", r, obj{
				"service_namespace": "ecs", "resource_id": rid, "scalable_dimension": "ecs:service:DesiredCount", "min_capacity": 2, "max_capacity": 10,
			}),
			planRes("aws_appautoscaling_policy", r, obj{
				"name": name + "-cpu", "policy_type": "TargetTrackingScaling", "service_namespace": "ecs", "resource_id": rid,
				"scalable_dimension": "ecs:service:DesiredCount",
				"target_tracking_scaling_policy_configuration": []any{obj{
					"target_value":                    60,
					"predefined_metric_specification": []any{obj{"predefined_metric_type": "ECSServiceAverageCPUUtilization"}},
				}},
			}),
		)
	}
	// terraform show -json writes one line, format_version first.
	doc := struct {
		FormatVersion    string `json:"format_version"`
		TerraformVersion string `json:"terraform_version"`
		Variables        obj    `json:"variables"`
		PlannedValues    obj    `json:"planned_values"`
	}{"1.2", "1.9.8", obj{"region": obj{"value": region}}, obj{"root_module": obj{"resources": res}}}
	data, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	return write(p, append(data, '\n'))
}

func planRes(typ, name string, values obj) obj {
	return obj{
		"address": typ + "." + name, "mode": "managed", "type": typ, "name": name,
		"provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
		"values": values, "sensitive_values": obj{},
	}
}
