package ecs

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/eksport/eksport/internal/kname"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// scheduledTasks turns EventBridge rules with ECS task targets into
// CronJobs running a copy of the task definition's pod.
func (l *linker) scheduledTasks() []*ir.Workload {
	var out []*ir.Workload
	rules := map[string]*Item[EventRule]{}
	for _, r := range l.set.EventRules {
		rules[deref(r.V.Name)] = r
	}
	targets := map[string][]*EventTarget{}
	for _, t := range l.set.EventTargets {
		name := t.Rule
		if name == "" {
			if len(l.set.EventRules) != 1 {
				l.diags.Errorf(t.P(""), "events/target-without-rule", "this EventBridge target does not say which rule it belongs to (list-targets-by-rule output omits it); use put-targets input or a file holding {Rule, Targets}")
				continue
			}
			name = deref(l.set.EventRules[0].V.Name)
		}
		if _, ok := rules[name]; !ok {
			l.diags.Errorf(t.P(""), "events/unknown-rule", "EventBridge target belongs to rule %q, which is not among the inputs; add its put-rule input or describe-rule output", name)
			continue
		}
		targets[name] = append(targets[name], t)
	}
	for _, r := range l.set.EventRules {
		name := deref(r.V.Name)
		ts := targets[name]
		// A target of another kind (a Lambda function, a queue, ...) is
		// not eksport's to migrate; it is noted once, whatever the rule.
		ecsTargets := 0
		for _, t := range ts {
			if t.V.EcsParameters != nil {
				ecsTargets++
				continue
			}
			what := "no ARN"
			if arn := deref(t.V.Arn); arn != "" {
				what = ir.Readable(arn)
			}
			who := "a target without an Id"
			if id := deref(t.V.Id); id != "" {
				who = fmt.Sprintf("target %q", id)
			}
			l.diags.Infof(t.P(""), "events/not-ecs-target", "rule %q: %s (%s) is not an ECS task: only ECS task targets become CronJobs; it is not migrated (it stays an EventBridge target, or move it yourself)", name, who, what)
		}
		expr := deref(r.V.ScheduleExpression)
		if expr == "" {
			if ecsTargets > 0 || (len(ts) == 0 && r.V.EventPattern != nil) {
				l.diags.Warnf(r.P("EventPattern"), "events/event-pattern", "rule %q reacts to events, not a schedule; an event-driven task has no CronJob equivalent and is not translated", name)
			}
			continue
		}
		if len(ts) > 0 && ecsTargets == 0 {
			continue
		}
		cron, why := toCron(expr)
		if why != "" {
			l.diags.Errorf(r.P("ScheduleExpression"), "events/schedule", "rule %q: %s", name, why)
			continue
		}
		if bus := deref(r.V.EventBusName); bus != "" && bus != "default" && !strings.HasSuffix(bus, ":event-bus/default") {
			// PutRule refuses a ScheduleExpression on any other bus
			// (ValidationException), so such a rule never ran.
			l.diags.Errorf(r.P("EventBusName"), "events/event-bus", "rule %q is on event bus %q, but EventBridge runs schedules on the default event bus only (PutRule refuses a ScheduleExpression on another bus), so the rule never ran and is not translated; remove EventBusName, or move the schedule to EventBridge Scheduler", name, bus)
			continue
		}
		if r.V.EventPattern != nil && ecsTargets > 0 {
			l.diags.Warnf(r.P("EventPattern"), "events/event-pattern", "rule %q also reacts to events matching its pattern; the CronJob runs the task on the schedule only, and an event-driven task has no CronJob equivalent", name)
		}
		if len(ts) == 0 {
			l.diags.Warnf(r.P(""), "events/no-targets", "rule %q has no targets among the inputs; add its put-targets input or list-targets-by-rule output", name)
			continue
		}
		for _, t := range ts {
			if w := l.cronJob(r, t, cron, ecsTargets, ""); w != nil {
				out = append(out, w)
			}
		}
	}
	for _, sc := range l.set.Schedules {
		if w := l.scheduleJob(sc); w != nil {
			out = append(out, w)
		}
	}
	return out
}

