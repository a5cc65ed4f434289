package ecs

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/eksport/eksport/internal/kname"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// service translates one ECS service on a copy of its task definition's
// workload: name, kind, replicas, rollout, placement, tags, exposure and
// discovery names.
func (l *linker) service(it *Item[Service]) *ir.Workload {
	svc := it.V
	name := deref(svc.ServiceName)
	if name == "" {
		l.diags.Errorf(it.P(""), "ecs/missing-field", "service definition has no serviceName, which names the workload (tools such as ecspresso keep it in their own configuration); add serviceName and taskDefinition to the file")
		return nil
	}
	if marker := nameTemplate(name); marker != "" {
		d := l.diags.Errorf(it.P("serviceName"), "ecs/template", "service name %q holds %s template syntax: it is a template, not a name", name, marker)
		d.Notes = []string{"render the template (the pipeline that fills it in) and convert its output"}
		return nil
	}
	ref := serviceTaskDef(svc)
	if ref == "" {
		l.diags.Errorf(it.P(""), "ecs/missing-field", "service %q names no taskDefinition", name)
		return nil
	}
	def, why := l.resolve(ref)
	if def == nil {
		l.diags.Errorf(it.P("taskDefinition"), "ecs/unresolved-task-definition", "service %q: %s", name, why)
		return nil
	}
	def.used = true
	w, err := def.take()
	if err != nil {
		l.diags.Errorf(it.P(""), "ecs/internal", "service %q: %v", name, err)
		return nil
	}
	w.Source = name
	w.Origin = it.P("")
	w.Sources = append(w.Sources, ir.Source{File: it.Dec.Doc.File, Doc: it.Dec.Doc.Index, Path: it.Base})
	w.Name = kname.Label(name)
	if w.Name == "" {
		l.diags.Errorf(it.P("serviceName"), "ecs/invalid-name", "service name %q has no letters or digits", name)
		return nil
	}
	if w.Name != name {
		l.diags.Infof(it.P("serviceName"), "ecs/name-sanitized", "service %q becomes the Kubernetes name %q", name, w.Name)
	}
	t := &svcTx{l: l, it: it, svc: svc, w: w, def: def}
	t.kind()
	t.rollout()
	t.grace()
	t.placement()
	t.capacity()
	t.yieldArch()
	t.network()
	t.tags()
	t.loadBalancers()
	t.discovery()
	t.volumes()
	return w
}

// serviceTaskDef is the task definition a service names: its own, or its
// PRIMARY deployment's (describe-services output).
func serviceTaskDef(svc *Service) string {
	ref := deref(svc.TaskDefinition)
	if ref == "" {
		if p := primary(svc); p != nil {
			ref = deref(p.TaskDefinition)
		}
	}
	return ref
}

// primary returns the PRIMARY deployment of a describe-services entry,
// which alone carries Service Connect and volume configuration there.
func primary(svc *Service) *Deployment {
	for i := range svc.Deployments {
		if deref(svc.Deployments[i].Status) == "PRIMARY" {
			return &svc.Deployments[i]
		}
	}
	return nil
}

type svcTx struct {
	l   *linker
	it  *Item[Service]
	svc *Service
	w   *ir.Workload
	def *taskDef
	// nodesChosen: a placement constraint on the architecture or the
	// instance type, or an EC2 capacity provider, says which nodes.
	nodesChosen bool
	archMapped  bool // the capacity provider mapping selects kubernetes.io/arch
	// at, when set, positions the service's members elsewhere: a
	// scheduled task's target reads its placement as a service does.
	at func(rel string) diag.Pos
}

// yieldArch drops the amd64 selector the task definition got by default
// when the service chose its nodes (instance types, an EC2 capacity
// provider): ECS ran the task on whatever those instances were, which may be
// Graviton. Fargate capacity keeps it: ECS Fargate runs X86_64 unless the
// task definition asks for ARM64.
func (t *svcTx) yieldArch() {
	spec := &t.w.Template.Spec
	if !t.def.archDefault || !t.nodesChosen || spec.NodeSelector["kubernetes.io/arch"] != "amd64" {
		return
	}
	if t.archMapped {
		return // the capacity provider mapping chose the architecture itself
	}
	delete(spec.NodeSelector, "kubernetes.io/arch")
	if len(spec.NodeSelector) == 0 {
		spec.NodeSelector = nil
	}
}

