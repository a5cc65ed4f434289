package ecs

import "github.com/eksport/eksport/translate/source"

// These structs mirror the JSON shapes of CloudWatch alarms as the AWS CLI
// prints and accepts them: the describe-alarms output and the
// put-metric-alarm input. Member names are PascalCase and kept exactly by
// the json tags (AlarmArn, OKActions). The SDK's int32 members are *int64,
// its doubles *float64, enums *string and timestamps *source.Raw.
//
// CloudWatch alarms matter to eksport because a step scaling policy keeps its
// metric, threshold and comparison in the alarm that triggers it (linked by
// the policy's Alarms), not in the policy.
//
// fields_cloudwatch.go gives every path a disposition;
// fields_cloudwatch_test.go holds the structs, the table and the AWS SDK's
// types together.

// MetricAlarm is a metric alarm: an element of describe-alarms'
// MetricAlarms, or a put-metric-alarm input (which adds Tags and lacks the
// read-only state members).
type MetricAlarm struct {
	ActionConfiguration              *ActionConfiguration `json:"ActionConfiguration"`
	ActionsEnabled                   *bool                `json:"ActionsEnabled"`
	AlarmActions                     []string             `json:"AlarmActions"`
	AlarmDescription                 *string              `json:"AlarmDescription"`
	AlarmName                        *string              `json:"AlarmName"`
	ComparisonOperator               *string              `json:"ComparisonOperator"`
	DatapointsToAlarm                *int64               `json:"DatapointsToAlarm"`
	Dimensions                       []Dimension          `json:"Dimensions"`
	EvaluateLowSampleCountPercentile *string              `json:"EvaluateLowSampleCountPercentile"`
	EvaluationCriteria               *EvaluationCriteria  `json:"EvaluationCriteria"`
	EvaluationInterval               *int64               `json:"EvaluationInterval"`
	EvaluationPeriods                *int64               `json:"EvaluationPeriods"`
	EvaluationWindow                 *EvaluationWindow    `json:"EvaluationWindow"`
	ExtendedStatistic                *string              `json:"ExtendedStatistic"`
	InsufficientDataActions          []string             `json:"InsufficientDataActions"`
	MetricName                       *string              `json:"MetricName"`
	Metrics                          []MetricDataQuery    `json:"Metrics"`
	Namespace                        *string              `json:"Namespace"`
	OKActions                        []string             `json:"OKActions"`
	Period                           *int64               `json:"Period"`
	Statistic                        *string              `json:"Statistic"`
	Tags                             []CloudWatchTag      `json:"Tags"` // put-metric-alarm only
	Threshold                        *float64             `json:"Threshold"`
	ThresholdMetricId                *string              `json:"ThresholdMetricId"`
	TreatMissingData                 *string              `json:"TreatMissingData"`
	Unit                             *string              `json:"Unit"`
	WarmUpConfiguration              *WarmUpConfiguration `json:"WarmUpConfiguration"`

	// Read-only members that only describe-alarms returns.
	AlarmArn                           *string     `json:"AlarmArn"`
	AlarmConfigurationUpdatedTimestamp *source.Raw `json:"AlarmConfigurationUpdatedTimestamp"`
	EvaluationState                    *string     `json:"EvaluationState"`
	StateReason                        *string     `json:"StateReason"`
	StateReasonData                    *string     `json:"StateReasonData"`
	StateTransitionedTimestamp         *source.Raw `json:"StateTransitionedTimestamp"`
	StateUpdatedTimestamp              *source.Raw `json:"StateUpdatedTimestamp"`
	StateValue                         *string     `json:"StateValue"`
}

type ActionConfiguration struct {
	AlarmTagsPropagation *AlarmTagsPropagation `json:"AlarmTagsPropagation"`
}

type AlarmTagsPropagation struct {
	Enabled         *bool    `json:"Enabled"`
	ExcludedTagKeys []string `json:"ExcludedTagKeys"`
	IncludedTagKeys []string `json:"IncludedTagKeys"`
}

