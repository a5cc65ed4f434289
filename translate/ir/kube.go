package ir

import "github.com/eksport/eksport/translate/diag"

// KubeObject is a Kubernetes object read from an input manifest (kOps
// clusters, kube2iam or kiam setups). It travels as the generic object
// (JSON-compatible maps, slices and scalars), which rules rewrite in place
// (API upgrades, IRSA, storage, load balancer annotations), plus its origin.
type KubeObject struct {
	Object map[string]any
	Origin diag.Pos
	// Order is the object's position among all input objects, so that
	// kinds eksport does not rewrite keep their input order.
	Order int
	// Drop removes the object from the output (for example a
	// PodSecurityPolicy, which no longer exists); the rule that sets it
	// reports why.
	Drop bool
}

// APIVersion, Kind, Name and Namespace read the object's identity.
func (o *KubeObject) APIVersion() string { return str(o.Object["apiVersion"]) }
func (o *KubeObject) Kind() string       { return str(o.Object["kind"]) }
func (o *KubeObject) Name() string       { return str(meta(o.Object)["name"]) }
func (o *KubeObject) Namespace() string  { return str(meta(o.Object)["namespace"]) }

func meta(obj map[string]any) map[string]any {
	m, _ := obj["metadata"].(map[string]any)
	if m == nil {
		return map[string]any{}
	}
	return m
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
