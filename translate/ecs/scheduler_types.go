package ecs

import "github.com/eksport/eksport/translate/source"

// These structs mirror the JSON of an EventBridge Scheduler schedule as the
// AWS CLI prints and accepts it: the output of get-schedule (which eksport
// import writes) and the input of create-schedule (--cli-input-json). The
// CloudFormation (AWS::Scheduler::Schedule) and Terraform
// (aws_scheduler_schedule) front-ends write this shape too. The member names
// are the Scheduler model's, PascalCase except in the shapes it shares with
// the ECS API (awsvpcConfiguration, capacityProvider, base, weight,
// expression, type, field), which reuse EventBridge's structs of the same
// wire names. They are checked against the SDK by fields_scheduler_test.go.

// Schedule is a schedule: the union of GetScheduleOutput (which alone has
// Arn, CreationDate and LastModificationDate) and CreateScheduleInput
// (which alone has ClientToken).
type Schedule struct {
	ActionAfterCompletion      *string             `json:"ActionAfterCompletion"`
	Arn                        *string             `json:"Arn"`
	ClientToken                *string             `json:"ClientToken"`
	CreationDate               *source.Raw         `json:"CreationDate"`
	Description                *string             `json:"Description"`
	EndDate                    *source.Raw         `json:"EndDate"`
	FlexibleTimeWindow         *FlexibleTimeWindow `json:"FlexibleTimeWindow"`
	GroupName                  *string             `json:"GroupName"`
	KmsKeyArn                  *string             `json:"KmsKeyArn"`
	LastModificationDate       *source.Raw         `json:"LastModificationDate"`
	Name                       *string             `json:"Name"`
	ScheduleExpression         *string             `json:"ScheduleExpression"`
	ScheduleExpressionTimezone *string             `json:"ScheduleExpressionTimezone"`
	StartDate                  *source.Raw         `json:"StartDate"`
	State                      *string             `json:"State"`
	Target                     *ScheduleTarget     `json:"Target"`
}

// FlexibleTimeWindow is the window a schedule may start its target in.
type FlexibleTimeWindow struct {
	MaximumWindowInMinutes *int64  `json:"MaximumWindowInMinutes"`
	Mode                   *string `json:"Mode"`
}

// ScheduleTarget is the Scheduler's Target: fewer kinds than EventBridge's,
// and two of its own (EventBridgeParameters, and KinesisParameters with a
// PartitionKey instead of a path).
type ScheduleTarget struct {
	Arn                         *string                      `json:"Arn"`
	DeadLetterConfig            *DeadLetterConfig            `json:"DeadLetterConfig"`
	EcsParameters               *ScheduleEcsParameters       `json:"EcsParameters"`
	EventBridgeParameters       *SchedulerEventBridgeParams  `json:"EventBridgeParameters"`
	Input                       *string                      `json:"Input"`
	KinesisParameters           *SchedulerKinesisParameters  `json:"KinesisParameters"`
	RetryPolicy                 *RetryPolicy                 `json:"RetryPolicy"`
	RoleArn                     *string                      `json:"RoleArn"`
	SageMakerPipelineParameters *SageMakerPipelineParameters `json:"SageMakerPipelineParameters"`
	SqsParameters               *SqsParameters               `json:"SqsParameters"`
}

// ScheduleEcsParameters are EventBridge's EcsParameters but for Tags, a
// list of string maps: each either {"key": k, "value": v} (what Terraform
// and the CDK send) or {k: v}.
type ScheduleEcsParameters struct {
	CapacityProviderStrategy []EventCapacityProviderStrategyItem `json:"CapacityProviderStrategy"`
	EnableECSManagedTags     *bool                               `json:"EnableECSManagedTags"`
	EnableExecuteCommand     *bool                               `json:"EnableExecuteCommand"`
	Group                    *string                             `json:"Group"`
	LaunchType               *string                             `json:"LaunchType"`
	NetworkConfiguration     *EventNetworkConfiguration          `json:"NetworkConfiguration"`
	PlacementConstraints     []EventPlacementConstraint          `json:"PlacementConstraints"`
	PlacementStrategy        []EventPlacementStrategy            `json:"PlacementStrategy"`
	PlatformVersion          *string                             `json:"PlatformVersion"`
	PropagateTags            *string                             `json:"PropagateTags"`
	ReferenceId              *string                             `json:"ReferenceId"`
	Tags                     []source.StringMap                  `json:"Tags"`
	TaskCount                *int64                              `json:"TaskCount"`
	TaskDefinitionArn        *string                             `json:"TaskDefinitionArn"`
}

// SchedulerEventBridgeParams are the parameters of an EventBridge target.
type SchedulerEventBridgeParams struct {
	DetailType *string `json:"DetailType"`
	Source     *string `json:"Source"`
}

// SchedulerKinesisParameters are the parameters of a Kinesis target.
type SchedulerKinesisParameters struct {
	PartitionKey *string `json:"PartitionKey"`
}