// Dimension is a CloudWatch metric dimension.
type Dimension struct {
	Name  *string `json:"Name"`
	Value *string `json:"Value"`
}

// EvaluationCriteria is a union in the SDK; on the wire it is an object with
// exactly one member.
type EvaluationCriteria struct {
	PromQLCriteria *AlarmPromQLCriteria `json:"PromQLCriteria"`
}

type AlarmPromQLCriteria struct {
	PendingPeriod  *int64  `json:"PendingPeriod"`
	Query          *string `json:"Query"`
	RecoveryPeriod *int64  `json:"RecoveryPeriod"`
}

// EvaluationWindow is a union in the SDK: exactly one of SlidingWindow and
// WallClockWindow.
type EvaluationWindow struct {
	SlidingWindow   *SlidingWindow   `json:"SlidingWindow"`
	WallClockWindow *WallClockWindow `json:"WallClockWindow"`
}

// SlidingWindow has no members; its presence selects the window.
type SlidingWindow struct{}

type WallClockWindow struct {
	Timezone *string `json:"Timezone"`
}

// MetricDataQuery is one query of a metric math alarm: either Expression or
// MetricStat.
type MetricDataQuery struct {
	AccountId  *string     `json:"AccountId"`
	Expression *string     `json:"Expression"`
	Id         *string     `json:"Id"`
	Label      *string     `json:"Label"`
	MetricStat *MetricStat `json:"MetricStat"`
	Period     *int64      `json:"Period"`
	ReturnData *bool       `json:"ReturnData"`
}

type MetricStat struct {
	Metric *Metric `json:"Metric"`
	Period *int64  `json:"Period"`
	Stat   *string `json:"Stat"`
	Unit   *string `json:"Unit"`
}

type Metric struct {
	Dimensions []Dimension `json:"Dimensions"`
	MetricName *string     `json:"MetricName"`
	Namespace  *string     `json:"Namespace"`
}

// CloudWatchTag is the SDK's cloudwatch types.Tag, renamed because the ECS
// Tag (lowerCamelCase key and value) already has the name.
type CloudWatchTag struct {
	Key   *string `json:"Key"`
	Value *string `json:"Value"`
}

type WarmUpConfiguration struct {
	OnlyStartEvaluatingAfterWarmUpPeriodEnds *bool  `json:"OnlyStartEvaluatingAfterWarmUpPeriodEnds"`
	WarmUpPeriodDurationInMinutes            *int64 `json:"WarmUpPeriodDurationInMinutes"`
}

// CompositeAlarm is an element of describe-alarms' CompositeAlarms: an alarm
// over other alarms' states (AlarmRule), which has no metric of its own.
type CompositeAlarm struct {
	ActionConfiguration                *ActionConfiguration `json:"ActionConfiguration"`
	ActionsEnabled                     *bool                `json:"ActionsEnabled"`
	ActionsSuppressedBy                *string              `json:"ActionsSuppressedBy"`
	ActionsSuppressedReason            *string              `json:"ActionsSuppressedReason"`
	ActionsSuppressor                  *string              `json:"ActionsSuppressor"`
	ActionsSuppressorExtensionPeriod   *int64               `json:"ActionsSuppressorExtensionPeriod"`
	ActionsSuppressorWaitPeriod        *int64               `json:"ActionsSuppressorWaitPeriod"`
	AlarmActions                       []string             `json:"AlarmActions"`
	AlarmArn                           *string              `json:"AlarmArn"`
	AlarmConfigurationUpdatedTimestamp *source.Raw          `json:"AlarmConfigurationUpdatedTimestamp"`
	AlarmDescription                   *string              `json:"AlarmDescription"`
	AlarmName                          *string              `json:"AlarmName"`
	AlarmRule                          *string              `json:"AlarmRule"`
	InsufficientDataActions            []string             `json:"InsufficientDataActions"`
	OKActions                          []string             `json:"OKActions"`
	StateReason                        *string              `json:"StateReason"`
	StateReasonData                    *string              `json:"StateReasonData"`
	StateTransitionedTimestamp         *source.Raw          `json:"StateTransitionedTimestamp"`
	StateUpdatedTimestamp              *source.Raw          `json:"StateUpdatedTimestamp"`
	StateValue                         *string              `json:"StateValue"`
}