// scheduleJob turns an EventBridge Scheduler schedule into a CronJob: its
// rule-like members and its one target are read as an EventBridge rule and
// target are, and its time zone becomes the CronJob's.
func (l *linker) scheduleJob(sc *Item[Schedule]) *ir.Workload {
	r, t := scheduleAsRule(sc)
	v := sc.V
	name := deref(v.Name)
	if v.Target == nil || v.Target.EcsParameters == nil {
		// A target of another kind is noted once, as a rule's is.
		if v.Target != nil {
			what := "no ARN"
			if arn := deref(v.Target.Arn); arn != "" {
				what = ir.Readable(arn)
			}
			l.diags.Infof(sc.P("Target"), "events/not-ecs-target", "schedule %q: its target (%s) is not an ECS task: only ECS task targets become CronJobs; it is not migrated (it stays a Scheduler target, or move it yourself)", name, what)
		}
		return nil
	}
	cron, why := toCron(deref(v.ScheduleExpression))
	if why != "" {
		l.diags.Errorf(sc.P("ScheduleExpression"), "events/schedule", "schedule %q: %s", name, why)
		return nil
	}
	tz := "Etc/UTC"
	// UTC, the Scheduler's default, is written as a rule's is, so that a
	// schedule reads the same whether its source spells the default out.
	if v.ScheduleExpressionTimezone != nil && *v.ScheduleExpressionTimezone != "UTC" {
		tz = *v.ScheduleExpressionTimezone
		if why := checkTimeZone(tz); why != "" {
			l.diags.Errorf(sc.P("ScheduleExpressionTimezone"), "events/time-zone", "schedule %q: time zone %q %s", name, tz, why)
			return nil
		}
	}
	if f := v.FlexibleTimeWindow; f != nil && deref(f.Mode) == "FLEXIBLE" {
		l.diags.Warnf(sc.P("FlexibleTimeWindow.Mode"), "events/flexible-window", "schedule %q may start up to %d minutes late on purpose, to spread load; the CronJob starts each run on time", name, deref(f.MaximumWindowInMinutes))
	}
	if a := deref(v.ActionAfterCompletion); a == "DELETE" {
		l.diags.Warnf(sc.P("ActionAfterCompletion"), "events/delete-after-completion", "schedule %q deletes itself after its last run; a CronJob stays until you delete it", name)
	}
	return l.cronJob(r, t, cron, 1, tz)
}

// scheduleAsRule reads a schedule as an EventBridge rule and its target:
// the members they share have the same names and meanings, and the
// positions stay the schedule's.
func scheduleAsRule(sc *Item[Schedule]) (*Item[EventRule], *EventTarget) {
	v := sc.V
	r := &Item[EventRule]{V: &EventRule{Name: v.Name, ScheduleExpression: v.ScheduleExpression, State: v.State, Description: v.Description}, Dec: sc.Dec, Base: sc.Base}
	st := v.Target
	if st == nil {
		return r, nil
	}
	tv := &Target{Arn: st.Arn, RoleArn: st.RoleArn, Input: st.Input, RetryPolicy: st.RetryPolicy, DeadLetterConfig: st.DeadLetterConfig,
		SageMakerPipelineParameters: st.SageMakerPipelineParameters, SqsParameters: st.SqsParameters}
	if ep := st.EcsParameters; ep != nil {
		tv.EcsParameters = &EcsParameters{
			CapacityProviderStrategy: ep.CapacityProviderStrategy, EnableECSManagedTags: ep.EnableECSManagedTags,
			EnableExecuteCommand: ep.EnableExecuteCommand, Group: ep.Group, LaunchType: ep.LaunchType,
			NetworkConfiguration: ep.NetworkConfiguration, PlacementConstraints: ep.PlacementConstraints,
			PlacementStrategy: ep.PlacementStrategy, PlatformVersion: ep.PlatformVersion, PropagateTags: ep.PropagateTags,
			ReferenceId: ep.ReferenceId, TaskCount: ep.TaskCount, TaskDefinitionArn: ep.TaskDefinitionArn,
		}
		for _, m := range ep.Tags {
			tv.EcsParameters.Tags = append(tv.EcsParameters.Tags, scheduleTags(m)...)
		}
	}
	base := "Target"
	if sc.Base != "" {
		base = sc.Base + ".Target"
	}
	return r, &EventTarget{Rule: deref(v.Name), Item: &Item[Target]{V: tv, Dec: sc.Dec, Base: base}}
}

