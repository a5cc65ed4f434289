package lower

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/internal/kname"
	"github.com/eksport/eksport/translate/ir"
)

// services returns the workload's own Service (when it has ports) and one
// Service per discovery alias.
func services(w *ir.Workload, opts Options) []emit.Object {
	var objs []emit.Object
	ns := namespace(w, opts)
	mk := func(name string, ports []ir.Port) *corev1.Service {
		svc := &corev1.Service{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
			ObjectMeta: meta(w, opts, name),
			Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeClusterIP, Selector: selector(w)},
		}
		for _, p := range ports {
			sp := corev1.ServicePort{Name: p.Name, Port: p.Port, TargetPort: intstr.FromInt32(p.TargetPort), Protocol: p.Protocol}
			if p.AppProtocol != "" {
				sp.AppProtocol = ptr(p.AppProtocol)
			}
			svc.Spec.Ports = append(svc.Spec.Ports, sp)
		}
		return svc
	}
	if len(w.Ports) > 0 {
		svc := mk(w.Name, w.Ports)
		if e := w.Exposure; e != nil {
			switch {
			case e.Mode == ir.NLBService && len(e.TargetGroups) > 0:
				// The NLB carries only the ports that were behind the
				// target groups. When the workload has others (metrics,
				// admin), they stay on the ClusterIP Service and the NLB
				// gets a Service of its own.
				lbPorts := NLBPorts(w)
				lb := svc
				if len(lbPorts) != len(w.Ports) {
					name := NLBServiceName(w)
					lb = mk(name, lbPorts)
					objs = append(objs, emit.Object{APIVersion: "v1", Kind: "Service", Namespace: ns, Name: name, Value: lb, Origin: e.Origin})
				}
				lb.Spec.Type = corev1.ServiceTypeLoadBalancer
				lb.Annotations = maps.Clone(e.Annotations)
				lb.Spec.LoadBalancerClass = ptr("service.k8s.aws/nlb")
			case e.Mode == ir.TargetGroupBinding && slices.ContainsFunc(e.TargetGroups, func(tg ir.TargetGroup) bool { return tg.TargetType == "instance" }):
				svc.Spec.Type = corev1.ServiceTypeNodePort
			case e.Mode == ir.IngressALB && slices.ContainsFunc(e.TargetGroups, func(tg ir.TargetGroup) bool { return tg.TargetType == "instance" }):
				svc.Spec.Type = corev1.ServiceTypeNodePort
			case e.Headless:
				svc.Spec.ClusterIP = corev1.ClusterIPNone
			}
		}
		objs = append(objs, emit.Object{APIVersion: "v1", Kind: "Service", Namespace: ns, Name: w.Name, Value: svc, Origin: w.Origin})
	}
	if e := w.Exposure; e != nil {
		for _, a := range e.Aliases {
			objs = append(objs, emit.Object{APIVersion: "v1", Kind: "Service", Namespace: ns, Name: a.Name, Value: mk(a.Name, a.Ports), Origin: a.Origin})
		}
	}
	return objs
}

// NLBPorts are the workload's Service ports that serve its target groups,
// which an NLB Service carries.
func NLBPorts(w *ir.Workload) []ir.Port {
	var out []ir.Port
	for _, p := range w.Ports {
		if w.Exposure != nil && slices.ContainsFunc(w.Exposure.TargetGroups, func(tg ir.TargetGroup) bool { return tg.Port == p.Port }) {
			out = append(out, p)
		}
	}
	return out
}

// NLBServiceName names the LoadBalancer Service of a workload whose NLB
// carries only some of its ports.
func NLBServiceName(w *ir.Workload) string {
	return kname.Join(w.Name, "nlb")
}

