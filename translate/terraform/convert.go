package terraform

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/ir"
	"github.com/eksport/eksport/translate/source"
)

// computed returns the attributes of an instance that Terraform computes
// but eksport can know from its arguments and the configuration's account
// and region: the ARNs and ids other resources use to refer to it.
func (m *module) computed(res *resource, inst *instance) map[string]cty.Value {
	return m.run.computedAttrs(res.typ, inst.addr, inst.obj, res.block.DefRange, m.region, m.account)
}

// computedAttrs is computed for a resource of type typ at address addr,
// declared at def.
func (r *run) computedAttrs(typ, addr string, o *obj, def hcl.Range, region, account cty.Value) map[string]cty.Value {
	cat := func(parts ...cty.Value) cty.Value {
		var b strings.Builder
		for _, p := range parts {
			// Only a string is used, which holds no nested marks: its own
			// are all there is to take off (UnmarkDeep walked it and made
			// a set of marks).
			un, _ := p.Unmark()
			if !un.IsKnown() || un.IsNull() || un.Type() != cty.String {
				return cty.DynamicVal
			}
			b.WriteString(un.AsString())
		}
		return cty.StringVal(b.String())
	}
	s := cty.StringVal
	name := cty.NilVal
	if a := o.attrs["name"]; a != nil {
		name = a.v
	}
	switch {
	case name != cty.NilVal:
	case typ == "aws_ecs_task_definition":
		// Nothing below reads a task definition's name (it has none):
		// no token is made, but the run is told one was, as before.
		r.unresolved = true
	default:
		name = r.token(ir.Unresolved{Name: addr + ".name", Pos: rangePos(def), How: "give the resource a name (name_prefix makes one at apply time)"})
	}
	// The account and region tokens point at the resource that needs them.
	if isToken(region) {
		region = r.token(ir.Unresolved{Name: "provider.aws.region", Pos: rangePos(def), How: "set region in the aws provider block, or region in the configuration file"})
	}
	if isToken(account) {
		account = r.token(ir.Unresolved{Name: "the AWS account id", Pos: rangePos(def), How: "set cluster.accountId in the configuration file"})
	}
	regional := func(service string, rest ...cty.Value) cty.Value {
		return cat(append([]cty.Value{s("arn:aws:" + service + ":"), region, s(":"), account, s(":")}, rest...)...)
	}
	out := map[string]cty.Value{}
	switch typ {
	case "aws_ecs_task_definition":
		fam := cty.NilVal
		if a := o.attrs["family"]; a != nil {
			fam = a.v
		}
		if fam != cty.NilVal {
			out["arn"] = regional("ecs", s("task-definition/"), fam)
			out["arn_without_revision"] = out["arn"]
			out["id"] = fam
		}
	case "aws_ecs_cluster":
		out["arn"] = regional("ecs", s("cluster/"), name)
		out["id"] = out["arn"]
	case "aws_ecs_service":
		out["id"] = regional("ecs", s("service/"), name)
	case "aws_lb_target_group", "aws_alb_target_group", "aws_lb", "aws_alb", "aws_lb_listener", "aws_alb_listener":
		// Load balancer ARNs end in an id AWS makes at creation, and a
		// TargetGroupBinding names the target group by its ARN: one
		// token per resource, the same wherever it is read, so that
		// references still link.
		t := r.token(ir.Unresolved{Name: strings.ReplaceAll(addr, "\"", "") + ".arn", Pos: rangePos(def),
			How: "it is made when the resource is created: convert a plan or state of the applied configuration (terraform show -json), or pass the ARN in a variable"})
		out["arn"], out["id"] = t, t
	case "aws_iam_role":
		p := s("/")
		if a := o.attrs["path"]; a != nil {
			p = a.v
		}
		out["arn"] = cat(s("arn:aws:iam::"), account, s(":role"), p, name)
		out["id"] = name
		out["name"] = name
	case "aws_appautoscaling_policy":
		// As AWS writes it, with the address where AWS puts an id:
		// alarms name the policy by the resource and the policy name.
		ns, rid := cty.StringVal("ecs"), cty.StringVal("")
		if a := o.attrs["service_namespace"]; a != nil {
			ns = a.v
		}
		if a := o.attrs["resource_id"]; a != nil {
			rid = a.v
		}
		out["arn"] = regional("autoscaling", s("scalingPolicy:"+strings.ReplaceAll(addr, "\"", "")+":resource/"), ns, s("/"), rid, s(":policyName/"), name)
	case "aws_cloudwatch_event_rule":
		out["arn"] = regional("events", s("rule/"), name)
		out["id"] = name
	case "aws_secretsmanager_secret":
		out["arn"] = regional("secretsmanager", s("secret:"), name)
		out["id"] = out["arn"]
	case "aws_ssm_parameter":
		if n := o.str("name"); n != "" {
			out["arn"] = regional("ssm", s("parameter/"+strings.TrimPrefix(n, "/")))
		}
	case "aws_cloudwatch_log_group":
		out["arn"] = regional("logs", s("log-group:"), name)
		out["id"] = name
	case "aws_service_discovery_service":
		out["arn"] = regional("servicediscovery", s("service/"+strings.ReplaceAll(addr, "\"", "")))
	}
	for k, v := range out {
		if v == cty.DynamicVal || v == cty.NilVal {
			delete(out, k)
		}
	}
	return out
}

