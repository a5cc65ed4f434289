package kubeversion

import (
	"fmt"
	"maps"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// PodLevelResources is the first minor version whose API server keeps
// spec.resources (PodLevelResources on by default).
const PodLevelResources = 34

// Rule is the Kubernetes version rule.
var Rule = &rules.Rule{
	Name:  "kubeversion",
	Doc:   rules.MustDoc(doc, "kubeversion"),
	Start: start,
}

func start(p *rules.Pass) rules.Stepper {
	minor := p.Config.Cluster.Minor()
	return rules.PerWorkload(func(w *ir.Workload) {
		if minor >= PodLevelResources || w.Template == nil || w.Template.Spec.Resources == nil {
			return
		}
		spec := &w.Template.Spec
		pod := spec.Resources
		spec.Resources = nil
		var moved []string
		for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
			if task, ok := pod.Requests[name]; ok {
				if distribute(spec, name, task) {
					moved = append(moved, fmt.Sprintf("%s %s", name, task.String()))
				}
			}
		}
		d := p.Reportf(w.Origin, diag.Warning, "pod-level-resources", "%q: Kubernetes 1.%d drops pod-level resources (they need 1.34), so the task size (%s) goes onto the containers: each keeps its own request, those without one share what is left, and each without a limit is limited to the whole task; the containers together are no longer capped as the task was", w.Name, minor, joinOr(moved, "nothing to move"))
		d.Fix = "set cluster.version to 1.34 or later once the cluster runs it, or set cpu and memory on every container definition"
	})
}

// distribute puts one task-level resource onto the running containers,
// as the package documentation says. Resource lists are replaced, never
// changed in place: workloads share equal lists.
func distribute(spec *corev1.PodSpec, name corev1.ResourceName, task resource.Quantity) bool {
	var running []*corev1.Container
	for i := range spec.Containers {
		running = append(running, &spec.Containers[i])
	}
	for i := range spec.InitContainers {
		c := &spec.InitContainers[i]
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			running = append(running, c)
		}
	}
	if len(running) == 0 {
		return false
	}
	var taken int64
	var without []*corev1.Container
	for _, c := range running {
		if q, ok := c.Resources.Requests[name]; ok {
			taken += amount(name, q)
		} else {
			without = append(without, c)
		}
	}
	var share *resource.Quantity
	if left := amount(name, task) - taken; left > 0 && len(without) > 0 {
		share = quantity(name, left/int64(len(without)))
	}
	for _, c := range without {
		if share != nil && !share.IsZero() {
			c.Resources.Requests = with(c.Resources.Requests, name, *share)
		}
	}
	for _, c := range running {
		if _, ok := c.Resources.Limits[name]; !ok {
			c.Resources.Limits = with(c.Resources.Limits, name, task)
		}
	}
	return true
}

// amount is a quantity in the unit it is split in: millicores for cpu,
// MiB for memory.
func amount(name corev1.ResourceName, q resource.Quantity) int64 {
	if name == corev1.ResourceCPU {
		return q.MilliValue()
	}
	return q.Value() / (1 << 20)
}

func quantity(name corev1.ResourceName, n int64) *resource.Quantity {
	if name == corev1.ResourceCPU {
		return resource.NewMilliQuantity(n, resource.DecimalSI)
	}
	return resource.NewQuantity(n<<20, resource.BinarySI)
}

func with(l corev1.ResourceList, name corev1.ResourceName, q resource.Quantity) corev1.ResourceList {
	out := maps.Clone(l)
	if out == nil {
		out = corev1.ResourceList{}
	}
	out[name] = q
	return out
}

func joinOr(l []string, none string) string {
	if len(l) == 0 {
		return none
	}
	out := l[0]
	for _, s := range l[1:] {
		out += ", " + s
	}
	return out
}
