package ecs

import (
	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/source"
)

// Item is one decoded object of a known shape inside a document, with the
// decoder that remembers where its fields were.
type Item[T any] struct {
	V   *T
	Dec *source.Decoder
	// Base is the object's concrete path inside the document
	// ("services[1]"), empty when the object is the document.
	Base string
}

// P returns the position of a path relative to the object.
func (it *Item[T]) P(rel string) diag.Pos {
	switch {
	case it.Base == "":
		return it.Dec.Pos(rel)
	case rel == "":
		return it.Dec.Pos(it.Base)
	}
	return it.Dec.Pos(it.Base + "." + rel)
}

// Set gathers every ECS, Application Auto Scaling, CloudWatch and ELBv2
// object of a run, so that references between files can be resolved.
type Set struct {
	TaskDefs     []*Input
	Services     []*Item[Service]
	Targets      []*Item[ScalableTarget]
	Policies     []*Item[ScalingPolicy]
	Actions      []*Item[ScheduledAction]
	Alarms       []*Item[MetricAlarm]
	TargetGroups []*Item[TargetGroup]
	Listeners    []*Item[Listener]
	ELBRules     []*Item[ELBRule]
	EventRules   []*Item[EventRule]
	EventTargets []*EventTarget
	Schedules    []*Item[Schedule]
}

// EventTarget is an EventBridge target with the name of its rule ("" when
// the input did not say).
type EventTarget struct {
	Rule string
	*Item[Target]
}

