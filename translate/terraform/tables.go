package terraform

import (
	"math/big"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/ir"
	"github.com/eksport/eksport/translate/source"
)

// Disposition says what eksport does with one argument or block of a
// Terraform resource.
type Disposition string

const (
	// Translated: becomes the AWS CLI field named in To, which the ECS
	// front-end translates (and reports) as it does for CLI input.
	Translated Disposition = "translated"
	// Dropped: no Kubernetes equivalent; a warning names it.
	Dropped Disposition = "warned"
	// Rejected: dropping it would change behaviour; an error.
	Rejected Disposition = "rejected"
	// OutOfScope: only changes how Terraform manages the resource (tags_all,
	// timeouts, wait_for_steady_state); an informational line.
	OutOfScope Disposition = "out of scope"
)

// Row is one argument or block of a resource type: Path is the argument,
// with nested blocks joined by '.'.
type Row struct {
	Path string
	Disp Disposition
	// To is the AWS CLI field it becomes.
	To  string
	Why string
}

type table struct {
	typ   string
	list  []Row
	rows  map[string]Row
	build func(n *nodes, o *obj) *yaml.Node
}

func (t *table) hasUnder(p string) bool {
	for k := range t.rows {
		if strings.HasPrefix(k, p+".") {
			return true
		}
	}
	return false
}

// Tables returns the disposition rows of every resource type eksport
// translates, by type.
func Tables() map[string][]Row {
	out := map[string][]Row{}
	for k, t := range tables {
		out[k] = t.list
	}
	return out
}

var tables = map[string]*table{}

func register(typ string, build func(n *nodes, o *obj) *yaml.Node, rows ...Row) {
	t := &table{typ: typ, list: rows, rows: map[string]Row{}, build: build}
	for _, r := range rows {
		t.rows[r.Path] = r
	}
	tables[typ] = t
}

const whyTerraform = "Terraform bookkeeping"

// commonRows: every resource has an id and an ARN; most a region and
// tags_all (rows adds those that the provider's schema lists for the
// type, see TestRowsMatchProviderSchema).
var commonRows = []Row{
	{"id", OutOfScope, "", "computed by AWS; references to it are resolved"},
	{"arn", OutOfScope, "", "computed by AWS; references to it are resolved"},
}

var (
	rowRegion  = Row{"region", OutOfScope, "", "the region comes from the provider or the configuration"}
	rowTagsAll = Row{"tags_all", OutOfScope, "", "the provider's default tags merged in; Terraform bookkeeping"}
)

func rows(rs ...Row) []Row {
	// A type's own row of a common argument wins (an event target's arn is
	// its input, not an ARN AWS computes).
	for _, c := range commonRows {
		if !slices.ContainsFunc(rs, func(r Row) bool { return r.Path == c.Path }) {
			rs = append(rs, c)
		}
	}
	return rs
}

// attr puts an argument's value under key.
func (n *nodes) attr(mp *yaml.Node, o *obj, name, key string) {
	a := o.attrs[name]
	if a == nil {
		return
	}
	v := n.value(a.v, a.rng, n.addr+"."+name)
	if v != nil && v.Kind == yaml.ScalarNode && v.Tag == "!!str" && numericKeys[key] {
		// The provider's schema makes these numbers, as Terraform
		// converts "1" for a number argument.
		if f, ok := new(big.Float).SetString(strings.TrimSpace(v.Value)); ok {
			v.Value, v.Tag = f.Text('g', -1), "!!float"
			if f.IsInt() {
				v.Tag = "!!int"
			}
		}
	}
	if v != nil && v.Kind == yaml.ScalarNode && (v.Tag == "!!int" || v.Tag == "!!float") && stringKeys[key] {
		v.Tag = "!!str" // a string argument given as a number
	}
	put(mp, key, v)
}

// stringKeys are CLI string fields that Terraform code often writes as
// numbers, which the provider's schema turns into strings.
var stringKeys = map[string]bool{"HealthCheckPort": true, "cpu": true, "memory": true}

// numericKeys are the CLI fields of number arguments.
var numericKeys = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`desiredCount healthCheckGracePeriodSeconds maximumPercent minimumHealthyPercent containerPort port weight base
		MinCapacity MaxCapacity Cooldown MinAdjustmentMagnitude MetricIntervalLowerBound MetricIntervalUpperBound ScalingAdjustment
		TargetValue ScaleInCooldown ScaleOutCooldown EvaluationPeriods DatapointsToAlarm Period Threshold Port
		HealthCheckIntervalSeconds HealthCheckTimeoutSeconds HealthyThresholdCount UnhealthyThresholdCount
		sizeInGiB transitEncryptionPort TaskCount MaximumEventAgeInSeconds MaximumRetryAttempts`) {
		numericKeys[k] = true
	}
}