func (t *svcTx) pos(rel string) diag.Pos {
	if t.at != nil {
		return t.at(rel)
	}
	return t.it.P(rel)
}

func (t *svcTx) kind() {
	switch s := deref(t.svc.SchedulingStrategy); s {
	case "DAEMON":
		t.w.Kind = ir.DaemonSet
		t.w.Replicas = nil
		if t.svc.DesiredCount != nil {
			t.l.diags.Infof(t.pos("desiredCount"), "ecs/daemon-count", "a daemon service runs one task per instance; desiredCount is ignored")
		}
	case "", "REPLICA":
		t.w.Kind = ir.Deployment
		if dc := t.svc.DesiredCount; dc != nil {
			if *dc < 0 {
				t.l.diags.Errorf(t.pos("desiredCount"), "ecs/invalid-value", "desiredCount must not be negative")
			}
			n := int32(*dc)
			t.w.Replicas = &n
		}
	default:
		t.l.diags.Errorf(t.pos("schedulingStrategy"), "ecs/invalid-value", "unknown schedulingStrategy %q (expected REPLICA or DAEMON)", s)
	}
}

// rollout maps ECS's deployment percentages onto a rolling update and a
// PodDisruptionBudget. ECS's defaults (200/100 for replica services, 100/0
// for daemons) differ from Kubernetes' (25%/25%), so they are written out.
func (t *svcTx) rollout() {
	maxPct, minPct := int64(200), int64(100)
	if t.w.Kind == ir.DaemonSet {
		maxPct, minPct = 100, 0
	}
	dc := t.svc.DeploymentConfiguration
	if dc != nil {
		if dc.MaximumPercent != nil {
			maxPct = *dc.MaximumPercent
		}
		if dc.MinimumHealthyPercent != nil {
			minPct = *dc.MinimumHealthyPercent
		}
	}
	if maxPct < 100 || minPct < 0 || minPct > 100 {
		t.l.diags.Errorf(t.pos("deploymentConfiguration"), "ecs/invalid-value", "maximumPercent must be at least 100 and minimumHealthyPercent between 0 and 100")
		return
	}
	r := &ir.Rollout{
		MaxSurge:       strconv.FormatInt(min(maxPct-100, 100), 10) + "%",
		MaxUnavailable: strconv.FormatInt(100-minPct, 10) + "%",
		Origin:         t.pos("deploymentConfiguration"),
	}
	if t.w.Kind == ir.DaemonSet && maxPct > 100 {
		// DaemonSets may surge only when nothing is unavailable.
		r.MaxSurge = "0%"
	}
	if maxPct-100 > 100 {
		t.l.diags.Infof(t.pos("deploymentConfiguration.maximumPercent"), "ecs/max-surge-capped", "maximumPercent %d allows more than doubling during a deployment; maxSurge is capped at 100%%", maxPct)
	}
	if maxPct == 100 && minPct == 100 {
		t.l.diags.Warnf(t.pos("deploymentConfiguration"), "ecs/rollout-stuck", "maximumPercent 100 with minimumHealthyPercent 100 leaves no room to replace a task; maxUnavailable is set to 1")
		r.MaxUnavailable = "1"
	}
	if minPct > 0 {
		// Whether a budget of 100% blocks drains depends on whether the
		// service is autoscaled: the autoscaling rule decides and reports.
		r.MinAvailable = strconv.FormatInt(minPct, 10) + "%"
		r.MinAvailableDefault = dc == nil || dc.MinimumHealthyPercent == nil
		r.BudgetOrigin = t.pos("deploymentConfiguration.minimumHealthyPercent")
	}
	t.w.Rollout = r
	// The deployment controller is a service field of its own: check it
	// whether or not deploymentConfiguration is given.
	if dctl := t.svc.DeploymentController; dctl != nil {
		switch typ := deref(dctl.Type); typ {
		case "", "ECS":
		case "CODE_DEPLOY", "EXTERNAL":
			t.l.diags.Warnf(t.pos("deploymentController.type"), "ecs/deployment-controller", "the %s deployment controller (blue/green) has no native equivalent; the Deployment rolls out gradually; for blue/green use Argo Rollouts with two target groups", typ)
		default:
			t.l.diags.Errorf(t.pos("deploymentController.type"), "ecs/invalid-value", "unknown deployment controller %q", typ)
		}
	}
	if dc == nil {
		return
	}
	if cb := dc.DeploymentCircuitBreaker; cb != nil && deref(cb.Enable) {
		r.ProgressDeadlineSeconds = ptr(int32(600))
		msg := "the deployment circuit breaker becomes progressDeadlineSeconds: a stuck rollout is marked failed"
		if deref(cb.Rollback) {
			msg += ", but Kubernetes does not roll back by itself: run kubectl rollout undo from CI, or use Argo Rollouts"
		}
		t.l.diags.Warnf(t.pos("deploymentConfiguration.deploymentCircuitBreaker"), "ecs/circuit-breaker", "%s", msg)
	}
	switch s := deref(dc.Strategy); s {
	case "", "ROLLING":
	case "BLUE_GREEN", "LINEAR", "CANARY":
		t.l.diags.Warnf(t.pos("deploymentConfiguration.strategy"), "ecs/deployment-strategy", "%s deployments need a progressive delivery controller such as Argo Rollouts; the Deployment rolls out gradually instead", s)
	default:
		t.l.diags.Errorf(t.pos("deploymentConfiguration.strategy"), "ecs/invalid-value", "unknown deployment strategy %q", s)
	}
}

