package terraform

import (
	"gopkg.in/yaml.v3"
)

const (
	whyTF      = "Terraform bookkeeping, not part of the workload"
	whyLater   = "not translated from Terraform yet; convert the AWS CLI form of this resource"
	whyRefOnly = "read for the ARNs and names other resources use; the ECS front-end decides what they become"
)

func init() {
	register("aws_ecs_task_definition", buildTaskDef, rows(
		Row{"family", Translated, "family", ""},
		Row{"container_definitions", Translated, "containerDefinitions", ""},
		Row{"task_role_arn", Translated, "taskRoleArn", ""},
		Row{"execution_role_arn", Translated, "executionRoleArn", ""},
		Row{"network_mode", Translated, "networkMode", ""},
		Row{"requires_compatibilities", Translated, "requiresCompatibilities", ""},
		Row{"cpu", Translated, "cpu", ""},
		Row{"memory", Translated, "memory", ""},
		Row{"pid_mode", Translated, "pidMode", ""},
		Row{"ipc_mode", Translated, "ipcMode", ""},
		Row{"enable_fault_injection", Translated, "enableFaultInjection", ""},
		Row{"tags", Translated, "tags", ""},
		Row{"skip_destroy", OutOfScope, "", whyTF},
		Row{"track_latest", OutOfScope, "", whyTF},
		Row{"volume", Translated, "volumes", ""},
		Row{"volume.name", Translated, "volumes[].name", ""},
		Row{"volume.host_path", Translated, "volumes[].host.sourcePath", ""},
		Row{"volume.configure_at_launch", Translated, "volumes[].configuredAtLaunch", ""},
		Row{"volume.docker_volume_configuration", Translated, "volumes[].dockerVolumeConfiguration", ""},
		Row{"volume.docker_volume_configuration.scope", Translated, "scope", ""},
		Row{"volume.docker_volume_configuration.autoprovision", Translated, "autoprovision", ""},
		Row{"volume.docker_volume_configuration.driver", Translated, "driver", ""},
		Row{"volume.docker_volume_configuration.driver_opts", Translated, "driverOpts", ""},
		Row{"volume.docker_volume_configuration.labels", Translated, "labels", ""},
		Row{"volume.efs_volume_configuration", Translated, "volumes[].efsVolumeConfiguration", ""},
		Row{"volume.efs_volume_configuration.file_system_id", Translated, "fileSystemId", ""},
		Row{"volume.efs_volume_configuration.root_directory", Translated, "rootDirectory", ""},
		Row{"volume.efs_volume_configuration.transit_encryption", Translated, "transitEncryption", ""},
		Row{"volume.efs_volume_configuration.transit_encryption_port", Translated, "transitEncryptionPort", ""},
		Row{"volume.efs_volume_configuration.authorization_config", Translated, "authorizationConfig", ""},
		Row{"volume.efs_volume_configuration.authorization_config.access_point_id", Translated, "accessPointId", ""},
		Row{"volume.efs_volume_configuration.authorization_config.iam", Translated, "iam", ""},
		Row{"volume.fsx_windows_file_server_volume_configuration", Translated, "volumes[].fsxWindowsFileServerVolumeConfiguration", ""},
		Row{"volume.fsx_windows_file_server_volume_configuration.file_system_id", Translated, "fileSystemId", ""},
		Row{"volume.fsx_windows_file_server_volume_configuration.root_directory", Translated, "rootDirectory", ""},
		Row{"volume.fsx_windows_file_server_volume_configuration.authorization_config", Translated, "authorizationConfig", ""},
		Row{"volume.fsx_windows_file_server_volume_configuration.authorization_config.credentials_parameter", Translated, "credentialsParameter", ""},
		Row{"volume.fsx_windows_file_server_volume_configuration.authorization_config.domain", Translated, "domain", ""},
		Row{"placement_constraints", Translated, "placementConstraints", ""},
		Row{"placement_constraints.type", Translated, "type", ""},
		Row{"placement_constraints.expression", Translated, "expression", ""},
		Row{"proxy_configuration", Translated, "proxyConfiguration", ""},
		Row{"proxy_configuration.type", Translated, "type", ""},
		Row{"proxy_configuration.container_name", Translated, "containerName", ""},
		Row{"proxy_configuration.properties", Translated, "properties", ""},
		Row{"runtime_platform", Translated, "runtimePlatform", ""},
		Row{"runtime_platform.operating_system_family", Translated, "operatingSystemFamily", ""},
		Row{"runtime_platform.cpu_architecture", Translated, "cpuArchitecture", ""},
		Row{"ephemeral_storage", Translated, "ephemeralStorage", ""},
		Row{"ephemeral_storage.size_in_gib", Translated, "sizeInGiB", ""},
		Row{"revision", OutOfScope, "", "computed by AWS; a reference to it links by family"},
		Row{"arn_without_revision", OutOfScope, "", "computed by AWS; references to it are resolved"},
		rowRegion, rowTagsAll,
	)...)

	register("aws_ecs_service", buildService, rows(
		Row{"name", Translated, "serviceName", ""},
		Row{"cluster", Translated, "cluster", ""},
		Row{"task_definition", Translated, "taskDefinition", ""},
		Row{"desired_count", Translated, "desiredCount", ""},
		Row{"launch_type", Translated, "launchType", ""},
		Row{"platform_version", Translated, "platformVersion", ""},
		Row{"scheduling_strategy", Translated, "schedulingStrategy", ""},
		Row{"health_check_grace_period_seconds", Translated, "healthCheckGracePeriodSeconds", ""},
		Row{"enable_ecs_managed_tags", Translated, "enableECSManagedTags", ""},
		Row{"enable_execute_command", Translated, "enableExecuteCommand", ""},
		Row{"propagate_tags", Translated, "propagateTags", ""},
		Row{"availability_zone_rebalancing", Translated, "availabilityZoneRebalancing", ""},
		Row{"tags", Translated, "tags", ""},
		Row{"iam_role", Translated, "role", ""},
		Row{"deployment_maximum_percent", Translated, "deploymentConfiguration.maximumPercent", ""},
		Row{"deployment_minimum_healthy_percent", Translated, "deploymentConfiguration.minimumHealthyPercent", ""},
		Row{"deployment_circuit_breaker", Translated, "deploymentConfiguration.deploymentCircuitBreaker", ""},
		Row{"deployment_circuit_breaker.enable", Translated, "enable", ""},
		Row{"deployment_circuit_breaker.rollback", Translated, "rollback", ""},
		Row{"alarms", Translated, "deploymentConfiguration.alarms", ""},
		Row{"alarms.alarm_names", Translated, "alarmNames", ""},
		Row{"alarms.enable", Translated, "enable", ""},
		Row{"alarms.rollback", Translated, "rollback", ""},
		Row{"deployment_controller", Translated, "deploymentController", ""},
		Row{"deployment_controller.type", Translated, "type", ""},
		Row{"load_balancer", Translated, "loadBalancers", ""},
		Row{"load_balancer.target_group_arn", Translated, "targetGroupArn", ""},
		Row{"load_balancer.elb_name", Translated, "loadBalancerName", ""},
		Row{"load_balancer.container_name", Translated, "containerName", ""},
		Row{"load_balancer.container_port", Translated, "containerPort", ""},
		Row{"load_balancer.advanced_configuration", Dropped, "", "blue/green target groups and listener rules are not translated from Terraform yet"},
		Row{"network_configuration", Translated, "networkConfiguration.awsvpcConfiguration", ""},
		Row{"network_configuration.subnets", Translated, "subnets", ""},
		Row{"network_configuration.security_groups", Translated, "securityGroups", ""},
		Row{"network_configuration.assign_public_ip", Translated, "assignPublicIp", ""},
		Row{"service_registries", Translated, "serviceRegistries", ""},
		Row{"service_registries.registry_arn", Translated, "registryArn", ""},
		Row{"service_registries.port", Translated, "port", ""},
		Row{"service_registries.container_name", Translated, "containerName", ""},
		Row{"service_registries.container_port", Translated, "containerPort", ""},
		Row{"capacity_provider_strategy", Translated, "capacityProviderStrategy", ""},
		Row{"capacity_provider_strategy.capacity_provider", Translated, "capacityProvider", ""},
		Row{"capacity_provider_strategy.weight", Translated, "weight", ""},
		Row{"capacity_provider_strategy.base", Translated, "base", ""},
		Row{"placement_constraints", Translated, "placementConstraints", ""},
		Row{"placement_constraints.type", Translated, "type", ""},
		Row{"placement_constraints.expression", Translated, "expression", ""},
		Row{"ordered_placement_strategy", Translated, "placementStrategy", ""},
		Row{"ordered_placement_strategy.type", Translated, "type", ""},
		Row{"ordered_placement_strategy.field", Translated, "field", ""},
		Row{"service_connect_configuration", Dropped, "", "Service Connect is not translated from Terraform yet; convert the service's AWS CLI form"},
		Row{"volume_configuration", Dropped, "", "EBS volumes configured at launch are not translated from Terraform yet; convert the service's AWS CLI form"},
		Row{"vpc_lattice_configurations", Dropped, "", "VPC Lattice has no EKS equivalent eksport writes"},
		Row{"force_new_deployment", OutOfScope, "", whyTF},
		Row{"force_delete", OutOfScope, "", whyTF},
		Row{"wait_for_steady_state", OutOfScope, "", whyTF},
		Row{"triggers", OutOfScope, "", whyTF},
		Row{"deployment_configuration", Dropped, "", "deployment strategies (blue/green, linear, canary) are not translated from Terraform yet"},
		Row{"sigint_rollback", OutOfScope, "", whyTF},
		Row{"timeouts", OutOfScope, "", whyTF},
		rowRegion, rowTagsAll,
	)...)

	register("aws_appautoscaling_target", buildScalableTarget, rows(
		Row{"service_namespace", Translated, "ServiceNamespace", ""},
		Row{"resource_id", Translated, "ResourceId", ""},
		Row{"scalable_dimension", Translated, "ScalableDimension", ""},
		Row{"min_capacity", Translated, "MinCapacity", ""},
		Row{"max_capacity", Translated, "MaxCapacity", ""},
		Row{"role_arn", Translated, "RoleARN", ""},
		Row{"tags", OutOfScope, "", "tags of the scalable target"},
		Row{"suspended_state", Translated, "SuspendedState", ""},
		Row{"suspended_state.dynamic_scaling_in_suspended", Translated, "DynamicScalingInSuspended", ""},
		Row{"suspended_state.dynamic_scaling_out_suspended", Translated, "DynamicScalingOutSuspended", ""},
		Row{"suspended_state.scheduled_scaling_suspended", Translated, "ScheduledScalingSuspended", ""},
		rowRegion, rowTagsAll,
	)...)

	register("aws_appautoscaling_policy", buildScalingPolicy, rows(
		Row{"name", Translated, "PolicyName", ""},
		Row{"policy_type", Translated, "PolicyType", ""},
		Row{"resource_id", Translated, "ResourceId", ""},
		Row{"scalable_dimension", Translated, "ScalableDimension", ""},
		Row{"service_namespace", Translated, "ServiceNamespace", ""},
		Row{"step_scaling_policy_configuration", Translated, "StepScalingPolicyConfiguration", ""},
		Row{"step_scaling_policy_configuration.adjustment_type", Translated, "AdjustmentType", ""},
		Row{"step_scaling_policy_configuration.cooldown", Translated, "Cooldown", ""},
		Row{"step_scaling_policy_configuration.metric_aggregation_type", Translated, "MetricAggregationType", ""},
		Row{"step_scaling_policy_configuration.min_adjustment_magnitude", Translated, "MinAdjustmentMagnitude", ""},
		Row{"step_scaling_policy_configuration.step_adjustment", Translated, "StepAdjustments", ""},
		Row{"step_scaling_policy_configuration.step_adjustment.metric_interval_lower_bound", Translated, "MetricIntervalLowerBound", ""},
		Row{"step_scaling_policy_configuration.step_adjustment.metric_interval_upper_bound", Translated, "MetricIntervalUpperBound", ""},
		Row{"step_scaling_policy_configuration.step_adjustment.scaling_adjustment", Translated, "ScalingAdjustment", ""},
		Row{"target_tracking_scaling_policy_configuration", Translated, "TargetTrackingScalingPolicyConfiguration", ""},
		Row{"target_tracking_scaling_policy_configuration.target_value", Translated, "TargetValue", ""},
		Row{"target_tracking_scaling_policy_configuration.disable_scale_in", Translated, "DisableScaleIn", ""},
		Row{"target_tracking_scaling_policy_configuration.scale_in_cooldown", Translated, "ScaleInCooldown", ""},
		Row{"target_tracking_scaling_policy_configuration.scale_out_cooldown", Translated, "ScaleOutCooldown", ""},
		Row{"target_tracking_scaling_policy_configuration.predefined_metric_specification", Translated, "PredefinedMetricSpecification", ""},
		Row{"target_tracking_scaling_policy_configuration.predefined_metric_specification.predefined_metric_type", Translated, "PredefinedMetricType", ""},
		Row{"target_tracking_scaling_policy_configuration.predefined_metric_specification.resource_label", Translated, "ResourceLabel", ""},
		Row{"target_tracking_scaling_policy_configuration.customized_metric_specification", Translated, "CustomizedMetricSpecification", ""},
		Row{"target_tracking_scaling_policy_configuration.customized_metric_specification.metric_name", Translated, "MetricName", ""},
		Row{"target_tracking_scaling_policy_configuration.customized_metric_specification.namespace", Translated, "Namespace", ""},
		Row{"target_tracking_scaling_policy_configuration.customized_metric_specification.statistic", Translated, "Statistic", ""},
		Row{"target_tracking_scaling_policy_configuration.customized_metric_specification.unit", Translated, "Unit", ""},
		Row{"target_tracking_scaling_policy_configuration.customized_metric_specification.dimensions", Translated, "Dimensions", ""},
		Row{"target_tracking_scaling_policy_configuration.customized_metric_specification.dimensions.name", Translated, "Name", ""},
		Row{"target_tracking_scaling_policy_configuration.customized_metric_specification.dimensions.value", Translated, "Value", ""},
		Row{"target_tracking_scaling_policy_configuration.customized_metric_specification.metrics", Dropped, "", "metric math is not translated from Terraform yet; convert the policy's AWS CLI form"},
		Row{"predictive_scaling_policy_configuration", Dropped, "", "predictive scaling is not translated from Terraform yet; convert the policy's AWS CLI form"},
		Row{"alarm_arns", OutOfScope, "", "computed by AWS"},
		rowRegion,
	)...)

	register("aws_appautoscaling_scheduled_action", buildScheduledAction, rows(
		Row{"name", Translated, "ScheduledActionName", ""},
		Row{"service_namespace", Translated, "ServiceNamespace", ""},
		Row{"resource_id", Translated, "ResourceId", ""},
		Row{"scalable_dimension", Translated, "ScalableDimension", ""},
		Row{"schedule", Translated, "Schedule", ""},
		Row{"timezone", Translated, "Timezone", ""},
		Row{"start_time", Translated, "StartTime", ""},
		Row{"end_time", Translated, "EndTime", ""},
		Row{"scalable_target_action", Translated, "ScalableTargetAction", ""},
		Row{"scalable_target_action.min_capacity", Translated, "MinCapacity", ""},
		Row{"scalable_target_action.max_capacity", Translated, "MaxCapacity", ""},
		rowRegion,
	)...)

	register("aws_cloudwatch_metric_alarm", buildAlarm, rows(
		Row{"alarm_name", Translated, "AlarmName", ""},
		Row{"alarm_description", Translated, "AlarmDescription", ""},
		Row{"comparison_operator", Translated, "ComparisonOperator", ""},
		Row{"evaluation_periods", Translated, "EvaluationPeriods", ""},
		Row{"datapoints_to_alarm", Translated, "DatapointsToAlarm", ""},
		Row{"metric_name", Translated, "MetricName", ""},
		Row{"namespace", Translated, "Namespace", ""},
		Row{"period", Translated, "Period", ""},
		Row{"statistic", Translated, "Statistic", ""},
		Row{"extended_statistic", Translated, "ExtendedStatistic", ""},
		Row{"threshold", Translated, "Threshold", ""},
		Row{"threshold_metric_id", Translated, "ThresholdMetricId", ""},
		Row{"unit", Translated, "Unit", ""},
		Row{"dimensions", Translated, "Dimensions", ""},
		Row{"alarm_actions", Translated, "AlarmActions", ""},
		Row{"ok_actions", Translated, "OKActions", ""},
		Row{"insufficient_data_actions", Translated, "InsufficientDataActions", ""},
		Row{"actions_enabled", Translated, "ActionsEnabled", ""},
		Row{"treat_missing_data", Translated, "TreatMissingData", ""},
		Row{"evaluate_low_sample_count_percentiles", Translated, "EvaluateLowSampleCountPercentile", ""},
		Row{"tags", OutOfScope, "", "tags of the alarm"},
		Row{"metric_query", Dropped, "", "metric math alarms are not translated from Terraform yet; convert the alarm's AWS CLI form"},
		rowRegion, rowTagsAll,
	)...)

	register("aws_lb_target_group", buildTargetGroup, targetGroupRows()...)
	register("aws_alb_target_group", buildTargetGroup, targetGroupRows()...)

	// Resources read for what other resources refer to.
	refOnly("aws_ecs_cluster", "name", "setting", "configuration", "service_connect_defaults", "tags", "tags_all", "region")
	refOnly("aws_iam_role", "name", "name_prefix", "path", "assume_role_policy", "description", "force_detach_policies", "inline_policy",
		"managed_policy_arns", "max_session_duration", "permissions_boundary", "tags", "tags_all", "create_date", "unique_id")
}

