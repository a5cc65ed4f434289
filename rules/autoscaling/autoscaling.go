package autoscaling

import (
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Rule is the autoscaling rule.
var Rule = &rules.Rule{
	Name:  "autoscaling",
	Doc:   rules.MustDoc(doc, "autoscaling"),
	Start: start,
}

func start(p *rules.Pass) rules.Stepper {
	return rules.PerWorkload(func(w *ir.Workload) {
		decide(p, w)
		budget(p, w)
	})
}

// budget settles the PodDisruptionBudget once the autoscaler is decided.
// A minAvailable percentage rounds up, so over an autoscaled workload that
// starts at one replica a 50% budget forbids every eviction; ECS never
// blocks a drain that way. An autoscaled workload's budget is therefore a
// maxUnavailable (100 minus minimumHealthyPercent, at least one pod),
// which always lets one pod go. A fixed replica count keeps minAvailable,
// which rounds as ECS's minimum healthy count does.
func budget(p *rules.Pass, w *ir.Workload) {
	r := w.Rollout
	if r == nil || r.MinAvailable == "" {
		return
	}
	what := "minimumHealthyPercent " + strings.TrimSuffix(r.MinAvailable, "%")
	if r.MinAvailableDefault {
		what = "ECS's default minimumHealthyPercent 100 (the service sets none)"
	}
	if w.Scaling == nil {
		if r.MinAvailable == "100%" && w.Replicas != nil && *w.Replicas >= 2 {
			// A budget of all the pods forbids every eviction, so a node
			// drain hangs; ECS never blocks one. One pod at a time is
			// what ECS does when it drains a task after starting its
			// replacement, and with two or more pods the others serve.
			r.BudgetMaxUnavailable = "1"
			r.MinAvailable = ""
			p.Reportf(r.BudgetOrigin, diag.Warning, "budget", "%s would be a PodDisruptionBudget of 100%%, which forbids every eviction and hangs node drains; %q runs %d pods, so its budget allows one at a time to be evicted (maxUnavailable: 1), as ECS drains one task after starting its replacement", what, w.Name, *w.Replicas)
			return
		}
		if r.MinAvailable == "100%" {
			p.Diags.Add(r.BudgetOrigin, diag.Warning, "ecs/pdb-blocks-drain", "%s becomes a PodDisruptionBudget of 100%%: no voluntary eviction of a healthy pod is allowed, so node drains and upgrades block (ECS starts a replacement before draining a task; Kubernetes evicts first); lower it if node upgrades must not block", what)
		}
		return
	}
	if r.MinAvailable == "100%" {
		r.BudgetMaxUnavailable = "1"
		p.Reportf(r.BudgetOrigin, diag.Warning, "budget", "%q is autoscaled: %s would forbid every eviction, so its PodDisruptionBudget allows one pod at a time to be evicted (maxUnavailable: 1), as ECS drains one task after starting its replacement", w.Name, what)
	} else {
		pct, _ := strconv.Atoi(strings.TrimSuffix(r.MinAvailable, "%"))
		r.BudgetMaxUnavailable = strconv.Itoa(100-pct) + "%"
		p.Reportf(r.BudgetOrigin, diag.Info, "budget", "%q is autoscaled with a minimum of %d: its PodDisruptionBudget says maxUnavailable %s rather than minAvailable %s, which rounds up and would forbid every eviction at a small replica count", w.Name, w.Scaling.Min, r.BudgetMaxUnavailable, r.MinAvailable)
	}
	r.MinAvailable = ""
}

// decide picks the autoscaler and hands it the replica count.
func decide(p *rules.Pass, w *ir.Workload) {
	s := w.Scaling
	if s == nil {
		return
	}
	if w.Kind != ir.Deployment {
		p.Reportf(s.Origin, diag.Warning, "not-a-deployment", "%s %q cannot be autoscaled; its scaling policies are not translated", w.Kind, w.Name)
		w.Scaling = nil
		return
	}
	s.Engine = ir.HPA
	for _, t := range s.Targets {
		if t.Metric != ir.CPUUtilization && t.Metric != ir.MemoryUtilization {
			s.Engine = ir.KEDA
		}
	}
	if len(s.Steps) > 0 || len(s.Schedules) > 0 {
		s.Engine = ir.KEDA
	}
	if len(s.Targets) == 0 && len(s.Steps) == 0 && len(s.Schedules) == 0 {
		p.Reportf(s.Origin, diag.Warning, "no-policy", "service %q has a scalable target (min %d, max %d) but no scaling policy; the replica count stays at the service's desired count", w.Name, s.Min, s.Max)
		w.Scaling = nil
		return
	}
	if len(s.Targets) == 0 && len(s.Schedules) == 0 && !slices.ContainsFunc(s.Steps, func(st ir.StepScaling) bool { return !st.ScaleIn }) {
		p.Reportf(s.Origin, diag.Warning, "scale-in-only", "service %q has only scale-in step policies: nothing says when to add tasks, so no autoscaler is emitted and the replica count stays at the service's desired count", w.Name)
		w.Scaling = nil
		return
	}
	if s.Engine == ir.KEDA {
		if s.Region == "" && needsRegion(s) {
			region := p.Config.Region
			if region == "" {
				p.Reportf(s.Origin, diag.Error, "region-unknown", "KEDA's AWS scalers for %q need a region, and no input names one; set region in the configuration", w.Name)
			}
			s.Region = region
		}
		if perms := awsPermissions(s); len(perms) == 0 {
			p.Reportf(s.Origin, diag.Info, "keda", "%q scales with a KEDA ScaledObject (install KEDA)", w.Name)
		} else if w.Identity == nil {
			d := p.Reportf(s.Origin, diag.Warning, "keda-no-identity", "%q scales with a KEDA ScaledObject whose AWS triggers authenticate with the workload's own identity, but the task definition has no taskRoleArn, so KEDA cannot call %s", w.Name, strings.Join(perms, " or "))
			d.Fix = "give the task a role allowing " + strings.Join(perms, " and ") + ", or change the TriggerAuthentication to identityOwner: keda and grant them to KEDA's role"
		} else {
			p.Reportf(s.Origin, diag.Info, "keda", "%q scales with a KEDA ScaledObject (install KEDA); its AWS triggers authenticate with the workload's own identity, whose role needs %s (Application Auto Scaling used its own service-linked role, so the task role rarely has these permissions)", w.Name, strings.Join(perms, " and "))
		}
	}
	if w.Replicas != nil {
		s.InitialReplicas = w.Replicas
		p.Reportf(s.Origin, diag.Info, "replicas-owned", "%q: the autoscaler owns the replica count, so the Deployment leaves replicas out (the service's desired count was %d)", w.Name, *w.Replicas)
		w.Replicas = nil
	}
	checkRequests(p, w)
}

// awsPermissions lists the IAM actions the KEDA triggers of a scaling
// need.
func awsPermissions(s *ir.Scaling) []string {
	var cw, sqs bool
	for _, t := range s.Targets {
		if t.Metric == ir.ALBRequests || t.Metric == ir.CloudWatchValue {
			cw = true
		}
	}
	for _, st := range s.Steps {
		if st.ScaleIn {
			continue
		}
		if st.QueueURL != "" {
			sqs = true
		} else {
			cw = true
		}
	}
	var out []string
	if cw {
		out = append(out, "cloudwatch:GetMetricData")
	}
	if sqs {
		out = append(out, "sqs:GetQueueAttributes")
	}
	return out
}

func needsRegion(s *ir.Scaling) bool {
	for _, t := range s.Targets {
		if t.Metric == ir.ALBRequests || t.Metric == ir.CloudWatchValue {
			return true
		}
	}
	return len(s.Steps) > 0
}

// checkRequests warns when utilization would be measured against a
// different denominator than on ECS, or cannot be measured at all.
//
// ECS measures service CPU and memory utilization against the task size
// (task-level cpu/memory), or the containers' reservations when the task
// has no size. Task sizes become pod-level requests (spec.resources), and
// since Kubernetes 1.34 the HPA measures Resource metrics against the
// pod-level request when there is one (kubernetes/kubernetes#132430, part
// of the PodLevelResources beta): the same denominator as ECS, whatever the
// containers ask for. Without a pod-level request the HPA sums the
// containers' requests and cannot compute utilization if one container has
// none.
func checkRequests(p *rules.Pass, w *ir.Workload) {
	spec := &w.Template.Spec
	for _, t := range w.Scaling.Targets {
		var name corev1.ResourceName
		switch t.Metric {
		case ir.CPUUtilization:
			name = corev1.ResourceCPU
		case ir.MemoryUtilization:
			name = corev1.ResourceMemory
		default:
			continue
		}
		if spec.Resources != nil {
			if task, ok := spec.Resources.Requests[name]; ok {
				p.Reportf(t.Origin, diag.Info, "pod-level-utilization", "the HPA measures %s utilization against the pod-level request (%s, the task size), as ECS did; this needs Kubernetes 1.34 or later, as pod-level resources do", name, task.String())
				continue
			}
		}
		var missing []string
		for _, c := range running(spec) {
			if _, ok := c.Resources.Requests[name]; !ok {
				missing = append(missing, c.Name)
			}
		}
		if len(missing) > 0 {
			d := p.Reportf(t.Origin, diag.Warning, "missing-requests", "%s utilization needs a %s request on every container (or a task-level %s), but %s has none; the HPA cannot compute utilization until it does", name, name, name, strings.Join(missing, ", "))
			d.Fix = "set cpu and memory (or memoryReservation) on every container definition, or the task-level cpu and memory"
		}
	}
}

// running lists the containers whose requests HPA counts: main containers
// and native sidecars.
func running(spec *corev1.PodSpec) []corev1.Container {
	out := append([]corev1.Container(nil), spec.Containers...)
	for _, c := range spec.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			out = append(out, c)
		}
	}
	return out
}
