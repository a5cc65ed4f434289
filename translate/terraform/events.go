package terraform

import (
	"gopkg.in/yaml.v3"
)

func init() {
	register("aws_cloudwatch_event_rule", buildEventRule, rows(
		Row{"name", Translated, "Name", ""},
		Row{"schedule_expression", Translated, "ScheduleExpression", ""},
		Row{"event_pattern", Translated, "EventPattern", ""},
		Row{"description", Translated, "Description", ""},
		Row{"event_bus_name", Translated, "EventBusName", ""},
		Row{"role_arn", Translated, "RoleArn", ""},
		Row{"state", Translated, "State", ""},
		Row{"is_enabled", Translated, "State (false: DISABLED)", ""},
		Row{"name_prefix", OutOfScope, "", "the name is made at apply time; give a name"},
		Row{"force_destroy", OutOfScope, "", whyTF},
		Row{"tags", OutOfScope, "", "tags of the rule"},
		rowRegion, rowTagsAll,
	)...)
	register("aws_cloudwatch_event_target", buildEventTarget, rows(
		Row{"rule", Translated, "Rule", ""},
		Row{"event_bus_name", Translated, "EventBusName", ""},
		Row{"target_id", Translated, "Targets[].Id", ""},
		Row{"arn", Translated, "Targets[].Arn", ""},
		Row{"role_arn", Translated, "Targets[].RoleArn", ""},
		Row{"input", Translated, "Targets[].Input", ""},
		Row{"input_path", Translated, "Targets[].InputPath", ""},
		Row{"input_transformer", Translated, "Targets[].InputTransformer", ""},
		Row{"input_transformer.input_paths", Translated, "InputPathsMap", ""},
		Row{"input_transformer.input_template", Translated, "InputTemplate", ""},
		Row{"retry_policy", Translated, "Targets[].RetryPolicy", ""},
		Row{"retry_policy.maximum_event_age_in_seconds", Translated, "MaximumEventAgeInSeconds", ""},
		Row{"retry_policy.maximum_retry_attempts", Translated, "MaximumRetryAttempts", ""},
		Row{"dead_letter_config", Translated, "Targets[].DeadLetterConfig", ""},
		Row{"dead_letter_config.arn", Translated, "Arn", ""},
		Row{"ecs_target", Translated, "Targets[].EcsParameters", ""},
		Row{"ecs_target.task_definition_arn", Translated, "TaskDefinitionArn", ""},
		Row{"ecs_target.task_count", Translated, "TaskCount", ""},
		Row{"ecs_target.launch_type", Translated, "LaunchType", ""},
		Row{"ecs_target.platform_version", Translated, "PlatformVersion", ""},
		Row{"ecs_target.group", Translated, "Group", ""},
		Row{"ecs_target.propagate_tags", Translated, "PropagateTags", ""},
		Row{"ecs_target.enable_ecs_managed_tags", Translated, "EnableECSManagedTags", ""},
		Row{"ecs_target.enable_execute_command", Translated, "EnableExecuteCommand", ""},
		Row{"ecs_target.tags", Translated, "Tags", ""},
		Row{"ecs_target.network_configuration", Translated, "NetworkConfiguration.awsvpcConfiguration", ""},
		Row{"ecs_target.network_configuration.subnets", Translated, "Subnets", ""},
		Row{"ecs_target.network_configuration.security_groups", Translated, "SecurityGroups", ""},
		Row{"ecs_target.network_configuration.assign_public_ip", Translated, "AssignPublicIp", ""},
		Row{"ecs_target.capacity_provider_strategy", Translated, "CapacityProviderStrategy", ""},
		Row{"ecs_target.capacity_provider_strategy.capacity_provider", Translated, "capacityProvider", ""},
		Row{"ecs_target.capacity_provider_strategy.weight", Translated, "weight", ""},
		Row{"ecs_target.capacity_provider_strategy.base", Translated, "base", ""},
		Row{"ecs_target.placement_constraint", Translated, "PlacementConstraints", ""},
		Row{"ecs_target.placement_constraint.type", Translated, "type", ""},
		Row{"ecs_target.placement_constraint.expression", Translated, "expression", ""},
		Row{"ecs_target.ordered_placement_strategy", Translated, "PlacementStrategy", ""},
		Row{"ecs_target.ordered_placement_strategy.type", Translated, "type", ""},
		Row{"ecs_target.ordered_placement_strategy.field", Translated, "field", ""},
		// A target of another kind keeps its parameters, and the ECS
		// front-end notes it once (events/not-ecs-target), as it does
		// for the AWS CLI's and CloudFormation's forms.
		Row{"appsync_target", Translated, "Targets[].AppSyncParameters", ""},
		Row{"appsync_target.graphql_operation", Translated, "GraphQLOperation", ""},
		Row{"batch_target", Translated, "Targets[].BatchParameters", ""},
		Row{"batch_target.job_definition", Translated, "JobDefinition", ""},
		Row{"batch_target.job_name", Translated, "JobName", ""},
		Row{"batch_target.array_size", Translated, "ArrayProperties.Size", ""},
		Row{"batch_target.job_attempts", Translated, "RetryStrategy.Attempts", ""},
		Row{"http_target", Translated, "Targets[].HttpParameters", ""},
		Row{"http_target.header_parameters", Translated, "HeaderParameters", ""},
		Row{"http_target.path_parameter_values", Translated, "PathParameterValues", ""},
		Row{"http_target.query_string_parameters", Translated, "QueryStringParameters", ""},
		Row{"kinesis_target", Translated, "Targets[].KinesisParameters", ""},
		Row{"kinesis_target.partition_key_path", Translated, "PartitionKeyPath", ""},
		Row{"redshift_target", Translated, "Targets[].RedshiftDataParameters", ""},
		Row{"redshift_target.database", Translated, "Database", ""},
		Row{"redshift_target.db_user", Translated, "DbUser", ""},
		Row{"redshift_target.secrets_manager_arn", Translated, "SecretManagerArn", ""},
		Row{"redshift_target.sql", Translated, "Sql", ""},
		Row{"redshift_target.statement_name", Translated, "StatementName", ""},
		Row{"redshift_target.with_event", Translated, "WithEvent", ""},
		Row{"run_command_targets", Translated, "Targets[].RunCommandParameters.RunCommandTargets", ""},
		Row{"run_command_targets.key", Translated, "Key", ""},
		Row{"run_command_targets.values", Translated, "Values", ""},
		Row{"sagemaker_pipeline_target", Translated, "Targets[].SageMakerPipelineParameters", ""},
		Row{"sagemaker_pipeline_target.pipeline_parameter_list", Translated, "PipelineParameterList", ""},
		Row{"sagemaker_pipeline_target.pipeline_parameter_list.name", Translated, "Name", ""},
		Row{"sagemaker_pipeline_target.pipeline_parameter_list.value", Translated, "Value", ""},
		Row{"sqs_target", Translated, "Targets[].SqsParameters", ""},
		Row{"sqs_target.message_group_id", Translated, "MessageGroupId", ""},
		Row{"force_destroy", OutOfScope, "", whyTF},
		rowRegion,
	)...)
	register("aws_scheduler_schedule", buildSchedule, rows(
		Row{"name", Translated, "Name", ""},
		Row{"schedule_expression", Translated, "ScheduleExpression", ""},
		Row{"schedule_expression_timezone", Translated, "ScheduleExpressionTimezone", ""},
		Row{"description", Translated, "Description", ""},
		Row{"state", Translated, "State", ""},
		Row{"start_date", Translated, "StartDate", ""},
		Row{"end_date", Translated, "EndDate", ""},
		Row{"flexible_time_window", Translated, "FlexibleTimeWindow", ""},
		Row{"flexible_time_window.mode", Translated, "Mode", ""},
		Row{"flexible_time_window.maximum_window_in_minutes", Translated, "MaximumWindowInMinutes", ""},
		Row{"action_after_completion", Translated, "ActionAfterCompletion", ""},
		Row{"group_name", Translated, "GroupName", ""},
		Row{"kms_key_arn", Translated, "KmsKeyArn", ""},
		Row{"name_prefix", OutOfScope, "", "the name is made at apply time; give a name"},
		Row{"target", Translated, "Target", ""},
		Row{"target.arn", Translated, "Arn", ""},
		Row{"target.role_arn", Translated, "RoleArn", ""},
		Row{"target.input", Translated, "Input", ""},
		Row{"target.retry_policy", Translated, "RetryPolicy", ""},
		Row{"target.retry_policy.maximum_event_age_in_seconds", Translated, "MaximumEventAgeInSeconds", ""},
		Row{"target.retry_policy.maximum_retry_attempts", Translated, "MaximumRetryAttempts", ""},
		Row{"target.dead_letter_config", Translated, "DeadLetterConfig", ""},
		Row{"target.dead_letter_config.arn", Translated, "Arn", ""},
		Row{"target.ecs_parameters", Translated, "EcsParameters", ""},
		Row{"target.ecs_parameters.task_definition_arn", Translated, "TaskDefinitionArn", ""},
		Row{"target.ecs_parameters.task_count", Translated, "TaskCount", ""},
		Row{"target.ecs_parameters.launch_type", Translated, "LaunchType", ""},
		Row{"target.ecs_parameters.platform_version", Translated, "PlatformVersion", ""},
		Row{"target.ecs_parameters.group", Translated, "Group", ""},
		Row{"target.ecs_parameters.propagate_tags", Translated, "PropagateTags", ""},
		Row{"target.ecs_parameters.reference_id", Translated, "ReferenceId", ""},
		Row{"target.ecs_parameters.enable_ecs_managed_tags", Translated, "EnableECSManagedTags", ""},
		Row{"target.ecs_parameters.enable_execute_command", Translated, "EnableExecuteCommand", ""},
		Row{"target.ecs_parameters.tags", Translated, "Tags", ""},
		Row{"target.ecs_parameters.network_configuration", Translated, "NetworkConfiguration.awsvpcConfiguration", ""},
		Row{"target.ecs_parameters.network_configuration.subnets", Translated, "Subnets", ""},
		Row{"target.ecs_parameters.network_configuration.security_groups", Translated, "SecurityGroups", ""},
		Row{"target.ecs_parameters.network_configuration.assign_public_ip", Translated, "AssignPublicIp", ""},
		Row{"target.ecs_parameters.capacity_provider_strategy", Translated, "CapacityProviderStrategy", ""},
		Row{"target.ecs_parameters.capacity_provider_strategy.capacity_provider", Translated, "capacityProvider", ""},
		Row{"target.ecs_parameters.capacity_provider_strategy.weight", Translated, "weight", ""},
		Row{"target.ecs_parameters.capacity_provider_strategy.base", Translated, "base", ""},
		Row{"target.ecs_parameters.placement_constraints", Translated, "PlacementConstraints", ""},
		Row{"target.ecs_parameters.placement_constraints.type", Translated, "type", ""},
		Row{"target.ecs_parameters.placement_constraints.expression", Translated, "expression", ""},
		Row{"target.ecs_parameters.placement_strategy", Translated, "PlacementStrategy", ""},
		Row{"target.ecs_parameters.placement_strategy.type", Translated, "type", ""},
		Row{"target.ecs_parameters.placement_strategy.field", Translated, "field", ""},
		// A target of another kind: as the event target's.
		Row{"target.eventbridge_parameters", Translated, "EventBridgeParameters", ""},
		Row{"target.eventbridge_parameters.detail_type", Translated, "DetailType", ""},
		Row{"target.eventbridge_parameters.source", Translated, "Source", ""},
		Row{"target.kinesis_parameters", Translated, "KinesisParameters", ""},
		Row{"target.kinesis_parameters.partition_key", Translated, "PartitionKey", ""},
		Row{"target.sagemaker_pipeline_parameters", Translated, "SageMakerPipelineParameters", ""},
		Row{"target.sagemaker_pipeline_parameters.pipeline_parameter", Translated, "PipelineParameterList", ""},
		Row{"target.sagemaker_pipeline_parameters.pipeline_parameter.name", Translated, "Name", ""},
		Row{"target.sagemaker_pipeline_parameters.pipeline_parameter.value", Translated, "Value", ""},
		Row{"target.sqs_parameters", Translated, "SqsParameters", ""},
		Row{"target.sqs_parameters.message_group_id", Translated, "MessageGroupId", ""},
		rowRegion,
	)...)
}