func targetGroupRows() []Row {
	return rows(
		Row{"name", Translated, "TargetGroupName", ""},
		Row{"port", Translated, "Port", ""},
		Row{"protocol", Translated, "Protocol", ""},
		Row{"protocol_version", Translated, "ProtocolVersion", ""},
		Row{"target_type", Translated, "TargetType", ""},
		Row{"vpc_id", Translated, "VpcId", ""},
		Row{"tags", OutOfScope, "", "tags of the target group"},
		Row{"deregistration_delay", Dropped, "", "pods leave a Service's endpoints as they terminate; no per-Service drain delay"},
		Row{"health_check", Translated, "HealthCheck*", ""},
		Row{"health_check.enabled", Translated, "HealthCheckEnabled", ""},
		Row{"health_check.path", Translated, "HealthCheckPath", ""},
		Row{"health_check.port", Translated, "HealthCheckPort", ""},
		Row{"health_check.protocol", Translated, "HealthCheckProtocol", ""},
		Row{"health_check.interval", Translated, "HealthCheckIntervalSeconds", ""},
		Row{"health_check.timeout", Translated, "HealthCheckTimeoutSeconds", ""},
		Row{"health_check.healthy_threshold", Translated, "HealthyThresholdCount", ""},
		Row{"health_check.unhealthy_threshold", Translated, "UnhealthyThresholdCount", ""},
		Row{"health_check.matcher", Translated, "Matcher.HttpCode", ""},
		Row{"name_prefix", OutOfScope, "", "the name is made at apply time"},
		Row{"slow_start", Dropped, "", "no Kubernetes equivalent"},
		Row{"stickiness", Dropped, "", "not translated from Terraform yet"},
		Row{"load_balancing_algorithm_type", Dropped, "", "not translated from Terraform yet"},
		Row{"arn_suffix", OutOfScope, "", "computed by AWS; references to it are resolved"},
		Row{"load_balancer_arns", OutOfScope, "", "computed by AWS"},
		Row{"connection_termination", Dropped, "", "a network load balancer setting the AWS Load Balancer Controller sets through annotations; not translated from Terraform yet"},
		Row{"ip_address_type", Dropped, "", "not translated from Terraform yet"},
		Row{"lambda_multi_value_headers_enabled", Dropped, "", "Lambda targets are not workloads"},
		Row{"load_balancing_anomaly_mitigation", Dropped, "", "not translated from Terraform yet"},
		Row{"load_balancing_cross_zone_enabled", Dropped, "", "not translated from Terraform yet"},
		Row{"preserve_client_ip", Dropped, "", "not translated from Terraform yet"},
		Row{"proxy_protocol_v2", Dropped, "", "not translated from Terraform yet"},
		Row{"target_control_port", Dropped, "", "not translated from Terraform yet"},
		Row{"target_failover", Dropped, "", "Gateway Load Balancer settings have no workload equivalent"},
		Row{"target_group_health", Dropped, "", "not translated from Terraform yet"},
		Row{"target_health_state", Dropped, "", "not translated from Terraform yet"},
		rowRegion, rowTagsAll,
	)
}

