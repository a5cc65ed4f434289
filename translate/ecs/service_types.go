package ecs

import "github.com/eksport/eksport/translate/source"

// These structs mirror the JSON shapes of an ECS service: the create-service
// input (CreateServiceInput) and the members of describe-services output
// (types.Service), with the API's own lowerCamelCase member names and the
// conventions of types.go (pointers for scalars, slices for lists,
// source.StringMap for string maps, *source.Raw for timestamps and for
// members that are arbitrary JSON).
//
// fields_service.go gives every path below a disposition; tests hold the two
// together and both against the AWS SDK's types and wire schemas
// (fields_service_test.go).

// Service is a service in either create-service input or describe-services
// form. The two differ: create takes cluster and role where describe
// returns clusterArn and roleArn; describe returns serviceConnectConfiguration,
// volumeConfigurations and vpcLatticeConfigurations only inside deployments[];
// monitoring and gatewayConnectors exist only in the create input.
type Service struct {
	AvailabilityZoneRebalancing   *string                        `json:"availabilityZoneRebalancing"`
	CapacityProviderStrategy      []CapacityProviderStrategyItem `json:"capacityProviderStrategy"`
	DeploymentConfiguration       *DeploymentConfiguration       `json:"deploymentConfiguration"`
	DeploymentController          *DeploymentController          `json:"deploymentController"`
	DesiredCount                  *int64                         `json:"desiredCount"`
	EnableECSManagedTags          *bool                          `json:"enableECSManagedTags"`
	EnableExecuteCommand          *bool                          `json:"enableExecuteCommand"`
	HealthCheckGracePeriodSeconds *int64                         `json:"healthCheckGracePeriodSeconds"`
	LaunchType                    *string                        `json:"launchType"`
	LoadBalancers                 []LoadBalancer                 `json:"loadBalancers"`
	NetworkConfiguration          *NetworkConfiguration          `json:"networkConfiguration"`
	PlacementConstraints          []PlacementConstraint          `json:"placementConstraints"`
	PlacementStrategy             []PlacementStrategy            `json:"placementStrategy"`
	PlatformVersion               *string                        `json:"platformVersion"`
	PropagateTags                 *string                        `json:"propagateTags"`
	SchedulingStrategy            *string                        `json:"schedulingStrategy"`
	ServiceName                   *string                        `json:"serviceName"`
	ServiceRegistries             []ServiceRegistry              `json:"serviceRegistries"`
	Tags                          []Tag                          `json:"tags"`
	TaskDefinition                *string                        `json:"taskDefinition"`

	// Members that only the create-service input has. In describe-services
	// output serviceConnectConfiguration, volumeConfigurations and
	// vpcLatticeConfigurations are found in deployments[] instead.
	ClientToken                 *string                      `json:"clientToken"`
	Cluster                     *string                      `json:"cluster"`
	GatewayConnectors           []GatewayConnector           `json:"gatewayConnectors"`
	Monitoring                  *MonitoringConfiguration     `json:"monitoring"`
	Role                        *string                      `json:"role"`
	ServiceConnectConfiguration *ServiceConnectConfiguration `json:"serviceConnectConfiguration"`
	VolumeConfigurations        []ServiceVolumeConfiguration `json:"volumeConfigurations"`
	VpcLatticeConfigurations    []VpcLatticeConfiguration    `json:"vpcLatticeConfigurations"`

	// Read-only members that only describe-services returns.
	ClusterArn               *string                         `json:"clusterArn"`
	CreatedAt                *source.Raw                     `json:"createdAt"`
	CreatedBy                *string                         `json:"createdBy"`
	CurrentServiceDeployment *string                         `json:"currentServiceDeployment"`
	CurrentServiceRevisions  []ServiceCurrentRevisionSummary `json:"currentServiceRevisions"`
	Deployments              []Deployment                    `json:"deployments"`
	Events                   []ServiceEvent                  `json:"events"`
	PendingCount             *int64                          `json:"pendingCount"`
	PlatformFamily           *string                         `json:"platformFamily"`
	ResourceManagementType   *string                         `json:"resourceManagementType"`
	RoleArn                  *string                         `json:"roleArn"`
	RunningCount             *int64                          `json:"runningCount"`
	ServiceArn               *string                         `json:"serviceArn"`
	Status                   *string                         `json:"status"`
	TaskSets                 []TaskSet                       `json:"taskSets"`
}

