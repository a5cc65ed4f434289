package ecs

import "github.com/eksport/eksport/translate/source"

// These structs mirror the JSON shapes of Application Auto Scaling for ECS
// services: the inputs of register-scalable-target, put-scaling-policy and
// put-scheduled-action, and the objects that the matching describe calls
// return. Application Auto Scaling speaks awsJson1_1 with PascalCase member
// names, which the json tags keep exactly (ResourceId, RoleARN, PolicyARN).
//
// Each object struct is the union of the input and the describe form, so
// that either can be decoded; members that only describe returns are grouped
// at the end. The SDK's int32 members are *int64 and its doubles *float64
// (package source decodes those two); enums are *string; timestamps, which
// the CLI prints as epoch numbers or ISO-8601 strings, are *source.Raw.
//
// fields_aas.go gives every path a disposition; fields_aas_test.go holds the
// structs, the tables and the AWS SDK's types together.

// ScalableTarget is a scalable target: RegisterScalableTargetInput or an
// element of describe-scalable-targets' ScalableTargets.
type ScalableTarget struct {
	MaxCapacity       *int64           `json:"MaxCapacity"`
	MinCapacity       *int64           `json:"MinCapacity"`
	ResourceId        *string          `json:"ResourceId"`
	RoleARN           *string          `json:"RoleARN"`
	ScalableDimension *string          `json:"ScalableDimension"`
	ServiceNamespace  *string          `json:"ServiceNamespace"`
	SuspendedState    *SuspendedState  `json:"SuspendedState"`
	Tags              source.StringMap `json:"Tags"` // input only; a map, not a list

	// Read-only members that only describe-scalable-targets returns.
	CreationTime      *source.Raw `json:"CreationTime"`
	PredictedCapacity *int64      `json:"PredictedCapacity"`
	ScalableTargetARN *string     `json:"ScalableTargetARN"`
}

type SuspendedState struct {
	DynamicScalingInSuspended  *bool `json:"DynamicScalingInSuspended"`
	DynamicScalingOutSuspended *bool `json:"DynamicScalingOutSuspended"`
	ScheduledScalingSuspended  *bool `json:"ScheduledScalingSuspended"`
}

// DescribeScalableTargetsOutput is the describe-scalable-targets wrapper.
type DescribeScalableTargetsOutput struct {
	NextToken       *string          `json:"NextToken"`
	ScalableTargets []ScalableTarget `json:"ScalableTargets"`
}

// ScalingPolicy is a scaling policy: PutScalingPolicyInput or an element of
// describe-scaling-policies' ScalingPolicies.
type ScalingPolicy struct {
	PolicyName                               *string                                   `json:"PolicyName"`
	PolicyType                               *string                                   `json:"PolicyType"`
	PredictiveScalingPolicyConfiguration     *PredictiveScalingPolicyConfiguration     `json:"PredictiveScalingPolicyConfiguration"`
	ResourceId                               *string                                   `json:"ResourceId"`
	ScalableDimension                        *string                                   `json:"ScalableDimension"`
	ServiceNamespace                         *string                                   `json:"ServiceNamespace"`
	StepScalingPolicyConfiguration           *StepScalingPolicyConfiguration           `json:"StepScalingPolicyConfiguration"`
	TargetTrackingScalingPolicyConfiguration *TargetTrackingScalingPolicyConfiguration `json:"TargetTrackingScalingPolicyConfiguration"`

	// Members that only describe-scaling-policies returns (put-scaling-policy
	// returns Alarms and PolicyARN as its output).
	Alarms       []Alarm     `json:"Alarms"`
	CreationTime *source.Raw `json:"CreationTime"`
	PolicyARN    *string     `json:"PolicyARN"`
}

// Alarm is a CloudWatch alarm linked to a scaling policy.
type Alarm struct {
	AlarmARN  *string `json:"AlarmARN"`
	AlarmName *string `json:"AlarmName"`
}

// DescribeScalingPoliciesOutput is the describe-scaling-policies wrapper.
type DescribeScalingPoliciesOutput struct {
	NextToken       *string         `json:"NextToken"`
	ScalingPolicies []ScalingPolicy `json:"ScalingPolicies"`
}

