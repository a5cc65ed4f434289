// Package lower turns the intermediate model into Kubernetes objects, once,
// in canonical order. Every emitter starts from the same objects, so raw
// YAML, Kustomize and Helm output cannot drift apart.
package lower

import (
	"maps"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/translate/ir"
)

// Options are the run-wide settings lowering applies to every object.
type Options struct {
	// Namespace is set on every namespaced object when not empty.
	Namespace string
	// PartOf is the app.kubernetes.io/part-of value; empty means the
	// workload's own name.
	PartOf string
	// Labels are added to every object's metadata (never to selectors).
	Labels map[string]string
}

// Recommended label keys.
const (
	LabelName      = "app.kubernetes.io/name"
	LabelPartOf    = "app.kubernetes.io/part-of"
	LabelManagedBy = "app.kubernetes.io/managed-by"
)

// Lower returns the objects of the model in install order.
func Lower(m *ir.Model, opts Options) []emit.Object {
	var objs []emit.Object
	for _, w := range m.Workloads {
		objs = append(objs, workload(w, opts)...)
	}
	emit.Sort(objs)
	return objs
}

func labels(w *ir.Workload, opts Options) map[string]string {
	l := map[string]string{}
	maps.Copy(l, opts.Labels)
	maps.Copy(l, w.Labels)
	partOf := opts.PartOf
	if partOf == "" {
		partOf = w.Name
	}
	l[LabelName] = w.Name
	l[LabelPartOf] = partOf
	l[LabelManagedBy] = "eksport"
	return l
}

// selector is the one label that picks a workload's pods. It never changes
// between runs for the same input, since selectors are immutable.
func selector(w *ir.Workload) map[string]string {
	return map[string]string{LabelName: w.Name}
}

func namespace(w *ir.Workload, opts Options) string {
	if opts.Namespace != "" {
		return opts.Namespace
	}
	return w.Namespace
}

func meta(w *ir.Workload, opts Options, name string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Name: name, Namespace: namespace(w, opts), Labels: labels(w, opts)}
}

func workload(w *ir.Workload, opts Options) []emit.Object {
	var objs []emit.Object
	ns := namespace(w, opts)
	tmpl := *w.Template.DeepCopy()
	tl := labels(w, opts)
	maps.Copy(tl, tmpl.Labels)
	tmpl.Labels = tl
	switch w.Kind {
	case ir.Deployment, "":
		d := &appsv1.Deployment{
			TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
			ObjectMeta: meta(w, opts, w.Name),
			Spec: appsv1.DeploymentSpec{
				Replicas: w.Replicas,
				Selector: &metav1.LabelSelector{MatchLabels: selector(w)},
				Template: tmpl,
			},
		}
		d.Annotations = w.Annotations
		objs = append(objs, emit.Object{APIVersion: "apps/v1", Kind: "Deployment", Namespace: ns, Name: w.Name, Value: d, Origin: w.Origin})
	}
	if len(w.Ports) > 0 {
		svc := &corev1.Service{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
			ObjectMeta: meta(w, opts, w.Name),
			Spec: corev1.ServiceSpec{
				Type:     corev1.ServiceTypeClusterIP,
				Selector: selector(w),
			},
		}
		for _, p := range w.Ports {
			sp := corev1.ServicePort{Name: p.Name, Port: p.Port, TargetPort: intstr.FromInt32(p.TargetPort), Protocol: p.Protocol}
			if p.AppProtocol != "" {
				sp.AppProtocol = &p.AppProtocol
			}
			svc.Spec.Ports = append(svc.Spec.Ports, sp)
		}
		objs = append(objs, emit.Object{APIVersion: "v1", Kind: "Service", Namespace: ns, Name: w.Name, Value: svc, Origin: w.Origin})
	}
	for _, c := range w.Claims {
		pvc := &corev1.PersistentVolumeClaim{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "PersistentVolumeClaim"},
			ObjectMeta: meta(w, opts, c.Name),
			Spec: corev1.PersistentVolumeClaimSpec{
				AccessModes: c.AccessModes,
				Resources: corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{
					corev1.ResourceStorage: resource.MustParse(c.Size),
				}},
			},
		}
		maps.Copy(pvc.Labels, c.Labels)
		objs = append(objs, emit.Object{APIVersion: "v1", Kind: "PersistentVolumeClaim", Namespace: ns, Name: c.Name, Value: pvc, Origin: c.Origin})
	}
	return objs
}