// DescribeServicesOutput is the describe-services wrapper.
type DescribeServicesOutput struct {
	Services []Service `json:"services"`
	Failures []Failure `json:"failures"`
}

// Failure is one entry of describe-services failures[] (a service that could
// not be described, for example MISSING).
type Failure struct {
	Arn    *string `json:"arn"`
	Detail *string `json:"detail"`
	Reason *string `json:"reason"`
}

type CapacityProviderStrategyItem struct {
	Base             *int64  `json:"base"`
	CapacityProvider *string `json:"capacityProvider"`
	Weight           *int64  `json:"weight"`
}

type DeploymentConfiguration struct {
	Alarms                   *DeploymentAlarms               `json:"alarms"`
	BakeTimeInMinutes        *int64                          `json:"bakeTimeInMinutes"`
	CanaryConfiguration      *CanaryConfiguration            `json:"canaryConfiguration"`
	DeploymentCircuitBreaker *DeploymentCircuitBreaker       `json:"deploymentCircuitBreaker"`
	EarlySuccessCriteria     *DeploymentEarlySuccessCriteria `json:"earlySuccessCriteria"`
	LifecycleHooks           []DeploymentLifecycleHook       `json:"lifecycleHooks"`
	LinearConfiguration      *LinearConfiguration            `json:"linearConfiguration"`
	MaximumPercent           *int64                          `json:"maximumPercent"`
	MinimumHealthyPercent    *int64                          `json:"minimumHealthyPercent"`
	Strategy                 *string                         `json:"strategy"`
}

type DeploymentAlarms struct {
	AlarmNames []string `json:"alarmNames"`
	Enable     *bool    `json:"enable"`
	Rollback   *bool    `json:"rollback"`
}

type CanaryConfiguration struct {
	CanaryBakeTimeInMinutes *int64   `json:"canaryBakeTimeInMinutes"`
	CanaryPercent           *float64 `json:"canaryPercent"`
}

type LinearConfiguration struct {
	StepBakeTimeInMinutes *int64   `json:"stepBakeTimeInMinutes"`
	StepPercent           *float64 `json:"stepPercent"`
}

type DeploymentCircuitBreaker struct {
	Enable                 *bool                   `json:"enable"`
	ResetOnHealthyTask     *bool                   `json:"resetOnHealthyTask"`
	Rollback               *bool                   `json:"rollback"`
	ThresholdConfiguration *ThresholdConfiguration `json:"thresholdConfiguration"`
}

type ThresholdConfiguration struct {
	Type  *string `json:"type"`
	Value *int64  `json:"value"`
}

type DeploymentEarlySuccessCriteria struct {
	Enable                       *bool   `json:"enable"`
	HealthyPercent               *int64  `json:"healthyPercent"`
	SourceServiceRevisionCleanup *string `json:"sourceServiceRevisionCleanup"`
}

type DeploymentLifecycleHook struct {
	// HookDetails is a Smithy document (any JSON value) that ECS passes to
	// the Lambda function; kept undecoded.
	HookDetails          *source.Raw                                  `json:"hookDetails"`
	HookTargetArn        *string                                      `json:"hookTargetArn"`
	LifecycleStages      []string                                     `json:"lifecycleStages"`
	RoleArn              *string                                      `json:"roleArn"`
	TargetType           *string                                      `json:"targetType"`
	TimeoutConfiguration *DeploymentLifecycleHookTimeoutConfiguration `json:"timeoutConfiguration"`
}

type DeploymentLifecycleHookTimeoutConfiguration struct {
	Action           *string `json:"action"`
	TimeoutInMinutes *int64  `json:"timeoutInMinutes"`
}

type DeploymentController struct {
	Type *string `json:"type"`
}

