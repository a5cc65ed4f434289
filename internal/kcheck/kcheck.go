// Package kcheck checks manifests in process: each object must decode
// strictly into its k8s.io/api type (an unknown or misspelt field, a bad
// quantity are errors) and pass the validations that apimachinery offers
// without an API server (names, labels, ports, protocols, hosts,
// resources). Tests run it over every generated manifest, and the
// translator over every object read from input manifests before it is
// written, with each problem's field path so that it can be reported at
// its position in the input.
//
// It is weaker than the judge (a real kube-apiserver, internal/judge) and
// does not replace it; it catches most mistakes in milliseconds.
package kcheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	nodev1 "k8s.io/api/node/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"sigs.k8s.io/yaml"
)

var types = map[string]reflect.Type{
	"apps/v1/Deployment":                     reflect.TypeFor[appsv1.Deployment](),
	"apps/v1/DaemonSet":                      reflect.TypeFor[appsv1.DaemonSet](),
	"apps/v1/StatefulSet":                    reflect.TypeFor[appsv1.StatefulSet](),
	"batch/v1/Job":                           reflect.TypeFor[batchv1.Job](),
	"batch/v1/CronJob":                       reflect.TypeFor[batchv1.CronJob](),
	"v1/Service":                             reflect.TypeFor[corev1.Service](),
	"v1/ServiceAccount":                      reflect.TypeFor[corev1.ServiceAccount](),
	"v1/ConfigMap":                           reflect.TypeFor[corev1.ConfigMap](),
	"v1/PersistentVolumeClaim":               reflect.TypeFor[corev1.PersistentVolumeClaim](),
	"v1/PersistentVolume":                    reflect.TypeFor[corev1.PersistentVolume](),
	"v1/Namespace":                           reflect.TypeFor[corev1.Namespace](),
	"v1/Secret":                              reflect.TypeFor[corev1.Secret](),
	"autoscaling/v2/HorizontalPodAutoscaler": reflect.TypeFor[autoscalingv2.HorizontalPodAutoscaler](),
	"policy/v1/PodDisruptionBudget":          reflect.TypeFor[policyv1.PodDisruptionBudget](),
	"networking.k8s.io/v1/Ingress":           reflect.TypeFor[networkingv1.Ingress](),
	"storage.k8s.io/v1/StorageClass":         reflect.TypeFor[storagev1.StorageClass](),
	// Kinds that pass through from kOps manifests.
	"v1/Pod":                                                         reflect.TypeFor[corev1.Pod](),
	"v1/ReplicationController":                                       reflect.TypeFor[corev1.ReplicationController](),
	"v1/LimitRange":                                                  reflect.TypeFor[corev1.LimitRange](),
	"v1/ResourceQuota":                                               reflect.TypeFor[corev1.ResourceQuota](),
	"v1/Endpoints":                                                   reflect.TypeFor[corev1.Endpoints](),
	"apps/v1/ReplicaSet":                                             reflect.TypeFor[appsv1.ReplicaSet](),
	"autoscaling/v1/HorizontalPodAutoscaler":                         reflect.TypeFor[autoscalingv1.HorizontalPodAutoscaler](),
	"rbac.authorization.k8s.io/v1/Role":                              reflect.TypeFor[rbacv1.Role](),
	"rbac.authorization.k8s.io/v1/ClusterRole":                       reflect.TypeFor[rbacv1.ClusterRole](),
	"rbac.authorization.k8s.io/v1/RoleBinding":                       reflect.TypeFor[rbacv1.RoleBinding](),
	"rbac.authorization.k8s.io/v1/ClusterRoleBinding":                reflect.TypeFor[rbacv1.ClusterRoleBinding](),
	"networking.k8s.io/v1/IngressClass":                              reflect.TypeFor[networkingv1.IngressClass](),
	"networking.k8s.io/v1/NetworkPolicy":                             reflect.TypeFor[networkingv1.NetworkPolicy](),
	"scheduling.k8s.io/v1/PriorityClass":                             reflect.TypeFor[schedulingv1.PriorityClass](),
	"storage.k8s.io/v1/CSIDriver":                                    reflect.TypeFor[storagev1.CSIDriver](),
	"coordination.k8s.io/v1/Lease":                                   reflect.TypeFor[coordinationv1.Lease](),
	"node.k8s.io/v1/RuntimeClass":                                    reflect.TypeFor[nodev1.RuntimeClass](),
	"discovery.k8s.io/v1/EndpointSlice":                              reflect.TypeFor[discoveryv1.EndpointSlice](),
	"admissionregistration.k8s.io/v1/MutatingWebhookConfiguration":   reflect.TypeFor[admissionregistrationv1.MutatingWebhookConfiguration](),
	"admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration": reflect.TypeFor[admissionregistrationv1.ValidatingWebhookConfiguration](),
}

