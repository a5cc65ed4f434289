// Package gen writes realistic, varied ECS inputs for benchmarks and load
// tests: task definitions with one to four containers (an application and
// the sidecars people run beside it), ports, environment variables,
// secrets from Secrets Manager and Parameter Store, volumes (EFS with and
// without access points, bind mounts, scratch space), health checks and
// container dependencies; and, for some of them, an ECS service, its
// scalable target and a target-tracking or step scaling policy.
//
// The output depends only on the seed and the count, so benchmarks compare
// like with like across runs and machines.
package gen

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
)

// File is one generated input file.
type File struct {
	Name string // slash-separated, relative: taskdefs/app-00042.json
	Data []byte
}

// Inputs returns the files of n applications: n task definitions, and a
// service (with scaling for about half of those) for about a third of
// them. Files come sorted by name.
func Inputs(n int, seed uint64) []File {
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	var taskdefs, services, scaling []File
	for i := range n {
		a := app{rng: rng, name: fmt.Sprintf("app-%05d", i)}
		taskdefs = append(taskdefs, File{Name: "taskdefs/" + a.name + ".json", Data: marshal(a.taskDef())})
		if rng.IntN(3) != 0 {
			continue
		}
		services = append(services, File{Name: "services/" + a.name + ".json", Data: marshal(a.service())})
		if rng.IntN(2) == 0 {
			continue
		}
		policies, step := a.policies()
		if step {
			scaling = append(scaling, File{Name: "scaling/" + a.name + "-alarm.json", Data: marshal(a.alarm())})
		}
		scaling = append(scaling,
			File{Name: "scaling/" + a.name + "-policies.json", Data: marshal(policies)},
			File{Name: "scaling/" + a.name + "-targets.json", Data: marshal(a.targets())})
	}
	return append(append(scaling, services...), taskdefs...)
}

type obj = map[string]any

