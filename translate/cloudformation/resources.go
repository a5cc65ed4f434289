package cloudformation

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/ecs"
	"github.com/eksport/eksport/translate/source"
)

// typeRenames are property names that differ from the CLI member's
// beyond case, per resource type.
var typeRenames = map[string]map[string]string{
	"AWS::ElasticLoadBalancingV2::TargetGroup": {"Name": "TargetGroupName"},
}

// convert turns the resources of a stack into synthetic documents for
// the ECS front-end.
func (r *run) convert(s *stack) {
	outOfScope := map[string][]string{}
	for _, res := range s.order {
		at := s.pos(res.key, "Resources."+res.id)
		if res.cond != "" {
			cn := child(res.node, "Condition")
			b, known := s.condition(res.cond, cn, "Resources."+res.id+".Condition")
			if !known {
				u := Unresolved{Name: "Condition " + res.cond, Pos: s.pos(cn, "Resources."+res.id+".Condition"),
					How: "the condition depends on a value known only at deploy time; give the parameters it reads"}
				r.report(u)
				continue
			}
			if !b {
				r.diags.Infof(at, "cloudformation/condition-false", "resource %s is skipped: its condition %s is false", res.id, res.cond)
				continue
			}
		}
		if res.typ == "" {
			r.diags.Errorf(at, "cloudformation/no-type", "resource %s has no Type", res.id)
			continue
		}
		b := &builder{r: r, s: s, res: res}
		switch res.typ {
		case "AWS::ECS::TaskDefinition":
			b.taskDefinition()
		case "AWS::ECS::Service":
			b.service()
		case "AWS::ApplicationAutoScaling::ScalableTarget":
			b.scalableTarget()
		case "AWS::ApplicationAutoScaling::ScalingPolicy":
			b.scalingPolicy()
		case "AWS::CloudWatch::Alarm":
			b.alarm()
		case "AWS::ElasticLoadBalancingV2::TargetGroup":
			b.elb("TargetGroups", reflect.TypeOf(ecs.TargetGroup{}), "TargetGroupArn")
		case "AWS::ElasticLoadBalancingV2::Listener":
			b.elb("Listeners", reflect.TypeOf(ecs.Listener{}), "ListenerArn")
		case "AWS::ElasticLoadBalancingV2::ListenerRule":
			b.elb("Rules", reflect.TypeOf(ecs.ELBRule{}), "RuleArn")
		case "AWS::Events::Rule":
			b.eventRule()
		case "AWS::Scheduler::Schedule":
			b.schedule()
		case "AWS::CloudFormation::Stack":
			if c := r.nestedOf(s, res); c != nil {
				r.convert(c)
			}
		default:
			if _, ok := Dispositions[res.typ]; ok {
				b.referenced()
				continue
			}
			outOfScope[res.typ] = append(outOfScope[res.typ], res.id)
		}
	}
	for _, t := range sortedKeys(outOfScope) {
		ids := outOfScope[t]
		first := s.res[ids[0]]
		r.diags.Infof(s.pos(first.key, "Resources."+first.id), "cloudformation/out-of-scope", "%s is out of scope for eksport (%s); not converted", t, strings.Join(ids, ", "))
	}
}

// builder makes the synthetic documents of one resource.
type builder struct {
	r   *run
	s   *stack
	res *resource
}

func (b *builder) path(rel string) string {
	p := "Resources." + b.res.id + ".Properties"
	if rel != "" {
		p += "." + rel
	}
	return p
}

// props evaluates the resource's properties.
func (b *builder) props() *yaml.Node {
	if b.res.props == nil {
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: b.res.key.Line, Column: b.res.key.Column}
	}
	v := b.s.eval(b.res.props, b.path(""))
	if v.Kind != yaml.MappingNode {
		b.r.diags.Errorf(b.s.pos(b.res.props, b.path("")), "cloudformation/bad-properties", "Properties of %s is not an object", b.res.id)
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	}
	return v
}

// shape turns evaluated properties into the CLI type t; the properties
// t has no member for are handed to the resource type's dispositions.
func (b *builder) shape(v *yaml.Node, t reflect.Type, handled ...string) *yaml.Node {
	return b.shapeAt(v, t, "", handled...)
}

