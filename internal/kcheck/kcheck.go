// Package kcheck checks generated manifests in process, for fast unit tests:
// each object must decode strictly into its k8s.io/api type (an unknown or
// misspelt field is an error) and pass the validations that apimachinery
// offers without an API server (names, labels, ports, resources).
//
// It is weaker than the judge (a real kube-apiserver, internal/judge) and
// does not replace it; it catches most mistakes in milliseconds.
package kcheck

import (
	"fmt"
	"reflect"
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

// Document checks one YAML document and returns every problem found.
func Document(doc []byte) []error {
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := yaml.Unmarshal(doc, &head); err != nil {
		return []error{err}
	}
	for _, g := range customGroups {
		if strings.HasPrefix(head.APIVersion, g) {
			return nil
		}
	}
	t, ok := types[head.APIVersion+"/"+head.Kind]
	if !ok {
		return []error{fmt.Errorf("kcheck: no type for %s %s", head.APIVersion, head.Kind)}
	}
	v := reflect.New(t)
	if err := yaml.UnmarshalStrict(doc, v.Interface()); err != nil {
		return []error{fmt.Errorf("strict decode of %s: %w", head.Kind, err)}
	}
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	switch o := v.Interface().(type) {
	case *appsv1.Deployment:
		meta(add, o.Name, o.Namespace, o.Labels, o.Annotations)
		selects(add, o.Spec.Selector.MatchLabels, o.Spec.Template.Labels)
		pod(add, &o.Spec.Template.Spec)
	case *appsv1.DaemonSet:
		meta(add, o.Name, o.Namespace, o.Labels, o.Annotations)
		selects(add, o.Spec.Selector.MatchLabels, o.Spec.Template.Labels)
		pod(add, &o.Spec.Template.Spec)
	case *corev1.Service:
		meta(add, o.Name, o.Namespace, o.Labels, o.Annotations)
		if len(validation.IsDNS1035Label(o.Name)) > 0 {
			add("Service name %q is not a DNS-1035 label", o.Name)
		}
		names := map[string]bool{}
		for _, p := range o.Spec.Ports {
			if len(o.Spec.Ports) > 1 && p.Name == "" {
				add("Service %s: port %d needs a name", o.Name, p.Port)
			}
			if p.Name != "" && len(validation.IsValidPortName(p.Name)) > 0 {
				add("Service %s: port name %q is invalid", o.Name, p.Name)
			}
			if names[p.Name] {
				add("Service %s: port name %q is used twice", o.Name, p.Name)
			}
			names[p.Name] = true
		}
	case *batchv1.CronJob:
		meta(add, o.Name, o.Namespace, o.Labels, o.Annotations)
		if len(o.Name) > 52 {
			add("CronJob name %q is longer than 52 characters", o.Name)
		}
		pod(add, &o.Spec.JobTemplate.Spec.Template.Spec)
	case *corev1.Pod:
		meta(add, o.Name, o.Namespace, o.Labels, o.Annotations)
		pod(add, &o.Spec)
	case *batchv1.Job:
		meta(add, o.Name, o.Namespace, o.Labels, o.Annotations)
		pod(add, &o.Spec.Template.Spec)
	case interface{ GetName() string }:
		_ = o
	}
	return errs
}

func meta(add func(string, ...any), name, ns string, labels, annotations map[string]string) {
	if msgs := validation.IsDNS1123Subdomain(name); len(msgs) > 0 {
		add("name %q: %s", name, strings.Join(msgs, "; "))
	}
	if ns != "" && len(validation.IsDNS1123Label(ns)) > 0 {
		add("namespace %q is not a DNS label", ns)
	}
	for k, v := range labels {
		if len(validation.IsQualifiedName(k)) > 0 || len(validation.IsValidLabelValue(v)) > 0 {
			add("label %q=%q is invalid", k, v)
		}
	}
	for k := range annotations {
		if len(validation.IsQualifiedName(strings.ToLower(k))) > 0 {
			add("annotation key %q is invalid", k)
		}
	}
}

func selects(add func(string, ...any), sel, labels map[string]string) {
	if len(sel) == 0 {
		add("empty selector")
	}
	for k, v := range sel {
		if labels[k] != v {
			add("selector %s=%s does not match the pod template labels", k, v)
		}
	}
}

func pod(add func(string, ...any), spec *corev1.PodSpec) {
	if len(spec.Containers) == 0 {
		add("pod has no containers")
	}
	names := map[string]bool{}
	vols := map[string]bool{}
	for _, v := range spec.Volumes {
		if len(validation.IsDNS1123Label(v.Name)) > 0 {
			add("volume name %q is not a DNS label", v.Name)
		}
		if vols[v.Name] {
			add("volume %q is declared twice", v.Name)
		}
		vols[v.Name] = true
	}
	check := func(c corev1.Container, init bool) {
		if len(validation.IsDNS1123Label(c.Name)) > 0 {
			add("container name %q is not a DNS label", c.Name)
		}
		if names[c.Name] {
			add("container name %q is used twice", c.Name)
		}
		names[c.Name] = true
		if c.Image == "" {
			add("container %q has no image", c.Name)
		}
		for _, p := range c.Ports {
			if p.Name != "" && len(validation.IsValidPortName(p.Name)) > 0 {
				add("container %q: port name %q is invalid", c.Name, p.Name)
			}
			// An empty protocol is valid: the API server defaults it to TCP.
			if p.Protocol != "" && p.Protocol != corev1.ProtocolTCP && p.Protocol != corev1.ProtocolUDP && p.Protocol != corev1.ProtocolSCTP {
				add("container %q: protocol %q is invalid", c.Name, p.Protocol)
			}
		}
		for r, req := range c.Resources.Requests {
			if lim, ok := c.Resources.Limits[r]; ok && req.Cmp(lim) > 0 {
				add("container %q: %s request %s is above its limit %s", c.Name, r, req.String(), lim.String())
			}
		}
		for _, m := range c.VolumeMounts {
			if !vols[m.Name] {
				add("container %q mounts undeclared volume %q", c.Name, m.Name)
			}
		}
		sidecar := c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
		if init && !sidecar && (c.LivenessProbe != nil || c.ReadinessProbe != nil || c.StartupProbe != nil) {
			add("init container %q must not have probes", c.Name)
		}
		for _, p := range []*corev1.Probe{c.LivenessProbe, c.StartupProbe} {
			if p != nil && p.SuccessThreshold > 1 {
				add("container %q: liveness and startup probes need successThreshold 1", c.Name)
			}
		}
	}
	for _, c := range spec.InitContainers {
		check(c, true)
	}
	for _, c := range spec.Containers {
		check(c, false)
	}
}