// Add detects what a document is and decodes it into the set. It returns
// false, with an error diagnostic, for documents it does not know.
func (s *Set) Add(doc *source.Doc, diags *diag.List) bool {
	root := doc.Root
	switch {
	case root.Kind == yaml.MappingNode && hasAny(root, "services") && seqUnder(root, "services"):
		var out DescribeServicesOutput
		dec := s.decode(doc, diags, "ecs", &out)
		report(dec, diags, ServiceTable, "services[]")
		s.Services = append(s.Services, items(out.Services, dec, "services")...)
		for i, f := range out.Failures {
			diags.Warnf(dec.Pos(index("failures", i)), "ecs/describe-failure", "describe-services reported a failure for %s: %s", deref(f.Arn), deref(f.Reason))
		}
	case root.Kind == yaml.MappingNode && hasAny(root, "service") && mapUnder(root, "service"):
		var out struct {
			Service *Service `json:"service"`
		}
		dec := s.decode(doc, diags, "ecs", &out)
		report(dec, diags, ServiceTable, "service")
		if out.Service != nil {
			s.Services = append(s.Services, &Item[Service]{V: out.Service, Dec: dec, Base: "service"})
		}
	case root.Kind == yaml.MappingNode && looksLikeService(root):
		var svc Service
		dec := s.decode(doc, diags, "ecs", &svc)
		report(dec, diags, ServiceTable, "")
		s.Services = append(s.Services, &Item[Service]{V: &svc, Dec: dec})
	case hasAny(root, "ScalableTargets", "ScalingPolicies", "ScheduledActions"):
		// One document may hold several describe outputs merged (people
		// keep one file per service): each list is read with its own table.
		var out describeAASOutputs
		dec := s.decode(doc, diags, "aas", &out)
		ReportFields(ScalableTargetTable, dec.Seen, "ScalableTargets[]", diags)
		ReportFields(ScalingPolicyTable, dec.Seen, "ScalingPolicies[]", diags)
		report(dec, diags, ScheduledActionTable, "ScheduledActions[]")
		s.Targets = append(s.Targets, items(out.ScalableTargets, dec, "ScalableTargets")...)
		s.Policies = append(s.Policies, items(out.ScalingPolicies, dec, "ScalingPolicies")...)
		s.Actions = append(s.Actions, items(out.ScheduledActions, dec, "ScheduledActions")...)
	case hasAny(root, "PolicyName"):
		var p ScalingPolicy
		dec := s.decode(doc, diags, "aas", &p)
		report(dec, diags, ScalingPolicyTable, "")
		s.Policies = append(s.Policies, &Item[ScalingPolicy]{V: &p, Dec: dec})
	case hasAny(root, "ScheduledActionName"):
		var a ScheduledAction
		dec := s.decode(doc, diags, "aas", &a)
		report(dec, diags, ScheduledActionTable, "")
		s.Actions = append(s.Actions, &Item[ScheduledAction]{V: &a, Dec: dec})
	case hasAny(root, "ResourceId") && hasAny(root, "MinCapacity", "MaxCapacity", "ScalableDimension"):
		var t ScalableTarget
		dec := s.decode(doc, diags, "aas", &t)
		report(dec, diags, ScalableTargetTable, "")
		s.Targets = append(s.Targets, &Item[ScalableTarget]{V: &t, Dec: dec})
	case hasAny(root, "MetricAlarms", "CompositeAlarms"):
		var out DescribeAlarmsOutput
		dec := s.decode(doc, diags, "cloudwatch", &out)
		report(dec, diags, MetricAlarmTable, "MetricAlarms[]")
		s.Alarms = append(s.Alarms, items(out.MetricAlarms, dec, "MetricAlarms")...)
		for i := range out.CompositeAlarms {
			diags.Warnf(dec.Pos(index("CompositeAlarms", i)), "cloudwatch/composite-alarm", "composite alarms cannot drive autoscaling triggers; ignored")
		}
	case hasAny(root, "AlarmName"):
		var a MetricAlarm
		dec := s.decode(doc, diags, "cloudwatch", &a)
		report(dec, diags, MetricAlarmTable, "")
		s.Alarms = append(s.Alarms, &Item[MetricAlarm]{V: &a, Dec: dec})
	case hasAny(root, "TargetGroups"):
		var out DescribeTargetGroupsOutput
		dec := s.decode(doc, diags, "elbv2", &out)
		report(dec, diags, TargetGroupTable, "TargetGroups[]")
		s.TargetGroups = append(s.TargetGroups, items(out.TargetGroups, dec, "TargetGroups")...)
	case hasAny(root, "Listeners"):
		var out DescribeListenersOutput
		dec := s.decode(doc, diags, "elbv2", &out)
		report(dec, diags, ListenerTable, "Listeners[]")
		s.Listeners = append(s.Listeners, items(out.Listeners, dec, "Listeners")...)
	case hasAny(root, "Rules") && firstHas(root, "Rules", "RuleArn", "Conditions", "Actions"):
		var out DescribeRulesOutput
		dec := s.decode(doc, diags, "elbv2", &out)
		report(dec, diags, ELBRuleTable, "Rules[]")
		s.ELBRules = append(s.ELBRules, items(out.Rules, dec, "Rules")...)
	case hasAny(root, "Targets") && mapUnder(root, "Rule"):
		var f ScheduledTaskFile
		dec := s.decode(doc, diags, "events", &f)
		ReportFields(EventRuleTable, dec.Seen, "Rule", diags) // before report releases them
		report(dec, diags, EventTargetTable, "Targets[]")
		rule := ""
		if f.Rule != nil {
			rule = deref(f.Rule.Name)
			s.EventRules = append(s.EventRules, &Item[EventRule]{V: f.Rule, Dec: dec, Base: "Rule"})
		}
		s.addTargets(rule, f.Targets, dec)
	case hasAny(root, "Targets"):
		var in PutTargetsInput
		dec := s.decode(doc, diags, "events", &in)
		report(dec, diags, EventTargetTable, "Targets[]")
		s.addTargets(deref(in.Rule), in.Targets, dec)
	case hasAny(root, "Rules"):
		var out ListRulesOutput
		dec := s.decode(doc, diags, "events", &out)
		report(dec, diags, EventRuleTable, "Rules[]")
		s.EventRules = append(s.EventRules, items(out.Rules, dec, "Rules")...)
	case hasAny(root, "ScheduleExpression") && mapUnder(root, "Target"):
		// An EventBridge Scheduler schedule: get-schedule output (which
		// eksport import writes), create-schedule input, or what the
		// CloudFormation and Terraform front-ends make of theirs.
		var sc Schedule
		dec := s.decode(doc, diags, "events", &sc)
		report(dec, diags, ScheduleTable, "")
		s.Schedules = append(s.Schedules, &Item[Schedule]{V: &sc, Dec: dec})
	case mapUnder(root, "Service") && hasAny(child(root, "Service"), "DnsConfig", "NamespaceId", "HealthCheckCustomConfig"):
		// A Cloud Map service (servicediscovery get-service output), which
		// eksport import writes beside the ECS services that register in it.
		name := ""
		if n := child(child(root, "Service"), "Name"); n != nil {
			name = n.Value
		}
		diags.Warnf(doc.Pos(root, "Service"), "cloudmap/not-translated", "Cloud Map service %q is left as it is: the workloads registered in it get a Kubernetes Service, and its pods are no longer registered in Cloud Map (keep the name with ExternalDNS or the Cloud Map MCS controller)", name)
	case hasAny(root, "ScheduleExpression", "EventPattern") && hasAny(root, "Name"):
		var r EventRule
		dec := s.decode(doc, diags, "events", &r)
		report(dec, diags, EventRuleTable, "")
		s.EventRules = append(s.EventRules, &Item[EventRule]{V: &r, Dec: dec})
	default:
		shape, what := Detect(doc)
		if shape == Unknown {
			diags.Errorf(doc.Pos(doc.Root, ""), "input/unknown-shape", "eksport does not know this input: it looks like %s", what)
			return false
		}
		in, ok := Read(doc, shape, diags)
		if in == nil {
			return false
		}
		// With decoding errors the input is kept: whether they stop the
		// workload is the run's policy's to say (a lowered error drops
		// only its field), and Prepare asks it.
		s.TaskDefs = append(s.TaskDefs, in)
		return ok
	}
	return true
}