// grace gives the main containers a startup probe at least as long as the
// service's health check grace period, so that liveness and readiness are
// not judged while the application starts, as on ECS.
func (t *svcTx) grace() {
	g := deref(t.svc.HealthCheckGracePeriodSeconds)
	if g <= 0 {
		return
	}
	spec := &t.w.Template.Spec
	changed := false
	for i := range spec.Containers {
		c := &spec.Containers[i]
		base := c.StartupProbe
		if base == nil {
			base = c.LivenessProbe
		}
		if base == nil {
			continue
		}
		sp := *base
		period := max(sp.PeriodSeconds, 1)
		need := int32((g + int64(period) - 1) / int64(period))
		if c.StartupProbe == nil || c.StartupProbe.FailureThreshold < need {
			sp.FailureThreshold = need
			c.StartupProbe = &sp
			changed = true
		}
	}
	if changed {
		t.l.diags.Infof(t.pos("healthCheckGracePeriodSeconds"), "ecs/grace-period", "health check grace period of %d s becomes the containers' startup probe budget", g)
	} else {
		t.l.diags.Infof(t.pos("healthCheckGracePeriodSeconds"), "ecs/grace-period", "health check grace period of %d s: no container has a health check to delay; the load balancer's own health check applies", g)
	}
}

// placement translates service placement constraints and strategies.
func (t *svcTx) placement() {
	spec := &t.w.Template.Spec
	sel := &metav1.LabelSelector{MatchLabels: map[string]string{"app.kubernetes.io/name": t.w.Name}}
	for i, pc := range t.svc.PlacementConstraints {
		p := fmt.Sprintf("placementConstraints[%d]", i)
		switch typ := deref(pc.Type); typ {
		case "distinctInstance":
			if spec.Affinity == nil {
				spec.Affinity = &corev1.Affinity{}
			}
			spec.Affinity.PodAntiAffinity = &corev1.PodAntiAffinity{RequiredDuringSchedulingIgnoredDuringExecution: []corev1.PodAffinityTerm{{
				LabelSelector: sel, TopologyKey: "kubernetes.io/hostname",
			}}}
		case "memberOf":
			expr := strings.TrimSpace(deref(pc.Expression))
			var reqs []corev1.NodeSelectorRequirement
			ok := expr != ""
			for _, term := range splitAnd(expr) {
				r, good := cqlRequirement(term)
				if !good {
					ok = false
					break
				}
				reqs = append(reqs, r)
			}
			if !ok {
				t.l.diags.Warnf(t.pos(p+".expression"), "ecs/placement-unsupported", "placement expression %q cannot be translated to node affinity; add the equivalent nodeAffinity by hand", expr)
				continue
			}
			addNodeRequirements(spec, reqs)
			if choosesArch(expr) {
				t.nodesChosen = true
			}
		default:
			t.l.diags.Errorf(t.pos(p+".type"), "ecs/invalid-value", "unknown placement constraint type %q", typ)
		}
	}
	for i, ps := range t.svc.PlacementStrategy {
		p := fmt.Sprintf("placementStrategy[%d]", i)
		field := deref(ps.Field)
		switch typ := deref(ps.Type); typ {
		case "spread":
			key := ""
			switch strings.ToLower(field) {
			case "attribute:ecs.availability-zone":
				key = "topology.kubernetes.io/zone"
			case "instanceid", "host":
				key = "kubernetes.io/hostname"
			default:
				t.l.diags.Warnf(t.pos(p+".field"), "ecs/placement-unsupported", "spread over %q has no node label equivalent; ignored", field)
				continue
			}
			spec.TopologySpreadConstraints = append(spec.TopologySpreadConstraints, corev1.TopologySpreadConstraint{
				MaxSkew: 1, TopologyKey: key, WhenUnsatisfiable: corev1.ScheduleAnyway, LabelSelector: sel,
			})
		case "binpack":
			t.l.diags.Warnf(t.pos(p), "ecs/binpack", "binpack placement is a scheduler setting in Kubernetes (MostAllocated scoring, or Karpenter consolidation), not a workload field; ignored")
		case "random":
		default:
			t.l.diags.Errorf(t.pos(p+".type"), "ecs/invalid-value", "unknown placement strategy %q", typ)
		}
	}
}

