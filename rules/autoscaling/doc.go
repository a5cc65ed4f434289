// Package autoscaling holds the rule that decides how a migrated service
// scales.
//
// # Rule autoscaling
//
// Chooses an HPA for CPU/memory target tracking and one KEDA ScaledObject
// for anything else, never both; hands the replica count to the autoscaler.
//
// Target tracking on ECS CPU or memory utilization becomes a
// HorizontalPodAutoscaler (autoscaling/v2). Anything else that Application
// Auto Scaling did (ALB request counts, custom CloudWatch metrics, step
// scaling on alarms such as an SQS backlog, scheduled actions) needs KEDA, and
// then every policy of the service goes into one ScaledObject: an HPA and a
// ScaledObject must never own the same Deployment, or they fight over the
// replica count.
//
// The rule also hands the replica count to the autoscaler (the Deployment's
// replicas field is left out, so that applying the manifest again does not
// reset it) and checks that HPA utilization means what ECS meant: ECS
// measures CPU and memory against the task's size; the HPA against the
// pod-level request (the task size) when there is one, else the sum of the
// containers' requests.
//
// It settles the PodDisruptionBudget too, once it knows whether the
// workload is autoscaled: an autoscaled workload's budget is a
// maxUnavailable, which never forbids every eviction at the minimum
// replica count (see budget).
package autoscaling

import _ "embed" // the rule's documentation is this file's package comment

//go:embed doc.go
var doc string
