// Package kubeversion holds the rule that fits workloads to the Kubernetes
// version of the target cluster (cluster.version in the configuration,
// 1.35 when it names none).
//
// # Rule kubeversion
//
// Fits workloads to cluster.version: below Kubernetes 1.34, task-level cpu
// and memory go onto the containers, since older API servers drop pod-level
// resources.
//
// ECS task-level cpu and memory become pod-level resources
// (spec.resources), which the API server accepts from Kubernetes 1.34
// (PodLevelResources, beta and on by default). An older API server drops
// the field, and the pods would run without requests or limits. Below
// 1.34 the task size goes onto the containers instead, by this rule, for
// cpu and memory alike:
//
//   - a container that sets its own request keeps it;
//   - what the task size leaves once those requests are counted is split
//     evenly (cpu in millicores, memory in whole MiB, rounded down) among
//     the running containers (main containers and native sidecars) that
//     set none; when nothing is left, they get no request;
//   - a running container without a limit gets the task size as its
//     limit: no container may use more than the whole task, but the sum
//     of the containers is no longer capped as the task was.
//
// Init containers that run to completion run before the others and are
// left as they are. Each workload changed is reported with a warning.
package kubeversion

import _ "embed" // the rule's documentation is this file's package comment

//go:embed doc.go
var doc string