func splitAnd(expr string) []string {
	var out []string
	for _, s := range andRE.Split(expr, -1) {
		out = append(out, strings.TrimSpace(s))
	}
	return out
}

// oneProvider says what a strategy of one provider's weight and base
// become. Every pod goes to that provider's nodes: that is the whole share
// any weight above 0 gives it, and meets any base, which places tasks and
// starts none, in ECS as in Kubernetes; weight 1 and base 0 (or none) say
// nothing more. A base above the number of tasks that run (checked once
// scaling is linked, checkBases) is a floor the service never reached.
func (t *svcTx) oneProvider(c CapacityProviderStrategyItem, name string) {
	if b := deref(c.Base); b > 0 && t.w.Kind != ir.DaemonSet {
		t.l.bases = append(t.l.bases, capacityBase{w: t.w, base: b, provider: name, pos: t.pos("capacityProviderStrategy[0].base")})
	}
}

// weights reports a strategy in which no provider has a weight above 0
// (a weight left out is 0): ECS refuses it (CreateService and RunTask fail
// with InvalidParameterException, "at least one capacity provider must
// have a weight value greater than zero"), so the pods' nodes are the
// chosen provider's as if its weight were 1.
func (t *svcTx) weights(strategy []CapacityProviderStrategyItem, name string) {
	for _, c := range strategy {
		if deref(c.Weight) > 0 {
			return
		}
	}
	p := "capacityProviderStrategy"
	if len(strategy) == 1 {
		p += "[0]"
		if strategy[0].Weight != nil {
			p += ".weight"
		}
	}
	t.l.diags.Warnf(t.pos(p), "ecs/capacity-weight-zero", "no capacity provider of the strategy has a weight above 0 (a weight left out is 0): ECS refuses such a strategy, so it never ran as written; pods go to %q's nodes as if its weight were 1", name)
}

// capacityBase is a one-provider strategy's base, checked against the
// number of tasks its workload runs once scaling is linked.
type capacityBase struct {
	w        *ir.Workload
	base     int64
	provider string
	pos      diag.Pos
}