// scheduleTags reads one item of a schedule's ECS tags: {"key": k,
// "value": v} as Terraform and the CDK write it (any letter case), else
// each entry a tag, in key order.
func scheduleTags(m map[string]string) []EventTag {
	if len(m) == 2 {
		var k, v *string
		for key, val := range m {
			switch {
			case strings.EqualFold(key, "key"):
				k = &val
			case strings.EqualFold(key, "value"):
				v = &val
			}
		}
		if k != nil && v != nil {
			return []EventTag{{Key: k, Value: v}}
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]EventTag, len(keys))
	for i, k := range keys {
		out[i] = EventTag{Key: &keys[i], Value: ptrTo(m[k])}
	}
	return out
}

func ptrTo(s string) *string { return &s }

// tzPart is one part of an IANA time zone name as the Kubernetes API
// server accepts it in a CronJob's spec.timeZone.
var tzPart = regexp.MustCompile(`^[A-Za-z.\-_0-9+]{1,14}$`)

// checkTimeZone says why a time zone cannot be a CronJob's spec.timeZone
// ("" when it can). The API server also loads the zone from its time zone
// database, which eksport does not read so that its output does not depend
// on the machine's; a name of the right form that does not exist is
// refused at apply time.
func checkTimeZone(tz string) string {
	if tz == "" || strings.EqualFold(tz, "Local") {
		return "is not an explicit IANA time zone"
	}
	for _, p := range strings.Split(tz, "/") {
		if !tzPart.MatchString(p) {
			return "is not an IANA time zone name (such as Europe/Paris)"
		}
	}
	return ""
}