func buildEventRule(n *nodes, o *obj) *yaml.Node {
	mp := n.fields("name", "Name", "schedule_expression", "ScheduleExpression", "event_pattern", "EventPattern", "description", "Description",
		"event_bus_name", "EventBusName", "role_arn", "RoleArn", "state", "State")(o)
	if a := o.attrs["is_enabled"]; a != nil && o.attrs["state"] == nil {
		v, _ := a.v.UnmarkDeep()
		if v.IsKnown() && !v.IsNull() && v.False() {
			put(mp, "State", scalar("!!str", "DISABLED", a.rng))
		}
	}
	if o.attrs["name"] == nil {
		put(mp, "Name", scalar("!!str", "", o.rng)) // the front-end says what is missing
	}
	return mp
}

// otherTarget writes the parameters of an event target of another kind
// than an ECS task, as put-targets has them: the ECS front-end notes such
// a target once (events/not-ecs-target), whatever its kind.
func (n *nodes) otherTarget(t *yaml.Node, o *obj) {
	n.block(t, o, "appsync_target", "AppSyncParameters", n.fields("graphql_operation", "GraphQLOperation"))
	n.block(t, o, "batch_target", "BatchParameters", func(b *obj) *yaml.Node {
		p := n.fields("job_definition", "JobDefinition", "job_name", "JobName")(b)
		if b.attrs["array_size"] != nil {
			put(p, "ArrayProperties", n.fields("array_size", "Size")(b))
		}
		if b.attrs["job_attempts"] != nil {
			put(p, "RetryStrategy", n.fields("job_attempts", "Attempts")(b))
		}
		return p
	})
	n.block(t, o, "http_target", "HttpParameters", n.fields("header_parameters", "HeaderParameters",
		"path_parameter_values", "PathParameterValues", "query_string_parameters", "QueryStringParameters"))
	n.block(t, o, "kinesis_target", "KinesisParameters", n.fields("partition_key_path", "PartitionKeyPath"))
	n.block(t, o, "redshift_target", "RedshiftDataParameters", n.fields("database", "Database", "db_user", "DbUser",
		"secrets_manager_arn", "SecretManagerArn", "sql", "Sql", "statement_name", "StatementName", "with_event", "WithEvent"))
	if bs := o.subs("run_command_targets"); len(bs) > 0 {
		p := mapping(bs[0].rng)
		n.blocks(p, o, "run_command_targets", "RunCommandTargets", n.fields("key", "Key", "values", "Values"))
		put(t, "RunCommandParameters", p)
	}
	n.block(t, o, "sagemaker_pipeline_target", "SageMakerPipelineParameters", n.pipelineParameters("pipeline_parameter_list"))
	n.block(t, o, "sqs_target", "SqsParameters", n.fields("message_group_id", "MessageGroupId"))
}

