package ecs

import "github.com/eksport/eksport/translate/source"

// These structs mirror the JSON shapes of the ECS API (register-task-definition
// input and the taskDefinition member of describe-task-definition output), with
// the API's own lowerCamelCase member names. They are decoded strictly by
// package source: an unknown key is a diagnostic, a wrong type is an error.
// Scalars that the API lets users omit are pointers, so that absent and zero
// stay different (the SDK loses that for cpu, revision and a few others).
//
// fields.go gives every path below a disposition; a test holds the two
// together and another holds both against the AWS SDK's own types.

// TaskDefinition is a task definition in either input or describe form.
type TaskDefinition struct {
	ContainerDefinitions    []ContainerDefinition  `json:"containerDefinitions"`
	Cpu                     *source.FlexString     `json:"cpu"`
	EnableFaultInjection    *bool                  `json:"enableFaultInjection"`
	EphemeralStorage        *EphemeralStorage      `json:"ephemeralStorage"`
	ExecutionRoleArn        *string                `json:"executionRoleArn"`
	Family                  *string                `json:"family"`
	InferenceAccelerators   []InferenceAccelerator `json:"inferenceAccelerators"`
	IpcMode                 *string                `json:"ipcMode"`
	Memory                  *source.FlexString     `json:"memory"`
	NetworkMode             *string                `json:"networkMode"`
	PidMode                 *string                `json:"pidMode"`
	PlacementConstraints    []PlacementConstraint  `json:"placementConstraints"`
	ProxyConfiguration      *ProxyConfiguration    `json:"proxyConfiguration"`
	RequiresCompatibilities []string               `json:"requiresCompatibilities"`
	RuntimePlatform         *RuntimePlatform       `json:"runtimePlatform"`
	Tags                    []Tag                  `json:"tags"`
	TaskRoleArn             *string                `json:"taskRoleArn"`
	Volumes                 []Volume               `json:"volumes"`

	// Read-only members that only describe-task-definition returns.
	Compatibilities    []string    `json:"compatibilities"`
	DeleteRequestedAt  *source.Raw `json:"deleteRequestedAt"`
	DeregisteredAt     *source.Raw `json:"deregisteredAt"`
	RegisteredAt       *source.Raw `json:"registeredAt"`
	RegisteredBy       *string     `json:"registeredBy"`
	RequiresAttributes []Attribute `json:"requiresAttributes"`
	Revision           *int64      `json:"revision"`
	Status             *string     `json:"status"`
	TaskDefinitionArn  *string     `json:"taskDefinitionArn"`
}

// DescribeTaskDefinitionOutput is the describe-task-definition wrapper.
type DescribeTaskDefinitionOutput struct {
	TaskDefinition *TaskDefinition `json:"taskDefinition"`
	Tags           []Tag           `json:"tags"`
}

type ContainerDefinition struct {
	Command                []string                `json:"command"`
	Cpu                    *int64                  `json:"cpu"`
	CredentialSpecs        []string                `json:"credentialSpecs"`
	DependsOn              []ContainerDependency   `json:"dependsOn"`
	DisableNetworking      *bool                   `json:"disableNetworking"`
	DnsSearchDomains       []string                `json:"dnsSearchDomains"`
	DnsServers             []string                `json:"dnsServers"`
	DockerLabels           source.StringMap        `json:"dockerLabels"`
	DockerSecurityOptions  []string                `json:"dockerSecurityOptions"`
	EntryPoint             []string                `json:"entryPoint"`
	Environment            []KeyValuePair          `json:"environment"`
	EnvironmentFiles       []EnvironmentFile       `json:"environmentFiles"`
	Essential              *bool                   `json:"essential"`
	ExtraHosts             []HostEntry             `json:"extraHosts"`
	FirelensConfiguration  *FirelensConfiguration  `json:"firelensConfiguration"`
	HealthCheck            *HealthCheck            `json:"healthCheck"`
	Hostname               *string                 `json:"hostname"`
	Image                  *string                 `json:"image"`
	Interactive            *bool                   `json:"interactive"`
	Links                  []string                `json:"links"`
	LinuxParameters        *LinuxParameters        `json:"linuxParameters"`
	LogConfiguration       *LogConfiguration       `json:"logConfiguration"`
	Memory                 *int64                  `json:"memory"`
	MemoryReservation      *int64                  `json:"memoryReservation"`
	MountPoints            []MountPoint            `json:"mountPoints"`
	Name                   *string                 `json:"name"`
	PortMappings           []PortMapping           `json:"portMappings"`
	Privileged             *bool                   `json:"privileged"`
	PseudoTerminal         *bool                   `json:"pseudoTerminal"`
	ReadonlyRootFilesystem *bool                   `json:"readonlyRootFilesystem"`
	RepositoryCredentials  *RepositoryCredentials  `json:"repositoryCredentials"`
	ResourceRequirements   []ResourceRequirement   `json:"resourceRequirements"`
	RestartPolicy          *ContainerRestartPolicy `json:"restartPolicy"`
	Secrets                []Secret                `json:"secrets"`
	StartTimeout           *int64                  `json:"startTimeout"`
	StopTimeout            *int64                  `json:"stopTimeout"`
	SystemControls         []SystemControl         `json:"systemControls"`
	Ulimits                []Ulimit                `json:"ulimits"`
	User                   *string                 `json:"user"`
	VersionConsistency     *string                 `json:"versionConsistency"`
	VolumesFrom            []VolumeFrom            `json:"volumesFrom"`
	WorkingDirectory       *string                 `json:"workingDirectory"`
}

