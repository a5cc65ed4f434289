package ecs

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	cw "github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	smithy "github.com/aws/smithy-go"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/source"
)

// The CloudWatch alarm table (fields_cloudwatch.go) against the decoding
// structs (cloudwatch_types.go), the AWS SDK's Go types (by reflection, exact
// names) and the SDK's Smithy schemas (exact wire names). Helpers shared with
// the Application Auto Scaling tests are in fields_aas_test.go.
//
// Rows without a prefix are paths of one metric alarm (types.MetricAlarm or
// PutMetricAlarmInput); describe-alarms' other lists keep their list name as
// prefix (cloudWatchAlarmLists).

// cloudWatchAlarmLists are the members of DescribeAlarmsOutput besides
// MetricAlarms whose paths are rows with the member's name as prefix.
var cloudWatchAlarmLists = map[string]bool{"CompositeAlarms": true, "LogAlarms": true}

// cloudWatchWrapperOnly are DescribeAlarmsOutput members with no row.
var cloudWatchWrapperOnly = map[string]string{
	"NextToken":      "pagination token of the describe call",
	"ResultMetadata": "smithy middleware metadata of the call, never serialized",
}

// cloudWatchOperationParams are PutMetricAlarmInput members that are
// parameters of the operation rather than fields of the alarm. None in SDK
// v1.75.5: Tags, which describe-alarms does not return, are the alarm's own
// tags and have rows.
var cloudWatchOperationParams = map[string]string{}

// cloudWatchSDKUnions lists the union interfaces met in the alarm shapes,
// with their members. sdkExactValue fails on an interface not listed here,
// and TestCloudWatchAlarmSDKUnionsComplete checks the members against the
// SDK's schemas.
var cloudWatchSDKUnions = map[reflect.Type][]reflect.Type{
	reflect.TypeFor[cwtypes.EvaluationCriteria](): {
		reflect.TypeFor[cwtypes.EvaluationCriteriaMemberPromQLCriteria](),
	},
	reflect.TypeFor[cwtypes.EvaluationWindow](): {
		reflect.TypeFor[cwtypes.EvaluationWindowMemberSlidingWindow](),
		reflect.TypeFor[cwtypes.EvaluationWindowMemberWallClockWindow](),
	},
}

// cloudWatchUnionSchemas gives the Smithy schema of each listed union.
var cloudWatchUnionSchemas = map[reflect.Type]*smithy.Schema{
	reflect.TypeFor[cwtypes.EvaluationCriteria](): cwschemas.EvaluationCriteria,
	reflect.TypeFor[cwtypes.EvaluationWindow]():   cwschemas.EvaluationWindow,
}

// cloudWatchDecoderPaths returns the paths of the decoding structs: one
// MetricAlarm, plus describe-alarms' other lists under their names.
func cloudWatchDecoderPaths(t *testing.T) map[string]string {
	t.Helper()
	return wrappedDecoderPaths(t, reflect.TypeFor[MetricAlarm](), reflect.TypeFor[DescribeAlarmsOutput](),
		"MetricAlarms", cloudWatchWrapperOnly, cloudWatchAlarmLists)
}

// cloudWatchSDKPaths returns the exact paths of the SDK's Go types:
// types.MetricAlarm with PutMetricAlarmInput, and types.CompositeAlarm and
// types.LogAlarm under their list names, after checking them against
// DescribeAlarmsOutput both ways.
func cloudWatchSDKPaths(t *testing.T) map[string]string {
	t.Helper()
	var errs []string
	all := map[string]string{}
	sdkExactWalk(reflect.TypeFor[cwtypes.MetricAlarm](), "", cloudWatchSDKUnions, all, &errs)
	input := map[string]string{}
	sdkExactWalk(reflect.TypeFor[cw.PutMetricAlarmInput](), "", cloudWatchSDKUnions, input, &errs)
	for p := range input {
		if _, skip := cloudWatchOperationParams[topMember(p)]; skip {
			delete(input, p)
		}
	}
	mergePaths(all, input, "PutMetricAlarmInput", &errs)

	lists := map[string]string{}
	lists["CompositeAlarms[]"] = "object"
	sdkExactWalk(reflect.TypeFor[cwtypes.CompositeAlarm](), "CompositeAlarms[].", cloudWatchSDKUnions, lists, &errs)
	lists["LogAlarms[]"] = "object"
	sdkExactWalk(reflect.TypeFor[cwtypes.LogAlarm](), "LogAlarms[].", cloudWatchSDKUnions, lists, &errs)

	wrapper := map[string]string{}
	sdkWalkExcept(reflect.TypeFor[cw.DescribeAlarmsOutput](), cloudWatchWrapperOnly, cloudWatchSDKUnions, wrapper, &errs)
	for p, k := range wrapper {
		switch top := topMember(p); {
		case p == "MetricAlarms[]":
		case strings.HasPrefix(p, "MetricAlarms[]."):
			if got, ok := all[strings.TrimPrefix(p, "MetricAlarms[].")]; !ok || got != k {
				errs = append(errs, "DescribeAlarmsOutput."+p+": not a path of types.MetricAlarm")
			}
		case cloudWatchAlarmLists[top]:
			if got, ok := lists[p]; !ok || got != k {
				errs = append(errs, "DescribeAlarmsOutput."+p+": not walked from the list's element type")
			}
		default:
			errs = append(errs, "DescribeAlarmsOutput."+p+": member that is neither an alarm list nor in cloudWatchWrapperOnly")
		}
	}
	for p := range lists {
		if _, ok := wrapper[p]; !ok {
			errs = append(errs, p+": not a path of DescribeAlarmsOutput")
		}
	}
	mergePaths(all, lists, "DescribeAlarmsOutput", &errs)
	sdkReport(t, errs)
	return all
}

