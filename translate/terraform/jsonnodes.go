package terraform

import (
	"math/big"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
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
		bf := val.AsBigFloat()
		if !bf.IsInt() || bf.IsInf() || bf.Prec() < 53 {
			return nil, false
		}
		i, acc := bf.Int64()
		if acc != big.Exact || i > 1<<53 || i < -(1<<53) || (i == 0 && bf.Signbit()) {
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
		names := make([]string, 0, len(atys))
		for k := range atys {
			names = append(names, k)
		}
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