// exposure returns the objects that connect a load balancer to the
// workload's Service: TargetGroupBindings to existing target groups, or an
// ALB Ingress. (NLB mode changes the Service itself.)
func exposure(w *ir.Workload, opts Options) []emit.Object {
	e := w.Exposure
	if e == nil || len(e.TargetGroups) == 0 || len(w.Ports) == 0 {
		return nil
	}
	ns := namespace(w, opts)
	var objs []emit.Object
	switch e.Mode {
	case ir.TargetGroupBinding, "":
		for _, tg := range e.TargetGroups {
			name := tgbName(w, tg, len(e.TargetGroups))
			spec := map[string]any{
				"serviceRef":     map[string]any{"name": w.Name, "port": int64(tg.Port)},
				"targetGroupARN": tg.ARN,
			}
			if tg.TargetType != "" {
				spec["targetType"] = tg.TargetType
			}
			m := meta(w, opts, name)
			obj := map[string]any{
				"apiVersion": "elbv2.k8s.aws/v1beta1",
				"kind":       "TargetGroupBinding",
				"metadata":   metaMap(m),
				"spec":       spec,
			}
			objs = append(objs, emit.Object{APIVersion: "elbv2.k8s.aws/v1beta1", Kind: "TargetGroupBinding", Namespace: ns, Name: name, Value: obj, Origin: tg.Origin})
		}
	case ir.IngressALB:
		ing := &networkingv1.Ingress{
			TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "Ingress"},
			ObjectMeta: meta(w, opts, w.Name),
			Spec:       networkingv1.IngressSpec{IngressClassName: ptr("alb")},
		}
		ing.Annotations = maps.Clone(e.Annotations)
		for _, tg := range e.TargetGroups {
			backend := networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: w.Name, Port: networkingv1.ServiceBackendPort{Number: tg.Port}}}
			paths := tg.Paths
			if len(paths) == 0 {
				paths = []string{"/*"} // everything, as a listener default action
			}
			var hps []networkingv1.HTTPIngressPath
			for _, p := range paths {
				path, pt := ingressPath(p)
				hps = append(hps, networkingv1.HTTPIngressPath{Path: path, PathType: &pt, Backend: backend})
			}
			hosts := tg.Hosts
			if len(hosts) == 0 {
				hosts = []string{""}
			}
			for _, h := range hosts {
				ing.Spec.Rules = append(ing.Spec.Rules, networkingv1.IngressRule{Host: h, IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: hps}}})
			}
		}
		objs = append(objs, emit.Object{APIVersion: "networking.k8s.io/v1", Kind: "Ingress", Namespace: ns, Name: w.Name, Value: ing, Origin: e.Origin})
	}
	return objs
}

// ingressPath turns an ALB path pattern into an Ingress path. A pattern
// without wildcards matches that path only (Exact); "/x/*" matches what is
// under /x/ (Prefix; Kubernetes also matches /x itself); "/*" matches
// everything. Other wildcards go to the controller as they are
// (ImplementationSpecific, which the AWS Load Balancer Controller passes to
// the ALB as a path pattern).
func ingressPath(p string) (string, networkingv1.PathType) {
	switch {
	case !strings.ContainsAny(p, "*?"):
		return p, networkingv1.PathTypeExact
	case p == "*" || p == "/*":
		return "/", networkingv1.PathTypePrefix
	case strings.HasSuffix(p, "/*") && !strings.ContainsAny(strings.TrimSuffix(p, "/*"), "*?"):
		return strings.TrimSuffix(p, "*"), networkingv1.PathTypePrefix
	}
	return p, networkingv1.PathTypeImplementationSpecific
}

func tgbName(w *ir.Workload, tg ir.TargetGroup, n int) string {
	if n == 1 {
		return w.Name
	}
	if tg.Name != "" {
		return kname.Join(w.Name, tg.Name)
	}
	return kname.Join(w.Name, strconv.Itoa(int(tg.Port)))
}

// metaMap renders object metadata for custom resources, which are built
// as maps.
func metaMap(m metav1.ObjectMeta) map[string]any {
	out := map[string]any{"name": m.Name}
	if m.Namespace != "" {
		out["namespace"] = m.Namespace
	}
	if len(m.Labels) > 0 {
		l := map[string]any{}
		for k, v := range m.Labels {
			l[k] = v
		}
		out["labels"] = l
	}
	return out
}
