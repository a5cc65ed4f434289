package ir

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/eksport/eksport/translate/diag"
)

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
	// Generated marks an object a rule made (a ServiceAccount split off a
	// shared one, a Karpenter NodePool) rather than read; it sorts after
	// the input objects of its kind.
	Generated bool
	// Fields are the input positions of the object's fields, keyed by
	// their path relative to the object (see Path). Rules use At to point
	// diagnostics at the field they are about.
	Fields map[string]diag.Pos
}

// APIVersion, Kind, Name and Namespace read the object's identity.
func (o *KubeObject) APIVersion() string { return str(o.Object["apiVersion"]) }
func (o *KubeObject) Kind() string       { return str(o.Object["kind"]) }
func (o *KubeObject) Name() string       { return str(meta(o.Object)["name"]) }
func (o *KubeObject) Namespace() string  { return str(meta(o.Object)["namespace"]) }

// Group is the API group of the object's apiVersion ("" for the core group).
func (o *KubeObject) Group() string {
	g, _, ok := strings.Cut(o.APIVersion(), "/")
	if !ok {
		return ""
	}
	return g
}

// ID is "Kind namespace/name" (or "Kind name"), for messages.
func (o *KubeObject) ID() string {
	if ns := o.Namespace(); ns != "" {
		return o.Kind() + " " + ns + "/" + o.Name()
	}
	return o.Kind() + " " + o.Name()
}

// At returns the position of a field given by its path relative to the
// object, or of its nearest enclosing field that has one. The returned
// path is the full path inside the document (List items keep their
// items[i] prefix), so that diagnostics name the field as the file has it.
func (o *KubeObject) At(path string) diag.Pos {
	full := JoinPath(o.Origin.Path, path)
	for p := path; p != ""; {
		if pos, ok := o.Fields[p]; ok {
			pos.Path = full
			return pos
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return o.Origin.At(full)
}

// Metadata returns the object's metadata, creating it when absent.
func (o *KubeObject) Metadata() map[string]any { return Ensure(o.Object, "metadata") }

// Annotations returns the object's annotations, or nil.
func (o *KubeObject) Annotations() map[string]any { return MapAt(o.Object, "metadata", "annotations") }

// PodTemplate returns the pod template an object runs (metadata and spec
// of its pods) and its path: spec.template for Deployments, StatefulSets,
// DaemonSets, ReplicaSets, ReplicationControllers and Jobs,
// spec.jobTemplate.spec.template for CronJobs, and the object itself for a
// bare Pod. It returns nil for other kinds.
func (o *KubeObject) PodTemplate() (map[string]any, string) {
	switch o.Kind() {
	case "Pod":
		return o.Object, ""
	case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job":
		if t := MapAt(o.Object, "spec", "template"); t != nil {
			return t, "spec.template"
		}
	case "CronJob":
		if t := MapAt(o.Object, "spec", "jobTemplate", "spec", "template"); t != nil {
			return t, "spec.jobTemplate.spec.template"
		}
	}
	return nil, ""
}

var plainKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// Path appends segments to a field path: a string is a map key (written
// .key, or ["key"] when it holds dots, slashes or other characters), an int
// a list index ([i]). The kube front-end records positions under the same
// spelling, for example
// spec.template.metadata.annotations["iam.amazonaws.com/role"].
func Path(base string, segs ...any) string {
	var b strings.Builder
	b.WriteString(base)
	for _, s := range segs {
		switch v := s.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", v)
		case string:
			if !plainKey.MatchString(v) {
				fmt.Fprintf(&b, "[%q]", v)
				continue
			}
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(v)
		}
	}
	return b.String()
}

// JoinPath joins two paths written by Path.
func JoinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	case b[0] == '[':
		return a + b
	}
	return a + "." + b
}

// MapAt walks nested maps and returns the map at keys, or nil.
func MapAt(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		if m == nil {
			return nil
		}
		m, _ = m[k].(map[string]any)
	}
	return m
}

// Ensure walks nested maps, creating the missing ones, and returns the map
// at keys.
func Ensure(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	return m
}

// Str returns v when it is a string, else "".
func Str(v any) string { return str(v) }

// Slice returns v when it is a list, else nil.
func Slice(v any) []any {
	s, _ := v.([]any)
	return s
}

// DeleteEmpty removes the map at keys from its parent when it is empty,
// walking back up, so that removing the last annotation leaves no
// "annotations: {}" behind.
func DeleteEmpty(m map[string]any, keys ...string) {
	for n := len(keys); n > 0; n-- {
		parent := MapAt(m, keys[:n-1]...)
		child, ok := parent[keys[n-1]].(map[string]any)
		if !ok || len(child) > 0 {
			return
		}
		delete(parent, keys[n-1])
	}
}

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

// Kops is what kOps cluster specs say about the cluster being replaced:
// read for the node report and Karpenter NodePools, never emitted as-is.
type Kops struct {
	Clusters       []*KopsCluster
	InstanceGroups []*InstanceGroup
}

// KopsCluster is a kops.k8s.io Cluster spec, reduced to what the migration
// report needs.
type KopsCluster struct {
	Name              string
	KubernetesVersion string
	// Networking is the CNI kOps installed (calico, cilium, amazonvpc...).
	Networking string
	// Addons lists the add-ons the spec enables, in spec order.
	Addons []string
	// IRSA is set when the cluster already serves service account
	// identities to AWS (serviceAccountIssuerDiscovery.enableAWSOIDCProvider).
	IRSA   bool
	Origin diag.Pos
}

// InstanceGroup is a kops.k8s.io InstanceGroup spec.
type InstanceGroup struct {
	Name    string
	Cluster string // kops.k8s.io/cluster label
	Role    string // Node, Master, ControlPlane, Bastion, APIServer
	// MachineTypes are spec.machineType (which kOps allows to be a
	// comma-separated list) and the mixed instances policy's types.
	MachineTypes []string
	MinSize      *int64
	MaxSize      *int64
	// Labels are spec.nodeLabels, sorted by key.
	Labels []KeyValue
	// Taints are spec.taints as kOps writes them: key=value:Effect.
	Taints  []string
	Subnets []string
	Spot    bool   // a maxPrice or spot allocation was set
	Manager string // "Karpenter" when kOps already ran it through Karpenter
	Origin  diag.Pos
}
