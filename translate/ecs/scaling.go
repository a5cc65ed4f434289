package ecs

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// scaling attaches scalable targets, policies, alarms and scheduled actions
// to the services they name.
func (l *linker) scaling() {
	for _, it := range l.set.Targets {
		t := it.V
		if !l.ecsDimension(t.ServiceNamespace, t.ScalableDimension, it) {
			continue
		}
		ls, why := l.findService(deref(t.ResourceId))
		if ls == nil {
			l.diags.Errorf(it.P("ResourceId"), "aas/unresolved-service", "%s", why)
			continue
		}
		min, max := int32(deref(t.MinCapacity)), int32(deref(t.MaxCapacity))
		if t.MinCapacity == nil || t.MaxCapacity == nil || min < 0 || max < 1 || min > max {
			l.diags.Errorf(it.P(""), "aas/invalid-capacity", "scalable target needs 0 <= MinCapacity <= MaxCapacity and MaxCapacity >= 1")
			continue
		}
		if min == 0 {
			l.diags.Warnf(it.P("MinCapacity"), "aas/min-zero", "MinCapacity 0: an HPA keeps at least one replica; KEDA can scale to zero only with event triggers")
			min = 1
		}
		if ls.w.Scaling != nil {
			l.diags.Errorf(it.P(""), "aas/duplicate-target", "service %q has two scalable targets", ls.w.Source)
			continue
		}
		ls.w.Sources = append(ls.w.Sources, ir.Source{File: it.Dec.Doc.File, Doc: it.Dec.Doc.Index, Path: it.Base})
		ls.w.Scaling = &ir.Scaling{Min: min, Max: max, Origin: it.P(""), Region: regionOf(deref(ls.item.V.ServiceArn), deref(ls.item.V.ClusterArn), deref(ls.item.V.Cluster), deref(t.ScalableTargetARN))}
		if ss := t.SuspendedState; ss != nil && (deref(ss.DynamicScalingInSuspended) || deref(ss.DynamicScalingOutSuspended) || deref(ss.ScheduledScalingSuspended)) {
			l.diags.Warnf(it.P("SuspendedState"), "aas/suspended", "scaling was suspended on ECS; the autoscaler is emitted active (pause a ScaledObject with the autoscaling.keda.sh/paused annotation if needed)")
		}
	}
	for _, it := range l.set.Policies {
		l.policy(it)
	}
	for _, it := range l.set.Actions {
		l.action(it)
	}
	l.pairSchedules()
	// A service whose policies or actions were all rejected (each with its
	// own error) is not a service without policies: drop its scaling so
	// that the autoscaling rule does not say it has none.
	for i := range l.services {
		w := l.services[i].w
		if s := w.Scaling; s != nil && l.tried[w] && len(s.Targets) == 0 && len(s.Steps) == 0 && len(s.Schedules) == 0 {
			w.Scaling = nil
		}
	}
}

func (l *linker) ecsDimension(ns, dim *string, it interface{ P(string) diag.Pos }) bool {
	if n := deref(ns); n != "" && n != "ecs" {
		l.diags.Warnf(it.P("ServiceNamespace"), "aas/not-ecs", "service namespace %q is not ecs; ignored", n)
		return false
	}
	if d := deref(dim); d != "" && d != "ecs:service:DesiredCount" {
		l.diags.Warnf(it.P("ScalableDimension"), "aas/not-ecs", "scalable dimension %q is not ecs:service:DesiredCount; ignored", d)
		return false
	}
	return true
}

// target finds the service and its scaling for a policy or action.
func (l *linker) target(resourceID string, pos diag.Pos, what string) *linkedService {
	ls, why := l.findService(resourceID)
	if ls == nil {
		l.diags.Errorf(pos, "aas/unresolved-service", "%s", why)
		return nil
	}
	if ls.w.Scaling != nil {
		if l.tried == nil {
			l.tried = map[*ir.Workload]bool{}
		}
		l.tried[ls.w] = true
	}
	if ls.w.Scaling == nil {
		l.diags.Errorf(pos, "aas/no-scalable-target", "%s scales service %q, but no scalable target among the inputs gives its minimum and maximum; add register-scalable-target input or describe-scalable-targets output", what, ls.w.Source)
		return nil
	}
	return ls
}

func cooldown(v *int64) *int32 {
	if v == nil {
		return nil
	}
	n := int32(*v)
	return &n
}