type TargetTrackingScalingPolicyConfiguration struct {
	CustomizedMetricSpecification *CustomizedMetricSpecification `json:"CustomizedMetricSpecification"`
	DisableScaleIn                *bool                          `json:"DisableScaleIn"`
	PredefinedMetricSpecification *PredefinedMetricSpecification `json:"PredefinedMetricSpecification"`
	ScaleInCooldown               *int64                         `json:"ScaleInCooldown"`
	ScaleOutCooldown              *int64                         `json:"ScaleOutCooldown"`
	TargetValue                   *float64                       `json:"TargetValue"`
}

type PredefinedMetricSpecification struct {
	PredefinedMetricType *string `json:"PredefinedMetricType"`
	ResourceLabel        *string `json:"ResourceLabel"`
}

type CustomizedMetricSpecification struct {
	Dimensions []MetricDimension               `json:"Dimensions"`
	MetricName *string                         `json:"MetricName"`
	Metrics    []TargetTrackingMetricDataQuery `json:"Metrics"`
	Namespace  *string                         `json:"Namespace"`
	Statistic  *string                         `json:"Statistic"`
	Unit       *string                         `json:"Unit"`
}

type MetricDimension struct {
	Name  *string `json:"Name"`
	Value *string `json:"Value"`
}

// TargetTrackingMetricDataQuery is one query of a metric math target
// tracking policy: either Expression or MetricStat.
type TargetTrackingMetricDataQuery struct {
	Expression *string                   `json:"Expression"`
	Id         *string                   `json:"Id"`
	Label      *string                   `json:"Label"`
	MetricStat *TargetTrackingMetricStat `json:"MetricStat"`
	ReturnData *bool                     `json:"ReturnData"`
}

type TargetTrackingMetricStat struct {
	Metric *TargetTrackingMetric `json:"Metric"`
	Stat   *string               `json:"Stat"`
	Unit   *string               `json:"Unit"`
}

type TargetTrackingMetric struct {
	Dimensions []TargetTrackingMetricDimension `json:"Dimensions"`
	MetricName *string                         `json:"MetricName"`
	Namespace  *string                         `json:"Namespace"`
}

type TargetTrackingMetricDimension struct {
	Name  *string `json:"Name"`
	Value *string `json:"Value"`
}

type StepScalingPolicyConfiguration struct {
	AdjustmentType         *string          `json:"AdjustmentType"`
	Cooldown               *int64           `json:"Cooldown"`
	MetricAggregationType  *string          `json:"MetricAggregationType"`
	MinAdjustmentMagnitude *int64           `json:"MinAdjustmentMagnitude"`
	StepAdjustments        []StepAdjustment `json:"StepAdjustments"`
}

type StepAdjustment struct {
	MetricIntervalLowerBound *float64 `json:"MetricIntervalLowerBound"`
	MetricIntervalUpperBound *float64 `json:"MetricIntervalUpperBound"`
	ScalingAdjustment        *int64   `json:"ScalingAdjustment"`
}

type PredictiveScalingPolicyConfiguration struct {
	MaxCapacityBreachBehavior *string                                `json:"MaxCapacityBreachBehavior"`
	MaxCapacityBuffer         *int64                                 `json:"MaxCapacityBuffer"`
	MetricSpecifications      []PredictiveScalingMetricSpecification `json:"MetricSpecifications"`
	Mode                      *string                                `json:"Mode"`
	SchedulingBufferTime      *int64                                 `json:"SchedulingBufferTime"`
}

type PredictiveScalingMetricSpecification struct {
	CustomizedCapacityMetricSpecification *PredictiveScalingCustomizedMetricSpecification        `json:"CustomizedCapacityMetricSpecification"`
	CustomizedLoadMetricSpecification     *PredictiveScalingCustomizedMetricSpecification        `json:"CustomizedLoadMetricSpecification"`
	CustomizedScalingMetricSpecification  *PredictiveScalingCustomizedMetricSpecification        `json:"CustomizedScalingMetricSpecification"`
	PredefinedLoadMetricSpecification     *PredictiveScalingPredefinedLoadMetricSpecification    `json:"PredefinedLoadMetricSpecification"`
	PredefinedMetricPairSpecification     *PredictiveScalingPredefinedMetricPairSpecification    `json:"PredefinedMetricPairSpecification"`
	PredefinedScalingMetricSpecification  *PredictiveScalingPredefinedScalingMetricSpecification `json:"PredefinedScalingMetricSpecification"`
	TargetValue                           *float64                                               `json:"TargetValue"`
}

