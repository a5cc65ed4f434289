package terraform

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	"gopkg.in/yaml.v3"
)

// jsonBudget bounds the nodes jsonNodes makes: a value past it is left to
// jsonencode and source.Parse, which report what is too large or too deep.
type jsonBudget struct {
	nodes int
	bytes int // the text's size at most, as JSON escapes it
}

// tree makes the nodes source.Parse reads from the text jsonencode
// writes of a known, unmarked value, as appendJSON writes it: the same
// kinds, tags, values and order (an object's keys sorted), an empty list
// or object without Content. Positions are left for place. It says no
// wherever appendJSON gives up (the text is then go-cty's, which it does
// not mirror) and on a string that is not valid UTF-8 (which the text
// would hold as U+FFFD).
func (b *jsonBudget) tree(val cty.Value, t cty.Type, depth int) (*yaml.Node, bool) {
	if b.nodes--; b.nodes < 0 || depth > 100 || val.IsMarked() || !val.IsKnown() || t == cty.DynamicPseudoType {
		return nil, false
	}
	if val.IsNull() {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, true
	}
	switch {
	case t == cty.String:
		return b.str(val.AsString())
	case t == cty.Number:
		i, ok := plainInt(val)
		if !ok {
			return nil, false
		}
		b.bytes -= 20
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(i, 10)}, true
	case t == cty.Bool:
		b.bytes -= 5
		if val.True() {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"}, true
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"}, true
	case t.IsListType() || t.IsSetType() || t.IsTupleType():
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		var etys []cty.Type
		if t.IsTupleType() {
			etys = t.TupleElementTypes()
		}
		if l := val.LengthInt(); l > 0 {
			n.Content = make([]*yaml.Node, 0, l)
		}
		for it := val.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			ety := cty.NilType
			if etys != nil {
				ety = etys[len(n.Content)]
			} else {
				ety = t.ElementType()
			}
			c, ok := b.tree(ev, ety, depth+1)
			if !ok {
				return nil, false
			}
			n.Content = append(n.Content, c)
		}
		return n, true
	case t.IsMapType():
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		if l := val.LengthInt(); l > 0 {
			n.Content = make([]*yaml.Node, 0, 2*l)
		}
		for it := val.ElementIterator(); it.Next(); {
			ek, ev := it.Element()
			k, ok := b.str(ek.AsString())
			if !ok {
				return nil, false
			}
			c, ok := b.tree(ev, t.ElementType(), depth+1)
			if !ok {
				return nil, false
			}
			n.Content = append(n.Content, k, c)
		}
		return n, true
	case t.IsObjectType():
		atys := t.AttributeTypes()
		names := slices.AppendSeq(make([]string, 0, len(atys)), maps.Keys(atys))
		slices.Sort(names)
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		if len(names) > 0 {
			n.Content = make([]*yaml.Node, 0, 2*len(names))
		}
		for _, k := range names {
			kn, ok := b.str(k)
			if !ok {
				return nil, false
			}
			c, ok := b.tree(val.GetAttr(k), atys[k], depth+1)
			if !ok {
				return nil, false
			}
			n.Content = append(n.Content, kn, c)
		}
		return n, true
	}
	return nil, false
}

func (b *jsonBudget) str(s string) (*yaml.Node, bool) {
	if b.bytes -= 6*len(s) + 3; b.bytes < 0 || !utf8.ValidString(s) {
		return nil, false
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}, true
}