func (l *linker) policy(it *Item[ScalingPolicy]) {
	p := it.V
	if !l.ecsDimension(p.ServiceNamespace, p.ScalableDimension, it) {
		return
	}
	name := deref(p.PolicyName)
	ls := l.target(deref(p.ResourceId), it.P("ResourceId"), fmt.Sprintf("scaling policy %q", name))
	if ls == nil {
		return
	}
	s := ls.w.Scaling
	ls.w.Sources = append(ls.w.Sources, ir.Source{File: it.Dec.Doc.File, Doc: it.Dec.Doc.Index, Path: it.Base})
	switch typ := deref(p.PolicyType); {
	case typ == "TargetTrackingScaling" || (typ == "" && p.TargetTrackingScalingPolicyConfiguration != nil):
		tt := p.TargetTrackingScalingPolicyConfiguration
		if tt == nil || tt.TargetValue == nil {
			l.diags.Errorf(it.P(""), "aas/missing-field", "target tracking policy %q has no TargetTrackingScalingPolicyConfiguration.TargetValue", name)
			return
		}
		st := ir.ScaleTarget{Policy: name, Target: *tt.TargetValue, ScaleInCooldown: cooldown(tt.ScaleInCooldown), ScaleOutCooldown: cooldown(tt.ScaleOutCooldown), DisableScaleIn: deref(tt.DisableScaleIn), Origin: it.P("TargetTrackingScalingPolicyConfiguration")}
		if st.ScaleInCooldown == nil {
			// Application Auto Scaling's default for ECS services.
			st.ScaleInCooldown = ptr(int32(300))
		}
		switch {
		case tt.PredefinedMetricSpecification != nil:
			switch m := deref(tt.PredefinedMetricSpecification.PredefinedMetricType); m {
			case "ECSServiceAverageCPUUtilization":
				st.Metric = ir.CPUUtilization
			case "ECSServiceAverageMemoryUtilization":
				st.Metric = ir.MemoryUtilization
			case "ALBRequestCountPerTarget":
				label := deref(tt.PredefinedMetricSpecification.ResourceLabel)
				_, tgPart, ok := strings.Cut(label, "/targetgroup/")
				if !ok {
					l.diags.Errorf(it.P("TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.ResourceLabel"), "aas/resource-label", "ALBRequestCountPerTarget needs a ResourceLabel of the form app/<lb>/<id>/targetgroup/<tg>/<id>")
					return
				}
				st.Metric = ir.ALBRequests
				st.ResourceLabel = label
				st.CloudWatch = &ir.CloudWatchMetric{Namespace: "AWS/ApplicationELB", Name: "RequestCountPerTarget", Statistic: "Sum", Period: 60,
					Dimensions: []ir.Dimension{{Name: "TargetGroup", Value: "targetgroup/" + tgPart}}}
			default:
				l.diags.Errorf(it.P("TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType"), "aas/unknown-metric", "predefined metric %q is not an ECS service metric", m)
				return
			}
		case tt.CustomizedMetricSpecification != nil:
			m, ok := l.customMetric(tt.CustomizedMetricSpecification, it)
			if !ok {
				return
			}
			st.Metric = ir.CloudWatchValue
			st.CloudWatch = m
		default:
			l.diags.Errorf(it.P("TargetTrackingScalingPolicyConfiguration"), "aas/missing-field", "target tracking policy %q names no metric", name)
			return
		}
		s.Targets = append(s.Targets, st)
	case typ == "StepScaling" || (typ == "" && p.StepScalingPolicyConfiguration != nil):
		l.step(it, ls)
	case typ == "PredictiveScaling":
		// Reported by the field table (predictive scaling has no
		// equivalent).
	default:
		l.diags.Errorf(it.P("PolicyType"), "aas/invalid-value", "unknown policy type %q", typ)
	}
}