// pipelineParameters converts a SageMaker pipeline target's block, whose
// parameters are the blocks named list.
func (n *nodes) pipelineParameters(list string) func(b *obj) *yaml.Node {
	return func(b *obj) *yaml.Node {
		p := mapping(b.rng)
		n.blocks(p, b, list, "PipelineParameterList", n.fields("name", "Name", "value", "Value"))
		return p
	}
}

// ecsParameters converts an ecs_target or ecs_parameters block.
func (n *nodes) ecsParameters(constraints string) func(b *obj) *yaml.Node {
	return func(b *obj) *yaml.Node {
		p := n.fields("task_definition_arn", "TaskDefinitionArn", "task_count", "TaskCount", "launch_type", "LaunchType",
			"platform_version", "PlatformVersion", "group", "Group", "propagate_tags", "PropagateTags", "reference_id", "ReferenceId",
			"enable_ecs_managed_tags", "EnableECSManagedTags", "enable_execute_command", "EnableExecuteCommand")(b)
		n.tagList(p, b, "Key", "Value", "Tags")
		n.block(p, b, "network_configuration", "NetworkConfiguration", func(c *obj) *yaml.Node {
			v := n.fields("subnets", "Subnets", "security_groups", "SecurityGroups")(c)
			n.enabled(v, c, "assign_public_ip", "AssignPublicIp")
			w := mapping(c.rng)
			put(w, "awsvpcConfiguration", v)
			return w
		})
		n.blocks(p, b, "capacity_provider_strategy", "CapacityProviderStrategy", n.fields("capacity_provider", "capacityProvider", "weight", "weight", "base", "base"))
		n.blocks(p, b, constraints, "PlacementConstraints", n.fields("type", "type", "expression", "expression"))
		for _, s := range []string{"ordered_placement_strategy", "placement_strategy"} {
			n.blocks(p, b, s, "PlacementStrategy", n.fields("type", "type", "field", "field"))
		}
		return p
	}
}