// LogAlarm is an element of describe-alarms' LogAlarms (SDK v1.75.5): an
// alarm on a CloudWatch Logs scheduled query. It is typed so that a
// describe-alarms output decodes without unknown-field warnings.
type LogAlarm struct {
	ActionConfiguration                *ActionConfiguration         `json:"ActionConfiguration"`
	ActionLogLineCount                 *int64                       `json:"ActionLogLineCount"`
	ActionLogLineRoleArn               *string                      `json:"ActionLogLineRoleArn"`
	ActionsEnabled                     *bool                        `json:"ActionsEnabled"`
	AlarmActions                       []string                     `json:"AlarmActions"`
	AlarmArn                           *string                      `json:"AlarmArn"`
	AlarmConfigurationUpdatedTimestamp *source.Raw                  `json:"AlarmConfigurationUpdatedTimestamp"`
	AlarmDescription                   *string                      `json:"AlarmDescription"`
	AlarmName                          *string                      `json:"AlarmName"`
	ComparisonOperator                 *string                      `json:"ComparisonOperator"`
	EvaluationState                    *string                      `json:"EvaluationState"`
	InsufficientDataActions            []string                     `json:"InsufficientDataActions"`
	OKActions                          []string                     `json:"OKActions"`
	QueryResultsToAlarm                *int64                       `json:"QueryResultsToAlarm"`
	QueryResultsToEvaluate             *int64                       `json:"QueryResultsToEvaluate"`
	ScheduledQueryConfiguration        *ScheduledQueryConfiguration `json:"ScheduledQueryConfiguration"`
	StateReason                        *string                      `json:"StateReason"`
	StateReasonData                    *string                      `json:"StateReasonData"`
	StateTransitionedTimestamp         *source.Raw                  `json:"StateTransitionedTimestamp"`
	StateUpdatedTimestamp              *source.Raw                  `json:"StateUpdatedTimestamp"`
	StateValue                         *string                      `json:"StateValue"`
	Threshold                          *float64                     `json:"Threshold"`
	TreatMissingData                   *string                      `json:"TreatMissingData"`
	WarmUpConfiguration                *WarmUpConfiguration         `json:"WarmUpConfiguration"`
}

type ScheduledQueryConfiguration struct {
	AggregationExpression *string                `json:"AggregationExpression"`
	LogGroupIdentifiers   []string               `json:"LogGroupIdentifiers"`
	QueryARN              *string                `json:"QueryARN"`
	QueryString           *string                `json:"QueryString"`
	ScheduleConfiguration *ScheduleConfiguration `json:"ScheduleConfiguration"`
	ScheduledQueryRoleARN *string                `json:"ScheduledQueryRoleARN"`
	Tags                  []CloudWatchTag        `json:"Tags"`
}

type ScheduleConfiguration struct {
	EndTimeOffset      *int64  `json:"EndTimeOffset"`
	ScheduleExpression *string `json:"ScheduleExpression"`
	StartTimeOffset    *int64  `json:"StartTimeOffset"`
}

// DescribeAlarmsOutput is the describe-alarms wrapper.
type DescribeAlarmsOutput struct {
	CompositeAlarms []CompositeAlarm `json:"CompositeAlarms"`
	LogAlarms       []LogAlarm       `json:"LogAlarms"`
	MetricAlarms    []MetricAlarm    `json:"MetricAlarms"`
	NextToken       *string          `json:"NextToken"`
}
