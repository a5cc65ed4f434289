// Package names holds the rule that keeps generated object names unique.
//
// # Rule names
//
// Two inputs whose names sanitize to the same Kubernetes name in one
// namespace are an error, not an overwrite.
//
// Inputs are named by people (task definition families, service names) and
// sanitized into DNS labels, so two different inputs can end up with the same
// Kubernetes name ("shop_web" and "shop-web"). Writing both would let one
// silently overwrite the other, so the rule reports every collision as an
// error that names both inputs, and keeps only the first workload of the
// clash so that later stages do not pile up follow-on errors.
package names

import _ "embed" // the rule's documentation is this file's package comment

//go:embed doc.go
var doc string
