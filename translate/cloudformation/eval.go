package cloudformation

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/netip"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// deployTime says how to give a value that exists once the stack is
// deployed.
const deployTime = "the value exists once the stack is deployed: write it in the template or pass it as a parameter; --placeholders writes a visible placeholder instead"

// fragmentHow says how to give what a fragment names outside itself.
const fragmentHow = "the fragment names it, but the template it belongs to declares it: convert the whole template"

// maxNodes bounds what evaluating one template may make (Fn::ForEach and
// Fn::Cidr can multiply a small input).
const maxNodes = 1_000_000

// noValueTag marks the result of Ref AWS::NoValue: its property or list
// element is removed.
const noValueTag = "!eksport/novalue"

func isNoValue(n *yaml.Node) bool { return n != nil && n.Tag == noValueTag }

func str(v string, at *yaml.Node) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	if at != nil {
		n.Line, n.Column = at.Line, at.Column
	}
	return n
}

func boolNode(b bool, at *yaml.Node) *yaml.Node {
	n := str(strconv.FormatBool(b), at)
	n.Tag = "!!bool"
	return n
}

// fnName returns the intrinsic function a mapping stands for, "" if none.
func fnName(n *yaml.Node) (string, *yaml.Node) {
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return "", nil
	}
	k := n.Content[0].Value
	if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") && !strings.HasPrefix(k, "Fn::ForEach::") {
		return k, n.Content[1]
	}
	return "", nil
}

// eval evaluates a template value: intrinsic functions are applied, the
// AWS::NoValue properties removed. Every node made carries the position
// of the expression that made it.
func (s *stack) eval(n *yaml.Node, path string) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	s.budget--
	if s.budget < 0 {
		if s.budget == -1 {
			s.run.diags.Errorf(s.pos(n, path), "cloudformation/too-large", "evaluating the template makes more than %d values (Fn::ForEach, Fn::Cidr?)", maxNodes)
		}
		return str("", n)
	}
	if fn, arg := fnName(n); fn != "" {
		return s.fn(fn, arg, n, path)
	}
	switch n.Kind {
	case yaml.MappingNode:
		if s.langExt {
			n = s.expandForEach(n, path)
		}
		out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line, Column: n.Column}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			v := s.eval(n.Content[i+1], path+"."+k.Value)
			if isNoValue(v) {
				continue
			}
			out.Content = append(out.Content, k, v)
		}
		return out
	case yaml.SequenceNode:
		out := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: n.Line, Column: n.Column}
		for i, c := range n.Content {
			v := s.eval(c, path+"["+strconv.Itoa(i)+"]")
			if isNoValue(v) {
				continue
			}
			out.Content = append(out.Content, v)
		}
		return out
	}
	c := *n
	return &c
}

func (s *stack) errorf(at *yaml.Node, path, code, format string, args ...any) *yaml.Node {
	s.run.diags.Errorf(s.pos(at, path), code, format, args...)
	return str("", at)
}

// unresolved makes the token of a deploy-time value.
func (s *stack) unresolved(at *yaml.Node, path, name, how string, input bool) *yaml.Node {
	if how == "" {
		how = deployTime
	}
	u := Unresolved{Name: name, Pos: s.pos(at, path), How: how, Input: input}
	return str(s.run.unres.token(u), at)
}

// scalar evaluates n and requires a single value.
func (s *stack) scalar(n *yaml.Node, path, fn string) (*yaml.Node, bool) {
	v := s.eval(n, path)
	if v.Kind != yaml.ScalarNode || isNoValue(v) {
		s.errorf(n, path, "cloudformation/bad-argument", "%s needs a single value here, found %s", fn, kind(v))
		return str("", n), false
	}
	return v, true
}

func kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "an object"
	case yaml.SequenceNode:
		return "a list"
	}
	if isNoValue(n) {
		return "AWS::NoValue"
	}
	return "a value"
}

