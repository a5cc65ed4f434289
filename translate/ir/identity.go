package ir

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/eksport/eksport/translate/diag"
)

// Identity is the AWS role a workload's pods act as (the task role).
type Identity struct {
	RoleARN string
	// ServiceAccount is the account the identity rule chose.
	ServiceAccount string
	Origin         diag.Pos
}

// ServiceAccount is one ServiceAccount the identity rule decided to create.
type ServiceAccount struct {
	Name, Namespace string
	RoleARN         string
	// PodIdentity: the role is bound by an EKS Pod Identity association,
	// not by the IRSA annotation.
	PodIdentity bool
	// Workloads lists the workloads using it, for the checklist.
	Workloads []string
	Origin    diag.Pos
	// Manifest marks an account that is already among the model's Objects
	// (read from a manifest and annotated, or made by a rule as a
	// manifest): lowering does not create it again.
	Manifest bool
}

// SecretRef is one ECS secret injected into a container's environment.
type SecretRef struct {
	Container string // Kubernetes container name
	Env       string
	ValueFrom string // ARN or name, as ECS had it
	Origin    diag.Pos
}

// PullSecret is a private registry credential (repositoryCredentials).
type PullSecret struct {
	Container            string
	Registry             string
	CredentialsParameter string
	Origin               diag.Pos
}

// EnvFile is an environment file in S3 (environmentFiles).
type EnvFile struct {
	Container string
	ARN       string
	Origin    diag.Pos
}

// EFSVolume is an EFS volume of the task.
type EFSVolume struct {
	Volume        string // pod volume name
	FileSystemID  string
	RootDirectory string
	AccessPointID string
	Encrypt       bool
	Port          int64
	IAM           bool
	Origin        diag.Pos
}

// ExistingVolume is an existing EBS volume that a Docker volume plugin
// (rexray/ebs and the like) mounted by its id: its data must be re-bound,
// never recreated.
type ExistingVolume struct {
	Volume   string // pod volume name
	VolumeID string // vol-...
	FSType   string
	Origin   diag.Pos
}

// EBSVolume is a service-managed EBS volume (configuredAtLaunch).
type EBSVolume struct {
	Volume     string // pod volume name
	SizeGiB    int64
	Type       string
	IOPS       *int64
	Throughput *int64
	Encrypted  *bool
	KMSKeyID   string
	FSType     string
	SnapshotID string
	// InitRate is the volume initialization rate in MiB/s.
	InitRate *int64
	Tags     []KeyValue
	Origin   diag.Pos
}

// KeyValue is an ordered pair.
type KeyValue struct{ Key, Value string }

// SecretSource is one Kubernetes Secret a workload reads, filled from one
// AWS service by an operator (decided by the secrets rule).
type SecretSource struct {
	// Name of the Kubernetes Secret (and of the ExternalSecret or
	// SecretProviderClass that fills it).
	Name string
	// Operator is "external-secrets" or "secrets-store-csi".
	Operator string
	// Store and StoreKind name the External Secrets store to read from.
	Store, StoreKind string
	Refresh          string
	// Service is "SecretsManager" or "ParameterStore".
	Service string
	// Type is the Secret type, empty for Opaque.
	Type    string
	Entries []SecretEntry
	// Template renders the Secret's data (image pull secrets).
	Template map[string]string
	Origin   diag.Pos
}

// SecretEntry is one key of a Secret and where its value comes from.
type SecretEntry struct {
	Key       string
	RemoteKey string
	Property  string
	Version   string // version stage or "uuid/<id>"
}

// PersistentVolume is a static volume shared by the workloads that mount
// the same file system.
type PersistentVolume struct {
	Name string
	// AccessMode is the volume's and its claim's; empty is ReadWriteMany
	// (EFS).
	AccessMode   corev1.PersistentVolumeAccessMode
	FSType       string
	Namespace    string // of its claim
	Driver       string
	Handle       string
	Attributes   map[string]string
	MountOptions []string
	Capacity     string
	Workloads    []string
	Origin       diag.Pos
}

// StorageClass is a class the storage rule needs created.
type StorageClass struct {
	Name        string
	Provisioner string
	Parameters  map[string]string
	Origin      diag.Pos
}

// ConfigMap is a ConfigMap a workload reads its environment from.
type ConfigMap struct {
	Name   string
	Source string // where its data must come from
	Origin diag.Pos
}

// PlainCredential is an environment variable that ECS set in plain text
// but whose name says it is a credential. Value stays in memory: the secrets
// rule decides whether it may be written (configuration) or must come from a
// Secret.
type PlainCredential struct {
	Container string
	Env       string
	Value     string
	Origin    diag.Pos
}