// cronJob makes the CronJob of one ECS task target of a rule or schedule.
// tz is a schedule's time zone; "" for a rule, which runs in UTC.
func (l *linker) cronJob(r *Item[EventRule], t *EventTarget, cron string, siblings int, tz string) *ir.Workload {
	what := "rule"
	if tz == "" {
		tz = "Etc/UTC"
	} else {
		what = "schedule"
	}
	ep := t.V.EcsParameters
	if ep == nil {
		// Targets of other kinds are rejected through the field table.
		return nil
	}
	ref := deref(ep.TaskDefinitionArn)
	def, why := l.resolve(ref)
	if def == nil {
		l.diags.Errorf(t.P("EcsParameters.TaskDefinitionArn"), "events/unresolved-task-definition", "scheduled task: %s", why)
		return nil
	}
	def.used = true
	w, err := clone(def.w)
	if err != nil {
		l.diags.Errorf(t.P(""), "ecs/internal", "scheduled task: %v", err)
		return nil
	}
	name := deref(r.V.Name)
	if siblings > 1 {
		name += "-" + deref(t.V.Id)
	}
	// CronJob names leave room for the Job suffix Kubernetes appends.
	w.Name = kname.Shorten(kname.Label(name), 52)
	if w.Name == "" {
		l.diags.Errorf(r.P("Name"), "events/invalid-name", "%s name %q has no letters or digits", what, name)
		return nil
	}
	w.Source = name
	w.Origin = t.P("")
	if what == "schedule" {
		w.Sources = append(w.Sources, ir.Source{File: r.Dec.Doc.File, Doc: r.Dec.Doc.Index, Path: r.Base})
	} else {
		w.Sources = append(w.Sources, ir.Source{File: r.Dec.Doc.File, Doc: r.Dec.Doc.Index, Path: r.Base}, ir.Source{File: t.Dec.Doc.File, Doc: t.Dec.Doc.Index, Path: t.Base})
	}
	w.Kind = ir.CronJob
	w.Replicas = nil
	w.Ports = nil
	w.Schedule = &ir.Schedule{
		Cron: cron,
		// EventBridge rules run in UTC, schedules in their time zone;
		// without one a CronJob follows the controller manager's local
		// time.
		TimeZone: tz,
		Suspend:  deref(r.V.State) == "DISABLED",
		Origin:   r.P("ScheduleExpression"),
	}
	if d := deref(r.V.Description); d != "" {
		// A CronJob has no description field; the annotation keeps the
		// text beside the object it describes.
		if w.Annotations == nil {
			w.Annotations = map[string]string{}
		}
		w.Annotations[DescriptionAnnotation] = d
	}
	l.jobTags(w, def, t, ep)
	l.retryPolicy(w, t, name)
	l.jobPlacement(w, def, t, ep)
	if n := deref(ep.TaskCount); n > 1 {
		w.Schedule.Parallelism = int32(n)
	}
	if len(def.w.Ports) > 0 {
		l.diags.Infof(t.P(""), "events/ports", "scheduled task %q: the task definition's ports are not exposed, as a run-to-completion job needs no Service", name)
	}
	if t.V.Input != nil || t.V.InputTransformer != nil {
		at := "Input"
		if t.V.Input == nil {
			at = "InputTransformer"
		}
		l.diags.Warnf(t.P(at), "events/input", "scheduled task %q passes input (container overrides) that is not applied; set the command or environment in the task definition instead", name)
	}
	if p := deref(t.V.InputPath); p != "" {
		l.diags.Warnf(t.P("InputPath"), "events/input-path", "scheduled task %q passes the part %q of the scheduled event to the task, which is not applied: a scheduled event carries nothing for the task, and the Job's pods get no input", name, p)
	}
	if w.Schedule.Suspend {
		l.diags.Infof(r.P("State"), "events/disabled", "%s %q is disabled: the CronJob is suspended", what, name)
	}
	zone := "UTC"
	if tz != "Etc/UTC" {
		zone = tz
	}
	l.diags.Infof(r.P("ScheduleExpression"), "events/cron", "%s %q (%s) becomes CronJob %q with schedule %q in %s", what, deref(r.V.Name), deref(r.V.ScheduleExpression), w.Name, cron, zone)
	return w
}

// DescriptionAnnotation holds a rule's or schedule's Description on its
// CronJob, which has no description field.
const DescriptionAnnotation = "eksport.io/description"

// EventBridge's bounds of RetryPolicy.MaximumEventAgeInSeconds.
const minEventAge, maxEventAge = 60, 86400