// list evaluates n and requires a list; an unresolved value stands for a
// list of one unresolved element.
func (s *stack) list(n *yaml.Node, path, fn string) (*yaml.Node, bool) {
	v := s.eval(n, path)
	if v.Kind == yaml.SequenceNode {
		return v, true
	}
	if v.Kind == yaml.ScalarNode && strings.Contains(v.Value, tokenPrefix) {
		return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: v.Line, Column: v.Column, Content: []*yaml.Node{v}}, true
	}
	s.errorf(n, path, "cloudformation/bad-argument", "%s needs a list here, found %s", fn, kind(v))
	return nil, false
}

func (s *stack) args(arg, at *yaml.Node, path, fn string, min, max int) ([]*yaml.Node, bool) {
	if arg.Kind != yaml.SequenceNode || len(arg.Content) < min || len(arg.Content) > max {
		if min == max {
			s.errorf(at, path, "cloudformation/bad-argument", "%s takes a list of %d arguments", fn, min)
		} else {
			s.errorf(at, path, "cloudformation/bad-argument", "%s takes a list of %d to %d arguments", fn, min, max)
		}
		return nil, false
	}
	return arg.Content, true
}

func (s *stack) fn(fn string, arg, at *yaml.Node, path string) *yaml.Node {
	switch fn {
	case "Ref":
		v, ok := s.scalar(arg, path, "Ref")
		if !ok {
			return v
		}
		return s.ref(v.Value, at, path)
	case "Condition":
		b, known := s.condition(arg.Value, arg, path)
		if !known {
			return s.unresolved(at, path, "Condition "+arg.Value, "the condition depends on a value known only at deploy time", false)
		}
		return boolNode(b, at)
	case "Fn::GetAtt":
		var res, attr string
		switch {
		case arg.Kind == yaml.SequenceNode && len(arg.Content) == 2:
			r, ok1 := s.scalar(arg.Content[0], path, fn)
			a, ok2 := s.scalar(arg.Content[1], path, fn)
			if !ok1 || !ok2 {
				return str("", at)
			}
			res, attr = r.Value, a.Value
		case arg.Kind == yaml.ScalarNode:
			res, attr, _ = strings.Cut(arg.Value, ".")
		default:
			return s.errorf(at, path, "cloudformation/bad-argument", "Fn::GetAtt takes [LogicalName, Attribute]")
		}
		return s.getAtt(res, attr, at, path)
	case "Fn::Sub":
		return s.sub(arg, at, path)
	case "Fn::Join":
		a, ok := s.args(arg, at, path, fn, 2, 2)
		if !ok {
			return str("", at)
		}
		d, ok1 := s.scalar(a[0], path, fn)
		l, ok2 := s.list(a[1], path, fn)
		if !ok1 || !ok2 {
			return str("", at)
		}
		parts := make([]string, 0, len(l.Content))
		for _, e := range l.Content {
			if e.Kind != yaml.ScalarNode {
				return s.errorf(e, path, "cloudformation/bad-argument", "Fn::Join joins values, found %s", kind(e))
			}
			parts = append(parts, e.Value)
		}
		return str(strings.Join(parts, d.Value), at)
	case "Fn::Select":
		a, ok := s.args(arg, at, path, fn, 2, 2)
		if !ok {
			return str("", at)
		}
		i, ok1 := s.scalar(a[0], path, fn)
		l, ok2 := s.list(a[1], path, fn)
		if !ok1 || !ok2 {
			return str("", at)
		}
		idx, err := strconv.Atoi(i.Value)
		if len(l.Content) == 1 && strings.Contains(l.Content[0].Value, tokenPrefix) && l.Content[0].Kind == yaml.ScalarNode {
			if u, one := s.run.unres.only(l.Content[0].Value); one && err == nil {
				u.Name = fmt.Sprintf("!Select [%d, %s]", idx, u.Name)
				return str(s.run.unres.token(u), at)
			}
		}
		if err != nil || idx < 0 || idx >= len(l.Content) {
			return s.errorf(at, path, "cloudformation/bad-argument", "Fn::Select index %s is not within the list of %d", i.Value, len(l.Content))
		}
		return l.Content[idx]
	case "Fn::Split":
		a, ok := s.args(arg, at, path, fn, 2, 2)
		if !ok {
			return str("", at)
		}
		d, ok1 := s.scalar(a[0], path, fn)
		v, ok2 := s.scalar(a[1], path, fn)
		if !ok1 || !ok2 || d.Value == "" {
			return str("", at)
		}
		out := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: at.Line, Column: at.Column}
		for _, p := range strings.Split(v.Value, d.Value) {
			out.Content = append(out.Content, str(p, at))
		}
		return out
	case "Fn::If":
		a, ok := s.args(arg, at, path, fn, 3, 3)
		if !ok {
			return str("", at)
		}
		b, known := s.condition(a[0].Value, a[0], path)
		if !known {
			return s.unresolved(at, path, "Fn::If "+a[0].Value, "the condition depends on a value known only at deploy time", false)
		}
		if b {
			return s.eval(a[1], path)
		}
		return s.eval(a[2], path)
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
		b, known := s.boolFn(fn, arg, at, path)
		if !known {
			return s.unresolved(at, path, fn, "the condition depends on a value known only at deploy time", false)
		}
		return boolNode(b, at)
	case "Fn::FindInMap":
		return s.findInMap(arg, at, path)
	case "Fn::ImportValue":
		v, ok := s.scalar(arg, path, fn)
		if !ok {
			return v
		}
		return s.run.importValue(s, v.Value, at, path)
	case "Fn::Base64":
		v, ok := s.scalar(arg, path, fn)
		if !ok {
			return v
		}
		if strings.Contains(v.Value, tokenPrefix) {
			return s.unresolved(at, path, "Fn::Base64", "its input holds a value known only at deploy time", false)
		}
		return str(base64.StdEncoding.EncodeToString([]byte(v.Value)), at)
	case "Fn::GetAZs":
		return s.unresolved(at, path, "Fn::GetAZs", "the availability zones of an account are known at deploy time; list the zones in the template", false)
	case "Fn::Cidr":
		return s.cidr(arg, at, path)
	case "Fn::Length":
		if !s.langExt {
			break
		}
		l, ok := s.list(arg, path, fn)
		if !ok {
			return str("0", at)
		}
		n := str(strconv.Itoa(len(l.Content)), at)
		n.Tag = "!!int"
		return n
	case "Fn::ToJsonString":
		if !s.langExt {
			break
		}
		v := s.eval(arg, path)
		b, err := json.Marshal(toAny(v))
		if err != nil {
			return s.errorf(at, path, "cloudformation/bad-argument", "Fn::ToJsonString: %v", err)
		}
		return str(string(b), at)
	case "Fn::Transform":
		return s.errorf(at, path, "cloudformation/transform", "Fn::Transform calls a macro that runs in CloudFormation at deploy time; eksport cannot apply it")
	case "Fn::GetParam", "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn", "Fn::RefAll", "Fn::ValueOf", "Fn::ValueOfAll":
		return s.unresolved(at, path, fn, "it is evaluated by CloudFormation or CodePipeline only", false)
	}
	if fn == "Fn::Length" || fn == "Fn::ToJsonString" {
		return s.errorf(at, path, "cloudformation/needs-transform", "%s needs Transform: AWS::LanguageExtensions", fn)
	}
	return s.errorf(at, path, "cloudformation/unknown-function", "unknown intrinsic function %s", fn)
}

