package ecs

// Disposition tables of EventBridge scheduled tasks (events_types.go): a rule
// with a schedule and its ECS task targets become CronJobs. Paths are
// relative to one EventRule or Target object, with the CLI's member names
// (PascalCase, except the four lowerCamelCase shapes listed in
// events_types.go). The wrappers' NextToken is pagination, and
// PutTargetsInput's Rule and EventBusName only say which rule the targets
// belong to; they have no rows. Keep each table sorted by Path (byte order,
// as sort.Strings sorts). Rows are held against events_types.go and the AWS
// SDK by fields_events_test.go.

// Reasons shared by sub-trees of the target table.
const (
	evWhyOtherTarget = "only ECS task targets become CronJobs: a target of another kind is not migrated, and is noted once (events/not-ecs-target)"
	evWhyDLQ         = "a CronJob has no dead-letter queue: a run the controller cannot start is only a Warning event on the CronJob; the queue is reported"
	evWhyInput       = "container overrides given to the task are reported, not applied: change the job's pod template instead"
	evWhyRuleTags    = "part of the rule's tags, which are AWS resource tags and are not copied to the CronJob"
)

// EventRuleFields gives every field path of an EventBridge rule its
// disposition: the union of the put-rule input and the describe-rule output.
var EventRuleFields = []Field{
	{"Arn", Metadata, "",
		"describe-only ARN of the rule"},
	{"CreatedBy", Metadata, "",
		"describe-only: the account that created the rule"},
	{"Description", Translated, "CronJob annotation eksport.io/description (a CronJob has no description field)", ""},
	{"EventBusName", TranslatedWarn, "",
		"EventBridge runs schedules on the default event bus only (PutRule refuses a ScheduleExpression on another bus): a scheduled rule naming another bus never ran, and is an error (events/event-bus) that makes no CronJob"},
	{"EventPattern", TranslatedWarn, "",
		"event-driven rules are not scheduled tasks: the rule is reported, not translated; a rule with a schedule as well becomes the CronJob of its schedule, and its pattern is reported"},
	{"ManagedBy", Dropped, "",
		"set when another AWS service manages the rule; the CronJob is managed by whoever applies it"},
	{"Name", Translated, "CronJob metadata.name (sanitized)", ""},
	{"RoleArn", Metadata, "",
		"the role EventBridge uses to reach targets in other accounts or buses; a CronJob needs none"},
	{"ScheduleExpression", Translated, "CronJob spec.schedule with timeZone Etc/UTC (cron and rate; at() is reported)", ""},
	{"State", Translated, "CronJob spec.suspend (true when DISABLED)", ""},
	{"Tags[]", Dropped, "",
		"rule tags are AWS resource tags for cost allocation and access control; they are not copied to the CronJob"},
	{"Tags[].Key", Dropped, "", evWhyRuleTags},
	{"Tags[].Value", Dropped, "", evWhyRuleTags},
}