// shapeAt is shape for a value at a property path (its diagnostics name
// the whole path).
func (b *builder) shapeAt(v *yaml.Node, t reflect.Type, base string, handled ...string) *yaml.Node {
	if rn := typeRenames[b.res.typ]; rn != nil {
		c := *v
		c.Content = slices.Clone(v.Content)
		for i := 0; i < len(c.Content); i += 2 {
			if n, ok := rn[c.Content[i].Value]; ok {
				k := *c.Content[i]
				k.Value = n
				c.Content[i] = &k
			}
		}
		v = &c
	}
	sh := &shaper{extra: func(p string, k, val *yaml.Node) {
		if slices.Contains(handled, p) {
			return
		}
		b.extra(p, k)
	}, unresolved: b.r.report, unres: &b.r.unres}
	return sh.shape(v, t, base)
}

// extra reports a property the CLI shape has no member for, by its row;
// one the resource type does not have is an error, as CloudFormation
// would refuse the template.
func (b *builder) extra(p string, k *yaml.Node) {
	at := b.s.pos(k, b.path(p))
	if ok, siblings := inSchema(b.res.typ, p); !ok {
		b.r.diags.Errorf(at, "cloudformation/unknown-property", "%s has no property %s%s", b.res.typ, p, suggest(k.Value, siblings))
		return
	}
	row, ok := lookupRow(b.res.typ, schemaPath(p))
	if !ok {
		b.r.diags.Warnf(at, "cloudformation/property-unknown", "%s property %s is not known to eksport; ignored", b.res.typ, p)
		return
	}
	switch row.Disp {
	case ecs.Dropped:
		b.r.diags.Warnf(at, "cloudformation/property-dropped", "%s property %s is not converted: %s", b.res.typ, p, row.Why)
	case ecs.Rejected:
		b.r.diags.Errorf(at, "cloudformation/property-unsupported", "%s property %s cannot be converted: %s", b.res.typ, p, row.Why)
	case ecs.Translated, ecs.TranslatedWarn:
		b.r.diags.Infof(at, "cloudformation/property-read", "%s property %s: %s", b.res.typ, p, row.Why)
	default:
		b.r.diags.Infof(at, "cloudformation/property-ignored", "%s property %s is not converted: %s", b.res.typ, p, row.Why)
	}
}

// set puts key: value into a mapping, replacing an existing key.
func set(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, str(key, v), v)
}

func mapping(at *yaml.Node, kv ...any) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: at.Line, Column: at.Column}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Content = append(m.Content, str(kv[i].(string), at), kv[i+1].(*yaml.Node))
	}
	return m
}

func seq(at *yaml.Node, items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: at.Line, Column: at.Column, Content: items}
}

// ensureName gives a resource the name it needs when the template leaves
// naming to CloudFormation.
func (b *builder) ensureName(m *yaml.Node, key, what string) {
	if child(m, key) != nil {
		return
	}
	name := b.s.logicalName(b.res)
	set(m, key, str(name, b.res.key))
	b.r.diags.Infof(b.s.pos(b.res.key, "Resources."+b.res.id), "cloudformation/logical-name", "%s %s has no %s (CloudFormation would make one at deploy time); eksport names it %s", what, b.res.id, key, name)
}

// emit hands a synthetic document to the ECS front-end.
func (b *builder) emit(root *yaml.Node) {
	b.r.resolveTokens(root, "")
	doc := &source.Doc{File: b.s.file, Root: root, JSON: b.s.doc.JSON}
	part, ok := ecs.Decode(doc, b.r.diags)
	// The decoded objects keep their values and positions, not the
	// synthetic tree: without this, every resource's evaluated and shaped
	// properties stayed reachable from the set until the run's end.
	doc.Release()
	if ok {
		for _, td := range part.TaskDefs {
			ecs.Prepare(td, b.r.diags, b.r.opts.Policy)
		}
	}
	b.r.set.Merge(part)
}

func (b *builder) taskDefinition() {
	m := b.shape(b.props(), reflect.TypeOf(ecs.TaskDefinition{}))
	b.ensureName(m, "family", "task definition")
	b.noteAssets(m)
	if child(m, "containerDefinitions") == nil {
		set(m, "containerDefinitions", seq(b.res.key))
	}
	b.emit(m)
}

func (b *builder) service() {
	m := b.shape(b.props(), reflect.TypeOf(ecs.Service{}))
	b.ensureName(m, "serviceName", "service")
	b.emit(m)
}