// customGroups are API groups of custom resources eksport emits; they are
// checked by the judge against their CRDs, not here.
var customGroups = []string{"keda.sh/", "elbv2.k8s.aws/", "external-secrets.io/", "secrets-store.csi.x-k8s.io/", "karpenter.sh/", "eksport.dev/",
	// Served by the API server but without Go types in k8s.io/api.
	"apiextensions.k8s.io/", "apiregistration.k8s.io/"}

// Problem is one reason the API server would refuse an object: the field
// path inside the object ("spec.template.spec.containers[0].ports[0]
// .protocol", "" for the whole object) and what is wrong.
type Problem struct {
	Path, Msg string
}

func (p Problem) Error() string {
	if p.Path == "" {
		return p.Msg
	}
	return p.Path + ": " + p.Msg
}

// Document checks one YAML document and returns every problem found.
func Document(doc []byte) []error {
	var obj map[string]any
	if err := yaml.Unmarshal(doc, &obj); err != nil {
		return []error{err}
	}
	var errs []error
	for _, p := range Object(obj) {
		errs = append(errs, p)
	}
	return errs
}

// Known tells whether Object checks a kind: the built-in kinds it has a
// type for. Custom resources are the judge's (their CRDs' schemas).
func Known(apiVersion, kind string) bool {
	_, ok := types[apiVersion+"/"+kind]
	return ok
}

