package ecs

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/eksport/eksport/internal/kname"
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
		expr := deref(r.V.ScheduleExpression)
		if expr == "" {
			if len(ts) > 0 || r.V.EventPattern != nil {
				l.diags.Warnf(r.P("EventPattern"), "events/event-pattern", "rule %q reacts to events, not a schedule; an event-driven task has no CronJob equivalent and is not translated", name)
			}
			continue
		}
		cron, why := toCron(expr)
		if why != "" {
			l.diags.Errorf(r.P("ScheduleExpression"), "events/schedule", "rule %q: %s", name, why)
			continue
		}
		if len(ts) == 0 {
			l.diags.Warnf(r.P(""), "events/no-targets", "rule %q has no targets among the inputs; add its put-targets input or list-targets-by-rule output", name)
			continue
		}
		for _, t := range ts {
			if w := l.cronJob(r, t, cron, len(ts)); w != nil {
				out = append(out, w)
			}
		}
	}
	return out
}

func (l *linker) cronJob(r *Item[EventRule], t *EventTarget, cron string, siblings int) *ir.Workload {
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
		l.diags.Errorf(r.P("Name"), "events/invalid-name", "rule name %q has no letters or digits", name)
		return nil
	}
	w.Source = name
	w.Origin = t.P("")
	w.Sources = append(w.Sources, ir.Source{File: r.Dec.Doc.File, Doc: r.Dec.Doc.Index, Path: r.Base}, ir.Source{File: t.Dec.Doc.File, Doc: t.Dec.Doc.Index, Path: t.Base})
	w.Kind = ir.CronJob
	w.Replicas = nil
	w.Ports = nil
	w.Schedule = &ir.Schedule{
		Cron: cron,
		// EventBridge rules run in UTC; without a time zone a CronJob
		// follows the controller manager's local time.
		TimeZone: "Etc/UTC",
		Suspend:  deref(r.V.State) == "DISABLED",
		Origin:   r.P("ScheduleExpression"),
	}
	l.jobTags(w, def, t, ep)
	if n := deref(ep.TaskCount); n > 1 {
		w.Schedule.Parallelism = int32(n)
	}
	if len(def.w.Ports) > 0 {
		l.diags.Infof(t.P(""), "events/ports", "scheduled task %q: the task definition's ports are not exposed, as a run-to-completion job needs no Service", name)
	}
	if t.V.Input != nil || t.V.InputTransformer != nil {
		l.diags.Warnf(t.P("Input"), "events/input", "scheduled task %q passes input (container overrides) that is not applied; set the command or environment in the task definition instead", name)
	}
	if w.Schedule.Suspend {
		l.diags.Infof(r.P("State"), "events/disabled", "rule %q is disabled: the CronJob is suspended", name)
	}
	l.diags.Infof(r.P("ScheduleExpression"), "events/cron", "rule %q (%s) becomes CronJob %q with schedule %q in UTC", deref(r.V.Name), deref(r.V.ScheduleExpression), w.Name, cron)
	return w
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