// customMetric reads a customized metric: one metric, or metric math that
// is a single MetricStat query. Real metric math is an error, not a silent
// approximation.
func (l *linker) customMetric(c *CustomizedMetricSpecification, it *Item[ScalingPolicy]) (*ir.CloudWatchMetric, bool) {
	base := "TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification"
	if len(c.Metrics) > 0 {
		var stats []*TargetTrackingMetricDataQuery
		for i := range c.Metrics {
			q := &c.Metrics[i]
			if q.Expression != nil {
				l.diags.Errorf(it.P(fmt.Sprintf("%s.Metrics[%d].Expression", base, i)), "aas/metric-math", "metric math (%s) cannot be expressed as a KEDA aws-cloudwatch trigger; publish the result as a metric of its own (or a Metrics Insights query) and scale on that", deref(q.Expression))
				return nil, false
			}
			if q.MetricStat != nil {
				stats = append(stats, q)
			}
		}
		if len(stats) != 1 || stats[0].MetricStat.Metric == nil {
			l.diags.Errorf(it.P(base+".Metrics"), "aas/metric-math", "metric queries must reduce to exactly one metric to become a KEDA trigger")
			return nil, false
		}
		ms := stats[0].MetricStat
		m := &ir.CloudWatchMetric{Namespace: deref(ms.Metric.Namespace), Name: deref(ms.Metric.MetricName), Statistic: deref(ms.Stat), Unit: deref(ms.Unit), Period: 60}
		for _, d := range ms.Metric.Dimensions {
			m.Dimensions = append(m.Dimensions, ir.Dimension{Name: deref(d.Name), Value: deref(d.Value)})
		}
		return m, true
	}
	m := &ir.CloudWatchMetric{Namespace: deref(c.Namespace), Name: deref(c.MetricName), Statistic: deref(c.Statistic), Unit: deref(c.Unit), Period: 60}
	if m.Namespace == "" || m.Name == "" {
		l.diags.Errorf(it.P(base), "aas/missing-field", "customized metric needs Namespace and MetricName")
		return nil, false
	}
	for _, d := range c.Dimensions {
		m.Dimensions = append(m.Dimensions, ir.Dimension{Name: deref(d.Name), Value: deref(d.Value)})
	}
	return m, true
}

// step turns a step scaling policy into a trigger on the metric of the
// alarm that fires it.
func (l *linker) step(it *Item[ScalingPolicy], ls *linkedService) {
	p := it.V
	name := deref(p.PolicyName)
	cfg := p.StepScalingPolicyConfiguration
	if cfg == nil || len(cfg.StepAdjustments) == 0 {
		l.diags.Errorf(it.P(""), "aas/missing-field", "step scaling policy %q has no step adjustments", name)
		return
	}
	scaleIn := true
	for _, a := range cfg.StepAdjustments {
		if deref(a.ScalingAdjustment) > 0 {
			scaleIn = false
		}
	}
	alarm := l.alarmFor(p)
	if alarm == nil {
		l.diags.Errorf(it.P(""), "aas/no-alarm", "step scaling policy %q is driven by a CloudWatch alarm that is not among the inputs; add describe-alarms output", name)
		return
	}
	a := alarm.V
	ls.w.Sources = append(ls.w.Sources, ir.Source{File: alarm.Dec.Doc.File, Doc: alarm.Dec.Doc.Index, Path: alarm.Base})
	st := ir.StepScaling{Policy: name, Alarm: deref(a.AlarmName), Threshold: deref(a.Threshold), Comparison: deref(a.ComparisonOperator), Cooldown: cooldown(cfg.Cooldown), ScaleIn: scaleIn, Origin: it.P("StepScalingPolicyConfiguration")}
	if len(a.Metrics) > 0 {
		l.diags.Errorf(alarm.P("Metrics"), "cloudwatch/metric-math", "alarm %q uses metric queries; only single-metric alarms become KEDA triggers", st.Alarm)
		return
	}
	st.Metric = &ir.CloudWatchMetric{Namespace: deref(a.Namespace), Name: deref(a.MetricName), Statistic: deref(a.Statistic), Unit: deref(a.Unit), Period: int32(deref(a.Period))}
	for _, d := range a.Dimensions {
		st.Metric.Dimensions = append(st.Metric.Dimensions, ir.Dimension{Name: deref(d.Name), Value: deref(d.Value)})
	}
	if st.Metric.Namespace == "AWS/SQS" && (st.Metric.Name == "ApproximateNumberOfMessagesVisible" || st.Metric.Name == "ApproximateNumberOfMessages") {
		queue := ""
		for _, d := range st.Metric.Dimensions {
			if d.Name == "QueueName" {
				queue = d.Value
			}
		}
		region, account := arnRegionAccount(deref(a.AlarmArn))
		if region == "" {
			region = ls.w.Scaling.Region
		}
		if region == "" {
			region = l.cfg.Region
		}
		if queue == "" || region == "" || account == "" {
			l.diags.Errorf(alarm.P(""), "cloudwatch/sqs-queue-url", "alarm %q watches an SQS queue, but its URL cannot be built (queue %q, region %q, account %q); describe-alarms output carries the AlarmArn that names them", st.Alarm, queue, region, account)
			return
		}
		st.QueueURL = fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", region, account, queue)
		if ls.w.Scaling.Region == "" {
			ls.w.Scaling.Region = region
		}
	}
	if !scaleIn {
		l.diags.Warnf(it.P("StepScalingPolicyConfiguration.StepAdjustments"), "aas/step-approximated", "step scaling %q on alarm %q becomes a KEDA trigger with target %s: KEDA scales in proportion to the metric instead of by fixed steps", name, st.Alarm, strconv.FormatFloat(st.Threshold, 'f', -1, 64))
	} else {
		l.diags.Infof(it.P("StepScalingPolicyConfiguration.StepAdjustments"), "aas/step-scale-in", "scale-in policy %q is covered by the scale-out trigger: KEDA scales both ways on the same metric", name)
	}
	if r, _ := arnRegionAccount(deref(a.AlarmArn)); r != "" && ls.w.Scaling.Region == "" {
		ls.w.Scaling.Region = r
	}
	ls.w.Scaling.Steps = append(ls.w.Scaling.Steps, st)
}