func buildTaskDef(n *nodes, o *obj) *yaml.Node {
	mp := mapping(o.rng)
	n.attr(mp, o, "family", "family")
	n.containerDefinitions(mp, o)
	for _, p := range [][2]string{{"task_role_arn", "taskRoleArn"}, {"execution_role_arn", "executionRoleArn"}, {"network_mode", "networkMode"},
		{"requires_compatibilities", "requiresCompatibilities"}, {"cpu", "cpu"}, {"memory", "memory"}, {"pid_mode", "pidMode"},
		{"ipc_mode", "ipcMode"}, {"enable_fault_injection", "enableFaultInjection"}} {
		n.attr(mp, o, p[0], p[1])
	}
	n.blocks(mp, o, "volume", "volumes", func(b *obj) *yaml.Node {
		v := mapping(b.rng)
		n.attr(v, b, "name", "name")
		if b.attrs["host_path"] != nil {
			h := mapping(b.attrs["host_path"].rng)
			n.attr(h, b, "host_path", "sourcePath")
			put(v, "host", h)
		}
		n.attr(v, b, "configure_at_launch", "configuredAtLaunch")
		n.block(v, b, "docker_volume_configuration", "dockerVolumeConfiguration", n.fields("scope", "scope", "autoprovision", "autoprovision", "driver", "driver", "driver_opts", "driverOpts", "labels", "labels"))
		n.block(v, b, "efs_volume_configuration", "efsVolumeConfiguration", func(e *obj) *yaml.Node {
			c := n.fields("file_system_id", "fileSystemId", "root_directory", "rootDirectory", "transit_encryption", "transitEncryption", "transit_encryption_port", "transitEncryptionPort")(e)
			n.block(c, e, "authorization_config", "authorizationConfig", n.fields("access_point_id", "accessPointId", "iam", "iam"))
			return c
		})
		n.block(v, b, "fsx_windows_file_server_volume_configuration", "fsxWindowsFileServerVolumeConfiguration", func(e *obj) *yaml.Node {
			c := n.fields("file_system_id", "fileSystemId", "root_directory", "rootDirectory")(e)
			n.block(c, e, "authorization_config", "authorizationConfig", n.fields("credentials_parameter", "credentialsParameter", "domain", "domain"))
			return c
		})
		return v
	})
	n.blocks(mp, o, "placement_constraints", "placementConstraints", n.fields("type", "type", "expression", "expression"))
	n.block(mp, o, "proxy_configuration", "proxyConfiguration", func(b *obj) *yaml.Node {
		c := n.fields("type", "type", "container_name", "containerName")(b)
		n.pairs(c, b, "properties", "proxy_configuration.properties", "name", "value", "properties")
		return c
	})
	n.block(mp, o, "runtime_platform", "runtimePlatform", n.fields("operating_system_family", "operatingSystemFamily", "cpu_architecture", "cpuArchitecture"))
	n.block(mp, o, "ephemeral_storage", "ephemeralStorage", n.fields("size_in_gib", "sizeInGiB"))
	n.tagList(mp, o, "key", "value", "tags")
	return mp
}