// nodes builds the yaml.Node tree of a synthetic document.
type nodes struct {
	r    *run
	addr string
	// arn is the ARN of the object being built, as references see it.
	arn func() (cty.Value, bool)
}

func scalar(tag, value string, rng hcl.Range) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value, Line: rng.Start.Line, Column: rng.Start.Column}
}

func mapping(rng hcl.Range) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: rng.Start.Line, Column: rng.Start.Column}
}

func seq(rng hcl.Range) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: rng.Start.Line, Column: rng.Start.Column}
}

func put(m *yaml.Node, key string, v *yaml.Node) {
	if v == nil {
		return
	}
	m.Content = append(m.Content, scalar("!!str", key, hcl.Range{Start: hcl.Pos{Line: v.Line, Column: v.Column}}), v)
}

// value converts an evaluated value into nodes, all at rng. An unknown
// value becomes the token of the unresolved value behind it; a null is
// left out (nil).
func (n *nodes) value(v cty.Value, rng hcl.Range, what string) *yaml.Node {
	v, marks := v.Unmark()
	if v.IsNull() {
		return nil
	}
	if !v.IsKnown() {
		var us []ir.Unresolved
		for mk := range marks {
			if u, ok := mk.(ir.Unresolved); ok {
				us = append(us, u)
			}
		}
		slices.SortFunc(us, func(a, b ir.Unresolved) int { return strings.Compare(a.Name, b.Name) })
		u := ir.Unresolved{Name: what, Pos: rangePos(rng)}
		if len(us) > 0 {
			u = us[0]
			u.Pos = rangePos(rng)
		}
		n.r.unresolved = true
		return scalar("!!str", u.Token(), rng)
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return scalar("!!str", v.AsString(), rng)
	case ty == cty.Bool:
		if v.True() {
			return scalar("!!bool", "true", rng)
		}
		return scalar("!!bool", "false", rng)
	case ty == cty.Number:
		bf := v.AsBigFloat()
		if bf.IsInt() {
			i, _ := bf.Int(nil)
			return scalar("!!int", i.String(), rng)
		}
		return scalar("!!float", bf.Text('g', -1), rng)
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		s := seq(rng)
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if c := n.value(e, rng, what); c != nil {
				s.Content = append(s.Content, c)
			} else {
				s.Content = append(s.Content, scalar("!!null", "null", rng))
			}
		}
		return s
	case ty.IsMapType() || ty.IsObjectType():
		mp := mapping(rng)
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			put(mp, k.AsString(), n.value(e, rng, what))
		}
		return mp
	}
	return nil
}