// checkBases warns of each base above the number of tasks its workload
// runs: the HPA's minimum when one scales it, else the replicas, and each
// run's task count for a scheduled task.
func (l *linker) checkBases() {
	for _, b := range l.bases {
		var n int64
		what, raise := "the service runs %d", "replicas"
		switch w := b.w; {
		case w.Kind == ir.CronJob && w.Schedule != nil:
			n, what, raise = max(int64(w.Schedule.Parallelism), 1), "each run starts %d", "the TaskCount"
		case w.Scaling != nil:
			n, what, raise = int64(w.Scaling.Min), "its autoscaler keeps at least %d", "the HPA's minReplicas (MinCapacity)"
		case w.Replicas != nil:
			n = int64(*w.Replicas)
		default:
			continue
		}
		if b.base <= n {
			continue
		}
		l.diags.Warnf(b.pos, "ecs/capacity-base", "base %d asks for at least %d tasks on capacity provider %q, but %s: a base places tasks and starts none, in ECS as in Kubernetes, where every pod goes to %q's nodes; raise %s if %d is the floor you meant", b.base, b.base, b.provider, fmt.Sprintf(what, n), b.provider, raise, b.base)
	}
}

func addNodeRequirements(spec *corev1.PodSpec, reqs []corev1.NodeSelectorRequirement) {
	if spec.Affinity == nil {
		spec.Affinity = &corev1.Affinity{}
	}
	if spec.Affinity.NodeAffinity == nil {
		spec.Affinity.NodeAffinity = &corev1.NodeAffinity{}
	}
	na := spec.Affinity.NodeAffinity
	if na.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		na.RequiredDuringSchedulingIgnoredDuringExecution = &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{}}}
	}
	terms := na.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
	// Terms are ORed; every requirement must hold, so add to each term.
	for i := range terms {
		terms[i].MatchExpressions = append(terms[i].MatchExpressions, reqs...)
	}
}

// capacity maps capacity providers to node selection from the
// configuration.
func (t *svcTx) capacity() {
	strategy := t.svc.CapacityProviderStrategy
	if len(strategy) == 0 {
		if p := primary(t.svc); p != nil {
			strategy = p.CapacityProviderStrategy
		}
	}
	if lt := deref(t.svc.LaunchType); lt == "FARGATE" && len(strategy) == 0 {
		t.l.diags.Infof(t.pos("launchType"), "ecs/fargate", "launch type FARGATE: to run on EKS Fargate, create a Fargate profile that selects this namespace and labels")
	}
	if len(strategy) == 0 {
		return
	}
	// The provider with the most weight (then base) decides; Kubernetes has
	// no ratio between node pools.
	best := 0
	for i, c := range strategy {
		if deref(c.Weight) > deref(strategy[best].Weight) || (deref(c.Weight) == deref(strategy[best].Weight) && deref(c.Base) > deref(strategy[best].Base)) {
			best = i
		}
	}
	if len(strategy) > 1 {
		t.l.diags.Warnf(t.pos("capacityProviderStrategy"), "ecs/capacity-mix", "a mix of capacity providers (base and weights) has no Kubernetes equivalent; pods go to %q's nodes", deref(strategy[best].CapacityProvider))
	}
	name := deref(strategy[best].CapacityProvider)
	t.weights(strategy, name)
	if len(strategy) == 1 {
		t.oneProvider(strategy[0], name)
	}
	p := fmt.Sprintf("capacityProviderStrategy[%d].capacityProvider", best)
	if name != "FARGATE" && name != "FARGATE_SPOT" {
		// An EC2 capacity provider's instances decide the architecture;
		// Fargate's is X86_64 unless the task definition says ARM64.
		t.nodesChosen = true
	}
	cp, ok := t.l.cfg.CapacityProviders[name]
	if !ok {
		switch name {
		case "FARGATE":
			t.l.diags.Infof(t.pos(p), "ecs/fargate", "capacity provider FARGATE: to run on EKS Fargate, create a Fargate profile that selects this namespace and labels")
		case "FARGATE_SPOT":
			t.l.diags.Warnf(t.pos(p), "ecs/fargate-spot", "EKS Fargate has no Spot capacity; map FARGATE_SPOT to spot nodes under capacityProviders in the configuration (for example karpenter.sh/capacity-type: spot)")
		default:
			t.l.diags.Warnf(t.pos(p), "ecs/capacity-provider-unmapped", "capacity provider %q has no node selection under capacityProviders in the configuration; pods may land on any node", name)
		}
		return
	}
	_, t.archMapped = cp.NodeSelector["kubernetes.io/arch"]
	spec := &t.w.Template.Spec
	for k, v := range cp.NodeSelector {
		if spec.NodeSelector == nil {
			spec.NodeSelector = map[string]string{}
		}
		spec.NodeSelector[k] = v
	}
	for _, tol := range cp.Tolerations {
		spec.Tolerations = append(spec.Tolerations, corev1.Toleration{
			Key: tol.Key, Operator: corev1.TolerationOperator(tol.Operator), Value: tol.Value, Effect: corev1.TaintEffect(tol.Effect),
		})
	}
}