func marshal(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

const account = "111122223333"

type app struct {
	rng  *rand.Rand
	name string
	port int
}

func (a *app) pick(options ...string) string { return options[a.rng.IntN(len(options))] }

func (a *app) taskDef() obj {
	td := obj{
		"family":                  a.name,
		"networkMode":             "awsvpc",
		"requiresCompatibilities": []string{"FARGATE"},
		"executionRoleArn":        "arn:aws:iam::" + account + ":role/ecsTaskExecutionRole",
	}
	if a.rng.IntN(2) == 0 {
		td["taskRoleArn"] = fmt.Sprintf("arn:aws:iam::%s:role/%s-task", account, a.name)
	}
	var volumes []obj
	var mounts []obj
	switch a.rng.IntN(5) {
	case 0:
		auth := obj{"iam": "ENABLED"}
		if a.rng.IntN(2) == 0 {
			auth["accessPointId"] = fmt.Sprintf("fsap-%017x", a.rng.Uint64()>>4)
		}
		volumes = append(volumes, obj{"name": "shared", "efsVolumeConfiguration": obj{
			"fileSystemId": fmt.Sprintf("fs-%017x", a.rng.Uint64()>>4), "transitEncryption": "ENABLED", "authorizationConfig": auth}})
		mounts = append(mounts, obj{"sourceVolume": "shared", "containerPath": "/data"})
	case 1:
		volumes = append(volumes, obj{"name": "scratch"})
		mounts = append(mounts, obj{"sourceVolume": "scratch", "containerPath": "/tmp/scratch"})
	}
	a.port = []int{80, 3000, 8000, 8080, 9000}[a.rng.IntN(5)]
	main := a.container(a.name[4:], a.port, mounts)
	containers := []obj{main}
	var deps []obj
	for _, sidecar := range []string{"envoy", "log-router", "agent"} {
		if len(containers) == 4 || a.rng.IntN(3) != 0 {
			continue
		}
		c := obj{"name": sidecar, "essential": sidecar != "agent", "memoryReservation": 64 + a.rng.IntN(4)*32}
		switch sidecar {
		case "envoy":
			c["image"] = "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod"
			c["portMappings"] = []obj{{"containerPort": 9901, "protocol": "tcp"}}
			c["healthCheck"] = obj{"command": []string{"CMD-SHELL", "curl -s http://localhost:9901/server_info | grep state | grep -q LIVE"}, "interval": 5, "timeout": 2, "retries": 3, "startPeriod": 10}
			deps = append(deps, obj{"containerName": "envoy", "condition": "HEALTHY"})
		case "log-router":
			c["image"] = "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0"
			c["firelensConfiguration"] = obj{"type": "fluentbit"}
			deps = append(deps, obj{"containerName": "log-router", "condition": "START"})
		case "agent":
			c["image"] = "public.ecr.aws/datadog/agent:7"
			c["environment"] = []obj{{"name": "ECS_FARGATE", "value": "true"}, {"name": "DD_SITE", "value": "datadoghq.eu"}}
			c["secrets"] = []obj{{"name": "DD_API_KEY", "valueFrom": fmt.Sprintf("arn:aws:ssm:eu-west-1:%s:parameter/datadog/api-key", account)}}
		}
		containers = append(containers, c)
	}
	if a.rng.IntN(4) == 0 && len(containers) < 4 {
		containers = append(containers, obj{"name": "migrate", "image": main["image"], "essential": false,
			"command": []string{"migrate", "up"}, "memoryReservation": 128})
		deps = append(deps, obj{"containerName": "migrate", "condition": "SUCCESS"})
	}
	if len(deps) > 0 {
		main["dependsOn"] = deps
	}
	td["containerDefinitions"] = containers
	// Task-level sizes that hold the containers, as ECS requires.
	cpu := []int{256, 512, 1024, 2048}[a.rng.IntN(4)]
	cpu = max(cpu, 2*main["cpu"].(int))
	mem := 256
	for _, c := range containers {
		if m, ok := c["memory"].(int); ok {
			mem += m
		} else if m, ok := c["memoryReservation"].(int); ok {
			mem += m
		}
	}
	td["cpu"] = fmt.Sprint(cpu)
	td["memory"] = fmt.Sprint(max(2*cpu, (mem+511)/512*512))
	if len(volumes) > 0 {
		td["volumes"] = volumes
	}
	return td
}

func (a *app) container(name string, port int, mounts []obj) obj {
	c := obj{
		"name":         "app",
		"image":        fmt.Sprintf("%s.dkr.ecr.eu-west-1.amazonaws.com/%s:%d.%d.%d", account, name, a.rng.IntN(5), a.rng.IntN(20), a.rng.IntN(50)),
		"essential":    true,
		"cpu":          []int{0, 128, 256, 512}[a.rng.IntN(4)],
		"memory":       256 * (1 + a.rng.IntN(8)),
		"portMappings": []obj{{"name": "http", "containerPort": port, "protocol": "tcp", "appProtocol": a.pick("http", "http2", "grpc")}},
		"logConfiguration": obj{"logDriver": "awslogs", "options": obj{
			"awslogs-group": "/ecs/" + a.name, "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}},
	}
	if a.rng.IntN(3) == 0 {
		c["memoryReservation"] = c["memory"].(int) / 2
	}
	var env []obj
	for i := range a.rng.IntN(16) {
		env = append(env, obj{"name": fmt.Sprintf("SETTING_%02d", i), "value": a.pick("true", "false", "info", "eu-west-1", "https://api.example.com/v2", fmt.Sprint(a.rng.IntN(10000)))})
	}
	if len(env) > 0 {
		c["environment"] = env
	}
	var secrets []obj
	for i := range a.rng.IntN(6) {
		if i%2 == 0 {
			secrets = append(secrets, obj{"name": fmt.Sprintf("SECRET_%d", i), "valueFrom": fmt.Sprintf("arn:aws:secretsmanager:eu-west-1:%s:secret:%s/db-AbC%03d:password::", account, a.name, i)})
		} else {
			secrets = append(secrets, obj{"name": fmt.Sprintf("PARAM_%d", i), "valueFrom": fmt.Sprintf("arn:aws:ssm:eu-west-1:%s:parameter/%s/param-%d", account, a.name, i)})
		}
	}
	if len(secrets) > 0 {
		c["secrets"] = secrets
	}
	if len(mounts) > 0 {
		c["mountPoints"] = mounts
	}
	if a.rng.IntN(5) < 3 {
		c["healthCheck"] = obj{"command": []string{"CMD-SHELL", fmt.Sprintf("wget -qO- http://127.0.0.1:%d/healthz || exit 1", port)},
			"interval": 10 + 5*a.rng.IntN(4), "timeout": 3 + a.rng.IntN(3), "retries": 3, "startPeriod": 15 * a.rng.IntN(4)}
	}
	if a.rng.IntN(4) == 0 {
		c["command"] = []string{"serve", "--port", fmt.Sprint(port)}
	}
	return c
}

func (a *app) service() obj {
	s := obj{
		"serviceName":    a.name,
		"cluster":        "prod",
		"taskDefinition": fmt.Sprintf("%s:%d", a.name, 1+a.rng.IntN(40)),
		"desiredCount":   1 + a.rng.IntN(6),
		"launchType":     "FARGATE",
		"deploymentConfiguration": obj{"maximumPercent": 200, "minimumHealthyPercent": 50 + 50*a.rng.IntN(2),
			"deploymentCircuitBreaker": obj{"enable": true, "rollback": true}},
		"networkConfiguration": obj{"awsvpcConfiguration": obj{"subnets": []string{"subnet-0a1b2c3d", "subnet-4e5f6a7b"}, "securityGroups": []string{"sg-0123abcd"}, "assignPublicIp": "DISABLED"}},
	}
	if a.rng.IntN(2) == 0 {
		s["healthCheckGracePeriodSeconds"] = 30 * (1 + a.rng.IntN(4))
	}
	return s
}

func (a *app) resourceID() string { return "service/prod/" + a.name }

func (a *app) targets() obj {
	min := 1 + a.rng.IntN(3)
	return obj{"ScalableTargets": []obj{{"ServiceNamespace": "ecs", "ResourceId": a.resourceID(), "ScalableDimension": "ecs:service:DesiredCount",
		"MinCapacity": min, "MaxCapacity": min + 2 + a.rng.IntN(20)}}}
}

func (a *app) policyARN() string {
	return fmt.Sprintf("arn:aws:autoscaling:eu-west-1:%s:scalingPolicy:9f2c1a3e-0000-4000-8000-%012d:resource/ecs/%s:policyName/%s-scaling",
		account, len(a.name), a.resourceID(), a.name)
}

// alarm is the CloudWatch alarm that drives a step scaling policy: the
// backlog of the application's queue.
func (a *app) alarm() obj {
	return obj{"MetricAlarms": []obj{{
		"AlarmName": a.name + "-backlog", "AlarmArn": fmt.Sprintf("arn:aws:cloudwatch:eu-west-1:%s:alarm:%s-backlog", account, a.name), "ActionsEnabled": true, "AlarmActions": []string{a.policyARN()},
		"MetricName": "ApproximateNumberOfMessagesVisible", "Namespace": "AWS/SQS", "Statistic": "Average",
		"Dimensions": []obj{{"Name": "QueueName", "Value": a.name + "-inbox"}},
		"Period":     60, "EvaluationPeriods": 2, "Threshold": float64(50 * (1 + a.rng.IntN(10))),
		"ComparisonOperator": "GreaterThanOrEqualToThreshold", "TreatMissingData": "notBreaching"}}}
}

// policies returns the scaling policy and whether it is a step policy
// (which needs its alarm).
func (a *app) policies() (obj, bool) {
	p := obj{"PolicyName": a.name + "-scaling", "PolicyARN": a.policyARN(), "ServiceNamespace": "ecs", "ResourceId": a.resourceID(), "ScalableDimension": "ecs:service:DesiredCount"}
	step := a.rng.IntN(4) == 0
	if step {
		p["PolicyType"] = "StepScaling"
		p["StepScalingPolicyConfiguration"] = obj{"AdjustmentType": "ChangeInCapacity", "Cooldown": 60, "MetricAggregationType": "Average",
			"StepAdjustments": []obj{{"MetricIntervalLowerBound": 0.0, "MetricIntervalUpperBound": 20.0, "ScalingAdjustment": 1}, {"MetricIntervalLowerBound": 20.0, "ScalingAdjustment": 3}}}
	} else {
		p["PolicyType"] = "TargetTrackingScaling"
		p["TargetTrackingScalingPolicyConfiguration"] = obj{"TargetValue": float64(40 + 5*a.rng.IntN(8)),
			"PredefinedMetricSpecification": obj{"PredefinedMetricType": a.pick("ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization")},
			"ScaleOutCooldown":              60, "ScaleInCooldown": 300}
	}
	return obj{"ScalingPolicies": []obj{p}}, step
}