// Object checks one object, as decoded from YAML or JSON.
func Object(obj map[string]any) []Problem {
	apiVersion, _ := obj["apiVersion"].(string)
	kind, _ := obj["kind"].(string)
	for _, g := range customGroups {
		if strings.HasPrefix(apiVersion, g) {
			return nil
		}
	}
	t, ok := types[apiVersion+"/"+kind]
	if !ok {
		return []Problem{{"", fmt.Sprintf("kcheck: no type for %s %s", apiVersion, kind)}}
	}
	data, err := json.Marshal(obj)
	if err != nil {
		return []Problem{{"", err.Error()}}
	}
	v := reflect.New(t)
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v.Interface()); err != nil {
		return []Problem{decodeProblem(kind, err)}
	}
	c := &checker{}
	switch o := v.Interface().(type) {
	case *appsv1.Deployment:
		c.meta(o.ObjectMeta, false)
		c.selects(o.Spec.Selector, o.Spec.Template.Labels)
		c.pod("spec.template.spec", &o.Spec.Template.Spec)
	case *appsv1.DaemonSet:
		c.meta(o.ObjectMeta, false)
		c.selects(o.Spec.Selector, o.Spec.Template.Labels)
		c.pod("spec.template.spec", &o.Spec.Template.Spec)
	case *appsv1.StatefulSet:
		c.meta(o.ObjectMeta, false)
		c.selects(o.Spec.Selector, o.Spec.Template.Labels)
		// Claim templates are volumes of every pod.
		for _, t := range o.Spec.VolumeClaimTemplates {
			c.claims = append(c.claims, t.Name)
		}
		c.pod("spec.template.spec", &o.Spec.Template.Spec)
	case *appsv1.ReplicaSet:
		c.meta(o.ObjectMeta, false)
		c.selects(o.Spec.Selector, o.Spec.Template.Labels)
		c.pod("spec.template.spec", &o.Spec.Template.Spec)
	case *corev1.Service:
		c.meta(o.ObjectMeta, false)
		if len(validation.IsDNS1035Label(o.Name)) > 0 {
			c.add("metadata.name", "Service name %q is not a DNS-1035 label (lower-case letters, digits and '-', starting with a letter)", o.Name)
		}
		names := map[string]bool{}
		for i, p := range o.Spec.Ports {
			at := fmt.Sprintf("spec.ports[%d]", i)
			if len(o.Spec.Ports) > 1 && p.Name == "" {
				c.add(at, "port %d needs a name when the Service has several", p.Port)
			}
			if p.Name != "" && len(validation.IsValidPortName(p.Name)) > 0 {
				c.add(at+".name", "port name %q is invalid", p.Name)
			}
			if names[p.Name] {
				c.add(at+".name", "port name %q is used twice", p.Name)
			}
			names[p.Name] = true
			c.protocol(at+".protocol", p.Protocol)
			c.port(at+".port", p.Port, false)
		}
	case *batchv1.CronJob:
		c.meta(o.ObjectMeta, false)
		if len(o.Name) > 52 {
			c.add("metadata.name", "CronJob name %q is longer than 52 characters", o.Name)
		}
		c.pod("spec.jobTemplate.spec.template.spec", &o.Spec.JobTemplate.Spec.Template.Spec)
	case *corev1.Pod:
		c.meta(o.ObjectMeta, false)
		c.pod("spec", &o.Spec)
	case *batchv1.Job:
		c.meta(o.ObjectMeta, false)
		c.pod("spec.template.spec", &o.Spec.Template.Spec)
	case *networkingv1.Ingress:
		c.meta(o.ObjectMeta, false)
		for i, r := range o.Spec.Rules {
			c.host(fmt.Sprintf("spec.rules[%d].host", i), r.Host)
		}
		for i, tls := range o.Spec.TLS {
			for j, h := range tls.Hosts {
				c.host(fmt.Sprintf("spec.tls[%d].hosts[%d]", i, j), h)
			}
		}
	default:
		if m, ok := v.Interface().(interface{ GetObjectMeta() metav1.Object }); ok {
			om := m.GetObjectMeta()
			c.metaNamed(metav1.ObjectMeta{Name: om.GetName(), Namespace: om.GetNamespace(), Labels: om.GetLabels(), Annotations: om.GetAnnotations()}, clusterScoped[kind], pathSegmentNames[kind])
		}
	}
	return c.problems
}

// clusterScoped are the kinds above whose objects have no namespace: the
// API server ignores one, which means the input misunderstands the kind.
var clusterScoped = map[string]bool{
	"Namespace": true, "PersistentVolume": true, "StorageClass": true, "ClusterRole": true, "ClusterRoleBinding": true,
	"PriorityClass": true, "IngressClass": true, "CSIDriver": true, "RuntimeClass": true,
	"MutatingWebhookConfiguration": true, "ValidatingWebhookConfiguration": true,
}

func decodeProblem(kind string, err error) Problem {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return Problem{te.Field, fmt.Sprintf("expected %s, found a JSON %s", te.Type, te.Value)}
	}
	msg := err.Error()
	if f := unknownFieldRE.FindStringSubmatch(msg); f != nil {
		return Problem{"", fmt.Sprintf("%s has no field %q (strict field validation refuses it)", kind, f[1])}
	}
	return Problem{"", fmt.Sprintf("%s does not decode: %s", kind, strings.TrimPrefix(msg, "json: "))}
}

