// Package secrets holds the rule that brings ECS secrets to pods without
// ever reading a value.
//
// # Rule secrets
//
// ECS secrets become ExternalSecrets (or a SecretProviderClass) with
// secretKeyRef environment variables; registry credentials an image pull
// Secret; S3 environment files ConfigMaps to fill. No value is ever read or
// written.
//
// Each ECS secret is a reference (a Secrets Manager ARN with an optional
// json-key, version stage and version id, or an SSM parameter name or ARN).
// The rule groups a workload's references into one Kubernetes Secret per AWS
// service, with deterministic key names, filled by the External Secrets
// Operator (default) or the Secrets Store CSI driver, and points each
// container's environment variable at its key. Private registry
// credentials become an image pull Secret rendered from the credentials
// secret. Environment files in S3 become ConfigMaps that must be filled from
// the S3 object, since eksport does not read it.
package secrets

import _ "embed" // the rule's documentation is this file's package comment

//go:embed doc.go
var doc string