func (t *svcTx) network() {
	nc := t.svc.NetworkConfiguration
	if nc == nil || nc.AwsvpcConfiguration == nil {
		return
	}
	av := nc.AwsvpcConfiguration
	if len(av.SecurityGroups) > 0 {
		t.l.diags.Warnf(t.pos("networkConfiguration.awsvpcConfiguration.securityGroups"), "ecs/security-groups", "pods use the node's security groups unless security groups for pods are enabled (a SecurityGroupPolicy selecting these pods); the service used %s", strings.Join(av.SecurityGroups, ", "))
	}
	if deref(av.AssignPublicIp) == "ENABLED" {
		t.l.diags.Warnf(t.pos("networkConfiguration.awsvpcConfiguration.assignPublicIp"), "ecs/public-ip", "pods get no public IP on EKS; give them outbound access through a NAT gateway")
	}
	if len(av.Subnets) > 0 {
		t.l.diags.Infof(t.pos("networkConfiguration.awsvpcConfiguration.subnets"), "ecs/subnets", "pod IPs come from the nodes' subnets (or ENIConfig custom networking), not per workload")
	}
}

// tags puts service tags on the workload's objects, and on its pods when
// propagateTags says so: SERVICE propagates the service's tags,
// TASK_DEFINITION the task definition's (never the service's). As for task
// definition tags, a tag whose value is not a valid label value becomes an
// annotation.
func (t *svcTx) tags() {
	w := t.w
	prop := deref(t.svc.PropagateTags)
	switch prop {
	case "", "NONE", "SERVICE":
	case "TASK_DEFINITION":
		for k, v := range t.def.w.Labels {
			if w.Template.Labels == nil {
				w.Template.Labels = map[string]string{}
			}
			w.Template.Labels[k] = v
		}
		for k, v := range t.def.w.Annotations {
			if w.Template.Annotations == nil {
				w.Template.Annotations = map[string]string{}
			}
			w.Template.Annotations[k] = v
		}
	default:
		t.l.diags.Errorf(t.pos("propagateTags"), "ecs/invalid-value", "unknown propagateTags %q", prop)
	}
	for i, tag := range t.svc.Tags {
		k, v := deref(tag.Key), deref(tag.Value)
		p := fmt.Sprintf("tags[%d]", i)
		switch {
		case k == "":
			t.l.diags.Errorf(t.pos(p), "ecs/missing-field", "tag has no key")
		case strings.HasPrefix(k, "aws:"):
			t.l.diags.Infof(t.pos(p+".key"), "ecs/aws-tag", "tag %q is managed by AWS; skipped", k)
		case k == "app.kubernetes.io/name" || k == "app.kubernetes.io/part-of" || k == "app.kubernetes.io/managed-by":
			t.l.diags.Warnf(t.pos(p+".key"), "ecs/tag-reserved", "tag %q is a label eksport sets itself (the selector and recommended labels); dropped (set partOf in the configuration for app.kubernetes.io/part-of)", k)
		case len(validation.IsQualifiedName(k)) == 0 && len(validation.IsValidLabelValue(v)) == 0:
			if w.Labels == nil {
				w.Labels = map[string]string{}
			}
			w.Labels[k] = v
			if prop == "SERVICE" {
				if w.Template.Labels == nil {
					w.Template.Labels = map[string]string{}
				}
				w.Template.Labels[k] = v
			}
		case len(validation.IsQualifiedName(k)) == 0:
			if w.Annotations == nil {
				w.Annotations = map[string]string{}
			}
			w.Annotations[k] = v
			if prop == "SERVICE" {
				if w.Template.Annotations == nil {
					w.Template.Annotations = map[string]string{}
				}
				w.Template.Annotations[k] = v
			}
			t.l.diags.Infof(t.pos(p+".value"), "ecs/tag-annotation", "tag %q has a value that is not a valid label value; it becomes an annotation", k)
		default:
			t.l.diags.Warnf(t.pos(p+".key"), "ecs/tag-invalid", "tag key %q is neither a valid label nor annotation key; dropped", k)
		}
	}
}