func buildService(n *nodes, o *obj) *yaml.Node {
	mp := mapping(o.rng)
	for _, p := range [][2]string{{"name", "serviceName"}, {"cluster", "cluster"}, {"task_definition", "taskDefinition"},
		{"desired_count", "desiredCount"}, {"launch_type", "launchType"}, {"platform_version", "platformVersion"},
		{"scheduling_strategy", "schedulingStrategy"}, {"health_check_grace_period_seconds", "healthCheckGracePeriodSeconds"},
		{"enable_ecs_managed_tags", "enableECSManagedTags"}, {"enable_execute_command", "enableExecuteCommand"},
		{"propagate_tags", "propagateTags"}, {"availability_zone_rebalancing", "availabilityZoneRebalancing"}, {"iam_role", "role"}} {
		n.attr(mp, o, p[0], p[1])
	}
	dc := mapping(o.rng)
	n.attr(dc, o, "deployment_maximum_percent", "maximumPercent")
	n.attr(dc, o, "deployment_minimum_healthy_percent", "minimumHealthyPercent")
	n.block(dc, o, "deployment_circuit_breaker", "deploymentCircuitBreaker", n.fields("enable", "enable", "rollback", "rollback"))
	n.block(dc, o, "alarms", "alarms", n.fields("alarm_names", "alarmNames", "enable", "enable", "rollback", "rollback"))
	if len(dc.Content) > 0 {
		dc.Line, dc.Column = dc.Content[1].Line, dc.Content[1].Column
		put(mp, "deploymentConfiguration", dc)
	}
	n.block(mp, o, "deployment_controller", "deploymentController", n.fields("type", "type"))
	n.blocks(mp, o, "load_balancer", "loadBalancers", n.fields("target_group_arn", "targetGroupArn", "elb_name", "loadBalancerName", "container_name", "containerName", "container_port", "containerPort"))
	n.block(mp, o, "network_configuration", "networkConfiguration", func(b *obj) *yaml.Node {
		c := n.fields("subnets", "subnets", "security_groups", "securityGroups")(b)
		n.enabled(c, b, "assign_public_ip", "assignPublicIp")
		w := mapping(b.rng)
		put(w, "awsvpcConfiguration", c)
		return w
	})
	n.blocks(mp, o, "service_registries", "serviceRegistries", n.fields("registry_arn", "registryArn", "port", "port", "container_name", "containerName", "container_port", "containerPort"))
	n.blocks(mp, o, "capacity_provider_strategy", "capacityProviderStrategy", n.fields("capacity_provider", "capacityProvider", "weight", "weight", "base", "base"))
	n.blocks(mp, o, "placement_constraints", "placementConstraints", n.fields("type", "type", "expression", "expression"))
	n.blocks(mp, o, "ordered_placement_strategy", "placementStrategy", n.fields("type", "type", "field", "field"))
	n.tagList(mp, o, "key", "value", "tags")
	if _, ok := o.attrs["name"]; !ok {
		// create-service needs the name; looksLikeService needs a key.
		put(mp, "serviceName", scalar("!!str", "", o.rng))
	}
	return mp
}

