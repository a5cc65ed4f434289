package lower

import (
	"fmt"
	"math"
	"strconv"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/translate/ir"
)

// scaling returns the workload's autoscaler: an HPA, or a KEDA ScaledObject
// with its TriggerAuthentication. The autoscaling rule has already chosen
// the engine; never both for one workload.
func scaling(w *ir.Workload, opts Options) []emit.Object {
	s := w.Scaling
	if s == nil || (w.Kind != ir.Deployment && w.Kind != "") {
		return nil
	}
	ns := namespace(w, opts)
	switch s.Engine {
	case ir.HPA:
		return []emit.Object{{APIVersion: "autoscaling/v2", Kind: "HorizontalPodAutoscaler", Namespace: ns, Name: w.Name, Value: hpa(w, opts), Origin: s.Origin}}
	case ir.KEDA:
		return keda(w, opts)
	}
	return nil
}

func behavior(s *ir.Scaling) *autoscalingv2.HorizontalPodAutoscalerBehavior {
	var b autoscalingv2.HorizontalPodAutoscalerBehavior
	set := false
	for _, t := range s.Targets {
		if t.DisableScaleIn {
			b.ScaleDown = &autoscalingv2.HPAScalingRules{SelectPolicy: ptr(autoscalingv2.DisabledPolicySelect)}
			set = true
			break
		}
	}
	if b.ScaleDown == nil {
		// The longest scale-in cooldown wins: scaling in is the cautious
		// direction, as on AWS where all policies must agree to scale in.
		var win *int32
		for _, t := range s.Targets {
			if t.ScaleInCooldown != nil && (win == nil || *t.ScaleInCooldown > *win) {
				win = t.ScaleInCooldown
			}
		}
		// A step scaling policy that removes tasks waits its cooldown
		// between scale-in activities.
		for _, st := range s.Steps {
			if st.ScaleIn && st.Cooldown != nil && (win == nil || *st.Cooldown > *win) {
				win = st.Cooldown
			}
		}
		if win != nil {
			b.ScaleDown = &autoscalingv2.HPAScalingRules{StabilizationWindowSeconds: ptr(min(*win, 3600))}
			set = true
		}
	}
	if !set {
		return nil
	}
	return &b
}

func hpa(w *ir.Workload, opts Options) *autoscalingv2.HorizontalPodAutoscaler {
	s := w.Scaling
	h := &autoscalingv2.HorizontalPodAutoscaler{
		TypeMeta:   metav1.TypeMeta{APIVersion: "autoscaling/v2", Kind: "HorizontalPodAutoscaler"},
		ObjectMeta: meta(w, opts, w.Name),
		Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: w.Name},
			MinReplicas:    ptr(s.Min),
			MaxReplicas:    s.Max,
			Behavior:       behavior(s),
		},
	}
	for _, t := range s.Targets {
		name := corev1.ResourceCPU
		if t.Metric == ir.MemoryUtilization {
			name = corev1.ResourceMemory
		}
		h.Spec.Metrics = append(h.Spec.Metrics, autoscalingv2.MetricSpec{
			Type: autoscalingv2.ResourceMetricSourceType,
			Resource: &autoscalingv2.ResourceMetricSource{Name: name, Target: autoscalingv2.MetricTarget{
				Type: autoscalingv2.UtilizationMetricType, AverageUtilization: ptr(int32(math.Round(t.Target))),
			}},
		})
	}
	return h
}