// toAny turns an evaluated value into Go values for JSON.
func toAny(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := jsonObject{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m = append(m, [2]any{n.Content[i].Value, toAny(n.Content[i+1])})
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, toAny(c))
		}
		return l
	}
	switch n.Tag {
	case "!!int", "!!float":
		return json.Number(n.Value)
	case "!!bool":
		return n.Value == "true"
	case "!!null":
		return nil
	}
	return n.Value
}

// jsonObject keeps the template's key order in Fn::ToJsonString.
type jsonObject [][2]any

func (o jsonObject) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(kv[0])
		v, err := json.Marshal(kv[1])
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// pseudo returns a pseudo parameter's value.
func (s *stack) pseudo(name string, at *yaml.Node, path string) (*yaml.Node, bool) {
	o := s.run.opts
	give := func(v, how string) *yaml.Node {
		if v == "" {
			return s.unresolved(at, path, "!Ref "+name, how, true)
		}
		return str(v, at)
	}
	switch name {
	case "AWS::NoValue":
		n := str("", at)
		n.Tag = noValueTag
		return n, true
	case "AWS::Region":
		return give(o.Region, "set region in the configuration file"), true
	case "AWS::AccountId":
		return give(o.AccountID, "set the account ID in the configuration file"), true
	case "AWS::Partition":
		return give(partition(o.Region), "set region in the configuration file"), true
	case "AWS::URLSuffix":
		p := partition(o.Region)
		switch p {
		case "aws-cn":
			return str("amazonaws.com.cn", at), true
		case "":
			return give("", "set region in the configuration file"), true
		}
		return str("amazonaws.com", at), true
	case "AWS::StackName":
		if s.parent != nil {
			// CloudFormation names a nested stack after its parent,
			// its logical ID and a random suffix.
			u := Unresolved{Name: "AWS::StackName of nested stack " + strings.TrimSuffix(s.prefix, "-"), Pos: s.pos(at, path), How: deployTime}
			return str(s.run.unres.token(u), at), true
		}
		return give(s.name, "name the stack with --stack-name"), true
	case "AWS::StackId", "AWS::NotificationARNs":
		return s.unresolved(at, path, "!Ref "+name, "", false), true
	}
	return nil, false
}

