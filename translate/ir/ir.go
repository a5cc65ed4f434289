package ir

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/eksport/eksport/translate/diag"
)

// Model is everything one run translates.
type Model struct {
	Workloads []*Workload
	// Objects are Kubernetes objects read from manifests, in input order.
	Objects []*KubeObject
	// Kops holds kOps Cluster and InstanceGroup specs, which are read for
	// the node report and NodePools but never emitted.
	Kops Kops
	// Decided by rules and shared between workloads.
	ServiceAccounts   []ServiceAccount
	PersistentVolumes []PersistentVolume
	StorageClasses    []StorageClass
	// Unresolved is set by a front-end that put an Unresolved token in a
	// value: the run then looks for tokens in what it writes.
	Unresolved bool
}

// Kind is the Kubernetes workload kind a workload lowers to.
type Kind string

const (
	Deployment Kind = "Deployment"
	DaemonSet  Kind = "DaemonSet"
	Job        Kind = "Job"
	CronJob    Kind = "CronJob"
)

// Workload is one thing that runs: an ECS task definition (later with its
// service), or a workload read from Kubernetes manifests.
type Workload struct {
	// Name is the DNS-1123 name every object of this workload derives from.
	Name string
	// Source is the name as the input spelled it (family, service name).
	Source    string
	Namespace string
	Kind      Kind
	Origin    diag.Pos
	// Labels and Annotations go on the workload object's metadata; the
	// selector labels are added by lowering.
	Labels      map[string]string
	Annotations map[string]string
	// Replicas is nil when something else (an autoscaler) owns the count.
	Replicas *int32
	// Template is the pod template; nil only while Packed holds it.
	Template *corev1.PodTemplateSpec
	// Ports are exposed through a ClusterIP Service named after the workload.
	Ports []Port
	// Claims are PersistentVolumeClaims the workload needs created.
	Claims []Claim

	// Intents filled by the service, scaling and scheduling front-ends and
	// decided by rules.
	Rollout  *Rollout
	Exposure *Exposure
	Scaling  *Scaling
	Schedule *Schedule
	// HostNetwork mirrors ECS bridge/host networking, where target groups
	// register instances rather than pod IPs.
	InstanceTargets bool

	// Identity, secrets and storage intents from the front-end.
	Identity      *Identity
	ExecutionRole string
	Secrets       []SecretRef
	PullSecrets   []PullSecret
	EnvFiles      []EnvFile
	// PlainCredentials are credential-looking plain environment values.
	PlainCredentials []PlainCredential
	// CredentialSecret names the Secret the user must create for them,
	// with CredentialKeys.
	CredentialSecret string
	CredentialKeys   []string
	EFS              []EFSVolume
	EBS              []EBSVolume
	// Existing are volumes a Docker volume plugin mounted by the id of an
	// existing EBS volume: the storage rule binds them statically.
	Existing []ExistingVolume
	// LaunchVolume is the pod volume the service configures at launch
	// (an EBS volume from volumeConfigurations).
	LaunchVolume string
	// SecretSources and ConfigMaps are decided by the secrets rule.
	SecretSources []SecretSource
	ConfigMaps    []ConfigMap
	// Sources lists the inputs the workload was read from, so that the
	// migration checklist can group diagnostics by workload.
	Sources []Source

	// Packed, when set, holds Template in Kubernetes' protobuf encoding
	// and Template is nil: a batch keeps every task definition's
	// workload until all inputs are read, and the encoding is a third of
	// the size. ecs.Unpack restores Template; nothing else may read it
	// before.
	Packed []byte
}

// Source is an input object: a file, a document in it and the path of the
// object inside the document ("" for the whole document).
type Source struct {
	File string
	Doc  int
	Path string
}

// Covers reports whether a diagnostic position lies inside the source.
func (s Source) Covers(p diag.Pos) bool {
	if p.File != s.File || p.Doc != s.Doc {
		return false
	}
	return s.Path == "" || p.Path == s.Path || strings.HasPrefix(p.Path, s.Path+".") || strings.HasPrefix(p.Path, s.Path+"[")
}

// Port is one Service port.
type Port struct {
	// Container is the Kubernetes name of the container that listens.
	Container string
	// SourceName is the port's name in the input (before sanitizing), which
	// Service Connect and load balancer entries refer to.
	SourceName  string
	Name        string
	Port        int32
	TargetPort  int32
	Protocol    corev1.Protocol
	AppProtocol string
	Origin      diag.Pos
}

// Claim is a PersistentVolumeClaim to create next to the workload.
type Claim struct {
	Name        string
	AccessModes []corev1.PersistentVolumeAccessMode
	Size        string
	Labels      map[string]string
	Origin      diag.Pos
}