// retryPolicy translates a target's RetryPolicy. EventBridge retries the
// RunTask call that starts a run (throttling, no capacity) until the
// event is MaximumEventAgeInSeconds old or MaximumRetryAttempts have
// failed; it never runs again a task that started and then failed.
// The age bounds how late a run may start, as the CronJob's
// startingDeadlineSeconds does; the attempts have no counterpart (the Job
// controller keeps creating a pod it could not create, and backoffLimit
// counts pods that ran and failed, which stays 0).
func (l *linker) retryPolicy(w *ir.Workload, t *EventTarget, name string) {
	if dl := t.V.DeadLetterConfig; dl != nil {
		l.diags.Warnf(t.P("DeadLetterConfig"), "events/dead-letter", "scheduled task %q sends the runs EventBridge could not start to the dead-letter queue %s; a CronJob has no dead-letter queue: a run the controller could not start is only a Warning event on the CronJob, so alert on those (or on failed Jobs) instead", name, deref(dl.Arn))
	}
	rp := t.V.RetryPolicy
	if rp == nil {
		return
	}
	if p := rp.MaximumEventAgeInSeconds; p != nil {
		age := *p
		if age < minEventAge || age > maxEventAge {
			l.diags.Errorf(t.P("RetryPolicy.MaximumEventAgeInSeconds"), "events/invalid-value", "MaximumEventAgeInSeconds %d is outside EventBridge's range (%d to %d)", age, minEventAge, maxEventAge)
		} else {
			w.Schedule.StartingDeadlineSeconds = &age
			l.diags.Infof(t.P("RetryPolicy.MaximumEventAgeInSeconds"), "events/event-age", "scheduled task %q: EventBridge gave up starting a run %d s after its time; the CronJob's startingDeadlineSeconds skips a run not started within %d s (it is late when the CronJob controller was not running, not when RunTask failed)", name, age, age)
		}
	}
	if p := rp.MaximumRetryAttempts; p != nil {
		n := *p
		const why = "nothing in a Job says how often to retry starting a pod (the Job controller keeps creating it), and backoffLimit stays 0 because it counts pods that ran and failed, which ECS never ran again"
		if n == 0 {
			l.diags.Infof(t.P("RetryPolicy.MaximumRetryAttempts"), "events/retry-attempts", "scheduled task %q: EventBridge did not retry a failed RunTask call; %s", name, why)
		} else {
			l.diags.Warnf(t.P("RetryPolicy.MaximumRetryAttempts"), "events/retry-attempts", "scheduled task %q: EventBridge retried a failed RunTask call up to %d times; %s", name, n, why)
		}
	}
}

// jobPlacement places the job's pods as a service's: the target's
// launch type, capacity provider strategy, placement constraints and
// strategy are read by the service's translation, at the target's
// positions, and its network configuration is reported as a service's.
func (l *linker) jobPlacement(w *ir.Workload, def *taskDef, t *EventTarget, ep *EcsParameters) {
	name := w.Source
	switch lt := deref(ep.LaunchType); lt {
	case "", "EC2", "EXTERNAL", "FARGATE":
	default:
		l.diags.Errorf(t.P("EcsParameters.LaunchType"), "events/invalid-value", "unknown LaunchType %q (EventBridge accepts EC2, FARGATE and EXTERNAL)", lt)
	}
	svc := &Service{LaunchType: ep.LaunchType}
	for _, c := range ep.CapacityProviderStrategy {
		svc.CapacityProviderStrategy = append(svc.CapacityProviderStrategy, CapacityProviderStrategyItem(c))
	}
	for _, c := range ep.PlacementConstraints {
		svc.PlacementConstraints = append(svc.PlacementConstraints, PlacementConstraint(c))
	}
	for _, s := range ep.PlacementStrategy {
		svc.PlacementStrategy = append(svc.PlacementStrategy, PlacementStrategy(s))
	}
	st := &svcTx{l: l, svc: svc, w: w, def: def, at: func(rel string) diag.Pos {
		for from, to := range targetMembers {
			if rest, ok := strings.CutPrefix(rel, from); ok {
				return t.P(to + rest)
			}
		}
		return t.P(rel)
	}}
	st.placement()
	st.capacity()
	st.yieldArch()
	if v := deref(ep.PlatformVersion); v != "" && v != "LATEST" {
		l.diags.Warnf(t.P("EcsParameters.PlatformVersion"), "events/platform-version", "scheduled task %q asks for Fargate platform version %s; EKS has no platform versions, and the pods run on the cluster's nodes or Fargate as they are", name, v)
	}
	nc := ep.NetworkConfiguration
	if nc == nil || nc.AwsvpcConfiguration == nil {
		return
	}
	av := nc.AwsvpcConfiguration
	const base = "EcsParameters.NetworkConfiguration.awsvpcConfiguration"
	if len(av.SecurityGroups) > 0 {
		l.diags.Warnf(t.P(base+".SecurityGroups"), "events/security-groups", "scheduled task %q: pods use the node's security groups unless security groups for pods are enabled (a SecurityGroupPolicy selecting these pods); the task used %s", name, strings.Join(av.SecurityGroups, ", "))
	}
	if deref(av.AssignPublicIp) == "ENABLED" {
		l.diags.Warnf(t.P(base+".AssignPublicIp"), "events/public-ip", "scheduled task %q: pods get no public IP on EKS; give them outbound access through a NAT gateway", name)
	}
	if len(av.Subnets) > 0 {
		l.diags.Infof(t.P(base+".Subnets"), "events/subnets", "scheduled task %q: pod IPs come from the nodes' subnets (or ENIConfig custom networking), not per job", name)
	}
}