func (s *Set) decode(doc *source.Doc, diags *diag.List, code string, v any) *source.Decoder {
	dec := source.NewDecoder(doc, diags, code)
	dec.Decode(doc.Root, "", "", v)
	return dec
}

// report reports the present fields of a decoded document against the
// table of the shape at base, then releases them: the decoder is kept for
// positions until the run's diagnostics are written, and its list of
// fields is needed no longer.
func report(dec *source.Decoder, diags *diag.List, table *Table, base string) {
	ReportFields(table, dec.Seen, base, diags)
	dec.Seen = nil
}

func index(name string, i int) string {
	return name + "[" + itoa(i) + "]"
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func child(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func seqUnder(n *yaml.Node, key string) bool {
	c := child(n, key)
	return c != nil && c.Kind == yaml.SequenceNode
}

func mapUnder(n *yaml.Node, key string) bool {
	c := child(n, key)
	return c != nil && c.Kind == yaml.MappingNode
}

func firstHas(n *yaml.Node, key string, fields ...string) bool {
	c := child(n, key)
	if c == nil || c.Kind != yaml.SequenceNode || len(c.Content) == 0 {
		return false
	}
	return hasAny(c.Content[0], fields...)
}

func (s *Set) addTargets(rule string, targets []Target, dec *source.Decoder) {
	for i := range targets {
		s.EventTargets = append(s.EventTargets, &EventTarget{Rule: rule, Item: &Item[Target]{V: &targets[i], Dec: dec, Base: index("Targets", i)}})
	}
}

// looksLikeService recognises create-service input, also the fragments
// tools such as ecspresso keep (which leave serviceName and taskDefinition
// to their own configuration): a service's own members, or a taskDefinition
// given as a reference rather than a describe-task-definition object.
func looksLikeService(n *yaml.Node) bool {
	if hasAny(n, "serviceName", "schedulingStrategy", "desiredCount", "loadBalancers", "deploymentConfiguration", "serviceRegistries", "deploymentController", "capacityProviderStrategy", "healthCheckGracePeriodSeconds") {
		return !hasAny(n, "containerDefinitions")
	}
	if td := child(n, "taskDefinition"); td != nil && td.Kind == yaml.ScalarNode {
		return true
	}
	return hasAny(n, "launchType") && hasAny(n, "networkConfiguration") && !hasAny(n, "containerDefinitions")
}

// items wraps every element of a decoded list, remembering its path
// (name[i]) for positions.
func items[T any](list []T, dec *source.Decoder, name string) []*Item[T] {
	out := make([]*Item[T], len(list))
	for i := range list {
		out[i] = &Item[T]{V: &list[i], Dec: dec, Base: index(name, i)}
	}
	return out
}