// newDoc makes the synthetic document of one resource instance: in the
// file of the resource, one document index per resource of the file.
func (r *run) newDoc(at hcl.Range, root *yaml.Node) *source.Doc {
	if root.Line == 0 {
		root.Line, root.Column = at.Start.Line, at.Start.Column
	}
	r.noteNames(collectNames(root))
	canonicalLinks(root)
	return r.addDoc(at, root)
}

// addDoc adds a document whose tree is done, at the next index of its
// file.
func (r *run) addDoc(at hcl.Range, root *yaml.Node) *source.Doc {
	file := at.Filename
	i := r.docIndex[file]
	r.docIndex[file] = i + 1
	d := &source.Doc{File: file, Index: i, Root: root}
	r.docs = append(r.docs, d)
	return d
}

// build makes the trees of a resource's documents, once the arguments
// evaluation left pending are evaluated, with what the order of documents
// does not change: r is the resource's own (its diagnostics, and whether
// an unresolved value was made), so that resources are made on every core.
// The converter then adds the documents in order (converter.work); a type
// eksport does not translate gives the key of its out-of-scope line.
func (r *run) build(m *module, res *resource) madeTrees {
	var out madeTrees
	t := tables[res.typ]
	if t == nil {
		out.outOfScope = m.dir + "\x00" + res.typ
		return out
	}
	for _, inst := range res.instances {
		finishInstance(inst, &r.diags)
		n := &nodes{r: r, addr: inst.addr, arn: func() (cty.Value, bool) {
			v, ok := r.computedAttrs(res.typ, inst.addr, inst.obj, res.block.DefRange, m.region, m.account)["arn"]
			return v, ok
		}}
		n.check(t, inst.obj, "", res.typ)
		if t.build == nil {
			continue
		}
		root := t.build(n, inst.obj)
		if root == nil {
			continue
		}
		if root.Line == 0 {
			root.Line, root.Column = res.block.DefRange.Start.Line, res.block.DefRange.Start.Column
		}
		// Names are read before links are made canonical.
		out.names = append(out.names, collectNames(root))
		canonicalLinks(root)
		out.roots = append(out.roots, root)
	}
	return out
}

// check reports the arguments and blocks of an instance by their rows:
// warned, rejected and unknown ones.
func (n *nodes) check(t *table, o *obj, prefix, typ string) {
	diags := &n.r.diags
	names := make([]string, 0, len(o.attrs)+len(o.blocks))
	for k := range o.attrs {
		names = append(names, k)
	}
	for k := range o.blocks {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		path := prefix + k
		var at hcl.Range
		if a := o.attrs[k]; a != nil {
			at = a.rng
			if a.v.IsNull() {
				continue
			}
		} else {
			at = o.blocks[k][0].rng
		}
		row, ok := t.rows[path]
		if !ok {
			if blocks := o.blocks[k]; len(blocks) > 0 && t.hasUnder(path) {
				for _, b := range blocks {
					n.check(t, b, path+".", typ)
				}
				continue
			}
			if a := o.attrs[k]; a != nil && t.hasUnder(path) {
				continue // a JSON block, read as a whole
			}
			diags.Warnf(rangePos(at), "terraform/unknown-argument", "%s: %s is not an argument eksport knows for %s; ignored", n.addr, path, typ)
			continue
		}
		switch row.Disp {
		case Rejected:
			d := diags.Errorf(rangePos(at), "terraform/argument-unsupported", "%s: %s: %s", n.addr, path, row.Why)
			d.Pos.Path = path
		case Dropped:
			d := diags.Warnf(rangePos(at), "terraform/argument-dropped", "%s: %s is dropped: %s", n.addr, path, row.Why)
			d.Pos.Path = path
		case OutOfScope:
			diags.Infof(rangePos(at), "terraform/not-translated", "%s: %s is not translated: %s", n.addr, path, row.Why)
		}
		if blocks := o.blocks[k]; len(blocks) > 0 && t.hasUnder(path) {
			for _, b := range blocks {
				n.check(t, b, path+".", typ)
			}
		}
	}
}