type LoadBalancer struct {
	AdvancedConfiguration *AdvancedConfiguration `json:"advancedConfiguration"`
	ContainerName         *string                `json:"containerName"`
	ContainerPort         *int64                 `json:"containerPort"`
	LoadBalancerName      *string                `json:"loadBalancerName"`
	TargetGroupArn        *string                `json:"targetGroupArn"`
}

type AdvancedConfiguration struct {
	AlternateTargetGroupArn *string `json:"alternateTargetGroupArn"`
	ProductionListenerRule  *string `json:"productionListenerRule"`
	RoleArn                 *string `json:"roleArn"`
	TestListenerRule        *string `json:"testListenerRule"`
}

type ServiceRegistry struct {
	ContainerName *string `json:"containerName"`
	ContainerPort *int64  `json:"containerPort"`
	Port          *int64  `json:"port"`
	RegistryArn   *string `json:"registryArn"`
}

type ServiceConnectConfiguration struct {
	AccessLogConfiguration  *ServiceConnectAccessLogConfiguration  `json:"accessLogConfiguration"`
	ContainerConfigurations []ServiceConnectContainerConfiguration `json:"containerConfigurations"`
	Enabled                 *bool                                  `json:"enabled"`
	LogConfiguration        *LogConfiguration                      `json:"logConfiguration"`
	Namespace               *string                                `json:"namespace"`
	Services                []ServiceConnectService                `json:"services"`
}

type ServiceConnectAccessLogConfiguration struct {
	Format                 *string `json:"format"`
	IncludeQueryParameters *string `json:"includeQueryParameters"`
}

// ServiceConnectContainerConfiguration is a union in the SDK; on the wire it
// is an object with exactly one member.
type ServiceConnectContainerConfiguration struct {
	LogLevel *string `json:"logLevel"`
}

type ServiceConnectService struct {
	ClientAliases       []ServiceConnectClientAlias     `json:"clientAliases"`
	DiscoveryName       *string                         `json:"discoveryName"`
	IngressPortOverride *int64                          `json:"ingressPortOverride"`
	PortName            *string                         `json:"portName"`
	Timeout             *TimeoutConfiguration           `json:"timeout"`
	Tls                 *ServiceConnectTlsConfiguration `json:"tls"`
}

type ServiceConnectClientAlias struct {
	DnsName          *string                         `json:"dnsName"`
	Port             *int64                          `json:"port"`
	TestTrafficRules *ServiceConnectTestTrafficRules `json:"testTrafficRules"`
}

type ServiceConnectTestTrafficRules struct {
	Header *ServiceConnectTestTrafficHeaderRules `json:"header"`
}

type ServiceConnectTestTrafficHeaderRules struct {
	Name  *string                                    `json:"name"`
	Value *ServiceConnectTestTrafficHeaderMatchRules `json:"value"`
}

type ServiceConnectTestTrafficHeaderMatchRules struct {
	Exact *string `json:"exact"`
}

type TimeoutConfiguration struct {
	IdleTimeoutSeconds       *int64 `json:"idleTimeoutSeconds"`
	PerRequestTimeoutSeconds *int64 `json:"perRequestTimeoutSeconds"`
}

type ServiceConnectTlsConfiguration struct {
	IssuerCertificateAuthority *ServiceConnectTlsCertificateAuthority `json:"issuerCertificateAuthority"`
	KmsKey                     *string                                `json:"kmsKey"`
	RoleArn                    *string                                `json:"roleArn"`
}

type ServiceConnectTlsCertificateAuthority struct {
	AwsPcaAuthorityArn *string `json:"awsPcaAuthorityArn"`
}

type ServiceVolumeConfiguration struct {
	ManagedEBSVolume *ServiceManagedEBSVolumeConfiguration `json:"managedEBSVolume"`
	Name             *string                               `json:"name"`
}

