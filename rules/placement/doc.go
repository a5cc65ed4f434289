// Package placement holds the rule that checks each ECS workload's node
// requirements against the target cluster's nodes (cluster.nodeGroups in the
// configuration; by default one amd64 and one arm64 Linux node group).
//
// # Rule placement
//
// Reports workloads whose node selector, node affinity and tolerations fit
// none of the target cluster's node groups (cluster.nodeGroups; default one
// amd64 and one arm64 Linux node group).
//
// A task definition's runtime platform (architecture, Windows), placement
// constraints and capacity provider all become node selectors, node
// affinity and tolerations. On EKS such a pod is scheduled only if some node
// carries those labels and it tolerates that node's taints; otherwise it
// stays Pending, which users find on the new cluster in the middle of a
// migration. The rule reports each workload no node group can hold, with
// what it requires, so that the checklist says which node groups to create.
package placement

import _ "embed" // the rule's documentation is this file's package comment

//go:embed doc.go
var doc string