func (b *builder) scalableTarget() {
	v := b.props()
	m := b.shape(v, reflect.TypeOf(ecs.ScalableTarget{}), "ScheduledActions")
	b.emit(m)
	acts := child(v, "ScheduledActions")
	if acts == nil || acts.Kind != yaml.SequenceNode {
		return
	}
	for i, a := range acts.Content {
		sa := b.shapeAt(a, reflect.TypeOf(ecs.ScheduledAction{}), "ScheduledActions["+strconv.Itoa(i)+"]")
		for _, k := range []string{"ResourceId", "ScalableDimension", "ServiceNamespace"} {
			if n := child(m, k); n != nil {
				set(sa, k, n)
			}
		}
		if child(sa, "ScheduledActionName") == nil {
			set(sa, "ScheduledActionName", str(b.res.id, a))
		}
		b.emit(sa)
	}
}

func (b *builder) scalingPolicy() {
	v := b.props()
	m := b.shape(v, reflect.TypeOf(ecs.ScalingPolicy{}), "ScalingTargetId")
	if t := child(v, "ScalingTargetId"); t != nil {
		parts := strings.SplitN(t.Value, "|", 3)
		if len(parts) == 3 {
			for i, k := range []string{"ResourceId", "ScalableDimension", "ServiceNamespace"} {
				set(m, k, str(parts[i], t))
			}
		} else {
			b.r.diags.Errorf(b.s.pos(t, b.path("ScalingTargetId")), "cloudformation/bad-scaling-target", "ScalingTargetId should be a Ref to an AWS::ApplicationAutoScaling::ScalableTarget of the template")
		}
	}
	b.ensureName(m, "PolicyName", "scaling policy")
	set(m, "PolicyARN", str(b.s.policyARN(b.res), b.res.key))
	b.emit(m)
}

func (b *builder) alarm() {
	m := b.shape(b.props(), reflect.TypeOf(ecs.MetricAlarm{}))
	b.ensureName(m, "AlarmName", "alarm")
	// The alarm's ARN is made of its name, the region and the account,
	// all known before deploy time when the run knows the last two; the
	// ECS front-end reads them from it (an SQS queue's URL).
	if o := b.r.opts; o.Region != "" && o.AccountID != "" {
		if n := child(m, "AlarmName"); n != nil && !strings.Contains(n.Value, tokenPrefix) {
			set(m, "AlarmArn", str("arn:"+partition(o.Region)+":cloudwatch:"+o.Region+":"+o.AccountID+":alarm:"+n.Value, n))
		}
	}
	b.emit(m)
}

// elb makes a describe-* output of one load balancing object, its ARN the
// resource's identity.
func (b *builder) elb(list string, t reflect.Type, arnKey string) {
	handled := []string{}
	if b.res.typ == "AWS::ElasticLoadBalancingV2::ListenerRule" {
		handled = append(handled, "ListenerArn")
	}
	m := b.shape(b.props(), t, handled...)
	set(m, arnKey, b.s.identity(b.res, "!Ref "+b.res.id))
	b.emit(mapping(b.res.key, list, seq(b.res.key, m)))
}

func hasECSTarget(targets *yaml.Node) bool {
	if targets == nil {
		return false
	}
	if targets.Kind == yaml.MappingNode {
		return child(targets, "EcsParameters") != nil
	}
	for _, t := range targets.Content {
		if child(t, "EcsParameters") != nil {
			return true
		}
	}
	return false
}

// nameFor gives a rule or schedule without a Name the name eksport gives
// it, saying so only when the name reaches the output (an ECS target's
// CronJob): the ECS front-end names the others only in its notes.
func (b *builder) nameFor(m *yaml.Node, targets *yaml.Node, what string) {
	if hasECSTarget(targets) {
		b.ensureName(m, "Name", what)
	} else if child(m, "Name") == nil {
		set(m, "Name", str(b.s.logicalName(b.res), b.res.key))
	}
}

// eventRule hands every rule, with all its targets, to the ECS front-end,
// which says of each target that is not an ECS task that it is not
// migrated (events/not-ecs-target), as it does for the AWS CLI's and
// Terraform's forms of the same rule.
func (b *builder) eventRule() {
	v := b.props()
	targets := child(v, "Targets")
	rule := b.shape(v, reflect.TypeOf(ecs.EventRule{}), "Targets")
	b.nameFor(rule, targets, "rule")
	ts := b.shapeAt(targets, reflect.TypeOf([]ecs.Target{}), "Targets")
	b.emit(mapping(b.res.key, "Rule", rule, "Targets", ts))
}