// portOf finds the Service port for a container name and container port.
func (t *svcTx) portOf(container string, port int64) (ir.Port, bool) {
	kc := kname.Label(container)
	for _, p := range t.w.Ports {
		if p.Container == kc && int64(p.TargetPort) == port {
			return p, true
		}
	}
	return ir.Port{}, false
}

func (t *svcTx) exposure() *ir.Exposure {
	if t.w.Exposure == nil {
		t.w.Exposure = &ir.Exposure{Origin: t.pos("")}
	}
	return t.w.Exposure
}

func (t *svcTx) loadBalancers() {
	network := t.def.networkMode
	for i, lb := range t.svc.LoadBalancers {
		p := fmt.Sprintf("loadBalancers[%d]", i)
		arn := deref(lb.TargetGroupArn)
		if name := deref(lb.LoadBalancerName); name != "" {
			if arn == "" {
				// Reported by the field table (ecs/load-balancer-name-dropped):
				// a classic load balancer cannot register pods.
				continue
			}
			// ECS rejects the pair (a name is for Classic Load Balancers,
			// a target group for ALBs and NLBs). Lowered, the target group
			// is bound, since that is what pods can serve.
			d := t.l.diags.Errorf(t.pos(p+".loadBalancerName"), "ecs/load-balancer-ambiguous", "load balancer entry names both Classic Load Balancer %q and a target group, which ECS rejects", name)
			d.Fix = "remove loadBalancerName for an ALB or NLB target group, or targetGroupArn for a Classic Load Balancer"
		}
		if arn == "" {
			t.l.diags.Errorf(t.pos(p), "ecs/missing-field", "load balancer entry has neither targetGroupArn nor loadBalancerName")
			continue
		}
		port, ok := t.portOf(deref(lb.ContainerName), deref(lb.ContainerPort))
		if !ok {
			t.l.diags.Errorf(t.pos(p), "ecs/unknown-port", "load balancer entry targets container %q port %d, which the task definition does not map", deref(lb.ContainerName), deref(lb.ContainerPort))
			continue
		}
		tg := ir.TargetGroup{ARN: arn, Name: targetGroupName(arn), ContainerName: port.Container, Port: port.Port, Origin: t.pos(p)}
		tg.TargetType = "ip"
		if network == "bridge" || network == "host" || network == "" && deref(t.svc.LaunchType) == "EC2" {
			tg.TargetType = "instance"
		}
		t.l.elbv2(&tg)
		e := t.exposure()
		e.TargetGroups = append(e.TargetGroups, tg)
	}
}

// targetGroupName reads the name out of a target group ARN
// (...:targetgroup/<name>/<id>).
func targetGroupName(arn string) string {
	if i := strings.Index(arn, ":targetgroup/"); i >= 0 {
		name, _, _ := strings.Cut(arn[i+len(":targetgroup/"):], "/")
		return name
	}
	return ""
}