// syntax makes the nodes tree makes of the value of a tuple or object
// constructor, from its syntax: a constructor's items are evaluated one
// by one and become nodes, without the tuple or object value and its type
// (made for every container definition). Whatever is not a constructor
// is evaluated and goes through tree. It says no where evaluating the
// whole expression could differ or report something: a diagnostic, a key
// that is not a known, unmarked, non-null string, a key given twice.
func (b *jsonBudget) syntax(e hclsyntax.Expression, ctx *hcl.EvalContext, depth int) (*yaml.Node, bool) {
	switch e := e.(type) {
	case *hclsyntax.TupleConsExpr:
		if b.nodes--; b.nodes < 0 || depth > 100 {
			return nil, false
		}
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		if len(e.Exprs) > 0 {
			n.Content = make([]*yaml.Node, 0, len(e.Exprs))
		}
		for _, x := range e.Exprs {
			c, ok := b.syntax(x, ctx, depth+1)
			if !ok {
				return nil, false
			}
			n.Content = append(n.Content, c)
		}
		return n, true
	case *hclsyntax.ObjectConsExpr:
		if b.nodes--; b.nodes < 0 || depth > 100 {
			return nil, false
		}
		type item struct {
			key  string
			expr hclsyntax.Expression
		}
		items := make([]item, 0, len(e.Items))
		for _, it := range e.Items {
			if name, ok := keyName(it.KeyExpr); ok {
				items = append(items, item{name, it.ValueExpr})
				continue
			}
			k, hd := it.KeyExpr.Value(ctx)
			if len(hd) > 0 || k.IsMarked() || !k.IsKnown() || k.IsNull() || k.Type() != cty.String {
				return nil, false
			}
			items = append(items, item{k.AsString(), it.ValueExpr})
		}
		slices.SortFunc(items, func(x, y item) int { return strings.Compare(x.key, y.key) })
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		if len(items) > 0 {
			n.Content = make([]*yaml.Node, 0, 2*len(items))
		}
		for i, it := range items {
			if i > 0 && items[i-1].key == it.key {
				return nil, false
			}
			kn, ok := b.str(it.key)
			if !ok {
				return nil, false
			}
			c, ok := b.syntax(it.expr, ctx, depth+1)
			if !ok {
				return nil, false
			}
			n.Content = append(n.Content, kn, c)
		}
		return n, true
	case *hclsyntax.FunctionCallExpr:
		if n, ok, done := b.concat(e, ctx, depth); done {
			return n, ok
		}
	case *hclsyntax.LiteralValueExpr:
		return b.tree(e.Val, e.Val.Type(), depth) // its value
	case *hclsyntax.TemplateExpr:
		// A quoted string without interpolation: its value is the
		// literal's string.
		if len(e.Parts) == 1 {
			if l, ok := e.Parts[0].(*hclsyntax.LiteralValueExpr); ok && l.Val.Type() == cty.String && !l.Val.IsNull() {
				return b.tree(l.Val, cty.String, depth)
			}
		}
	}
	v, hd := e.Value(ctx)
	if len(hd) > 0 {
		return nil, false
	}
	return b.tree(v, v.Type(), depth)
}

// concat makes the nodes of concat(seq, ...) from its arguments' nodes,
// one after the other, when the call makes a tuple of the arguments'
// elements as they are (not all lists, which it would convert to one
// element type): the sequence of each argument would only be made to be
// taken apart. done says whether it answered; it does not when the call
// is not the standard concat of sequences.
func (b *jsonBudget) concat(e *hclsyntax.FunctionCallExpr, ctx *hcl.EvalContext, depth int) (n *yaml.Node, ok, done bool) {
	if e.Name != "concat" || e.ExpandFinal || len(e.Args) == 0 || ctx == nil || ctx.Functions["concat"] != stdlib.ConcatFunc {
		return nil, false, false
	}
	if b.nodes--; b.nodes < 0 || depth > 100 {
		return nil, false, true
	}
	n = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	lists := true
	for _, a := range e.Args {
		var c *yaml.Node
		b.nodes++ // the argument's sequence is not a node of the result
		switch a := a.(type) {
		case *hclsyntax.TupleConsExpr:
			lists = false
			c, ok = b.syntax(a, ctx, depth)
		default:
			v, hd := a.Value(ctx)
			if len(hd) > 0 {
				return nil, false, true
			}
			if t := v.Type(); t.IsTupleType() {
				lists = false
			} else if !t.IsListType() {
				return nil, false, true
			}
			c, ok = b.tree(v, v.Type(), depth)
		}
		if !ok || c.Kind != yaml.SequenceNode {
			return nil, false, true
		}
		n.Content = append(n.Content, c.Content...)
	}
	if lists {
		return nil, false, true
	}
	return n, true, true
}

// keyName is the name of an object constructor's key that is a bare
// name (a = ...), which is the key's value, read without evaluating it.
func keyName(e hclsyntax.Expression) (string, bool) {
	k, ok := e.(*hclsyntax.ObjectConsKeyExpr)
	if !ok || k.ForceNonLiteral {
		return "", false
	}
	st, ok := k.Wrapped.(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(st.Traversal) != 1 {
		return "", false
	}
	root, ok := st.Traversal[0].(hcl.TraverseRoot)
	return root.Name, ok && root.Name != ""
}