// alarmFor finds the alarm whose actions invoke the policy, by the ARN that
// describe-scaling-policies gives, the alarms it lists, or the policy name
// inside the alarm action ARN.
func (l *linker) alarmFor(p *ScalingPolicy) *Item[MetricAlarm] {
	names := map[string]bool{}
	for _, a := range p.Alarms {
		names[deref(a.AlarmName)] = true
	}
	for _, it := range l.set.Alarms {
		a := it.V
		if names[deref(a.AlarmName)] {
			return it
		}
		for _, act := range a.AlarmActions {
			if (p.PolicyARN != nil && act == *p.PolicyARN) ||
				(strings.HasSuffix(act, ":policyName/"+deref(p.PolicyName)) && strings.Contains(act, "resource/ecs/"+deref(p.ResourceId))) {
				return it
			}
		}
	}
	return nil
}

// arnRegionAccount reads the region and account of an ARN.
func arnRegionAccount(arn string) (string, string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return "", ""
	}
	return parts[3], parts[4]
}

func regionOf(arns ...string) string {
	for _, a := range arns {
		if r, _ := arnRegionAccount(a); r != "" {
			return r
		}
	}
	return ""
}

// scheduled is a decoded scheduled action waiting to be paired.
type scheduled struct {
	it   *Item[ScheduledAction]
	ls   *linkedService
	cron string
	min  *int64
	max  *int64
}

func (l *linker) action(it *Item[ScheduledAction]) {
	a := it.V
	if !l.ecsDimension(a.ServiceNamespace, a.ScalableDimension, it) {
		return
	}
	name := deref(a.ScheduledActionName)
	ls := l.target(deref(a.ResourceId), it.P("ResourceId"), fmt.Sprintf("scheduled action %q", name))
	if ls == nil {
		return
	}
	cron, err := toCron(deref(a.Schedule))
	if err != "" {
		l.diags.Errorf(it.P("Schedule"), "aas/schedule", "scheduled action %q: %s", name, err)
		return
	}
	if strings.HasPrefix(strings.TrimSpace(deref(a.Schedule)), "rate(") {
		l.diags.Infof(it.P("Schedule"), "aas/rate-phase", "scheduled action %q: Application Auto Scaling counts %s from when the action was created; the cron expression %q runs at fixed clock times instead", name, strings.TrimSpace(deref(a.Schedule)), cron)
	}
	if a.StartTime != nil || a.EndTime != nil {
		l.diags.Warnf(it.P(""), "aas/schedule-window", "scheduled action %q has a start or end time; KEDA cron triggers have no validity window, so it applies indefinitely", name)
	}
	act := a.ScalableTargetAction
	if act == nil || (act.MinCapacity == nil && act.MaxCapacity == nil) {
		l.diags.Errorf(it.P("ScalableTargetAction"), "aas/missing-field", "scheduled action %q sets neither MinCapacity nor MaxCapacity", name)
		return
	}
	l.pending = append(l.pending, scheduled{it: it, ls: ls, cron: cron, min: act.MinCapacity, max: act.MaxCapacity})
}