// EventTargetFields gives every field path of an EventBridge target its
// disposition.
var EventTargetFields = []Field{
	{"AppSyncParameters", OutOfScope, "", evWhyOtherTarget},
	{"AppSyncParameters.GraphQLOperation", OutOfScope, "", evWhyOtherTarget},
	{"Arn", Translated, "the ECS cluster that runs the task: the CronJob runs in the cluster it is applied to (EcsParameters, not the ARN, makes a target an ECS task)", ""},
	{"BatchParameters", OutOfScope, "", evWhyOtherTarget},
	{"BatchParameters.ArrayProperties", OutOfScope, "", evWhyOtherTarget},
	{"BatchParameters.ArrayProperties.Size", OutOfScope, "", evWhyOtherTarget},
	{"BatchParameters.JobDefinition", OutOfScope, "", evWhyOtherTarget},
	{"BatchParameters.JobName", OutOfScope, "", evWhyOtherTarget},
	{"BatchParameters.RetryStrategy", OutOfScope, "", evWhyOtherTarget},
	{"BatchParameters.RetryStrategy.Attempts", OutOfScope, "", evWhyOtherTarget},
	{"DeadLetterConfig", TranslatedWarn, "", evWhyDLQ},
	{"DeadLetterConfig.Arn", TranslatedWarn, "", evWhyDLQ},
	{"EcsParameters", Translated, "CronJob spec.jobTemplate running the task definition's pod", ""},
	{"EcsParameters.CapacityProviderStrategy[]", TranslatedWarn, "node selection from the configuration's capacityProviders mapping",
		"the strategy picks the nodes for all pods of the job; dividing tasks between providers cannot be expressed"},
	{"EcsParameters.CapacityProviderStrategy[].base", TranslatedWarn, "",
		"a minimum number of tasks on one provider has no equivalent; every pod gets the same node selection: with one provider that meets any base (a base places tasks and starts none), and a base above the TaskCount is reported (ecs/capacity-base)"},
	{"EcsParameters.CapacityProviderStrategy[].capacityProvider", TranslatedWarn, "nodeSelector or node affinity of the mapped provider",
		"a provider missing from the mapping is reported; FARGATE_SPOT has no EKS Fargate equivalent (spot capacity needs spot nodes)"},
	{"EcsParameters.CapacityProviderStrategy[].weight", TranslatedWarn, "",
		"relative shares between providers cannot be expressed; the node selection does not divide pods (with one provider, its whole share); a strategy with no weight above 0, which ECS refuses, is reported (ecs/capacity-weight-zero)"},
	{"EcsParameters.EnableECSManagedTags", Dropped, "",
		"ECS-managed tags label tasks for AWS cost reports; pods carry Kubernetes labels instead"},
	{"EcsParameters.EnableExecuteCommand", Dropped, "",
		"ECS Exec has no switch in a manifest: kubectl exec is allowed or refused by RBAC"},
	{"EcsParameters.Group", Dropped, "",
		"the task group names the tasks for ECS listing and placement; the Jobs of a CronJob are found through their labels and the CronJob's name"},
	{"EcsParameters.LaunchType", TranslatedWarn, "",
		"EC2 and EXTERNAL keep the task definition's node selection; FARGATE is reported, as pods run on EKS Fargate only when a Fargate profile selects them"},
	{"EcsParameters.NetworkConfiguration", TranslatedWarn, "pod networking of the VPC CNI",
		"pods take addresses and security groups from the cluster's network setup, not from each job"},
	{"EcsParameters.NetworkConfiguration.awsvpcConfiguration", TranslatedWarn, "pod networking of the VPC CNI",
		"every pod has its own address as an awsvpc task does, but subnets and security groups come from the cluster setup"},
	{"EcsParameters.NetworkConfiguration.awsvpcConfiguration.AssignPublicIp", TranslatedWarn, "",
		"pods never get a public address: ENABLED is reported (egress goes through a NAT gateway)"},
	{"EcsParameters.NetworkConfiguration.awsvpcConfiguration.SecurityGroups[]", TranslatedWarn, "reported: SecurityGroupPolicy (security groups for pods)",
		"pods use the node's security groups unless security groups for pods is enabled in the VPC CNI and a SecurityGroupPolicy selects them"},
	{"EcsParameters.NetworkConfiguration.awsvpcConfiguration.Subnets[]", TranslatedWarn, "reported only",
		"informational: pod subnets are those of the nodes or of the VPC CNI's custom networking, not chosen per job"},
	{"EcsParameters.PlacementConstraints[]", TranslatedWarn, "pod anti-affinity and node affinity",
		"only constraints with a Kubernetes counterpart translate; the others are reported and not applied"},
	{"EcsParameters.PlacementConstraints[].expression", TranslatedWarn, "node affinity match expressions",
		"ECS attributes map to well-known node labels; custom attributes need nodes labelled to match, and =~ patterns cannot be expressed"},
	{"EcsParameters.PlacementConstraints[].type", TranslatedWarn, "distinctInstance: pod anti-affinity on kubernetes.io/hostname; memberOf: node affinity",
		"distinctInstance keeps each pod off nodes running any pod of the CronJob, those of earlier runs still running included"},
	{"EcsParameters.PlacementStrategy[]", TranslatedWarn, "topologySpreadConstraints",
		"spread is translated; binpack is a scheduler scoring profile, not a pod setting, and is reported; random needs nothing"},
	{"EcsParameters.PlacementStrategy[].field", TranslatedWarn, "topologyKey",
		"only fields with a node label counterpart (instanceId, availability zone and the like) can be spread over; others are reported"},
	{"EcsParameters.PlacementStrategy[].type", TranslatedWarn, "spread: topologySpreadConstraints",
		"binpack cannot be asked for by a pod and is reported; random has nothing to translate"},
	{"EcsParameters.PlatformVersion", TranslatedWarn, "",
		"Fargate platform versions do not exist on EKS: a value other than LATEST is reported"},
	{"EcsParameters.PropagateTags", TranslatedWarn, "labels on the job's pod template",
		"ECS copies the task definition's tags onto tasks for cost allocation; pod labels do not serve that, and tags that are not valid labels become pod annotations"},
	{"EcsParameters.ReferenceId", Dropped, "",
		"a reference ECS shows on the tasks the rule starts; the Jobs of a CronJob are found through its labels instead"},
	{"EcsParameters.Tags[]", TranslatedWarn, "labels on the job's pod template where valid, else annotations",
		"AWS tags allow characters that labels do not; such tags become annotations"},
	{"EcsParameters.Tags[].Key", TranslatedWarn, "label or annotation key",
		"a key that is not a valid label key makes the tag an annotation"},
	{"EcsParameters.Tags[].Value", TranslatedWarn, "label or annotation value",
		"a value over 63 characters or outside [A-Za-z0-9-_.] makes the tag an annotation"},
	{"EcsParameters.TaskCount", Translated, "Job spec.parallelism and spec.completions", ""},
	{"EcsParameters.TaskDefinitionArn", Translated, "the task definition (family and revision) whose pod the job runs", ""},
	{"HttpParameters", OutOfScope, "", evWhyOtherTarget},
	{"HttpParameters.HeaderParameters{}", OutOfScope, "", evWhyOtherTarget},
	{"HttpParameters.PathParameterValues[]", OutOfScope, "", evWhyOtherTarget},
	{"HttpParameters.QueryStringParameters{}", OutOfScope, "", evWhyOtherTarget},
	{"Id", Translated, "tells apart the CronJobs of a rule with several ECS targets", ""},
	{"Input", TranslatedWarn, "", evWhyInput},
	{"InputPath", TranslatedWarn, "",
		"a scheduled event carries nothing for the task; the path is reported"},
	{"InputTransformer", TranslatedWarn, "", evWhyInput},
	{"InputTransformer.InputPathsMap{}", TranslatedWarn, "", evWhyInput},
	{"InputTransformer.InputTemplate", TranslatedWarn, "", evWhyInput},
	{"KinesisParameters", OutOfScope, "", evWhyOtherTarget},
	{"KinesisParameters.PartitionKeyPath", OutOfScope, "", evWhyOtherTarget},
	{"RedshiftDataParameters", OutOfScope, "", evWhyOtherTarget},
	{"RedshiftDataParameters.Database", OutOfScope, "", evWhyOtherTarget},
	{"RedshiftDataParameters.DbUser", OutOfScope, "", evWhyOtherTarget},
	{"RedshiftDataParameters.SecretManagerArn", OutOfScope, "", evWhyOtherTarget},
	{"RedshiftDataParameters.Sql", OutOfScope, "", evWhyOtherTarget},
	{"RedshiftDataParameters.Sqls[]", OutOfScope, "", evWhyOtherTarget},
	{"RedshiftDataParameters.StatementName", OutOfScope, "", evWhyOtherTarget},
	{"RedshiftDataParameters.WithEvent", OutOfScope, "", evWhyOtherTarget},
	{"RetryPolicy", TranslatedWarn, "CronJob spec.startingDeadlineSeconds (the event age only)",
		"EventBridge retries the RunTask call that starts a run, never a task that started and failed; Kubernetes has a deadline for late starts but no count of start attempts"},
	{"RetryPolicy.MaximumEventAgeInSeconds", TranslatedWarn, "CronJob spec.startingDeadlineSeconds",
		"both bound how late a run may start: EventBridge stops retrying a run this old, the CronJob skips one it could not start within the deadline; runs are late in Kubernetes when the CronJob controller was not running, in EventBridge when RunTask failed"},
	{"RetryPolicy.MaximumRetryAttempts", TranslatedWarn, "",
		"not the Job's backoffLimit, which counts pods that ran and failed (it stays 0, as ECS never ran a failed task again); EventBridge counts failed RunTask calls, and the Job controller retries creating a pod without a count: the value is reported"},
	{"RoleArn", Metadata, "",
		"the role EventBridge assumes to run tasks; the CronJob controller needs none"},
	{"RunCommandParameters", OutOfScope, "", evWhyOtherTarget},
	{"RunCommandParameters.RunCommandTargets[]", OutOfScope, "", evWhyOtherTarget},
	{"RunCommandParameters.RunCommandTargets[].Key", OutOfScope, "", evWhyOtherTarget},
	{"RunCommandParameters.RunCommandTargets[].Values[]", OutOfScope, "", evWhyOtherTarget},
	{"SageMakerPipelineParameters", OutOfScope, "", evWhyOtherTarget},
	{"SageMakerPipelineParameters.PipelineParameterList[]", OutOfScope, "", evWhyOtherTarget},
	{"SageMakerPipelineParameters.PipelineParameterList[].Name", OutOfScope, "", evWhyOtherTarget},
	{"SageMakerPipelineParameters.PipelineParameterList[].Value", OutOfScope, "", evWhyOtherTarget},
	{"SqsParameters", OutOfScope, "", evWhyOtherTarget},
	{"SqsParameters.MessageGroupId", OutOfScope, "", evWhyOtherTarget},
}

// EventRuleTable holds EventRuleFields.
var EventRuleTable = NewTable("EventBridge rule", "events", EventRuleFields)

// EventTargetTable holds EventTargetFields.
var EventTargetTable = NewTable("EventBridge target", "events", EventTargetFields)
