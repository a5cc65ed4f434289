package cloudformation

import (
	"strings"

	"github.com/eksport/eksport/translate/ecs"
)

// Row is the disposition of one property of a resource type.
type Row struct {
	// Path is the property, dotted for members of an object property.
	Path string
	Disp ecs.Disposition
	// Why says what becomes of it, in a few words.
	Why string
}

// viaCLI is the Why of the properties that become the member of the same
// name in the AWS CLI shape; the ECS front-end's tables give their
// disposition.
const viaCLI = "as the AWS CLI member of the same name (see the ECS tables)"

// Dispositions lists, for every resource type eksport reads, every
// top-level property: translated through the CLI shape (T, with the ECS
// front-end's own row), or handled here.
var Dispositions = map[string][]Row{
	"AWS::ApplicationAutoScaling::ScalingPolicy": {
		{"ScalingTargetId", ecs.Translated, "gives the policy the ResourceId, ScalableDimension and ServiceNamespace of the scalable target it names"},
	},
	"AWS::ElasticLoadBalancingV2::ListenerRule": {
		{"ListenerArn", ecs.Metadata, "the rule is linked to its service through the target groups its actions forward to"},
	},
	"AWS::ElasticLoadBalancingV2::TargetGroup": {
		{"Tags", ecs.Metadata, "tags of the AWS target group, which stays in AWS"},
		{"TargetGroupAttributes", ecs.Dropped, "attributes (deregistration delay, stickiness, slow start) stay on the AWS target group; set them there or with the load balancer controller's annotations"},
		{"Targets", ecs.Metadata, "on EKS the load balancer controller registers the pods; targets registered in the template are not migrated"},
	},
	// Every property of a schedule is a member of create-schedule's input,
	// which the ECS front-end's schedule table covers.
	"AWS::Scheduler::Schedule": {},
	"AWS::ECS::Cluster": {
		{"ClusterName", ecs.Translated, "the name services and scaling targets link by; a cluster without one is named after its logical ID"},
		{"CapacityProviders", ecs.Metadata, "the cluster's capacity providers; services name theirs (see capacityProviders in the configuration)"},
		{"DefaultCapacityProviderStrategy", ecs.Dropped, "the cluster's default strategy is not applied to services that name none; give the service its strategy"},
		{"ClusterSettings", ecs.Dropped, "Container Insights: on EKS, the CloudWatch Observability add-on"},
		{"Configuration", ecs.Dropped, "ECS Exec logging; kubectl exec is audited by the cluster's audit log"},
		{"ServiceConnectDefaults", ecs.Dropped, "the default Cloud Map namespace of Service Connect; Kubernetes Services use cluster DNS"},
		{"Tags", ecs.Metadata, "tags of the ECS cluster"},
	},
	"AWS::ServiceDiscovery::Service": {
		{"Name", ecs.Translated, "the Cloud Map service a registry names; Kubernetes Services give the workload a cluster DNS name instead"},
		{"NamespaceId", ecs.Metadata, "the Cloud Map namespace"},
		{"DnsConfig", ecs.Metadata, "Cloud Map DNS records; a Kubernetes Service gets its cluster DNS name"},
		{"HealthCheckConfig", ecs.Dropped, "Route 53 health checks; Kubernetes uses readiness probes"},
		{"HealthCheckCustomConfig", ecs.Dropped, "custom health status; Kubernetes uses readiness probes"},
		{"Description", ecs.Metadata, "free text"},
		{"Type", ecs.Metadata, "HTTP-only namespaces; a Kubernetes Service has DNS"},
		{"Tags", ecs.Metadata, "tags of the Cloud Map service"},
	},
	"AWS::EFS::FileSystem": {
		{"FileSystemTags", ecs.Metadata, "the file system stays in AWS; its ID (deploy-time) is what the task definition's volume names"},
		{"AvailabilityZoneName", ecs.Metadata, "the file system stays in AWS"},
		{"BackupPolicy", ecs.Metadata, "the file system stays in AWS"},
		{"BypassPolicyLockoutSafetyCheck", ecs.Metadata, "the file system stays in AWS"},
		{"Encrypted", ecs.Metadata, "the file system stays in AWS"},
		{"FileSystemPolicy", ecs.Metadata, "the file system stays in AWS; the EFS CSI driver's role needs its access"},
		{"FileSystemProtection", ecs.Metadata, "the file system stays in AWS"},
		{"KmsKeyId", ecs.Metadata, "the file system stays in AWS"},
		{"LifecyclePolicies", ecs.Metadata, "the file system stays in AWS"},
		{"PerformanceMode", ecs.Metadata, "the file system stays in AWS"},
		{"ProvisionedThroughputInMibps", ecs.Metadata, "the file system stays in AWS"},
		{"ReplicationConfiguration", ecs.Metadata, "the file system stays in AWS"},
		{"ThroughputMode", ecs.Metadata, "the file system stays in AWS"},
	},
	"AWS::EFS::AccessPoint": {
		{"FileSystemId", ecs.Metadata, "the access point stays in AWS; its ID (deploy-time) is what the volume's authorization names"},
		{"AccessPointTags", ecs.Metadata, "the access point stays in AWS"},
		{"ClientToken", ecs.Metadata, "idempotency token"},
		{"PosixUser", ecs.Metadata, "enforced by EFS for every client of the access point, pods included"},
		{"RootDirectory", ecs.Metadata, "enforced by EFS for every client of the access point, pods included"},
	},
	"AWS::IAM::Role": {
		{"RoleName", ecs.Translated, "with Path, makes the role's ARN, which a task role's ServiceAccount carries (IRSA); a role without a name has an ARN only at deploy time"},
		{"Path", ecs.Translated, "part of the role's ARN"},
		{"AssumeRolePolicyDocument", ecs.Translated, "ECS's trust (ecs-tasks.amazonaws.com) is replaced by the IRSA trust policy eksport writes beside the manifests"},
		{"Policies", ecs.Metadata, "the role keeps its permissions in AWS"},
		{"ManagedPolicyArns", ecs.Metadata, "the role keeps its permissions in AWS"},
		{"PermissionsBoundary", ecs.Metadata, "the role keeps its boundary in AWS"},
		{"MaxSessionDuration", ecs.Metadata, "IRSA sessions last as the role allows"},
		{"Description", ecs.Metadata, "free text"},
		{"Tags", ecs.Metadata, "tags of the role"},
	},
	"AWS::SecretsManager::Secret": {
		{"Name", ecs.Translated, "the secret's ARN without its random suffix, which ECS and the secret stores accept; a secret without a name has an ARN only at deploy time"},
		{"SecretString", ecs.Metadata, "the secret's value is never read or copied"},
		{"GenerateSecretString", ecs.Metadata, "the secret's value is made in AWS and never copied"},
		{"Description", ecs.Metadata, "free text"},
		{"KmsKeyId", ecs.Metadata, "the secret stays in AWS"},
		{"ReplicaRegions", ecs.Metadata, "the secret stays in AWS"},
		{"Tags", ecs.Metadata, "tags of the secret"},
	},
	"AWS::SSM::Parameter": {
		{"Name", ecs.Translated, "what Ref returns, and what a container's secret names"},
		{"Value", ecs.Metadata, "the parameter's value is never read or copied"},
		{"Type", ecs.Metadata, "the parameter stays in AWS"},
		{"Tier", ecs.Metadata, "the parameter stays in AWS"},
		{"DataType", ecs.Metadata, "the parameter stays in AWS"},
		{"AllowedPattern", ecs.Metadata, "the parameter stays in AWS"},
		{"Policies", ecs.Metadata, "the parameter stays in AWS"},
		{"Description", ecs.Metadata, "free text"},
		{"Tags", ecs.Metadata, "tags of the parameter"},
	},
	"AWS::CloudFormation::Stack": {
		{"TemplateURL", ecs.Translated, "a local path (as aws cloudformation package takes it) or an uploaded template whose path ends with a template of the run: its resources are converted with the parameters given"},
		{"Parameters", ecs.Translated, "the nested template's parameter values"},
		{"NotificationARNs", ecs.Metadata, "stack events go to SNS in AWS"},
		{"TimeoutInMinutes", ecs.Metadata, "a deployment setting"},
		{"Tags", ecs.Metadata, "tags of the nested stack"},
	},
	"AWS::ECS::TaskDefinition":                    nil,
	"AWS::ECS::Service":                           nil,
	"AWS::ApplicationAutoScaling::ScalableTarget": nil,
	"AWS::CloudWatch::Alarm":                      nil,
	"AWS::ElasticLoadBalancingV2::Listener":       nil,
	"AWS::Events::Rule":                           nil,
}

// rowIndex indexes Dispositions by type and path.
var rowIndex map[string]map[string]*Row

func lookupRow(typ, path string) (*Row, bool) {
	if rowIndex == nil {
		rowIndex = map[string]map[string]*Row{}
		for t, rows := range Dispositions {
			m := map[string]*Row{}
			for i := range rows {
				m[rows[i].Path] = &rows[i]
			}
			rowIndex[t] = m
		}
	}
	m := rowIndex[typ]
	for p := path; ; {
		if r, ok := m[p]; ok {
			return r, true
		}
		if q := strings.TrimSuffix(p, "[]"); q != p {
			p = q
			continue
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			return nil, false
		}
		p = p[:i]
	}
}