// namedToken is an unresolved value a name holds.
type namedToken = ir.Unresolved

// collectNames lists the tokens of names that exist only at apply time,
// in the order they are found: a family, a service or a container name
// becomes a Kubernetes name, where a token would not survive. noteNames
// records them, and finishNames reports them.
func collectNames(root *yaml.Node) []namedToken {
	var out []namedToken
	note := func(n *yaml.Node) {
		if n == nil || n.Kind != yaml.ScalarNode || !ir.HasUnresolved(n.Value) {
			return
		}
		ir.ReplaceUnresolved(n.Value, func(u ir.Unresolved) string {
			out = append(out, u)
			return ""
		})
	}
	if root.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i].Value, root.Content[i+1]
		switch k {
		case "family", "serviceName":
			note(v)
		case "containerDefinitions":
			if v.Kind == yaml.SequenceNode {
				for _, c := range v.Content {
					if c.Kind == yaml.MappingNode {
						for j := 0; j+1 < len(c.Content); j += 2 {
							if c.Content[j].Value == "name" {
								note(c.Content[j+1])
							}
						}
					}
				}
			}
		}
	}
	return out
}

// noteNames records name tokens, each once.
func (r *run) noteNames(us []namedToken) {
	for _, u := range us {
		t := u.Token()
		if !r.nameSeen[t] {
			r.nameSeen[t] = true
			r.nameTokens = append(r.nameTokens, u)
		}
	}
}

// finishNames reports each name token once: an error, or with
// placeholders a warning, and then the token becomes the placeholder in
// every value of every document, so that references still link.
func (r *run) finishNames() {
	if len(r.nameTokens) == 0 {
		return
	}
	repl := map[string]string{}
	for _, u := range r.nameTokens {
		u.Report(&r.diags, r.opts.Placeholders)
		repl[canonical(u).Token()] = strings.ToLower(strings.NewReplacer("_", "-", ".", "-").Replace(u.Placeholder()))
	}
	if !r.opts.Placeholders {
		return // the run stops; the links still hold the tokens
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && ir.HasUnresolved(n.Value) {
			n.Value = ir.ReplaceUnresolved(n.Value, func(u ir.Unresolved) string {
				if p, ok := repl[canonical(u).Token()]; ok {
					return p
				}
				return u.Token()
			})
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	for _, d := range r.docs {
		walk(d.Root)
	}
}

// canonical is an unresolved value as links compare it: at its
// declaration rather than where it is read, so that two references to
// the same variable make the same string.
func canonical(u ir.Unresolved) ir.Unresolved {
	if u.Defined.File != "" {
		u.Pos = u.Defined
	}
	return u
}

// linkKeys are the fields the ECS front-end links documents by.
var linkKeys = map[string]bool{"serviceName": true, "family": true, "cluster": true, "taskDefinition": true, "ResourceId": true,
	"targetGroupArn": true, "TargetGroupArn": true, "PolicyARN": true, "AlarmActions": true, "registryArn": true, "TargetGroupName": true}

// canonicalLinks makes the tokens of link fields canonical (names were
// reported where they are read by collectNames first).
func canonicalLinks(n *yaml.Node) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if linkKeys[n.Content[i].Value] {
				canonicalScalars(n.Content[i+1])
			}
		}
	}
	for _, c := range n.Content {
		canonicalLinks(c)
	}
}

func canonicalScalars(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && ir.HasUnresolved(n.Value) {
		n.Value = ir.ReplaceUnresolved(n.Value, func(u ir.Unresolved) string { return canonical(u).Token() })
	}
	for _, c := range n.Content {
		canonicalScalars(c)
	}
}
