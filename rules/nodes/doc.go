// Package nodes holds the rule that moves pod placement from kOps instance
// groups to EKS node groups or Karpenter NodePools, and reports what the
// kOps cluster specs say the EKS cluster must provide.
//
// # Rule nodes
//
// Rewrites kops.k8s.io/instancegroup node selectors and affinities to EKS
// node group or Karpenter NodePool labels from the configuration, removes
// kOps node-role selectors, reports instance groups and clusters, and emits
// a Karpenter NodePool per instance group when configured.
//
// kOps labels every node with kops.k8s.io/instancegroup; EKS nodes carry
// none of it. Node selectors and node affinity expressions on that label
// are rewritten through nodes.instanceGroups in the configuration (for
// example to eks.amazonaws.com/nodegroup of a managed node group). With
// nodes.karpenter set, every instance group read from an InstanceGroup
// spec also becomes a Karpenter NodePool (instance types, capacity type,
// labels, taints) and pods that selected it select karpenter.sh/nodepool.
// A worker instance group the configuration does not map selects, by
// default, eks.amazonaws.com/nodegroup: <instance group>, the label an EKS
// managed node group of the same name carries (the kOps-to-EKS migration
// guides mirror instance groups with node groups), with a warning: the
// output runs when the node groups are named so. Selectors on
// control-plane instance groups are reported and left as they are: such
// pods would not be scheduled.
//
// Selectors on kOps node roles (kubernetes.io/role: master or node,
// node-role.kubernetes.io/master) are removed: EKS offers no control-plane
// nodes to schedule on and labels no worker with them, so pods that kept
// them would stay pending.
//
// kOps Cluster and InstanceGroup specs are not emitted. Each instance group
// is reported with its instance types, sizes, labels and taints, and each
// cluster with the add-ons and networking it ran, as the checklist of what
// to create on the EKS side.
package nodes

import _ "embed" // the rule's documentation is this file's package comment

//go:embed doc.go
var doc string
