package ecs

import "github.com/eksport/eksport/translate/source"

// These structs mirror the JSON of EventBridge rules and targets as the AWS
// CLI prints and accepts them (put-rule, describe-rule, list-rules,
// put-targets, list-targets-by-rule): the model's member names, which are
// PascalCase except in four shapes that EventBridge shares with the ECS API
// and spells the ECS way, in lowerCamelCase:
//
//	NetworkConfiguration.awsvpcConfiguration (its members are PascalCase again)
//	CapacityProviderStrategy[].capacityProvider, .weight, .base
//	PlacementConstraints[].type, .expression
//	PlacementStrategy[].type, .field
//
// The names are checked against the SDK's wire schemas by
// fields_events_test.go. Types are named after the SDK's, with an Event
// prefix where the name is taken by an ECS type of this package or of the
// ECS API (Rule, Tag, NetworkConfiguration, AwsVpcConfiguration,
// CapacityProviderStrategyItem, PlacementConstraint, PlacementStrategy):
// their wire names differ from the ECS ones.

// ScheduledTaskFile is the shape people keep in git for one scheduled task:
// the put-rule input and the put-targets targets side by side.
type ScheduledTaskFile struct {
	Rule    *EventRule `json:"Rule"`
	Targets []Target   `json:"Targets"`
}

// PutTargetsInput is the input of put-targets (--cli-input-json).
type PutTargetsInput struct {
	EventBusName *string  `json:"EventBusName"`
	Rule         *string  `json:"Rule"` // the rule's name
	Targets      []Target `json:"Targets"`
}

// ListTargetsByRuleOutput is the output of list-targets-by-rule.
type ListTargetsByRuleOutput struct {
	NextToken *string  `json:"NextToken"`
	Targets   []Target `json:"Targets"`
}

// ListRulesOutput is the output of list-rules.
type ListRulesOutput struct {
	NextToken *string     `json:"NextToken"`
	Rules     []EventRule `json:"Rules"`
}

// EventRule is an EventBridge rule: the union of PutRuleInput (which alone
// has Tags) and DescribeRuleOutput (which alone has Arn, CreatedBy and
// ManagedBy). list-rules returns the same members without CreatedBy and
// Tags.
type EventRule struct {
	Arn                *string    `json:"Arn"`
	CreatedBy          *string    `json:"CreatedBy"`
	Description        *string    `json:"Description"`
	EventBusName       *string    `json:"EventBusName"`
	EventPattern       *string    `json:"EventPattern"` // a JSON document in a string
	ManagedBy          *string    `json:"ManagedBy"`
	Name               *string    `json:"Name"`
	RoleArn            *string    `json:"RoleArn"`
	ScheduleExpression *string    `json:"ScheduleExpression"`
	State              *string    `json:"State"`
	Tags               []EventTag `json:"Tags"`
}

type EventTag struct {
	Key   *string `json:"Key"`
	Value *string `json:"Value"`
}

// Target is types.Target. Arn is the resource the rule invokes: for an ECS
// task target, the cluster's ARN.
type Target struct {
	AppSyncParameters           *AppSyncParameters           `json:"AppSyncParameters"`
	Arn                         *string                      `json:"Arn"`
	BatchParameters             *BatchParameters             `json:"BatchParameters"`
	DeadLetterConfig            *DeadLetterConfig            `json:"DeadLetterConfig"`
	EcsParameters               *EcsParameters               `json:"EcsParameters"`
	HttpParameters              *HttpParameters              `json:"HttpParameters"`
	Id                          *string                      `json:"Id"`
	Input                       *string                      `json:"Input"` // a JSON document in a string
	InputPath                   *string                      `json:"InputPath"`
	InputTransformer            *InputTransformer            `json:"InputTransformer"`
	KinesisParameters           *KinesisParameters           `json:"KinesisParameters"`
	RedshiftDataParameters      *RedshiftDataParameters      `json:"RedshiftDataParameters"`
	RetryPolicy                 *RetryPolicy                 `json:"RetryPolicy"`
	RoleArn                     *string                      `json:"RoleArn"`
	RunCommandParameters        *RunCommandParameters        `json:"RunCommandParameters"`
	SageMakerPipelineParameters *SageMakerPipelineParameters `json:"SageMakerPipelineParameters"`
	SqsParameters               *SqsParameters               `json:"SqsParameters"`
}

