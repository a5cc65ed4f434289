package terraform

import (
	"gopkg.in/yaml.v3"
)

const whyNotECS = "targets other than ECS tasks are not workloads eksport translates"

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
		Row{"appsync_target", OutOfScope, "", whyNotECS},
		Row{"batch_target", OutOfScope, "", whyNotECS},
		Row{"http_target", OutOfScope, "", whyNotECS},
		Row{"kinesis_target", OutOfScope, "", whyNotECS},
		Row{"redshift_target", OutOfScope, "", whyNotECS},
		Row{"run_command_targets", OutOfScope, "", whyNotECS},
		Row{"sagemaker_pipeline_target", OutOfScope, "", whyNotECS},
		Row{"sqs_target", OutOfScope, "", whyNotECS},
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
		Row{"target.eventbridge_parameters", OutOfScope, "", whyNotECS},
		Row{"target.kinesis_parameters", OutOfScope, "", whyNotECS},
		Row{"target.sagemaker_pipeline_parameters", OutOfScope, "", whyNotECS},
		Row{"target.sqs_parameters", OutOfScope, "", whyNotECS},
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
		return t
	})
	if o.attrs["name"] == nil {
		put(root, "Name", scalar("!!str", "", o.rng)) // the front-end says what is missing
	}
	return root
}
