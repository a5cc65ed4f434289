// Package kube is the front-end for Kubernetes manifests from self-managed
// clusters (kOps, kube2iam, kiam): multi-document YAML or JSON files, List
// objects and folders of manifests. Objects are read as generic maps and
// travel through the model unchanged unless a rule rewrites them.
package kube