// pairSchedules turns scheduled actions into KEDA cron triggers. AAS sets a
// new floor at a time until another action changes it; KEDA's cron trigger
// holds a replica count between a start and an end. So a "raise" action
// (MinCapacity above the target's minimum) pairs with the "restore" action
// that brings the floor back; other patterns are reported.
func (l *linker) pairSchedules() {
	byService := map[*linkedService][]scheduled{}
	var order []*linkedService
	for _, s := range l.pending {
		if _, seen := byService[s.ls]; !seen {
			order = append(order, s.ls)
		}
		byService[s.ls] = append(byService[s.ls], s)
	}
	for _, ls := range order {
		acts := byService[ls]
		sc := ls.w.Scaling
		var raises, restores []scheduled
		for _, a := range acts {
			if a.max != nil && int32(*a.max) != sc.Max {
				l.diags.Warnf(a.it.P("ScalableTargetAction.MaxCapacity"), "aas/schedule-max", "scheduled changes of MaxCapacity cannot be expressed with KEDA cron triggers; the maximum stays %d", sc.Max)
			}
			if a.min != nil && int32(*a.min) > sc.Min {
				raises = append(raises, a)
			} else {
				restores = append(restores, a)
			}
		}
		if len(raises) == 0 {
			continue
		}
		if len(restores) != 1 {
			for _, r := range raises {
				l.diags.Errorf(r.it.P("Schedule"), "aas/schedule-unpaired", "scheduled action %q raises the minimum, but there is not exactly one action that restores it (found %d); KEDA needs a start and an end", deref(r.it.V.ScheduledActionName), len(restores))
			}
			continue
		}
		end := restores[0]
		for _, r := range raises {
			tz := deref(r.it.V.Timezone)
			if etz := deref(end.it.V.Timezone); etz != tz {
				l.diags.Errorf(end.it.P("Timezone"), "aas/schedule-timezone", "scheduled actions %q and %q use different time zones", deref(r.it.V.ScheduledActionName), deref(end.it.V.ScheduledActionName))
				continue
			}
			sc.Schedules = append(sc.Schedules, ir.ScheduledScaling{
				Name: deref(r.it.V.ScheduledActionName), Start: r.cron, End: end.cron, Timezone: tz,
				Replicas: int32(*r.min), Origin: r.it.P(""),
			})
		}
	}
}

var (
	cronRE = regexp.MustCompile(`^cron\((.*)\)$`)
	rateRE = regexp.MustCompile(`^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$`)
)

// toCron converts an AWS schedule expression (cron with six fields, or
// rate) into a five-field cron expression.
func toCron(expr string) (string, string) {
	expr = strings.TrimSpace(expr)
	if m := rateRE.FindStringSubmatch(expr); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n < 1 {
			return "", "a rate must be positive"
		}
		switch strings.TrimSuffix(m[2], "s") {
		case "minute":
			if n == 1 {
				return "* * * * *", ""
			}
			if 60%n != 0 {
				return "", fmt.Sprintf("rate(%d minutes) does not divide an hour and has no cron equivalent", n)
			}
			return fmt.Sprintf("*/%d * * * *", n), ""
		case "hour":
			if 24%n != 0 {
				return "", fmt.Sprintf("rate(%d hours) does not divide a day and has no cron equivalent", n)
			}
			if n == 1 {
				return "0 * * * *", ""
			}
			return fmt.Sprintf("0 */%d * * *", n), ""
		default:
			if n == 1 {
				return "0 0 * * *", ""
			}
			return "", fmt.Sprintf("rate(%d days) has no exact cron equivalent", n)
		}
	}
	m := cronRE.FindStringSubmatch(expr)
	if m == nil {
		if strings.HasPrefix(expr, "at(") {
			return "", "one-time at(...) schedules have no cron equivalent; apply that change by hand"
		}
		return "", fmt.Sprintf("%q is not a cron(...) or rate(...) expression", expr)
	}
	f := strings.Fields(m[1])
	if len(f) != 6 {
		return "", fmt.Sprintf("AWS cron expressions have six fields, %q has %d", m[1], len(f))
	}
	if f[5] != "*" && f[5] != "?" {
		return "", "a cron expression limited to certain years has no Kubernetes equivalent"
	}
	dom, dow := f[2], f[4]
	if strings.ContainsAny(dom, "LW#") || strings.ContainsAny(dow, "L#") {
		return "", "L, W and # in cron expressions have no equivalent in standard cron"
	}
	if dom == "?" {
		dom = "*"
	}
	if dow == "?" {
		dow = "*"
	} else {
		dow = shiftDOW(dow)
	}
	return strings.Join([]string{f[0], f[1], dom, f[3], dow}, " "), ""
}

// shiftDOW renumbers days of the week: AWS counts 1-7 from Sunday, standard
// cron 0-6. Step values (the 2 of 1/2 or */2) are counts, not days, and
// stay as they are.
func shiftDOW(s string) string {
	return dowRE.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "/") {
			return m
		}
		n, _ := strconv.Atoi(m)
		return strconv.Itoa((n + 6) % 7)
	})
}

var dowRE = regexp.MustCompile(`/?\d+`)