// number renders a float the way KEDA's metadata strings expect it.
func number(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func keda(w *ir.Workload, opts Options) []emit.Object {
	s := w.Scaling
	ns := namespace(w, opts)
	auth := w.Name
	needsAuth := false
	var triggers []any
	for _, t := range s.Targets {
		switch t.Metric {
		case ir.CPUUtilization, ir.MemoryUtilization:
			triggers = append(triggers, map[string]any{
				"type":       string(t.Metric),
				"metricType": "Utilization",
				"metadata":   map[string]any{"value": strconv.Itoa(int(math.Round(t.Target)))},
			})
		case ir.ALBRequests, ir.CloudWatchValue:
			triggers = append(triggers, cloudWatchTrigger(t.CloudWatch, t.Target, s.Region, auth, "Value"))
			needsAuth = true
		}
	}
	for _, st := range s.Steps {
		if st.ScaleIn {
			continue
		}
		if st.QueueURL != "" {
			triggers = append(triggers, map[string]any{
				"type":              "aws-sqs-queue",
				"authenticationRef": map[string]any{"name": auth},
				"metadata": map[string]any{
					"queueURL":    st.QueueURL,
					"queueLength": number(math.Max(1, math.Ceil(st.Threshold))),
					"awsRegion":   s.Region,
					// The alarm watched the visible messages only; KEDA
					// adds the in-flight ones unless told not to.
					"scaleOnInFlight": "false",
				},
			})
		} else {
			triggers = append(triggers, cloudWatchTrigger(st.Metric, st.Threshold, s.Region, auth, "Value"))
		}
		needsAuth = true
	}
	for _, sc := range s.Schedules {
		md := map[string]any{"start": sc.Start, "end": sc.End, "desiredReplicas": strconv.Itoa(int(sc.Replicas))}
		md["timezone"] = sc.Timezone
		if sc.Timezone == "" {
			md["timezone"] = "Etc/UTC"
		}
		triggers = append(triggers, map[string]any{"type": "cron", "metadata": md})
	}
	spec := map[string]any{
		"scaleTargetRef":  map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "name": w.Name},
		"minReplicaCount": int64(s.Min),
		"maxReplicaCount": int64(s.Max),
		"triggers":        triggers,
	}
	if b := behavior(s); b != nil {
		bm := map[string]any{}
		if b.ScaleDown != nil {
			sd := map[string]any{}
			if b.ScaleDown.StabilizationWindowSeconds != nil {
				sd["stabilizationWindowSeconds"] = int64(*b.ScaleDown.StabilizationWindowSeconds)
			}
			if b.ScaleDown.SelectPolicy != nil {
				sd["selectPolicy"] = string(*b.ScaleDown.SelectPolicy)
			}
			bm["scaleDown"] = sd
		}
		spec["advanced"] = map[string]any{"horizontalPodAutoscalerConfig": map[string]any{"behavior": bm}}
	}
	m := meta(w, opts, w.Name)
	objs := []emit.Object{{APIVersion: "keda.sh/v1alpha1", Kind: "ScaledObject", Namespace: ns, Name: w.Name, Origin: s.Origin, Value: map[string]any{
		"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject", "metadata": metaMap(m), "spec": spec,
	}}}
	if needsAuth {
		objs = append(objs, emit.Object{APIVersion: "keda.sh/v1alpha1", Kind: "TriggerAuthentication", Namespace: ns, Name: auth, Origin: s.Origin, Value: map[string]any{
			"apiVersion": "keda.sh/v1alpha1", "kind": "TriggerAuthentication", "metadata": metaMap(meta(w, opts, auth)),
			// The scaler reads AWS with the workload's own identity (its
			// IRSA or Pod Identity service account), not KEDA's.
			"spec": map[string]any{"podIdentity": map[string]any{"provider": "aws", "identityOwner": "workload"}},
		}})
	}
	return objs
}

func cloudWatchTrigger(m *ir.CloudWatchMetric, target float64, region, auth, metricType string) map[string]any {
	md := map[string]any{
		"namespace":         m.Namespace,
		"metricName":        m.Name,
		"targetMetricValue": number(target),
		// The value used when CloudWatch returns no datapoint (no requests,
		// an empty queue); some KEDA versions require it.
		"minMetricValue": "0",
		"awsRegion":      region,
	}
	if m.Statistic != "" {
		md["metricStat"] = m.Statistic
	}
	if m.Period > 0 {
		md["metricStatPeriod"] = strconv.Itoa(int(m.Period))
		// KEDA reads the latest datapoint within metricCollectionTime,
		// which must be a multiple of the period (default 300 s): cover
		// at least two periods and five minutes, as CloudWatch lags.
		n := max(2, (300+int(m.Period)-1)/int(m.Period))
		md["metricCollectionTime"] = strconv.Itoa(n * int(m.Period))
	}
	if m.Unit != "" {
		md["metricUnit"] = m.Unit
	}
	if len(m.Dimensions) > 0 {
		var names, values []string
		for _, d := range m.Dimensions {
			names = append(names, d.Name)
			values = append(values, d.Value)
		}
		md["dimensionName"] = join(names)
		md["dimensionValue"] = join(values)
	} else {
		// KEDA needs dimensions unless it is given a Metrics Insights
		// query; SCHEMA with no dimension keys selects exactly the metric
		// published without dimensions.
		fn := map[string]string{"Average": "AVG", "Sum": "SUM", "Maximum": "MAX", "Minimum": "MIN", "SampleCount": "COUNT"}[m.Statistic]
		if fn == "" {
			fn = "AVG"
		}
		md["expression"] = fmt.Sprintf("SELECT %s(%s) FROM SCHEMA(%s)", fn, strconv.Quote(m.Name), strconv.Quote(m.Namespace))
		delete(md, "namespace")
		delete(md, "metricUnit")
	}
	return map[string]any{
		"type":              "aws-cloudwatch",
		"metricType":        metricType,
		"authenticationRef": map[string]any{"name": auth},
		"metadata":          md,
	}
}

func join(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += ";"
		}
		out += v
	}
	return out
}
