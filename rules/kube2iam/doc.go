// Package kube2iam holds the rule that replaces kube2iam and kiam role
// annotations with IAM Roles for Service Accounts (IRSA).
//
// # Rule kube2iam
//
// Replaces kube2iam/kiam iam.amazonaws.com/role annotations with IRSA: a
// ServiceAccount per namespace and role with eks.amazonaws.com/role-arn,
// wired into the workload; reports external IDs and namespace restrictions.
//
// kube2iam and kiam give a pod the role named in its
// iam.amazonaws.com/role annotation by intercepting the instance metadata
// API on the node. EKS gives credentials to service accounts instead: a
// ServiceAccount annotated with eks.amazonaws.com/role-arn, whose role
// trusts the cluster's OIDC provider. So every pod template that carries
// the annotation (Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs,
// CronJobs, bare Pods) runs as a ServiceAccount per namespace and role:
//
//   - A role name becomes an ARN through kube2iam.baseRoleARN in the
//     configuration, as kube2iam's --base-role-arn did; a name that cannot
//     be resolved is an error naming that setting.
//   - A workload whose own ServiceAccount is used only by pods of the same
//     role keeps it, and the account gets the role. A ServiceAccount
//     shared with pods of another role (or of none: "default") cannot carry
//     both; such workloads get an account of their own, named after the
//     role, and the RBAC bindings of the account they leave are extended
//     to the new one so that they keep their Kubernetes permissions.
//   - iam.amazonaws.com/external-id has no IRSA counterpart and is
//     reported. Namespace restrictions (kiam's iam.amazonaws.com/permitted,
//     kube2iam's iam.amazonaws.com/allowed-roles) are checked against the
//     roles the namespace's pods use; IRSA enforces them through each
//     role's trust policy instead.
//   - The annotations are removed, unless kube2iam.keep (--keep-kube2iam)
//     keeps them so that the same manifests run on the kOps cluster and on
//     EKS during a parallel run.
//
// The accounts join the model's ServiceAccounts, so the report writes each
// role's new trust policy and lists it in the migration checklist.
package kube2iam

import _ "embed" // the rule's documentation is this file's package comment

//go:embed doc.go
var doc string