func partition(region string) string {
	switch {
	case region == "":
		return ""
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	}
	return "aws"
}

// ref evaluates Ref name.
func (s *stack) ref(name string, at *yaml.Node, path string) *yaml.Node {
	if v, ok := s.vars[name]; ok {
		return v
	}
	if v, ok := s.pseudo(name, at, path); ok {
		return v
	}
	if p, ok := s.params[name]; ok {
		return s.paramValue(p, at, path)
	}
	if r, ok := s.res[name]; ok {
		return s.resourceRef(r, at, path)
	}
	if s.fragment {
		return s.unresolved(at, path, "!Ref "+name, fragmentHow, false)
	}
	return s.errorf(at, path, "cloudformation/unknown-reference", "Ref %s names no parameter, resource or pseudo parameter of the template%s", name, suggest(name, s.names()))
}

func (s *stack) names() []string {
	var out []string
	for k := range s.params {
		out = append(out, k)
	}
	for k := range s.res {
		out = append(out, k)
	}
	return out
}

// paramValue is a parameter's value: a list for list types.
func (s *stack) paramValue(p *param, at *yaml.Node, path string) *yaml.Node {
	if p.value == nil {
		u := Unresolved{Name: "!Ref " + p.name, Pos: s.pos(at, path), Defined: s.pos(p.key, "Parameters."+p.name),
			How: "give it with --parameter-overrides " + p.name + "=VALUE or a parameters file", Input: true}
		if s.parent != nil {
			u.How = "give it in the Parameters of the AWS::CloudFormation::Stack resource that includes this template"
		}
		return str(s.run.unres.token(u), at)
	}
	v := p.value
	if strings.HasPrefix(p.typ, "AWS::SSM::Parameter::Value<") {
		// The value names an SSM parameter whose value CloudFormation
		// reads at deploy time.
		u := Unresolved{Name: "!Ref " + p.name + " (SSM parameter " + v.Value + ")", Pos: s.pos(at, path), Defined: s.pos(p.key, "Parameters."+p.name),
			How: "CloudFormation reads the SSM parameter at deploy time; give the value with --parameter-overrides " + p.name + "=VALUE only if the template takes it literally", Input: true}
		return str(s.run.unres.token(u), at)
	}
	if v.Kind == yaml.ScalarNode && (strings.HasPrefix(p.typ, "List<") || p.typ == "CommaDelimitedList") {
		out := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: at.Line, Column: at.Column}
		if v.Value != "" {
			for _, e := range strings.Split(v.Value, ",") {
				out.Content = append(out.Content, str(strings.TrimSpace(e), at))
			}
		}
		return out
	}
	if v.Kind == yaml.ScalarNode {
		// The value keeps its type (a Number parameter is a number) but
		// takes the position of the reference, where it is used.
		c := *v
		c.Line, c.Column = at.Line, at.Column
		if p.typ == "String" || strings.HasPrefix(p.typ, "AWS::") {
			c.Tag = "!!str"
		}
		return &c
	}
	return relocate(v, at)
}