// targetMembers are the service members whose EventBridge target
// counterparts svcTx reads, with the target's paths.
var targetMembers = map[string]string{
	"launchType":               "EcsParameters.LaunchType",
	"capacityProviderStrategy": "EcsParameters.CapacityProviderStrategy",
	"placementConstraints":     "EcsParameters.PlacementConstraints",
	"placementStrategy":        "EcsParameters.PlacementStrategy",
}

// jobTags puts the tags RunTask gives each task onto the job's pods:
// PropagateTags TASK_DEFINITION copies the task definition's, and Tags
// adds the target's own (a valid label, else an annotation). The task
// definition's tags otherwise stay on the CronJob only, as ECS leaves
// them off tasks unless told to propagate them.
func (l *linker) jobTags(w *ir.Workload, def *taskDef, t *EventTarget, ep *EcsParameters) {
	tmpl := w.Template
	put := func(m *map[string]string, k, v string) {
		if *m == nil {
			*m = map[string]string{}
		}
		(*m)[k] = v
	}
	switch prop := deref(ep.PropagateTags); prop {
	case "":
	case "TASK_DEFINITION":
		for k, v := range def.w.Labels {
			put(&tmpl.Labels, k, v)
		}
		for k, v := range def.w.Annotations {
			put(&tmpl.Annotations, k, v)
		}
	default:
		l.diags.Errorf(t.P("EcsParameters.PropagateTags"), "events/invalid-value", "unknown PropagateTags %q (EventBridge accepts TASK_DEFINITION)", prop)
	}
	for i, tag := range ep.Tags {
		k, v := deref(tag.Key), deref(tag.Value)
		p := fmt.Sprintf("EcsParameters.Tags[%d]", i)
		switch {
		case k == "":
			l.diags.Errorf(t.P(p), "events/missing-field", "tag has no key")
		case strings.HasPrefix(k, "aws:"):
			l.diags.Infof(t.P(p+".Key"), "events/aws-tag", "tag %q is managed by AWS; skipped", k)
		case k == "app.kubernetes.io/name" || k == "app.kubernetes.io/part-of" || k == "app.kubernetes.io/managed-by":
			l.diags.Warnf(t.P(p+".Key"), "events/tag-reserved", "tag %q is a label eksport sets itself; dropped", k)
		case len(validation.IsQualifiedName(k)) == 0 && len(validation.IsValidLabelValue(v)) == 0:
			put(&tmpl.Labels, k, v)
		case len(validation.IsQualifiedName(k)) == 0:
			put(&tmpl.Annotations, k, v)
			l.diags.Infof(t.P(p+".Value"), "events/tag-annotation", "tag %q has a value that is not a valid label value; it becomes an annotation", k)
		default:
			l.diags.Warnf(t.P(p+".Key"), "events/tag-invalid", "tag key %q is neither a valid label nor annotation key; dropped", k)
		}
	}
}