type ServiceManagedEBSVolumeConfiguration struct {
	Encrypted                *bool                 `json:"encrypted"`
	FilesystemType           *string               `json:"filesystemType"`
	Iops                     *int64                `json:"iops"`
	KmsKeyId                 *string               `json:"kmsKeyId"`
	RoleArn                  *string               `json:"roleArn"`
	SizeInGiB                *int64                `json:"sizeInGiB"`
	SnapshotId               *string               `json:"snapshotId"`
	TagSpecifications        []EBSTagSpecification `json:"tagSpecifications"`
	Throughput               *int64                `json:"throughput"`
	VolumeInitializationRate *int64                `json:"volumeInitializationRate"`
	VolumeType               *string               `json:"volumeType"`
}

type EBSTagSpecification struct {
	PropagateTags *string `json:"propagateTags"`
	ResourceType  *string `json:"resourceType"`
	Tags          []Tag   `json:"tags"`
}

type VpcLatticeConfiguration struct {
	AdvancedConfiguration *VpcLatticeAdvancedConfiguration `json:"advancedConfiguration"`
	PortName              *string                          `json:"portName"`
	RoleArn               *string                          `json:"roleArn"`
	TargetGroupArn        *string                          `json:"targetGroupArn"`
}

type VpcLatticeAdvancedConfiguration struct {
	AlternateTargetGroupArn *string `json:"alternateTargetGroupArn"`
	ProductionListenerRule  *string `json:"productionListenerRule"`
	TestListenerRule        *string `json:"testListenerRule"`
}

type NetworkConfiguration struct {
	AwsvpcConfiguration *AwsVpcConfiguration `json:"awsvpcConfiguration"`
}

type AwsVpcConfiguration struct {
	AssignPublicIp *string  `json:"assignPublicIp"`
	SecurityGroups []string `json:"securityGroups"`
	Subnets        []string `json:"subnets"`
}

// PlacementConstraint (types.go) is shared with the task definition: the
// service's PlacementConstraint has the same two members (type also allows
// distinctInstance).

type PlacementStrategy struct {
	Field *string `json:"field"`
	Type  *string `json:"type"`
}

type MonitoringConfiguration struct {
	MetricConfigurations []MetricConfiguration `json:"metricConfigurations"`
}

type MetricConfiguration struct {
	MetricNames       []string `json:"metricNames"`
	ResolutionSeconds *int64   `json:"resolutionSeconds"`
}

type GatewayConnector struct {
	Filters     *GatewayConnectorFilters     `json:"filters"`
	HealthCheck *GatewayConnectorHealthCheck `json:"healthCheck"`
	PortName    *string                      `json:"portName"`
}

type GatewayConnectorFilters struct {
	AccessTypes []string `json:"accessTypes"`
}

type GatewayConnectorHealthCheck struct {
	HealthCheckIntervalSeconds *int64                              `json:"healthCheckIntervalSeconds"`
	HealthCheckPath            *string                             `json:"healthCheckPath"`
	HealthCheckPort            *int64                              `json:"healthCheckPort"`
	HealthCheckProtocol        *string                             `json:"healthCheckProtocol"`
	HealthCheckTimeoutSeconds  *int64                              `json:"healthCheckTimeoutSeconds"`
	HealthyThresholdCount      *int64                              `json:"healthyThresholdCount"`
	Matcher                    *GatewayConnectorHealthCheckMatcher `json:"matcher"`
	UnhealthyThresholdCount    *int64                              `json:"unhealthyThresholdCount"`
}

type GatewayConnectorHealthCheckMatcher struct {
	GrpcCode *string `json:"grpcCode"`
	HttpCode *string `json:"httpCode"`
}