func buildScalableTarget(n *nodes, o *obj) *yaml.Node {
	mp := n.fields("service_namespace", "ServiceNamespace", "resource_id", "ResourceId", "scalable_dimension", "ScalableDimension",
		"min_capacity", "MinCapacity", "max_capacity", "MaxCapacity", "role_arn", "RoleARN")(o)
	n.block(mp, o, "suspended_state", "SuspendedState", n.fields("dynamic_scaling_in_suspended", "DynamicScalingInSuspended",
		"dynamic_scaling_out_suspended", "DynamicScalingOutSuspended", "scheduled_scaling_suspended", "ScheduledScalingSuspended"))
	return mp
}

func buildScalingPolicy(n *nodes, o *obj) *yaml.Node {
	mp := n.fields("name", "PolicyName", "policy_type", "PolicyType", "resource_id", "ResourceId", "scalable_dimension", "ScalableDimension",
		"service_namespace", "ServiceNamespace")(o)
	if _, ok := o.attrs["policy_type"]; !ok {
		put(mp, "PolicyType", scalar("!!str", "StepScaling", o.rng)) // the provider's default
	}
	// The ARN alarms name in their actions, as references see it.
	if v, ok := n.arn(); ok {
		put(mp, "PolicyARN", n.value(v, o.rng, n.addr+".arn"))
	}
	n.block(mp, o, "step_scaling_policy_configuration", "StepScalingPolicyConfiguration", func(b *obj) *yaml.Node {
		c := n.fields("adjustment_type", "AdjustmentType", "cooldown", "Cooldown", "metric_aggregation_type", "MetricAggregationType",
			"min_adjustment_magnitude", "MinAdjustmentMagnitude")(b)
		n.blocks(c, b, "step_adjustment", "StepAdjustments", n.fields("metric_interval_lower_bound", "MetricIntervalLowerBound",
			"metric_interval_upper_bound", "MetricIntervalUpperBound", "scaling_adjustment", "ScalingAdjustment"))
		return c
	})
	n.block(mp, o, "target_tracking_scaling_policy_configuration", "TargetTrackingScalingPolicyConfiguration", func(b *obj) *yaml.Node {
		c := n.fields("target_value", "TargetValue", "disable_scale_in", "DisableScaleIn", "scale_in_cooldown", "ScaleInCooldown",
			"scale_out_cooldown", "ScaleOutCooldown")(b)
		n.block(c, b, "predefined_metric_specification", "PredefinedMetricSpecification", n.fields("predefined_metric_type", "PredefinedMetricType", "resource_label", "ResourceLabel"))
		n.block(c, b, "customized_metric_specification", "CustomizedMetricSpecification", func(s *obj) *yaml.Node {
			m := n.fields("metric_name", "MetricName", "namespace", "Namespace", "statistic", "Statistic", "unit", "Unit")(s)
			n.blocks(m, s, "dimensions", "Dimensions", n.fields("name", "Name", "value", "Value"))
			return m
		})
		return c
	})
	return mp
}

