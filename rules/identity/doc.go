// Package identity holds the rule that gives pods their AWS role.
//
// # Rule identity
//
// One ServiceAccount per task role and namespace (IRSA annotation, or plain
// with an EKS Pod Identity association); the execution role's duties are
// reported.
//
// Each distinct task role becomes one ServiceAccount per namespace, named
// after the role so that reviewers recognise it, and every workload that
// used the role runs as it. With IRSA (the default) the account carries the
// eks.amazonaws.com/role-arn annotation; with EKS Pod Identity it stays
// plain and an association binds it. Either way the role's trust policy
// must change: the checklist emitter writes the new policy per role.
//
// The execution role has no pod equivalent; the rule says where each of its
// duties goes instead.
package identity

import _ "embed" // the rule's documentation is this file's package comment

//go:embed doc.go
var doc string