// Deployment is one entry of describe-services deployments[]. The PRIMARY
// entry carries the configuration that create-service took at top level
// (serviceConnectConfiguration, volumeConfigurations,
// vpcLatticeConfigurations), typed with the same structs.
type Deployment struct {
	CapacityProviderStrategy    []CapacityProviderStrategyItem  `json:"capacityProviderStrategy"`
	CreatedAt                   *source.Raw                     `json:"createdAt"`
	DesiredCount                *int64                          `json:"desiredCount"`
	FailedTasks                 *int64                          `json:"failedTasks"`
	FargateEphemeralStorage     *DeploymentEphemeralStorage     `json:"fargateEphemeralStorage"`
	Id                          *string                         `json:"id"`
	LaunchType                  *string                         `json:"launchType"`
	NetworkConfiguration        *NetworkConfiguration           `json:"networkConfiguration"`
	PendingCount                *int64                          `json:"pendingCount"`
	PlatformFamily              *string                         `json:"platformFamily"`
	PlatformVersion             *string                         `json:"platformVersion"`
	RolloutState                *string                         `json:"rolloutState"`
	RolloutStateReason          *string                         `json:"rolloutStateReason"`
	RunningCount                *int64                          `json:"runningCount"`
	ServiceConnectConfiguration *ServiceConnectConfiguration    `json:"serviceConnectConfiguration"`
	ServiceConnectResources     []ServiceConnectServiceResource `json:"serviceConnectResources"`
	Status                      *string                         `json:"status"`
	TaskDefinition              *string                         `json:"taskDefinition"`
	UpdatedAt                   *source.Raw                     `json:"updatedAt"`
	VolumeConfigurations        []ServiceVolumeConfiguration    `json:"volumeConfigurations"`
	VpcLatticeConfigurations    []VpcLatticeConfiguration       `json:"vpcLatticeConfigurations"`
}

type DeploymentEphemeralStorage struct {
	KmsKeyId *string `json:"kmsKeyId"`
}

type ServiceConnectServiceResource struct {
	DiscoveryArn  *string `json:"discoveryArn"`
	DiscoveryName *string `json:"discoveryName"`
}

type ServiceEvent struct {
	CreatedAt *source.Raw `json:"createdAt"`
	Id        *string     `json:"id"`
	Message   *string     `json:"message"`
}

type ServiceCurrentRevisionSummary struct {
	Arn                *string `json:"arn"`
	PendingTaskCount   *int64  `json:"pendingTaskCount"`
	RequestedTaskCount *int64  `json:"requestedTaskCount"`
	RunningTaskCount   *int64  `json:"runningTaskCount"`
}

// TaskSet is one entry of describe-services taskSets[] (services with the
// CODE_DEPLOY or EXTERNAL deployment controller).
type TaskSet struct {
	CapacityProviderStrategy []CapacityProviderStrategyItem `json:"capacityProviderStrategy"`
	ClusterArn               *string                        `json:"clusterArn"`
	ComputedDesiredCount     *int64                         `json:"computedDesiredCount"`
	CreatedAt                *source.Raw                    `json:"createdAt"`
	ExternalId               *string                        `json:"externalId"`
	FargateEphemeralStorage  *DeploymentEphemeralStorage    `json:"fargateEphemeralStorage"`
	Id                       *string                        `json:"id"`
	LaunchType               *string                        `json:"launchType"`
	LoadBalancers            []LoadBalancer                 `json:"loadBalancers"`
	NetworkConfiguration     *NetworkConfiguration          `json:"networkConfiguration"`
	PendingCount             *int64                         `json:"pendingCount"`
	PlatformFamily           *string                        `json:"platformFamily"`
	PlatformVersion          *string                        `json:"platformVersion"`
	RunningCount             *int64                         `json:"runningCount"`
	Scale                    *Scale                         `json:"scale"`
	ServiceArn               *string                        `json:"serviceArn"`
	ServiceRegistries        []ServiceRegistry              `json:"serviceRegistries"`
	StabilityStatus          *string                        `json:"stabilityStatus"`
	StabilityStatusAt        *source.Raw                    `json:"stabilityStatusAt"`
	StartedBy                *string                        `json:"startedBy"`
	Status                   *string                        `json:"status"`
	Tags                     []Tag                          `json:"tags"`
	TaskDefinition           *string                        `json:"taskDefinition"`
	TaskSetArn               *string                        `json:"taskSetArn"`
	UpdatedAt                *source.Raw                    `json:"updatedAt"`
}

type Scale struct {
	Unit  *string  `json:"unit"`
	Value *float64 `json:"value"`
}