// condition evaluates a named condition; known is false when it depends
// on a deploy-time value.
func (s *stack) condition(name string, at *yaml.Node, path string) (b, known bool) {
	switch s.condVal[name] {
	case 1:
		return true, true
	case 2:
		return false, true
	case 4:
		return false, false
	case 3:
		s.errorf(at, path, "cloudformation/condition-cycle", "condition %s depends on itself", name)
		return false, true
	}
	c, ok := s.conds[name]
	if !ok {
		s.errorf(at, path, "cloudformation/unknown-condition", "no condition %s in Conditions%s", name, suggest(name, sortedKeys(s.conds)))
		return false, true
	}
	s.condVal[name] = 3
	v := s.eval(c, "Conditions."+name)
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag == "!!bool":
		b, known = v.Value == "true", true
	case v.Kind == yaml.ScalarNode && strings.Contains(v.Value, tokenPrefix):
		b, known = false, false
	default:
		s.errorf(c, "Conditions."+name, "cloudformation/bad-condition", "condition %s is not a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not)", name)
		b, known = false, true
	}
	switch {
	case !known:
		s.condVal[name] = 4
	case b:
		s.condVal[name] = 1
	default:
		s.condVal[name] = 2
	}
	return b, known
}

// boolFn evaluates Fn::Equals, And, Or and Not.
func (s *stack) boolFn(fn string, arg, at *yaml.Node, path string) (b, known bool) {
	if fn == "Fn::Equals" {
		a, ok := s.args(arg, at, path, fn, 2, 2)
		if !ok {
			return false, true
		}
		x, y := s.eval(a[0], path), s.eval(a[1], path)
		if strings.Contains(x.Value, tokenPrefix) || strings.Contains(y.Value, tokenPrefix) {
			return false, false
		}
		return equal(x, y), true
	}
	max := 10
	if fn == "Fn::Not" {
		max = 1
	}
	a, ok := s.args(arg, at, path, fn, 1, max)
	if !ok {
		return false, true
	}
	if fn != "Fn::Not" && len(a) < 2 {
		s.errorf(at, path, "cloudformation/bad-argument", "%s takes 2 to 10 conditions", fn)
		return false, true
	}
	known = true
	vals := make([]bool, 0, len(a))
	for _, c := range a {
		v := s.eval(c, path)
		switch {
		case v.Tag == "!!bool":
			vals = append(vals, v.Value == "true")
		case strings.Contains(v.Value, tokenPrefix):
			known = false
			vals = append(vals, false)
		default:
			s.errorf(c, path, "cloudformation/bad-argument", "%s takes conditions, found %q", fn, v.Value)
			vals = append(vals, false)
		}
	}
	switch fn {
	case "Fn::Not":
		return !vals[0], known
	case "Fn::And":
		for _, v := range vals {
			if !v && known {
				return false, true
			}
		}
		return known, known
	}
	for _, v := range vals {
		if v {
			return true, true
		}
	}
	return false, known
}

func equal(x, y *yaml.Node) bool {
	if x.Kind != y.Kind {
		return false
	}
	switch x.Kind {
	case yaml.ScalarNode:
		return x.Value == y.Value
	}
	if len(x.Content) != len(y.Content) {
		return false
	}
	for i := range x.Content {
		if !equal(x.Content[i], y.Content[i]) {
			return false
		}
	}
	return true
}