// schedule turns an EventBridge Scheduler schedule into the create-schedule
// shape, which the ECS front-end reads as it reads get-schedule output: the
// properties are the API's members. A target that is not an ECS task is
// noted there (events/not-ecs-target).
func (b *builder) schedule() {
	v := b.props()
	m := b.shape(v, reflect.TypeOf(ecs.Schedule{}))
	b.nameFor(m, child(v, "Target"), "schedule")
	b.emit(m)
}

// referenced handles the in-scope types that make no document of their
// own (clusters, roles, secrets, file systems...): templates use them
// through Ref and Fn::GetAtt; their properties are reported by row.
func (b *builder) referenced() {
	if b.res.props == nil {
		return
	}
	p := b.res.props
	for i := 0; i+1 < len(p.Content); i += 2 {
		b.extra(p.Content[i].Value, p.Content[i])
	}
}

// resolveTokens prepares the unresolved values of a synthetic document.
// Most stay tokens, which the run reports where they reach the output (a
// value the output does not need is no error). Two kinds cannot wait:
// names, which become Kubernetes names that truncating and hashing would
// break a token in, are reported here and hold the placeholder; values
// that only link objects of the run (a service's cluster, a scaling
// target's ResourceId) hold the placeholder, the same text for every
// reference to the same value, so that they still link.
func (r *run) resolveTokens(n *yaml.Node, p string) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if (p == "Targets[]" || p == "Target") && n.Content[i].Value == "Arn" && child(n, "EcsParameters") == nil {
				// A target that is not an ECS task links nothing (only
				// an ECS target's ARN, its cluster's, does): it keeps
				// its token, which the note about it shows as the
				// value's name (ir.Readable).
				continue
			}
			r.resolveTokens(n.Content[i+1], join(p, n.Content[i].Value))
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			r.resolveTokens(c, p+"[]")
		}
	case yaml.ScalarNode:
		if !strings.Contains(n.Value, tokenPrefix) {
			return
		}
		name, link := namePaths[p], linkPaths[p]
		if !name && !link {
			return
		}
		n.Value = r.unres.replace(n.Value, func(u Unresolved) string {
			if name {
				r.report(u)
			}
			return u.Placeholder()
		})
	}
}

// namePaths are the members of the CLI shapes that name things.
var namePaths = map[string]bool{
	"family": true, "containerDefinitions[].name": true, "serviceName": true, "PolicyName": true, "AlarmName": true,
	"Rule.Name": true, "Name": true, "ScheduledActionName": true, "TargetGroups[].TargetGroupName": true,
	"loadBalancers[].containerName": true, "containerDefinitions[].dependsOn[].containerName": true,
	// The task role names the ServiceAccount's role and the trust policy's
	// file.
	"taskRoleArn": true,
	// A file system names its PersistentVolume.
	"volumes[].efsVolumeConfiguration.fileSystemId": true,
}

// linkPaths are the members of the CLI shapes that only link objects of
// the run.
var linkPaths = map[string]bool{
	"cluster": true, "ResourceId": true, "Targets[].Arn": true, "Target.Arn": true,
	// Ref of a task definition is its family, by which services and
	// scheduled tasks find it.
	"taskDefinition": true, "Targets[].EcsParameters.TaskDefinitionArn": true, "Target.EcsParameters.TaskDefinitionArn": true,
}

// report reports an unresolved value once, now.
func (r *run) report(u Unresolved) {
	if r.reported[u] {
		return
	}
	r.reported[u] = true
	u.Report(r.diags, r.opts.Placeholders)
}

// noteAssets says which container images are CDK assets: images cdk
// deploy builds from a folder of the app and pushes to the bootstrap
// repository, which exist there only once deployed.
func (b *builder) noteAssets(td *yaml.Node) {
	if len(b.r.assets) == 0 {
		return
	}
	cds := child(td, "containerDefinitions")
	if cds == nil {
		return
	}
	for i, c := range cds.Content {
		img := child(c, "image")
		if img == nil {
			continue
		}
		_, tag, ok := strings.Cut(img.Value[strings.LastIndexByte(img.Value, '/')+1:], ":")
		a, isAsset := b.r.assets[tag]
		if !ok || !isAsset {
			continue
		}
		d := b.r.diags.Infof(b.s.pos(img, b.path("ContainerDefinitions["+strconv.Itoa(i)+"].Image")), "cloudformation/cdk-asset",
			"the image is a CDK asset built from %s; it is in the bootstrap repository once cdk deploy (or cdk-assets publish) has pushed it", a.dir)
		d.Notes = append(d.Notes, "the asset is listed at "+a.at.String())
	}
}