func buildScheduledAction(n *nodes, o *obj) *yaml.Node {
	mp := n.fields("name", "ScheduledActionName", "service_namespace", "ServiceNamespace", "resource_id", "ResourceId",
		"scalable_dimension", "ScalableDimension", "schedule", "Schedule", "timezone", "Timezone", "start_time", "StartTime", "end_time", "EndTime")(o)
	n.block(mp, o, "scalable_target_action", "ScalableTargetAction", n.fields("min_capacity", "MinCapacity", "max_capacity", "MaxCapacity"))
	return mp
}

func buildAlarm(n *nodes, o *obj) *yaml.Node {
	mp := n.fields("alarm_name", "AlarmName", "alarm_description", "AlarmDescription", "comparison_operator", "ComparisonOperator",
		"evaluation_periods", "EvaluationPeriods", "datapoints_to_alarm", "DatapointsToAlarm", "metric_name", "MetricName",
		"namespace", "Namespace", "period", "Period", "statistic", "Statistic", "extended_statistic", "ExtendedStatistic",
		"threshold", "Threshold", "threshold_metric_id", "ThresholdMetricId", "unit", "Unit", "alarm_actions", "AlarmActions",
		"ok_actions", "OKActions", "insufficient_data_actions", "InsufficientDataActions", "actions_enabled", "ActionsEnabled",
		"treat_missing_data", "TreatMissingData", "evaluate_low_sample_count_percentiles", "EvaluateLowSampleCountPercentile")(o)
	n.pairs(mp, o, "dimensions", "dimensions", "Name", "Value", "Dimensions")
	return mp
}

