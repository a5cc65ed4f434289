package ecs

import (
	"slices"
	"sort"
	"strings"
)

// Disposition table of EventBridge Scheduler schedules (scheduler_types.go):
// a schedule with an ECS task target becomes a CronJob, as an EventBridge
// rule with its targets does. Paths are relative to the schedule object,
// with the CLI's member names. The target's rows are EventTargetFields' rows
// of the members the two services share (below Target.), so that a schedule
// and a rule get the same dispositions, plus the Scheduler's own members;
// the codes of generic reports are the rule's (events/...). Rows are held
// against scheduler_types.go and the AWS SDK by fields_scheduler_test.go.

const schedWhyOtherTarget = evWhyOtherTarget

// scheduleOwnFields are the schedule's members and the target members
// EventBridge's Target does not have.
var scheduleOwnFields = []Field{
	{"ActionAfterCompletion", TranslatedWarn, "",
		"DELETE removes the schedule after its last run; a CronJob is never deleted by itself, and DELETE is reported"},
	{"Arn", Metadata, "",
		"get-schedule only: the ARN of the schedule"},
	{"ClientToken", Metadata, "",
		"create-schedule's idempotency token"},
	{"CreationDate", Metadata, "",
		"get-schedule only: when the schedule was created"},
	{"Description", Translated, "CronJob annotation eksport.io/description (a CronJob has no description field)", ""},
	{"EndDate", Dropped, "",
		"a CronJob has no end date: it keeps running after it; suspend or delete it then"},
	{"FlexibleTimeWindow", Translated, "the CronJob starts each run on time (Mode OFF)", ""},
	{"FlexibleTimeWindow.MaximumWindowInMinutes", TranslatedWarn, "",
		"a CronJob has no random start delay: FLEXIBLE is reported and the job starts on time (startingDeadlineSeconds only bounds lateness)"},
	{"FlexibleTimeWindow.Mode", TranslatedWarn, "",
		"a CronJob has no random start delay: FLEXIBLE is reported and the job starts on time (startingDeadlineSeconds only bounds lateness)"},
	{"GroupName", Metadata, "",
		"schedule groups organise schedules in AWS"},
	{"KmsKeyArn", Metadata, "",
		"encrypts the schedule's data in AWS"},
	{"LastModificationDate", Metadata, "",
		"get-schedule only: when the schedule last changed"},
	{"Name", Translated, "CronJob metadata.name (sanitized)", ""},
	{"ScheduleExpression", Translated, "CronJob spec.schedule (cron and rate; at() is reported)", ""},
	{"ScheduleExpressionTimezone", Translated, "CronJob spec.timeZone (Etc/UTC when absent, as the schedule's own default is UTC)", ""},
	{"StartDate", Dropped, "",
		"a CronJob has no start date: it runs from when it is applied; apply it then"},
	{"State", Translated, "CronJob spec.suspend (true when DISABLED)", ""},
	{"Target", Translated, "the CronJob's job (ECS task targets only)", ""},
	{"Target.EcsParameters.Tags[]", TranslatedWarn, "labels on the job's pod template where valid, else annotations",
		"each item is a tag, {\"key\": k, \"value\": v} or {k: v}; AWS tags allow characters that labels do not, and such tags become annotations"},
	{"Target.EcsParameters.Tags[]{}", TranslatedWarn, "label or annotation",
		"a key or value that is not valid in a label makes the tag an annotation"},
	{"Target.EventBridgeParameters", OutOfScope, "", schedWhyOtherTarget},
	{"Target.EventBridgeParameters.DetailType", OutOfScope, "", schedWhyOtherTarget},
	{"Target.EventBridgeParameters.Source", OutOfScope, "", schedWhyOtherTarget},
	{"Target.KinesisParameters", OutOfScope, "", schedWhyOtherTarget},
	{"Target.KinesisParameters.PartitionKey", OutOfScope, "", schedWhyOtherTarget},
}

// scheduleSharedTarget are the members of EventBridge's Target that the
// Scheduler's Target has too, with the same meaning; their rows are taken
// from EventTargetFields, with everything below them.
var scheduleSharedTarget = []string{"Arn", "DeadLetterConfig", "EcsParameters", "Input", "RetryPolicy", "RoleArn", "SageMakerPipelineParameters", "SqsParameters"}

// ScheduleFields gives every field path of a schedule its disposition,
// sorted by path.
var ScheduleFields = scheduleFields()

func scheduleFields() []Field {
	out := append([]Field(nil), scheduleOwnFields...)
	for _, f := range EventTargetFields {
		top, _, _ := strings.Cut(f.Path, ".")
		if !slices.Contains(scheduleSharedTarget, top) || strings.HasPrefix(f.Path, "EcsParameters.Tags[]") {
			continue
		}
		f.Path = "Target." + f.Path
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// ScheduleTable holds ScheduleFields.
var ScheduleTable = NewTable("EventBridge Scheduler schedule", "events", ScheduleFields)
