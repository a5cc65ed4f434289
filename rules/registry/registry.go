// Package registry lists eksport's rules in the order they run. The order is
// data, with the reason for each position written beside it, and a test
// checks that every rule's requirements come earlier.
package registry

import (
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/rules/apiupgrade"
	"github.com/eksport/eksport/rules/autoscaling"
	"github.com/eksport/eksport/rules/ebscsi"
	"github.com/eksport/eksport/rules/exposure"
	"github.com/eksport/eksport/rules/identity"
	"github.com/eksport/eksport/rules/kube2iam"
	"github.com/eksport/eksport/rules/kubeversion"
	"github.com/eksport/eksport/rules/lbannotations"
	"github.com/eksport/eksport/rules/names"
	"github.com/eksport/eksport/rules/nodes"
	"github.com/eksport/eksport/rules/secrets"
	"github.com/eksport/eksport/rules/storage"
)

// Rules returns the rules in run order.
func Rules() []*rules.Rule {
	return []*rules.Rule{
		// First: later rules derive object names from workload names and
		// must see each name once.
		names.Rule,
		// Exposure before autoscaling: neither depends on the other today,
		// but a KEDA trigger on ALB request counts will read the target
		// group the exposure rule settled on.
		exposure.Rule,
		// kubeversion before autoscaling: below Kubernetes 1.34 it moves
		// the task size onto the containers, whose requests the HPA then
		// measures utilization against.
		kubeversion.Rule,
		// Autoscaling decides HPA or KEDA and takes the replica count away
		// from the Deployment.
		autoscaling.Rule,
		// Identity after names: ServiceAccounts are named after roles and
		// bound to the final workload names.
		identity.Rule,
		// Secrets after identity: the execution role's secret duties are
		// reported against the secrets found here.
		secrets.Rule,
		// Storage last among the ECS rules: it rewrites pod volumes that
		// the front-end left as placeholders.
		storage.Rule,
		// The rules below work on manifests read from kOps clusters
		// (Model.Objects). API upgrades come first among them: the others
		// then see every object in its current version's shape (apps/v1
		// workloads, networking.k8s.io/v1 Ingress backends) and need to
		// know only one.
		apiupgrade.Rule,
		// kube2iam after identity: identity has decided (and sorted) the
		// ECS task roles' ServiceAccounts, and kube2iam adds its own to
		// the same list, keeping names unique per namespace. After
		// apiupgrade, so that the PodSecurityPolicies it drops are gone.
		kube2iam.Rule,
		// ebscsi and lbannotations are independent of each other;
		// lbannotations needs Ingresses in networking.k8s.io/v1.
		ebscsi.Rule,
		lbannotations.Rule,
		// nodes last: it adds NodePools, which no other rule reads.
		nodes.Rule,
	}
}