func buildTargetGroup(n *nodes, o *obj) *yaml.Node {
	tg := n.fields("name", "TargetGroupName", "port", "Port", "protocol", "Protocol", "protocol_version", "ProtocolVersion",
		"target_type", "TargetType", "vpc_id", "VpcId")(o)
	if v, ok := n.arn(); ok {
		put(tg, "TargetGroupArn", n.value(v, o.rng, n.addr+".arn"))
	}
	if hc := o.subs("health_check"); len(hc) > 0 {
		b := hc[0]
		for _, p := range [][2]string{{"enabled", "HealthCheckEnabled"}, {"path", "HealthCheckPath"}, {"port", "HealthCheckPort"},
			{"protocol", "HealthCheckProtocol"}, {"interval", "HealthCheckIntervalSeconds"}, {"timeout", "HealthCheckTimeoutSeconds"},
			{"healthy_threshold", "HealthyThresholdCount"}, {"unhealthy_threshold", "UnhealthyThresholdCount"}} {
			n.attr(tg, b, p[0], p[1])
		}
		if b.attrs["matcher"] != nil {
			m := mapping(b.attrs["matcher"].rng)
			n.attr(m, b, "matcher", "HttpCode")
			put(tg, "Matcher", m)
		}
	}
	root := mapping(o.rng)
	s := seq(o.rng)
	s.Content = append(s.Content, tg)
	put(root, "TargetGroups", s)
	return root
}