// EcsParameters are the RunTask parameters of an ECS task target.
type EcsParameters struct {
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
	Tags                     []EventTag                          `json:"Tags"`
	TaskCount                *int64                              `json:"TaskCount"`
	TaskDefinitionArn        *string                             `json:"TaskDefinitionArn"`
}

// EventCapacityProviderStrategyItem is EventBridge's
// CapacityProviderStrategyItem (lowerCamelCase on the wire).
type EventCapacityProviderStrategyItem struct {
	Base             *int64  `json:"base"`
	CapacityProvider *string `json:"capacityProvider"`
	Weight           *int64  `json:"weight"`
}

// EventNetworkConfiguration is EventBridge's NetworkConfiguration: its one
// member is lower-case awsvpcConfiguration.
type EventNetworkConfiguration struct {
	AwsvpcConfiguration *EventAwsVpcConfiguration `json:"awsvpcConfiguration"`
}

// EventAwsVpcConfiguration is EventBridge's AwsVpcConfiguration (PascalCase
// members, unlike ECS's).
type EventAwsVpcConfiguration struct {
	AssignPublicIp *string  `json:"AssignPublicIp"`
	SecurityGroups []string `json:"SecurityGroups"`
	Subnets        []string `json:"Subnets"`
}

// EventPlacementConstraint is EventBridge's PlacementConstraint
// (lowerCamelCase on the wire).
type EventPlacementConstraint struct {
	Expression *string `json:"expression"`
	Type       *string `json:"type"`
}

// EventPlacementStrategy is EventBridge's PlacementStrategy (lowerCamelCase
// on the wire).
type EventPlacementStrategy struct {
	Field *string `json:"field"`
	Type  *string `json:"type"`
}

type InputTransformer struct {
	InputPathsMap source.StringMap `json:"InputPathsMap"`
	InputTemplate *string          `json:"InputTemplate"`
}

type RetryPolicy struct {
	MaximumEventAgeInSeconds *int64 `json:"MaximumEventAgeInSeconds"`
	MaximumRetryAttempts     *int64 `json:"MaximumRetryAttempts"`
}

type DeadLetterConfig struct {
	Arn *string `json:"Arn"`
}

// The parameters of targets other than ECS tasks. eksport only turns ECS
// task targets into CronJobs; these are decoded so that they can be named
// in the error.

type AppSyncParameters struct {
	GraphQLOperation *string `json:"GraphQLOperation"`
}

type BatchParameters struct {
	ArrayProperties *BatchArrayProperties `json:"ArrayProperties"`
	JobDefinition   *string               `json:"JobDefinition"`
	JobName         *string               `json:"JobName"`
	RetryStrategy   *BatchRetryStrategy   `json:"RetryStrategy"`
}

type BatchArrayProperties struct {
	Size *int64 `json:"Size"`
}

type BatchRetryStrategy struct {
	Attempts *int64 `json:"Attempts"`
}

type HttpParameters struct {
	HeaderParameters      source.StringMap `json:"HeaderParameters"`
	PathParameterValues   []string         `json:"PathParameterValues"`
	QueryStringParameters source.StringMap `json:"QueryStringParameters"`
}

type KinesisParameters struct {
	PartitionKeyPath *string `json:"PartitionKeyPath"`
}

type RedshiftDataParameters struct {
	Database         *string  `json:"Database"`
	DbUser           *string  `json:"DbUser"`
	SecretManagerArn *string  `json:"SecretManagerArn"`
	Sql              *string  `json:"Sql"`
	Sqls             []string `json:"Sqls"`
	StatementName    *string  `json:"StatementName"`
	WithEvent        *bool    `json:"WithEvent"`
}

type RunCommandParameters struct {
	RunCommandTargets []RunCommandTarget `json:"RunCommandTargets"`
}

type RunCommandTarget struct {
	Key    *string  `json:"Key"`
	Values []string `json:"Values"`
}

type SageMakerPipelineParameters struct {
	PipelineParameterList []SageMakerPipelineParameter `json:"PipelineParameterList"`
}

type SageMakerPipelineParameter struct {
	Name  *string `json:"Name"`
	Value *string `json:"Value"`
}

type SqsParameters struct {
	MessageGroupId *string `json:"MessageGroupId"`
}