// sub evaluates Fn::Sub in both forms.
func (s *stack) sub(arg, at *yaml.Node, path string) *yaml.Node {
	tmpl := arg
	var vars *yaml.Node
	if arg.Kind == yaml.SequenceNode {
		if len(arg.Content) != 2 {
			return s.errorf(at, path, "cloudformation/bad-argument", "Fn::Sub takes a string or [string, {variables}]")
		}
		tmpl, vars = arg.Content[0], arg.Content[1]
		if vars.Kind != yaml.MappingNode {
			vars = s.eval(vars, path)
			if vars.Kind != yaml.MappingNode {
				return s.errorf(vars, path, "cloudformation/bad-argument", "Fn::Sub's variables are an object")
			}
		}
	}
	t, ok := s.scalar(tmpl, path, "Fn::Sub")
	if !ok {
		return t
	}
	text := t.Value
	var b strings.Builder
	for {
		i := strings.Index(text, "${")
		if i < 0 {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:i])
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			b.WriteString(text[i:])
			break
		}
		name := strings.TrimSpace(text[i+2 : i+j])
		text = text[i+j+1:]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		var v *yaml.Node
		if vars != nil {
			if vn := child(vars, name); vn != nil {
				v = s.eval(vn, path)
			}
		}
		if v == nil {
			if res, attr, dotted := strings.Cut(name, "."); dotted && s.params[name] == nil {
				v = s.getAtt(res, attr, at, path)
			} else {
				v = s.ref(name, at, path)
			}
		}
		if v.Kind != yaml.ScalarNode {
			s.errorf(at, path, "cloudformation/bad-argument", "Fn::Sub: ${%s} is %s, not a single value", name, kind(v))
			continue
		}
		b.WriteString(v.Value)
	}
	return str(b.String(), at)
}

func (s *stack) findInMap(arg, at *yaml.Node, path string) *yaml.Node {
	a, ok := s.args(arg, at, path, "Fn::FindInMap", 3, 4)
	if !ok {
		return str("", at)
	}
	var keys [3]string
	for i := range 3 {
		v, ok := s.scalar(a[i], path, "Fn::FindInMap")
		if !ok {
			return v
		}
		if strings.Contains(v.Value, tokenPrefix) {
			u, _ := s.run.unres.only(v.Value)
			u.Name = "Fn::FindInMap with " + u.Name
			u.Pos = s.pos(at, path)
			return str(s.run.unres.token(u), at)
		}
		keys[i] = v.Value
	}
	m := child(s.mappings, keys[0])
	if m == nil {
		return s.errorf(at, path, "cloudformation/unknown-mapping", "no mapping %s in Mappings", keys[0])
	}
	top := child(m, keys[1])
	var v *yaml.Node
	if top != nil {
		v = child(top, keys[2])
	}
	if v == nil {
		if len(a) == 4 {
			if d := child(a[3], "DefaultValue"); d != nil {
				return s.eval(d, path)
			}
		}
		return s.errorf(at, path, "cloudformation/unknown-mapping-key", "mapping %s has no %s.%s", keys[0], keys[1], keys[2])
	}
	return s.eval(v, path)
}