// tagList puts a tags map as [{key, value}] (ECS) or [{Key, Value}].
func (n *nodes) tagList(mp *yaml.Node, o *obj, k, v, key string) {
	n.pairs(mp, o, "tags", "tags", k, v, key)
}

// pairs puts the map argument attr of o as the CLI's list of key/value
// objects under key (tags, alarm dimensions, proxy properties); path is
// the argument's address below the resource, for unresolved values.
func (n *nodes) pairs(mp *yaml.Node, o *obj, attr, path, k, v, key string) {
	a := o.attrs[attr]
	if a == nil {
		return
	}
	val, _ := a.v.UnmarkDeep()
	if val.IsNull() || !val.IsKnown() || !val.CanIterateElements() {
		return
	}
	s := seq(a.rng)
	for it := val.ElementIterator(); it.Next(); {
		kk, vv := it.Element()
		e := mapping(a.rng)
		put(e, k, scalar("!!str", kk.AsString(), a.rng))
		put(e, v, n.value(vv, a.rng, n.addr+"."+path))
		s.Content = append(s.Content, e)
	}
	put(mp, key, s)
}

// blocks puts each nested block, converted by f, as a list under key.
func (n *nodes) blocks(mp *yaml.Node, o *obj, name, key string, f func(b *obj) *yaml.Node) {
	bs := o.subs(name)
	if len(bs) == 0 {
		return
	}
	s := seq(bs[0].rng)
	for _, b := range bs {
		if c := f(b); c != nil {
			s.Content = append(s.Content, c)
		}
	}
	put(mp, key, s)
}

// block puts the first nested block, converted by f, under key.
func (n *nodes) block(mp *yaml.Node, o *obj, name, key string, f func(b *obj) *yaml.Node) {
	bs := o.subs(name)
	if len(bs) == 0 {
		return
	}
	put(mp, key, f(bs[0]))
}

// subs returns the nested blocks of a name; in JSON syntax a block is an
// object (or a list of objects) argument.
func (o *obj) subs(name string) []*obj {
	if bs := o.blocks[name]; len(bs) > 0 {
		return bs
	}
	a := o.attrs[name]
	if a == nil {
		return nil
	}
	v, _ := a.v.UnmarkDeep()
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	toObj := func(e cty.Value) *obj {
		if !e.Type().IsObjectType() && !e.Type().IsMapType() {
			return nil
		}
		b := &obj{attrs: map[string]*val{}, blocks: map[string][]*obj{}, rng: a.rng}
		for it := e.ElementIterator(); it.Next(); {
			k, x := it.Element()
			b.attrs[k.AsString()] = &val{v: x, rng: a.rng}
		}
		return b
	}
	ty := v.Type()
	if ty.IsObjectType() || ty.IsMapType() {
		if b := toObj(v); b != nil {
			return []*obj{b}
		}
		return nil
	}
	if !v.CanIterateElements() {
		return nil
	}
	var out []*obj
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if b := toObj(e); b != nil {
			out = append(out, b)
		}
	}
	return out
}

// fields converts a block whose arguments map one to one: pairs of
// Terraform name and CLI key.
func (n *nodes) fields(pairs ...string) func(b *obj) *yaml.Node {
	return func(b *obj) *yaml.Node {
		mp := mapping(b.rng)
		for i := 0; i+1 < len(pairs); i += 2 {
			n.attr(mp, b, pairs[i], pairs[i+1])
		}
		return mp
	}
}

// enabled puts ENABLED or DISABLED for a boolean argument.
func (n *nodes) enabled(mp *yaml.Node, o *obj, name, key string) {
	a := o.attrs[name]
	if a == nil {
		return
	}
	v, _ := a.v.UnmarkDeep()
	if v.Type() == cty.Bool && v.IsKnown() && !v.IsNull() {
		s := "DISABLED"
		if v.True() {
			s = "ENABLED"
		}
		put(mp, key, scalar("!!str", s, a.rng))
		return
	}
	put(mp, key, n.value(a.v, a.rng, n.addr+"."+name))
}