var unknownFieldRE = regexp.MustCompile(`unknown field "([^"]*)"`)

type checker struct {
	problems []Problem
	claims   []string // volume names a StatefulSet's claim templates add
}

func (c *checker) add(path, format string, args ...any) {
	c.problems = append(c.problems, Problem{path, fmt.Sprintf(format, args...)})
}

// pathSegmentNames are the kinds whose names need only be a path segment
// (RBAC objects such as system:aws-cloud-provider).
var pathSegmentNames = map[string]bool{"Role": true, "ClusterRole": true, "RoleBinding": true, "ClusterRoleBinding": true}

func (c *checker) meta(m metav1.ObjectMeta, clusterScoped bool) { c.metaNamed(m, clusterScoped, false) }

func (c *checker) metaNamed(m metav1.ObjectMeta, clusterScoped, pathSegment bool) {
	switch {
	case pathSegment:
		if m.Name == "" || m.Name == "." || m.Name == ".." || strings.ContainsAny(m.Name, "/%") {
			c.add("metadata.name", "name %q may not be empty, '.' or '..', nor contain '/' or '%%'", m.Name)
		}
	default:
		if msgs := validation.IsDNS1123Subdomain(m.Name); len(msgs) > 0 {
			c.add("metadata.name", "name %q: %s", m.Name, strings.Join(msgs, "; "))
		}
	}
	if m.Namespace != "" && len(validation.IsDNS1123Label(m.Namespace)) > 0 {
		c.add("metadata.namespace", "namespace %q is not a DNS label", m.Namespace)
	}
	if m.Namespace != "" && clusterScoped {
		c.add("metadata.namespace", "this kind is cluster-scoped: it has no namespace, and the API server ignores %q", m.Namespace)
	}
	for _, k := range sortedKeys(m.Labels) {
		v := m.Labels[k]
		if msgs := append(validation.IsQualifiedName(k), validation.IsValidLabelValue(v)...); len(msgs) > 0 {
			c.add(key("metadata.labels", k), "label %q=%q is invalid: %s", k, v, strings.Join(msgs, "; "))
		}
	}
	for _, k := range sortedKeys(m.Annotations) {
		if msgs := validation.IsQualifiedName(strings.ToLower(k)); len(msgs) > 0 {
			c.add(key("metadata.annotations", k), "annotation key %q is invalid: %s", k, strings.Join(msgs, "; "))
		}
	}
}

func (c *checker) selects(sel *metav1.LabelSelector, labels map[string]string) {
	if sel == nil || (len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0) {
		c.add("spec.selector", "empty selector")
		return
	}
	for _, k := range sortedKeys(sel.MatchLabels) {
		if v := sel.MatchLabels[k]; labels[k] != v {
			c.add(key("spec.selector.matchLabels", k), "selector %s=%s does not match the pod template's labels", k, v)
		}
	}
}

func (c *checker) protocol(path string, p corev1.Protocol) {
	// An empty protocol is valid: the API server defaults it to TCP.
	if p != "" && p != corev1.ProtocolTCP && p != corev1.ProtocolUDP && p != corev1.ProtocolSCTP {
		c.add(path, "protocol %q is not one of TCP, UDP, SCTP (upper case)", p)
	}
}

func (c *checker) port(path string, n int32, zeroOK bool) {
	if n == 0 && zeroOK {
		return
	}
	if msgs := validation.IsValidPortNum(int(n)); len(msgs) > 0 {
		c.add(path, "port %d: %s", n, strings.Join(msgs, "; "))
	}
}

func (c *checker) host(path, h string) {
	if h == "" {
		return
	}
	var msgs []string
	if strings.HasPrefix(h, "*.") {
		msgs = validation.IsWildcardDNS1123Subdomain(h)
	} else {
		msgs = validation.IsDNS1123Subdomain(h)
	}
	if len(msgs) > 0 {
		c.add(path, "host %q: %s", h, strings.Join(msgs, "; "))
	}
}

