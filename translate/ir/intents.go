package ir

import "github.com/eksport/eksport/translate/diag"

// Rollout is how a workload is updated and how much of it must stay up.
type Rollout struct {
	// MaxSurge and MaxUnavailable are percentages ("100%", "0%"); empty
	// leaves the Kubernetes default.
	MaxSurge       string
	MaxUnavailable string
	// MinAvailable is the PodDisruptionBudget's percentage; empty emits no
	// budget unless BudgetMaxUnavailable is set.
	MinAvailable string
	// MinAvailableDefault says that MinAvailable is ECS's default (the
	// service set no minimumHealthyPercent), for the diagnostics.
	MinAvailableDefault bool
	// BudgetOrigin is where minimumHealthyPercent was said (or would be).
	BudgetOrigin diag.Pos
	// BudgetMaxUnavailable replaces MinAvailable in the budget of an
	// autoscaled workload (the autoscaling rule decides it): a percentage
	// of minAvailable rounds up, so at a small replica count it would
	// forbid every eviction; a maxUnavailable never does.
	BudgetMaxUnavailable string
	// ProgressDeadlineSeconds marks a stuck rollout as failed (the ECS
	// deployment circuit breaker's closest equivalent).
	ProgressDeadlineSeconds *int32
	Origin                  diag.Pos
}

// ExposureMode is how traffic from an existing load balancer reaches pods.
type ExposureMode string

const (
	// TargetGroupBinding keeps the existing target group and registers pods
	// into it, so ECS tasks and pods serve side by side during cutover.
	TargetGroupBinding ExposureMode = "targetGroupBinding"
	// IngressALB provisions a new ALB through an Ingress of class alb.
	IngressALB ExposureMode = "ingress"
	// NLBService provisions a new NLB through a LoadBalancer Service.
	NLBService ExposureMode = "nlb"
)

// Exposure is how a workload is reached: load balancer target groups and
// the discovery names callers use.
type Exposure struct {
	Mode         ExposureMode
	TargetGroups []TargetGroup
	// Aliases are further Service names that callers resolve (Cloud Map
	// and Service Connect names).
	Aliases []Alias
	// Headless asks for a headless Service, as Cloud Map A/SRV records
	// resolve to task addresses.
	Headless bool
	// Annotations the exposure rule puts on the Ingress or Service.
	Annotations map[string]string
	Origin      diag.Pos
}

// TargetGroup is one ECS service load balancer entry.
type TargetGroup struct {
	ARN           string
	Name          string // from the ARN
	ContainerName string
	// Port is the Service port serving this target group (the container
	// port, by default).
	Port int32
	// TargetType is ip or instance (instance needs a NodePort Service).
	TargetType string
	// From ELBv2 data, when given.
	HealthCheck  *HealthCheck
	ListenPorts  []ListenPort
	Certificates []string
	Paths        []string
	Hosts        []string
	Internal     *bool
	GRPC         bool
	Origin       diag.Pos
}

// HealthCheck is a target group's health check.
type HealthCheck struct {
	Path, Port, Protocol, SuccessCodes string
	Interval, Timeout                  int32
	Healthy, Unhealthy                 int32
}

// ListenPort is a listener's protocol and port.
type ListenPort struct {
	Protocol string // HTTP or HTTPS
	Port     int32
}

// Alias is another Service name that selects the same pods.
type Alias struct {
	Name   string
	Ports  []Port
	Origin diag.Pos
}

// ScalingEngine is what runs the autoscaling.
type ScalingEngine string

const (
	HPA  ScalingEngine = "hpa"
	KEDA ScalingEngine = "keda"
)

// Scaling is everything Application Auto Scaling said about a service.
type Scaling struct {
	Min, Max int32
	// Engine is decided by the autoscaling rule.
	Engine    ScalingEngine
	Targets   []ScaleTarget
	Steps     []StepScaling
	Schedules []ScheduledScaling
	// InitialReplicas is the service's desiredCount, recorded when the
	// autoscaler owns the replica count.
	InitialReplicas *int32
	Region          string
	Origin          diag.Pos
}

// MetricKind names what a target tracking policy tracks.
type MetricKind string

const (
	CPUUtilization    MetricKind = "cpu"
	MemoryUtilization MetricKind = "memory"
	ALBRequests       MetricKind = "alb-requests"
	CloudWatchValue   MetricKind = "cloudwatch"
)

// ScaleTarget is one target tracking policy.
type ScaleTarget struct {
	Policy           string
	Metric           MetricKind
	Target           float64
	ScaleInCooldown  *int32
	ScaleOutCooldown *int32
	DisableScaleIn   bool
	// ResourceLabel is the ALB target group label of ALBRequestCountPerTarget.
	ResourceLabel string
	CloudWatch    *CloudWatchMetric
	Origin        diag.Pos
}

// CloudWatchMetric is a CloudWatch metric to scale on.
type CloudWatchMetric struct {
	Namespace, Name, Statistic, Unit string
	Dimensions                       []Dimension
	Period                           int32
}

// Dimension is a CloudWatch metric dimension.
type Dimension struct{ Name, Value string }

// StepScaling is a step scaling policy with the alarm that drives it.
type StepScaling struct {
	Policy    string
	Alarm     string
	Metric    *CloudWatchMetric
	Threshold float64
	// Comparison is the alarm's operator (GreaterThanOrEqualToThreshold...).
	Comparison string
	// QueueURL is set when the alarm watches an SQS queue's backlog.
	QueueURL string
	Cooldown *int32
	ScaleIn  bool // the policy removes capacity
	Origin   diag.Pos
}

// ScheduledScaling raises the replica floor on a schedule.
type ScheduledScaling struct {
	Name     string
	Start    string // 5-field cron
	End      string // 5-field cron
	Timezone string
	Replicas int32
	Origin   diag.Pos
}

// Schedule makes a workload a CronJob.
type Schedule struct {
	Cron     string // 5-field cron
	TimeZone string
	Suspend  bool
	// Parallelism is the number of tasks each run starts.
	Parallelism int32
	// StartingDeadlineSeconds bounds how late a run may still start (from
	// an EventBridge target's RetryPolicy.MaximumEventAgeInSeconds); nil
	// leaves the CronJob's default, no deadline.
	StartingDeadlineSeconds *int64
	Origin                  diag.Pos
}