// containerDefinitions parses the container_definitions JSON string, and
// places its nodes where the Terraform expression wrote them: a heredoc's
// lines are the JSON's lines; a jsonencode of literal objects puts each
// field at its own expression.
func (n *nodes) containerDefinitions(mp *yaml.Node, o *obj) {
	a := o.attrs["container_definitions"]
	if a == nil {
		return
	}
	if a.nodes != nil {
		// What the jsonencode text would have parsed to (encodedArg).
		place(a.nodes, a.expr, a.rng)
		put(mp, "containerDefinitions", a.nodes)
		return
	}
	v, _ := a.v.UnmarkDeep()
	if !v.IsKnown() || v.Type() != cty.String {
		put(mp, "containerDefinitions", n.value(a.v, a.rng, n.addr+".container_definitions"))
		return
	}
	text := quoteBareTokens(v.AsString())
	docs, diags := source.Parse(a.rng.Filename, []byte(text))
	if diags.HasErrors() || len(docs) != 1 {
		for _, d := range diags {
			d.Pos = rangePos(a.rng)
			if strings.Contains(v.AsString(), ir.UnresolvedPrefix) {
				d.Notes = append(d.Notes, "the JSON holds values that exist only at apply time: "+tokenNames(v))
			}
			d.Message = n.addr + ".container_definitions is not valid JSON once evaluated: " + d.Message
			d.Code = "terraform/container-definitions"
			n.r.diags = append(n.r.diags, d)
		}
		return
	}
	root := docs[0].Root
	switch e := a.expr.(type) {
	case *hclsyntax.TemplateExpr:
		// A heredoc: its text starts on the line after the marker.
		shift := e.SrcRange.Start.Line
		if !strings.HasPrefix(strings.TrimSpace(string(e.SrcRange.SliceBytes(nil))), "<<") {
			shift = e.SrcRange.Start.Line - 1
		}
		moveLines(root, shift, a.rng)
	case *hclsyntax.FunctionCallExpr:
		place(root, a.expr, a.rng)
	default:
		place(root, nil, a.rng)
	}
	put(mp, "containerDefinitions", root)
}

// moveLines shifts the nodes of a parsed heredoc to the file's lines.
func moveLines(nd *yaml.Node, shift int, rng hcl.Range) {
	if nd.Line > 0 {
		nd.Line += shift
		if nd.Line > rng.End.Line {
			nd.Line, nd.Column = rng.Start.Line, rng.Start.Column
		}
	}
	for _, c := range nd.Content {
		moveLines(c, shift, rng)
	}
}

// place puts each node at the expression that made it, as far as the
// expression's syntax is literal objects and lists (through jsonencode,
// concat and merge); the rest at the enclosing expression.
func place(nd *yaml.Node, expr hcl.Expression, at hcl.Range) {
	if expr != nil {
		at = expr.Range()
	}
	nd.Line, nd.Column = at.Start.Line, at.Start.Column
	switch e := expr.(type) {
	case *hclsyntax.FunctionCallExpr:
		switch {
		case e.Name == "jsonencode" && len(e.Args) == 1:
			place(nd, e.Args[0], at)
			return
		case e.Name == "concat" && nd.Kind == yaml.SequenceNode:
			// Each literal list argument gives the next elements.
			i := 0
			for _, arg := range e.Args {
				t, ok := arg.(*hclsyntax.TupleConsExpr)
				if !ok {
					break
				}
				for _, x := range t.Exprs {
					if i < len(nd.Content) {
						place(nd.Content[i], x, at)
						i++
					}
				}
			}
			for ; i < len(nd.Content); i++ {
				place(nd.Content[i], nil, at)
			}
			return
		}
	case *hclsyntax.TupleConsExpr:
		if nd.Kind == yaml.SequenceNode && len(e.Exprs) == len(nd.Content) {
			for i, x := range e.Exprs {
				place(nd.Content[i], x, at)
			}
			return
		}
	case *hclsyntax.ObjectConsExpr:
		if nd.Kind == yaml.MappingNode {
			byKey := map[string]hclsyntax.ObjectConsItem{}
			for _, it := range e.Items {
				if k, d := it.KeyExpr.Value(nil); !d.HasErrors() && k.Type() == cty.String {
					byKey[k.AsString()] = it
				} else if kw := hcl.ExprAsKeyword(it.KeyExpr); kw != "" {
					byKey[kw] = it
				}
			}
			for i := 0; i+1 < len(nd.Content); i += 2 {
				if it, ok := byKey[nd.Content[i].Value]; ok {
					r := it.KeyExpr.Range()
					nd.Content[i].Line, nd.Content[i].Column = r.Start.Line, r.Start.Column
					place(nd.Content[i+1], it.ValueExpr, at)
				} else {
					place(nd.Content[i], nil, at)
					place(nd.Content[i+1], nil, at)
				}
			}
			return
		}
	}
	for _, c := range nd.Content {
		place(c, nil, at)
	}
}

// quoteBareTokens quotes the tokens that stand outside JSON strings (a
// heredoc's "containerPort": ${var.port}), so that the text parses and
// the token reaches the field.
func quoteBareTokens(s string) string {
	if !ir.HasUnresolved(s) {
		return s
	}
	var b strings.Builder
	inStr, esc := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inStr {
			b.WriteByte(c)
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
			continue
		}
		if c == '"' {
			inStr = true
			b.WriteByte(c)
			continue
		}
		if strings.HasPrefix(s[i:], ir.UnresolvedPrefix) {
			j := strings.IndexByte(s[i+len(ir.UnresolvedPrefix):], 'z')
			if j >= 0 {
				end := i + len(ir.UnresolvedPrefix) + j + 1
				b.WriteByte('"')
				b.WriteString(s[i:end])
				b.WriteByte('"')
				i = end - 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}