// cloudWatchSchemaPaths is cloudWatchSDKPaths from the Smithy schemas, whose
// member names are the wire names.
func cloudWatchSchemaPaths(t *testing.T) map[string]string {
	t.Helper()
	var errs []string
	all := map[string]string{}
	schemaWalk(cwschemas.MetricAlarm, "", 0, all, &errs)
	input := map[string]string{}
	schemaWalk(cwschemas.PutMetricAlarmInput, "", 0, input, &errs)
	for p := range input {
		if _, skip := cloudWatchOperationParams[topMember(p)]; skip {
			delete(input, p)
		}
	}
	mergePaths(all, input, "PutMetricAlarmInput schema", &errs)
	wrapper := map[string]string{}
	schemaWalk(cwschemas.DescribeAlarmsOutput, "", 0, wrapper, &errs)
	for p, k := range wrapper {
		switch top := topMember(p); {
		case cloudWatchWrapperOnly[top] != "", p == "MetricAlarms[]":
		case strings.HasPrefix(p, "MetricAlarms[]."):
			if got, ok := all[strings.TrimPrefix(p, "MetricAlarms[].")]; !ok || got != k {
				errs = append(errs, "DescribeAlarmsOutput schema "+p+": not a path of the MetricAlarm schema")
			}
		case cloudWatchAlarmLists[top]:
			all[p] = k
		default:
			errs = append(errs, "DescribeAlarmsOutput schema "+p+": member that is neither an alarm list nor in cloudWatchWrapperOnly")
		}
	}
	if len(all) == 0 {
		errs = append(errs, "the CloudWatch schemas yielded no paths (schemas not initialized?)")
	}
	sdkReport(t, errs)
	return all
}

func TestCloudWatchAlarmTableWellFormed(t *testing.T) {
	checkTableWellFormed(t, MetricAlarmTable)
	if MetricAlarmTable.Prefix != "cloudwatch" {
		t.Errorf("prefix %q, want cloudwatch", MetricAlarmTable.Prefix)
	}
}

func TestCloudWatchAlarmFieldsMatchDecodingTypes(t *testing.T) {
	checkTableAgainst(t, MetricAlarmTable, cloudWatchDecoderPaths(t), "cloudwatch_types.go")
}

func TestCloudWatchAlarmFieldsMatchSDK(t *testing.T) {
	checkTableAgainst(t, MetricAlarmTable, cloudWatchSDKPaths(t), "SDK types.MetricAlarm + PutMetricAlarmInput (+ CompositeAlarm, LogAlarm)")
}

func TestCloudWatchAlarmFieldsMatchSDKSchemas(t *testing.T) {
	checkTableAgainst(t, MetricAlarmTable, cloudWatchSchemaPaths(t), "SDK schemas")
}

// TestCloudWatchAlarmKindsMatchSDK holds the JSON kinds of the decoding
// structs against both the Go types and the schemas.
func TestCloudWatchAlarmKindsMatchSDK(t *testing.T) {
	dec := cloudWatchDecoderPaths(t)
	checkKinds(t, "cloudwatch_types.go vs SDK types", dec, cloudWatchSDKPaths(t))
	checkKinds(t, "cloudwatch_types.go vs SDK schemas", dec, cloudWatchSchemaPaths(t))
}