func (c *checker) pod(base string, spec *corev1.PodSpec) {
	if len(spec.Containers) == 0 {
		c.add(base+".containers", "pod has no containers")
	}
	names := map[string]bool{}
	vols := map[string]bool{}
	for _, n := range c.claims {
		vols[n] = true
	}
	for i, v := range spec.Volumes {
		at := fmt.Sprintf("%s.volumes[%d].name", base, i)
		if len(validation.IsDNS1123Label(v.Name)) > 0 {
			c.add(at, "volume name %q is not a DNS label", v.Name)
		}
		if vols[v.Name] {
			c.add(at, "volume %q is declared twice", v.Name)
		}
		vols[v.Name] = true
	}
	check := func(at string, ct corev1.Container, init bool) {
		if len(validation.IsDNS1123Label(ct.Name)) > 0 {
			c.add(at+".name", "container name %q is not a DNS label", ct.Name)
		}
		if names[ct.Name] {
			c.add(at+".name", "container name %q is used twice", ct.Name)
		}
		names[ct.Name] = true
		if ct.Image == "" {
			c.add(at+".image", "container %q has no image", ct.Name)
		}
		for j, p := range ct.Ports {
			pat := fmt.Sprintf("%s.ports[%d]", at, j)
			if p.Name != "" && len(validation.IsValidPortName(p.Name)) > 0 {
				c.add(pat+".name", "port name %q is invalid", p.Name)
			}
			c.protocol(pat+".protocol", p.Protocol)
			c.port(pat+".containerPort", p.ContainerPort, false)
			c.port(pat+".hostPort", p.HostPort, true)
		}
		env := map[string]bool{}
		for j, e := range ct.Env {
			if env[e.Name] {
				c.add(fmt.Sprintf("%s.env[%d].name", at, j), "environment variable %q is listed twice; name is the list's merge key, so server-side apply refuses it", e.Name)
			}
			env[e.Name] = true
		}
		for _, r := range sortedKeys(ct.Resources.Requests) {
			req := ct.Resources.Requests[r]
			if lim, ok := ct.Resources.Limits[r]; ok && req.Cmp(lim) > 0 {
				c.add(at+".resources.requests."+string(r), "%s request %s must be less than or equal to %s limit %s", r, req.String(), r, lim.String())
			}
		}
		for j, m := range ct.VolumeMounts {
			if !vols[m.Name] {
				c.add(fmt.Sprintf("%s.volumeMounts[%d].name", at, j), "mounts undeclared volume %q", m.Name)
			}
		}
		sidecar := ct.RestartPolicy != nil && *ct.RestartPolicy == corev1.ContainerRestartPolicyAlways
		if init && !sidecar && (ct.LivenessProbe != nil || ct.ReadinessProbe != nil || ct.StartupProbe != nil) {
			c.add(at, "init container %q must not have probes", ct.Name)
		}
		for _, p := range []*corev1.Probe{ct.LivenessProbe, ct.StartupProbe} {
			if p != nil && p.SuccessThreshold > 1 {
				c.add(at, "container %q: liveness and startup probes need successThreshold 1", ct.Name)
			}
		}
	}
	for i, ct := range spec.InitContainers {
		check(fmt.Sprintf("%s.initContainers[%d]", base, i), ct, true)
	}
	for i, ct := range spec.Containers {
		check(fmt.Sprintf("%s.containers[%d]", base, i), ct, false)
	}
}

var plainKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// key appends a map key to a path as the translator's field paths write
// it: plain keys after a dot, others quoted in brackets.
func key(path, k string) string {
	if plainKey.MatchString(k) {
		return path + "." + k
	}
	return fmt.Sprintf("%s[%q]", path, k)
}

func sortedKeys[V any, M ~map[K]V, K ~string](m M) []K {
	return slices.Sorted(maps.Keys(m))
}
