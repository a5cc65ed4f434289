// Package apiupgrade holds the rule that moves manifests off API versions
// Kubernetes no longer serves, so that what a kOps cluster of 1.15 or 1.21
// accepted is accepted by a current EKS cluster.
//
// # Rule apiupgrade
//
// Moves objects off removed API versions (extensions/v1beta1,
// apps/v1beta1/2, batch/v1beta1, policy/v1beta1, autoscaling/v2beta1/2,
// rbac, storage, scheduling and apiextensions v1beta1...) with their field
// changes; drops PodSecurityPolicies and suggests Pod Security Admission
// labels.
//
// Each removed group/version/kind has one entry in a table: the version it
// moves to, the release that removed it, and the field changes the move
// needs. Most moves only change apiVersion. The ones with field changes:
//
//   - extensions/v1beta1, apps/v1beta1 and apps/v1beta2 workloads become
//     apps/v1, with the selector made explicit from the template labels
//     where the old version defaulted it (apps/v1 requires it and never
//     changes it afterwards); rollbackTo and templateGeneration go.
//   - Ingress from extensions/v1beta1 and networking.k8s.io/v1beta1 becomes
//     networking.k8s.io/v1: serviceName/servicePort backends become
//     service.name/port.number or port.name, spec.backend becomes
//     defaultBackend, and every path gets the pathType the old version
//     implied (ImplementationSpecific). The ingress class annotation is
//     left to the lbannotations rule, which also remaps classes.
//   - policy/v1beta1 PodDisruptionBudgets with an empty selector matched no
//     pod; in policy/v1 that selects every pod of the namespace, so the
//     selector is removed and the budget reported.
//   - autoscaling/v2beta1 metrics (targetAverageUtilization, metricName,
//     targetValue...) become autoscaling/v2 metric/target pairs.
//   - apiextensions.k8s.io/v1beta1 CustomResourceDefinitions become v1:
//     per-version schemas, subresources and printer columns, a structural
//     schema (unknown fields kept where v1beta1 kept them), and the
//     conversion webhook in its v1 place.
//   - admissionregistration.k8s.io/v1beta1 webhooks become v1 with the
//     v1beta1 defaults written out (failurePolicy Ignore, matchPolicy
//     Exact, timeout 30 s, AdmissionReview v1beta1).
//   - PodSecurityPolicy no longer exists: the object is dropped and the
//     Pod Security Admission level that matches it is suggested as
//     namespace labels.
//
// An object on a removed version the table cannot move is an error: it
// would be refused by the API server.
package apiupgrade

import _ "embed" // the rule's documentation is this file's package comment

//go:embed doc.go
var doc string