// TestCloudWatchAlarmSDKUnionsComplete checks cloudWatchSDKUnions against
// the union schemas, whose members reflection cannot enumerate.
func TestCloudWatchAlarmSDKUnionsComplete(t *testing.T) {
	for iface, members := range cloudWatchSDKUnions {
		s, ok := cloudWatchUnionSchemas[iface]
		if !ok {
			t.Errorf("%s: no schema in cloudWatchUnionSchemas", iface)
			continue
		}
		if s.Type() != smithy.ShapeTypeUnion {
			t.Errorf("%s: schema %s is not a union", iface, s.ID())
		}
		listed := map[string]bool{}
		for _, m := range members {
			if !reflect.PointerTo(m).Implements(iface) {
				t.Errorf("%s does not implement %s", m, iface)
			}
			listed[strings.TrimPrefix(m.Name(), iface.Name()+"Member")] = true
		}
		var names []string
		for name := range s.Members() {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if !listed[name] {
				t.Errorf("union %s has member %s missing from cloudWatchSDKUnions (and probably from the table)", iface.Name(), name)
			}
			delete(listed, name)
		}
		for name := range listed {
			t.Errorf("cloudWatchSDKUnions lists %s.%s, which the schema does not have", iface.Name(), name)
		}
	}
}

// cloudWatchSample is a describe-alarms output as the AWS CLI v2 prints it,
// written after the alarms of the corpus file
// terraform/somleng-autoscaling-step-sqs-metric-math.tf: a step scaling CPU
// alarm, a metric math alarm on SQS queues, and a composite alarm.
const cloudWatchSample = `{
    "MetricAlarms": [
        {
            "AlarmName": "somleng-CPU-Utilization-High",
            "AlarmArn": "arn:aws:cloudwatch:ap-southeast-1:111122223333:alarm:somleng-CPU-Utilization-High",
            "AlarmConfigurationUpdatedTimestamp": "2024-03-01T09:12:44.311000+00:00",
            "ActionsEnabled": true,
            "OKActions": [],
            "AlarmActions": [
                "arn:aws:autoscaling:ap-southeast-1:111122223333:scalingPolicy:5d2c5a52-7f4c-4c5b-9a6f-0d3f8a5c7e11:resource/ecs/service/somleng/appserver:policyName/appserver-scale-up"
            ],
            "InsufficientDataActions": [],
            "StateValue": "OK",
            "StateReason": "Threshold Crossed: 1 datapoint [12.5 (01/03/24 09:10:00)] was not greater than or equal to the threshold (70.0).",
            "StateReasonData": "{\"version\":\"1.0\",\"queryDate\":\"2024-03-01T09:15:44.315+0000\"}",
            "StateUpdatedTimestamp": "2024-03-01T09:15:44.316000+00:00",
            "MetricName": "CPUUtilization",
            "Namespace": "AWS/ECS",
            "Statistic": "Average",
            "Dimensions": [
                {"Name": "ClusterName", "Value": "somleng"},
                {"Name": "ServiceName", "Value": "appserver"}
            ],
            "Period": 300,
            "EvaluationPeriods": 1,
            "Threshold": 70.0,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "StateTransitionedTimestamp": "2024-03-01T09:15:44.316000+00:00"
        },
        {
            "AlarmName": "somleng-queue-size-alarm-high",
            "AlarmArn": "arn:aws:cloudwatch:ap-southeast-1:111122223333:alarm:somleng-queue-size-alarm-high",
            "AlarmConfigurationUpdatedTimestamp": 1709284364.311,
            "ActionsEnabled": true,
            "AlarmActions": [
                "arn:aws:autoscaling:ap-southeast-1:111122223333:scalingPolicy:7e8b0d0e-2a43-4e0c-8f0e-3b0f6d2e9a01:resource/ecs/service/somleng/worker:policyName/worker-scale-up"
            ],
            "StateValue": "ALARM",
            "EvaluationPeriods": 1,
            "DatapointsToAlarm": 1,
            "Threshold": 1000.0,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "missing",
            "Metrics": [
                {"Id": "tm", "Expression": "sm + dpm", "Label": "Total Number of Messages", "ReturnData": true},
                {
                    "Id": "dpm",
                    "MetricStat": {
                        "Metric": {
                            "Namespace": "AWS/SQS",
                            "MetricName": "ApproximateNumberOfMessagesVisible",
                            "Dimensions": [{"Name": "QueueName", "Value": "somleng-default"}]
                        },
                        "Period": 60,
                        "Stat": "Sum"
                    },
                    "Label": "Number of default priority messages",
                    "ReturnData": false
                },
                {
                    "Id": "sm",
                    "MetricStat": {
                        "Metric": {
                            "Namespace": "AWS/SQS",
                            "MetricName": "ApproximateNumberOfMessagesVisible",
                            "Dimensions": [{"Name": "QueueName", "Value": "somleng-scheduler"}]
                        },
                        "Period": 60,
                        "Stat": "Sum"
                    },
                    "ReturnData": false
                }
            ],
            "EvaluationState": "PARTIAL_DATA",
            "EvaluationWindow": {"SlidingWindow": {}}
        }
    ],
    "CompositeAlarms": [
        {
            "ActionsEnabled": true,
            "AlarmActions": ["arn:aws:sns:ap-southeast-1:111122223333:ops"],
            "AlarmArn": "arn:aws:cloudwatch:ap-southeast-1:111122223333:alarm:somleng-degraded",
            "AlarmConfigurationUpdatedTimestamp": "2024-03-01T09:12:44.311000+00:00",
            "AlarmName": "somleng-degraded",
            "AlarmRule": "ALARM(\"somleng-CPU-Utilization-High\") OR ALARM(\"somleng-queue-size-alarm-high\")",
            "StateValue": "ALARM",
            "ActionsSuppressedBy": "None"
        }
    ],
    "LogAlarms": []
}`