// discovery keeps the names callers resolve: Cloud Map service registries
// and Service Connect aliases become Service names.
func (t *svcTx) discovery() {
	for i, sr := range t.svc.ServiceRegistries {
		p := fmt.Sprintf("serviceRegistries[%d]", i)
		if sr.ContainerName != nil || sr.ContainerPort != nil {
			if _, ok := t.portOf(deref(sr.ContainerName), deref(sr.ContainerPort)); !ok {
				t.l.diags.Errorf(t.pos(p), "ecs/unknown-port", "service registry names container %q port %d, which the task definition does not map", deref(sr.ContainerName), deref(sr.ContainerPort))
				continue
			}
		}
		if len(t.w.Ports) == 0 {
			t.l.diags.Warnf(t.pos(p), "ecs/discovery-without-ports", "the Cloud Map entry publishes task addresses, but the task maps no ports, so no Service is emitted; add a port or a headless Service by hand")
			continue
		}
		t.l.diags.Infof(t.pos(p+".registryArn"), "ecs/cloud-map", "Cloud Map registration becomes Service %q: callers resolve %s.<namespace>.svc.cluster.local; keep the Cloud Map name with ExternalDNS if callers outside the cluster use it", t.w.Name, t.w.Name)
	}
	sc := t.svc.ServiceConnectConfiguration
	base := ""
	if sc == nil {
		if p := primary(t.svc); p != nil && p.ServiceConnectConfiguration != nil {
			sc = p.ServiceConnectConfiguration
			base = fmt.Sprintf("deployments[%d].", slices.IndexFunc(t.svc.Deployments, func(d Deployment) bool { return deref(d.Status) == "PRIMARY" }))
		}
	}
	if sc == nil || !deref(sc.Enabled) {
		return
	}
	for i, s := range sc.Services {
		p := fmt.Sprintf("%sserviceConnectConfiguration.services[%d]", base, i)
		portName := deref(s.PortName)
		var port *ir.Port
		for k := range t.w.Ports {
			if t.w.Ports[k].SourceName == portName {
				port = &t.w.Ports[k]
				break
			}
		}
		if port == nil {
			t.l.diags.Errorf(t.pos(p+".portName"), "ecs/unknown-port", "Service Connect names port %q, which no port mapping of the task definition has", portName)
			continue
		}
		discovery := deref(s.DiscoveryName)
		if discovery == "" {
			discovery = portName
		}
		aliases := s.ClientAliases
		if len(aliases) == 0 {
			aliases = []ServiceConnectClientAlias{{DnsName: &discovery, Port: ptr(int64(port.Port))}}
		}
		for j, a := range aliases {
			ap := fmt.Sprintf("%s.clientAliases[%d]", p, j)
			dns := deref(a.DnsName)
			if dns == "" {
				dns = discovery
			}
			label := dns
			if first, rest, dotted := strings.Cut(dns, "."); dotted {
				label = first
				t.l.diags.Warnf(t.pos(ap+".dnsName"), "ecs/service-connect-dns", "callers used %q; in Kubernetes the Service %q answers as %s.<namespace>.svc.cluster.local, so %q (%s) needs a CoreDNS rewrite or new caller configuration", dns, kname.Label(first), kname.Label(first), dns, rest)
			}
			name := kname.Label(label)
			aport := int32(deref(a.Port))
			if aport == 0 {
				aport = port.Port
			}
			sp := ir.Port{Container: port.Container, Name: port.Name, Port: aport, TargetPort: port.TargetPort, Protocol: port.Protocol, AppProtocol: port.AppProtocol, Origin: t.pos(ap)}
			if name == t.w.Name {
				if !slices.ContainsFunc(t.w.Ports, func(x ir.Port) bool { return x.Port == aport && x.Protocol == sp.Protocol }) {
					sp.Name = kname.PortName(fmt.Sprintf("sc-%d", aport))
					t.w.Ports = append(t.w.Ports, sp)
				}
				continue
			}
			e := t.exposure()
			if k := slices.IndexFunc(e.Aliases, func(x ir.Alias) bool { return x.Name == name }); k >= 0 {
				e.Aliases[k].Ports = append(e.Aliases[k].Ports, sp)
				continue
			}
			e.Aliases = append(e.Aliases, ir.Alias{Name: name, Ports: []ir.Port{sp}, Origin: t.pos(ap)})
			t.l.diags.Infof(t.pos(ap), "ecs/service-connect", "Service Connect name %q becomes Service %q selecting the same pods", dns, name)
		}
	}
}