func (s *stack) cidr(arg, at *yaml.Node, path string) *yaml.Node {
	a, ok := s.args(arg, at, path, "Fn::Cidr", 3, 3)
	if !ok {
		return str("", at)
	}
	var v [3]string
	for i := range 3 {
		n, ok := s.scalar(a[i], path, "Fn::Cidr")
		if !ok {
			return n
		}
		if strings.Contains(n.Value, tokenPrefix) {
			return s.unresolved(at, path, "Fn::Cidr", "its block is known only at deploy time", false)
		}
		v[i] = n.Value
	}
	prefix, err := netip.ParsePrefix(v[0])
	count, err1 := strconv.Atoi(v[1])
	bits, err2 := strconv.Atoi(v[2])
	total := prefix.Addr().BitLen()
	if err != nil || err1 != nil || err2 != nil || count < 1 || count > 256 || bits < 1 || total-bits < prefix.Bits() {
		return s.errorf(at, path, "cloudformation/bad-argument", "Fn::Cidr [%s, %s, %s]: needs a CIDR block, a count of 1 to 256 and a number of subnet bits that fits", v[0], v[1], v[2])
	}
	newBits := total - bits
	if newBits-prefix.Bits() < 63 && count > 1<<(newBits-prefix.Bits()) {
		return s.errorf(at, path, "cloudformation/bad-argument", "Fn::Cidr: %s holds fewer than %d subnets of /%d", v[0], count, newBits)
	}
	base := new(big.Int).SetBytes(prefix.Masked().Addr().AsSlice())
	step := new(big.Int).Lsh(big.NewInt(1), uint(bits))
	out := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: at.Line, Column: at.Column}
	for i := range count {
		x := new(big.Int).Add(base, new(big.Int).Mul(step, big.NewInt(int64(i))))
		buf := make([]byte, total/8)
		x.FillBytes(buf)
		addr, _ := netip.AddrFromSlice(buf)
		out.Content = append(out.Content, str(netip.PrefixFrom(addr, newBits).String(), at))
	}
	return out
}

// expandForEach expands the Fn::ForEach::Name keys of a mapping
// (AWS::LanguageExtensions): each item of the collection gives the
// output key and value with the identifier substituted.
func (s *stack) expandForEach(n *yaml.Node, path string) *yaml.Node {
	has := false
	for i := 0; i < len(n.Content); i += 2 {
		if strings.HasPrefix(n.Content[i].Value, "Fn::ForEach::") {
			has = true
		}
	}
	if !has {
		return n
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line, Column: n.Column}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !strings.HasPrefix(k.Value, "Fn::ForEach::") {
			out.Content = append(out.Content, k, v)
			continue
		}
		if v.Kind != yaml.SequenceNode || len(v.Content) != 3 || v.Content[2].Kind != yaml.MappingNode {
			s.errorf(k, path, "cloudformation/bad-argument", "%s takes [Identifier, Collection, {OutputKey: OutputValue}]", k.Value)
			continue
		}
		id := v.Content[0].Value
		coll, ok := s.list(v.Content[1], path, "Fn::ForEach")
		if !ok {
			continue
		}
		for _, item := range coll.Content {
			if item.Kind != yaml.ScalarNode {
				s.errorf(item, path, "cloudformation/bad-argument", "Fn::ForEach collections hold single values")
				continue
			}
			body := s.expandForEach(v.Content[2], path)
			for j := 0; j+1 < len(body.Content); j += 2 {
				key := *body.Content[j]
				key.Value = substitute(key.Value, id, item.Value, true)
				out.Content = append(out.Content, &key, replaceVar(body.Content[j+1], id, item.Value, &s.budget))
			}
		}
	}
	return out
}

// substitute replaces ${id} (and &{id}, which keeps only alphanumerics,
// in keys) in a string.
func substitute(text, id, value string, key bool) string {
	text = strings.ReplaceAll(text, "${"+id+"}", value)
	if key {
		alnum := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, value)
		text = strings.ReplaceAll(text, "&{"+id+"}", alnum)
	}
	return text
}

// replaceVar copies a Fn::ForEach body with the identifier replaced: Ref
// id becomes the item, ${id} in Fn::Sub strings and keys the item's text.
func replaceVar(n *yaml.Node, id, value string, budget *int) *yaml.Node {
	*budget--
	if *budget < 0 {
		return n
	}
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if fn, arg := fnName(n); fn == "Ref" && arg.Value == id {
		return str(value, n)
	}
	c := *n
	switch n.Kind {
	case yaml.ScalarNode:
		c.Value = substitute(c.Value, id, value, true)
	case yaml.MappingNode, yaml.SequenceNode:
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, e := range n.Content {
			c.Content[i] = replaceVar(e, id, value, budget)
		}
	}
	return &c
}