// TestCloudWatchAlarmSampleDecodes decodes cloudWatchSample and a
// put-metric-alarm input strictly: no diagnostic at all.
func TestCloudWatchAlarmSampleDecodes(t *testing.T) {
	input := `{
  "AlarmName": "worker-queue-high",
  "Namespace": "AWS/SQS",
  "MetricName": "ApproximateNumberOfMessagesVisible",
  "Dimensions": [{"Name": "QueueName", "Value": "worker"}],
  "Statistic": "Sum",
  "Period": 60,
  "EvaluationPeriods": 2,
  "Threshold": 100,
  "ComparisonOperator": "GreaterThanThreshold",
  "AlarmActions": ["arn:aws:autoscaling:us-east-1:111122223333:scalingPolicy:1:resource/ecs/service/c/worker:policyName/up"],
  "Tags": [{"Key": "team", "Value": "voice"}],
  "EvaluationWindow": {"WallClockWindow": {"Timezone": "Asia/Phnom_Penh"}},
  "WarmUpConfiguration": {"WarmUpPeriodDurationInMinutes": 10}
}`
	for _, c := range []struct {
		name, data string
		v          any
	}{
		{"describe-alarms.json", cloudWatchSample, new(DescribeAlarmsOutput)},
		{"put-metric-alarm.json", input, new(MetricAlarm)},
	} {
		docs, diags := source.Parse(c.name, []byte(c.data))
		if len(docs) != 1 {
			t.Fatalf("%s: %v", c.name, diags)
		}
		dec := source.NewDecoder(docs[0], &diags, "cloudwatch")
		if !dec.Decode(docs[0].Root, "", "", c.v) {
			t.Errorf("%s: decoding failed", c.name)
		}
		for _, d := range diags {
			t.Errorf("%s: %s", c.name, d)
		}
		// Every field seen has a row once normalized the way the
		// translator will: MetricAlarms[] elements are metric alarms.
		for _, s := range dec.Seen {
			norm := strings.TrimPrefix(s.Norm, "MetricAlarms[].")
			if s.Norm == "MetricAlarms[]" || s.Norm == "NextToken" {
				continue
			}
			if _, ok := MetricAlarmTable.Lookup(norm); !ok {
				t.Errorf("%s: field %s (normalized %s) has no row", c.name, s.Path, norm)
			}
		}
	}
	var out DescribeAlarmsOutput
	docs, diags := source.Parse("describe-alarms.json", []byte(cloudWatchSample))
	source.NewDecoder(docs[0], &diags, "cloudwatch").Decode(docs[0].Root, "", "", &out)
	if diags.Count(diag.Error) > 0 || len(out.MetricAlarms) != 2 || len(out.CompositeAlarms) != 1 {
		t.Fatalf("decoded %d metric and %d composite alarms: %v", len(out.MetricAlarms), len(out.CompositeAlarms), diags)
	}
	math := out.MetricAlarms[1]
	if len(math.Metrics) != 3 || math.Metrics[1].MetricStat == nil || *math.Metrics[1].MetricStat.Metric.Dimensions[0].Value != "somleng-default" {
		t.Errorf("metric math queries decoded wrong: %+v", math.Metrics)
	}
	if math.EvaluationWindow == nil || math.EvaluationWindow.SlidingWindow == nil {
		t.Errorf("EvaluationWindow.SlidingWindow {} not kept as present")
	}
	if out.MetricAlarms[0].AlarmConfigurationUpdatedTimestamp == nil || math.AlarmConfigurationUpdatedTimestamp == nil {
		t.Errorf("timestamps as ISO string and as epoch number should both be kept")
	}
}