type ContainerDependency struct {
	Condition     *string `json:"condition"`
	ContainerName *string `json:"containerName"`
}

type KeyValuePair struct {
	Name  *string `json:"name"`
	Value *string `json:"value"`
}

type EnvironmentFile struct {
	Type  *string `json:"type"`
	Value *string `json:"value"`
}

type HostEntry struct {
	Hostname  *string `json:"hostname"`
	IpAddress *string `json:"ipAddress"`
}

type FirelensConfiguration struct {
	Options source.StringMap `json:"options"`
	Type    *string          `json:"type"`
}

type HealthCheck struct {
	Command     []string `json:"command"`
	Interval    *int64   `json:"interval"`
	Retries     *int64   `json:"retries"`
	StartPeriod *int64   `json:"startPeriod"`
	Timeout     *int64   `json:"timeout"`
}

type LinuxParameters struct {
	Capabilities       *KernelCapabilities `json:"capabilities"`
	Devices            []Device            `json:"devices"`
	InitProcessEnabled *bool               `json:"initProcessEnabled"`
	MaxSwap            *int64              `json:"maxSwap"`
	SharedMemorySize   *int64              `json:"sharedMemorySize"`
	Swappiness         *int64              `json:"swappiness"`
	Tmpfs              []Tmpfs             `json:"tmpfs"`
}

type KernelCapabilities struct {
	Add  []string `json:"add"`
	Drop []string `json:"drop"`
}

type Device struct {
	ContainerPath *string  `json:"containerPath"`
	HostPath      *string  `json:"hostPath"`
	Permissions   []string `json:"permissions"`
}

type Tmpfs struct {
	ContainerPath *string  `json:"containerPath"`
	MountOptions  []string `json:"mountOptions"`
	Size          *int64   `json:"size"`
}

type LogConfiguration struct {
	LogDriver     *string          `json:"logDriver"`
	Options       source.StringMap `json:"options"`
	SecretOptions []Secret         `json:"secretOptions"`
}

type MountPoint struct {
	ContainerPath *string `json:"containerPath"`
	ReadOnly      *bool   `json:"readOnly"`
	SourceVolume  *string `json:"sourceVolume"`
}

type PortMapping struct {
	AppProtocol        *string `json:"appProtocol"`
	ContainerPort      *int64  `json:"containerPort"`
	ContainerPortRange *string `json:"containerPortRange"`
	HostPort           *int64  `json:"hostPort"`
	Name               *string `json:"name"`
	Protocol           *string `json:"protocol"`
}

type RepositoryCredentials struct {
	CredentialsParameter *string `json:"credentialsParameter"`
}

type ResourceRequirement struct {
	SharingStrategy *SharingStrategy `json:"sharingStrategy"`
	Type            *string          `json:"type"`
	Value           *string          `json:"value"`
}

// SharingStrategy is a union in the SDK; on the wire it is an object with
// exactly one member.
type SharingStrategy struct {
	NvidiaMps *NvidiaMps `json:"nvidiaMps"`
}

type NvidiaMps struct {
	MaxComputePercent *int64 `json:"maxComputePercent"`
	Memory            *int64 `json:"memory"`
}