func buildEventTarget(n *nodes, o *obj) *yaml.Node {
	root := n.fields("rule", "Rule", "event_bus_name", "EventBusName")(o)
	t := n.fields("target_id", "Id", "arn", "Arn", "role_arn", "RoleArn", "input", "Input", "input_path", "InputPath")(o)
	n.block(t, o, "input_transformer", "InputTransformer", n.fields("input_paths", "InputPathsMap", "input_template", "InputTemplate"))
	n.block(t, o, "retry_policy", "RetryPolicy", n.fields("maximum_event_age_in_seconds", "MaximumEventAgeInSeconds", "maximum_retry_attempts", "MaximumRetryAttempts"))
	n.block(t, o, "dead_letter_config", "DeadLetterConfig", n.fields("arn", "Arn"))
	n.block(t, o, "ecs_target", "EcsParameters", n.ecsParameters("placement_constraint"))
	n.otherTarget(t, o)
	s := seq(o.rng)
	s.Content = append(s.Content, t)
	put(root, "Targets", s)
	return root
}

// buildSchedule writes the create-schedule shape, which the ECS front-end
// reads as it reads get-schedule output.
func buildSchedule(n *nodes, o *obj) *yaml.Node {
	root := n.fields("name", "Name", "schedule_expression", "ScheduleExpression", "schedule_expression_timezone", "ScheduleExpressionTimezone",
		"description", "Description", "state", "State", "start_date", "StartDate", "end_date", "EndDate",
		"action_after_completion", "ActionAfterCompletion", "group_name", "GroupName", "kms_key_arn", "KmsKeyArn")(o)
	n.block(root, o, "flexible_time_window", "FlexibleTimeWindow", n.fields("mode", "Mode", "maximum_window_in_minutes", "MaximumWindowInMinutes"))
	n.block(root, o, "target", "Target", func(b *obj) *yaml.Node {
		t := n.fields("arn", "Arn", "role_arn", "RoleArn", "input", "Input")(b)
		n.block(t, b, "retry_policy", "RetryPolicy", n.fields("maximum_event_age_in_seconds", "MaximumEventAgeInSeconds", "maximum_retry_attempts", "MaximumRetryAttempts"))
		n.block(t, b, "dead_letter_config", "DeadLetterConfig", n.fields("arn", "Arn"))
		n.block(t, b, "ecs_parameters", "EcsParameters", n.ecsParameters("placement_constraints"))
		n.block(t, b, "eventbridge_parameters", "EventBridgeParameters", n.fields("detail_type", "DetailType", "source", "Source"))
		n.block(t, b, "kinesis_parameters", "KinesisParameters", n.fields("partition_key", "PartitionKey"))
		n.block(t, b, "sagemaker_pipeline_parameters", "SageMakerPipelineParameters", n.pipelineParameters("pipeline_parameter"))
		n.block(t, b, "sqs_parameters", "SqsParameters", n.fields("message_group_id", "MessageGroupId"))
		return t
	})
	if o.attrs["name"] == nil {
		put(root, "Name", scalar("!!str", "", o.rng)) // the front-end says what is missing
	}
	return root
}
