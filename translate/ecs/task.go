package ecs

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
)

var (
	vcpuRE = regexp.MustCompile(`(?i)^\s*([0-9]*\.?[0-9]+)\s*vcpus?\s*$`)
	gbRE   = regexp.MustCompile(`(?i)^\s*([0-9]*\.?[0-9]+)\s*gb\s*$`)
	mbRE   = regexp.MustCompile(`(?i)^\s*([0-9]+)\s*(mb|mib)?\s*$`)
)

// parseTaskCPU reads task-level cpu: CPU units ("1024") or vCPUs ("1 vCPU").
func parseTaskCPU(s string) (int64, bool) {
	if m := vcpuRE.FindStringSubmatch(s); m != nil {
		f, err := strconv.ParseFloat(m[1], 64)
		return int64(math.Round(f * 1024)), err == nil && f > 0
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n, err == nil && n > 0
}

// parseTaskMemory reads task-level memory: MiB ("2048") or GB ("2GB"),
// where ECS counts 1 GB as 1024 MiB.
func parseTaskMemory(s string) (int64, bool) {
	if m := gbRE.FindStringSubmatch(s); m != nil {
		f, err := strconv.ParseFloat(m[1], 64)
		return int64(math.Round(f * 1024)), err == nil && f > 0
	}
	if m := mbRE.FindStringSubmatch(s); m != nil {
		n, err := strconv.ParseInt(m[1], 10, 64)
		return n, err == nil && n > 0
	}
	return 0, false
}

// task translates the task-level settings and puts the pod-level values the
// containers gathered into the pod spec.
func (t *tx) task() {
	td := t.td
	podReq, podLim := corev1.ResourceList{}, corev1.ResourceList{}
	if td.Cpu != nil && td.Cpu.Value != "" {
		units, ok := parseTaskCPU(td.Cpu.Value)
		if !ok {
			t.diags.Errorf(t.pos("cpu"), "ecs/invalid-value", "task cpu %q is neither CPU units (1024) nor vCPUs (1 vCPU)", td.Cpu.Value)
		} else {
			q := cpuQuantity(units)
			podReq[corev1.ResourceCPU], podLim[corev1.ResourceCPU] = q, q
			var sum int64
			for _, cd := range td.ContainerDefinitions {
				sum += deref(cd.Cpu)
			}
			if sum > units {
				t.diags.Errorf(t.pos("cpu"), "ecs/task-cpu-exceeded", "containers reserve %d CPU units in all, more than the task's %d", sum, units)
			}
		}
	}
	if td.Memory != nil && td.Memory.Value != "" {
		mib, ok := parseTaskMemory(td.Memory.Value)
		if !ok {
			t.diags.Errorf(t.pos("memory"), "ecs/invalid-value", "task memory %q is neither MiB (2048) nor GB (2GB)", td.Memory.Value)
		} else {
			q := mebibytes(mib)
			podReq[corev1.ResourceMemory], podLim[corev1.ResourceMemory] = q, q
			var sum int64
			for i, cd := range td.ContainerDefinitions {
				r := max(deref(cd.MemoryReservation), 0)
				if r == 0 {
					r = max(deref(cd.Memory), 0)
				}
				sum += r
				if deref(cd.Memory) > mib {
					t.diags.Errorf(t.pos(cpath(i, "memory")), "ecs/task-memory-exceeded", "container memory %d MiB is above the task's %d MiB", deref(cd.Memory), mib)
				}
			}
			if sum > mib {
				t.diags.Errorf(t.pos("memory"), "ecs/task-memory-exceeded", "containers reserve %d MiB in all, more than the task's %d MiB", sum, mib)
			}
		}
	}
	if len(podReq) > 0 {
		if t.windows {
			t.diags.Warnf(t.pos("cpu"), "ecs/task-size-windows", "task-level cpu and memory have no Windows equivalent (pod-level resources are Linux-only); set container resources instead")
		} else {
			t.spec.Resources = &corev1.ResourceRequirements{Requests: podReq, Limits: podLim}
			t.diags.Infof(t.pos("cpu"), "ecs/task-size", "task-level cpu and memory become pod-level resources (PodLevelResources, on by default since Kubernetes 1.34): containers share the task's budget as on ECS")
		}
	}
	if es := td.EphemeralStorage; es != nil && deref(es.SizeInGiB) > 0 {
		q := resource.MustParse(strconv.FormatInt(deref(es.SizeInGiB), 10) + "Gi")
		if len(t.spec.Containers) > 0 {
			c := &t.spec.Containers[0]
			if c.Resources.Requests == nil {
				c.Resources.Requests = corev1.ResourceList{}
			}
			c.Resources.Requests[corev1.ResourceEphemeralStorage] = q
			t.diags.Warnf(t.pos("ephemeralStorage"), "ecs/ephemeral-storage", "ephemeral storage of %s GiB is requested by container %q; on EKS Fargate pods get 20 GiB unless they request more (up to 175 GiB)", strconv.FormatInt(deref(es.SizeInGiB), 10), c.Name)
		}
	}
	if deref(td.EnableFaultInjection) {
		t.dropped("enableFaultInjection", "enableFaultInjection")
	}
	t.spec.SecurityContext = nil
	if len(t.sysctls) > 0 {
		t.spec.SecurityContext = &corev1.PodSecurityContext{Sysctls: t.sysctls}
	}
	t.spec.HostAliases = t.hostAliases
	if len(t.annotations) > 0 {
		t.w.Template.Annotations = t.annotations
	}
}

// tags become labels on the workload where they are valid labels, and
// annotations otherwise. aws: tags belong to AWS and are skipped.
func (t *tx) tags() {
	for i, tag := range t.td.Tags {
		p := fmt.Sprintf("tags[%d]", i)
		k, v := deref(tag.Key), deref(tag.Value)
		switch {
		case k == "":
			t.diags.Errorf(t.pos(p), "ecs/missing-field", "tag has no key")
		case strings.HasPrefix(k, "aws:"):
			t.diags.Infof(t.pos(p+".key"), "ecs/aws-tag", "tag %q is managed by AWS; skipped", k)
		case len(validation.IsQualifiedName(k)) == 0 && len(validation.IsValidLabelValue(v)) == 0:
			if t.w.Labels == nil {
				t.w.Labels = map[string]string{}
			}
			t.w.Labels[k] = v
		case len(validation.IsQualifiedName(k)) == 0:
			if t.w.Annotations == nil {
				t.w.Annotations = map[string]string{}
			}
			t.w.Annotations[k] = v
			t.diags.Infof(t.pos(p+".value"), "ecs/tag-annotation", "tag %q has a value that is not a valid label value; it becomes an annotation", k)
		default:
			t.diags.Warnf(t.pos(p+".key"), "ecs/tag-invalid", "tag key %q is neither a valid label nor annotation key; dropped", k)
		}
	}
}