type ContainerRestartPolicy struct {
	Enabled              *bool   `json:"enabled"`
	IgnoredExitCodes     []int64 `json:"ignoredExitCodes"`
	RestartAttemptPeriod *int64  `json:"restartAttemptPeriod"`
}

type Secret struct {
	Name      *string `json:"name"`
	ValueFrom *string `json:"valueFrom"`
}

type SystemControl struct {
	Namespace *string `json:"namespace"`
	Value     *string `json:"value"`
}

type Ulimit struct {
	HardLimit *int64  `json:"hardLimit"`
	Name      *string `json:"name"`
	SoftLimit *int64  `json:"softLimit"`
}

type VolumeFrom struct {
	ReadOnly        *bool   `json:"readOnly"`
	SourceContainer *string `json:"sourceContainer"`
}

type EphemeralStorage struct {
	SizeInGiB *int64 `json:"sizeInGiB"`
}

type InferenceAccelerator struct {
	DeviceName *string `json:"deviceName"`
	DeviceType *string `json:"deviceType"`
}

type PlacementConstraint struct {
	Expression *string `json:"expression"`
	Type       *string `json:"type"`
}

type ProxyConfiguration struct {
	ContainerName *string        `json:"containerName"`
	Properties    []KeyValuePair `json:"properties"`
	Type          *string        `json:"type"`
}

type RuntimePlatform struct {
	CpuArchitecture       *string `json:"cpuArchitecture"`
	OperatingSystemFamily *string `json:"operatingSystemFamily"`
}

type Tag struct {
	Key   *string `json:"key"`
	Value *string `json:"value"`
}

type Attribute struct {
	Name       *string `json:"name"`
	TargetId   *string `json:"targetId"`
	TargetType *string `json:"targetType"`
	Value      *string `json:"value"`
}

type Volume struct {
	ConfiguredAtLaunch                      *bool                                    `json:"configuredAtLaunch"`
	DockerVolumeConfiguration               *DockerVolumeConfiguration               `json:"dockerVolumeConfiguration"`
	EfsVolumeConfiguration                  *EFSVolumeConfiguration                  `json:"efsVolumeConfiguration"`
	FsxWindowsFileServerVolumeConfiguration *FSxWindowsFileServerVolumeConfiguration `json:"fsxWindowsFileServerVolumeConfiguration"`
	Host                                    *HostVolumeProperties                    `json:"host"`
	Name                                    *string                                  `json:"name"`
	S3filesVolumeConfiguration              *S3FilesVolumeConfiguration              `json:"s3filesVolumeConfiguration"`
}

type DockerVolumeConfiguration struct {
	Autoprovision *bool            `json:"autoprovision"`
	Driver        *string          `json:"driver"`
	DriverOpts    source.StringMap `json:"driverOpts"`
	Labels        source.StringMap `json:"labels"`
	Scope         *string          `json:"scope"`
}

type EFSVolumeConfiguration struct {
	AuthorizationConfig   *EFSAuthorizationConfig `json:"authorizationConfig"`
	FileSystemId          *string                 `json:"fileSystemId"`
	RootDirectory         *string                 `json:"rootDirectory"`
	TransitEncryption     *string                 `json:"transitEncryption"`
	TransitEncryptionPort *int64                  `json:"transitEncryptionPort"`
}

type EFSAuthorizationConfig struct {
	AccessPointId *string `json:"accessPointId"`
	Iam           *string `json:"iam"`
}

type FSxWindowsFileServerVolumeConfiguration struct {
	AuthorizationConfig *FSxWindowsFileServerAuthorizationConfig `json:"authorizationConfig"`
	FileSystemId        *string                                  `json:"fileSystemId"`
	RootDirectory       *string                                  `json:"rootDirectory"`
}

type FSxWindowsFileServerAuthorizationConfig struct {
	CredentialsParameter *string `json:"credentialsParameter"`
	Domain               *string `json:"domain"`
}

type HostVolumeProperties struct {
	SourcePath *string `json:"sourcePath"`
}

type S3FilesVolumeConfiguration struct {
	AccessPointArn        *string `json:"accessPointArn"`
	FileSystemArn         *string `json:"fileSystemArn"`
	RootDirectory         *string `json:"rootDirectory"`
	TransitEncryptionPort *int64  `json:"transitEncryptionPort"`
}