type PredictiveScalingCustomizedMetricSpecification struct {
	MetricDataQueries []PredictiveScalingMetricDataQuery `json:"MetricDataQueries"`
}

type PredictiveScalingMetricDataQuery struct {
	Expression *string                      `json:"Expression"`
	Id         *string                      `json:"Id"`
	Label      *string                      `json:"Label"`
	MetricStat *PredictiveScalingMetricStat `json:"MetricStat"`
	ReturnData *bool                        `json:"ReturnData"`
}

type PredictiveScalingMetricStat struct {
	Metric *PredictiveScalingMetric `json:"Metric"`
	Stat   *string                  `json:"Stat"`
	Unit   *string                  `json:"Unit"`
}

type PredictiveScalingMetric struct {
	Dimensions []PredictiveScalingMetricDimension `json:"Dimensions"`
	MetricName *string                            `json:"MetricName"`
	Namespace  *string                            `json:"Namespace"`
}

type PredictiveScalingMetricDimension struct {
	Name  *string `json:"Name"`
	Value *string `json:"Value"`
}

type PredictiveScalingPredefinedLoadMetricSpecification struct {
	PredefinedMetricType *string `json:"PredefinedMetricType"`
	ResourceLabel        *string `json:"ResourceLabel"`
}

type PredictiveScalingPredefinedMetricPairSpecification struct {
	PredefinedMetricType *string `json:"PredefinedMetricType"`
	ResourceLabel        *string `json:"ResourceLabel"`
}

type PredictiveScalingPredefinedScalingMetricSpecification struct {
	PredefinedMetricType *string `json:"PredefinedMetricType"`
	ResourceLabel        *string `json:"ResourceLabel"`
}

// ScheduledAction is a scheduled action: PutScheduledActionInput or an
// element of describe-scheduled-actions' ScheduledActions.
type ScheduledAction struct {
	EndTime              *source.Raw           `json:"EndTime"`
	ResourceId           *string               `json:"ResourceId"`
	ScalableDimension    *string               `json:"ScalableDimension"`
	ScalableTargetAction *ScalableTargetAction `json:"ScalableTargetAction"`
	Schedule             *string               `json:"Schedule"`
	ScheduledActionName  *string               `json:"ScheduledActionName"`
	ServiceNamespace     *string               `json:"ServiceNamespace"`
	StartTime            *source.Raw           `json:"StartTime"`
	Timezone             *string               `json:"Timezone"`

	// Read-only members that only describe-scheduled-actions returns.
	CreationTime       *source.Raw `json:"CreationTime"`
	ScheduledActionARN *string     `json:"ScheduledActionARN"`
}

type ScalableTargetAction struct {
	MaxCapacity *int64 `json:"MaxCapacity"`
	MinCapacity *int64 `json:"MinCapacity"`
}

// DescribeScheduledActionsOutput is the describe-scheduled-actions wrapper.
type DescribeScheduledActionsOutput struct {
	NextToken        *string           `json:"NextToken"`
	ScheduledActions []ScheduledAction `json:"ScheduledActions"`
}

// describeAASOutputs reads a document that merges describe outputs of
// Application Auto Scaling: a file per service often holds its scalable
// targets, its policies and its scheduled actions together. Each list is
// optional; one alone is the plain describe output.
type describeAASOutputs struct {
	NextToken        *string           `json:"NextToken"`
	ScalableTargets  []ScalableTarget  `json:"ScalableTargets"`
	ScalingPolicies  []ScalingPolicy   `json:"ScalingPolicies"`
	ScheduledActions []ScheduledAction `json:"ScheduledActions"`
}
