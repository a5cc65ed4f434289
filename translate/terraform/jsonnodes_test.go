package terraform

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/source"
)

// TestJSONNodesAsParsed: the nodes jsonBudget.tree makes of a value are
// the nodes source.Parse reads from the text jsonencode writes of it
// (containerDefinitions read that text before): kinds, tags, values,
// order, and empty lists and objects without Content; where it says no,
// the text is what containerDefinitions reads.
func TestJSONNodesAsParsed(t *testing.T) {
	obj := func(kv ...any) cty.Value {
		m := map[string]cty.Value{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1].(cty.Value)
		}
		return cty.ObjectVal(m)
	}
	s, n := cty.StringVal, cty.NumberIntVal
	bigN, _ := new(big.Float).SetString("123456789012345678901234567890")
	for i, c := range []struct {
		v  cty.Value
		ok bool
	}{
		{cty.TupleVal([]cty.Value{obj("name", s("app"), "image", s("nginx:1.27"), "essential", cty.True, "cpu", n(256),
			"portMappings", cty.TupleVal([]cty.Value{obj("containerPort", n(8080), "protocol", s("tcp"))}),
			"environment", cty.ListVal([]cty.Value{obj("name", s("A"), "value", s("<b>&\"q\"\\\n\t\u2028 é 😀"))}))}), true},
		{cty.EmptyTupleVal, true},
		{cty.EmptyObjectVal, true},
		{cty.ListValEmpty(cty.String), true},
		{cty.MapValEmpty(cty.String), true},
		{cty.MapVal(map[string]cty.Value{"b": n(-5), "a": n(0), "z<": n(7)}), true},
		{cty.MapVal(map[string]cty.Value{"b": s("x"), "a": s(""), "é": s("q")}), true},
		{cty.SetVal([]cty.Value{s("b"), s("a")}), true},
		{cty.TupleVal([]cty.Value{obj("x", cty.NullVal(cty.String)), obj("y", cty.TupleVal([]cty.Value{cty.EmptyTupleVal, cty.EmptyObjectVal}))}), true},
		{cty.TupleVal([]cty.Value{n(1 << 53), n(-(1 << 53))}), true},
		{cty.TupleVal([]cty.Value{s("eksport-unresolved-00z"), obj("eksport-unresolved-k", s("v"))}), true},
		// Left to jsonencode: its text is go-cty's, or holds U+FFFD.
		{cty.TupleVal([]cty.Value{cty.NumberFloatVal(1.5)}), false},
		{cty.TupleVal([]cty.Value{n(1<<53 + 1)}), false},
		{cty.TupleVal([]cty.Value{cty.NumberVal(bigN)}), false},
		{cty.TupleVal([]cty.Value{obj("x", cty.NullVal(cty.DynamicPseudoType))}), false},
		{cty.TupleVal([]cty.Value{s("bad \xff byte")}), false},
		{cty.TupleVal([]cty.Value{s("a").Mark("sensitive")}), false},
		{cty.TupleVal([]cty.Value{cty.UnknownVal(cty.String)}), false},
	} {
		b := jsonBudget{nodes: 100_000, bytes: source.MaxFileSize / 2}
		got, ok := b.tree(c.v, c.v.Type(), 0)
		if ok != c.ok {
			t.Errorf("%d: made = %v, want %v", i, ok, c.ok)
			continue
		}
		if !ok {
			continue
		}
		text, err := jsonEncodeFunc.Call([]cty.Value{c.v})
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		docs, d := source.Parse("x.json", []byte(text.AsString()))
		if d.HasErrors() || len(docs) != 1 {
			t.Fatalf("%d: %v", i, d)
		}
		if diff := sameNodes(got, docs[0].Root, "$"); diff != "" {
			t.Errorf("%d: %s\n%s", i, diff, text.AsString())
		}
	}
	// A value past the budget is left to jsonencode too.
	b := jsonBudget{nodes: 3, bytes: 1 << 20}
	if _, ok := b.tree(cty.TupleVal([]cty.Value{s("a"), s("b"), s("c")}), cty.Tuple([]cty.Type{cty.String, cty.String, cty.String}), 0); ok {
		t.Errorf("four nodes made within a budget of three")
	}
}

// sameNodes compares what the ECS front-end reads of two trees, positions
// aside.
func sameNodes(a, b *yaml.Node, at string) string {
	if a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value || a.Style != b.Style || len(a.Content) != len(b.Content) || (a.Content == nil) != (b.Content == nil) {
		return fmt.Sprintf("%s: %v %s %q %v %d vs %v %s %q %v %d", at, a.Kind, a.Tag, a.Value, a.Style, len(a.Content), b.Kind, b.Tag, b.Value, b.Style, len(b.Content))
	}
	for i := range a.Content {
		if d := sameNodes(a.Content[i], b.Content[i], fmt.Sprintf("%s[%d]", at, i)); d != "" {
			return d
		}
	}
	return ""
}

// TestJSONNodesFromSyntax: the nodes syntax makes of a tuple or object
// constructor are those tree makes of its value, within the same budget;
// where evaluating the whole expression reports something or tree says
// no, syntax says no too.
func TestJSONNodesFromSyntax(t *testing.T) {
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"var": cty.ObjectVal(map[string]cty.Value{
				"tag":    cty.StringVal("1.0"),
				"n":      cty.NumberIntVal(3),
				"secret": cty.StringVal("s").Mark("sensitive"),
				"later":  cty.UnknownVal(cty.String),
				"key":    cty.StringVal("k"),
				"nokey":  cty.NullVal(cty.String),
				"nums":   cty.ListVal([]cty.Value{cty.NumberIntVal(1), cty.NumberIntVal(2)}),
				"strs":   cty.ListVal([]cty.Value{cty.StringVal("a")}),
				"nolist": cty.NullVal(cty.List(cty.String)),
				"unlist": cty.UnknownVal(cty.List(cty.String)),
				"marked": cty.ListVal([]cty.Value{cty.StringVal("a")}).Mark("sensitive"),
				"set":    cty.SetVal([]cty.Value{cty.StringVal("a")}),
				"env":    cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("A"), "value": cty.StringVal("1")})}),
			}),
		},
		Functions: map[string]function.Function{"concat": stdlib.ConcatFunc},
	}
	for i, c := range []struct {
		src string
		ok  bool
	}{
		{`[{ name = "app", image = "r/x:${var.tag}", essential = true, cpu = 256, portMappings = [{ containerPort = 8080, protocol = "tcp" }], environment = concat(var.env, [{ name = "I", value = "1" }]) }]`, true},
		{`[]`, true},
		{`{}`, true},
		{`{ b = 1, a = [], "z<" = {}, (var.key) = var.n, "é" = null == null }`, true},
		{`[[[1, 2], ["x"]], { y = { z = [true, false] } }]`, true},
		{`{ x = [var.tag, "${var.n}"], y = (var.env) }`, true},
		{`concat(var.env, [], [{ name = "I", value = "${var.n}" }], var.nums)`, true},
		{`concat(var.nums, ["x"])`, true},
		{`[concat([[1, 2]], [[]]), { c = concat(var.strs, var.env) }]`, true},
		{`{ "quoted" = "plain", bare = "é\u0065\u0301", (bare) = 1, "a${""}" = "x${"y"}" }`, false},
		{`{ "quoted" = "plain", bare = "e\u0301 %%{x} $${y}", "" = "", q = <<EOT
heredoc ${var.tag}
EOT
}`, true},
		{`[ "", 0, -1, 1e3, null == null, "a\nb" ]`, true},
		// Left to the whole expression.
		{`concat(var.nums, var.strs)`, false},
		{`concat(var.nums)`, false},
		{`concat()`, false},
		{`concat(var.env...)`, false},
		{`concat(var.env, var.nolist)`, false},
		{`concat(var.env, var.unlist)`, false},
		{`concat(var.env, var.marked)`, false},
		{`concat(var.env, var.set)`, false},
		{`concat(var.env, var.tag)`, false},
		{`concat(var.env, [var.later])`, false},
		{`concat(var.env, var.missing)`, false},
		{`[1.5]`, false},
		{`[{ x = null }]`, false},
		{`[var.secret]`, false},
		{`[var.later]`, false},
		{`{ a = 1, a = 2 }`, false},
		{`{ (var.nokey) = 1 }`, false},
		{`{ (var.n) = 1 }`, false},
		{`{ (var.later) = 1 }`, false},
		{`{ (var.secret) = 1 }`, false},
		{`[var.missing]`, false},
		{`{ x = var.missing }`, false},
		{`{ a.b = 1 }`, false},
	} {
		expr, d := hclsyntax.ParseExpression([]byte(c.src), "x.tf", hcl.InitialPos)
		if d.HasErrors() {
			t.Fatalf("%d: %v", i, d)
		}
		b := jsonBudget{nodes: 100_000, bytes: source.MaxFileSize / 2}
		got, ok := b.syntax(expr, ctx, 0)
		if ok != c.ok {
			t.Errorf("%d: made = %v, want %v", i, ok, c.ok)
			continue
		}
		if !ok {
			continue
		}
		v, hd := expr.Value(ctx)
		if len(hd) > 0 {
			t.Fatalf("%d: %v", i, hd)
		}
		w := jsonBudget{nodes: 100_000, bytes: source.MaxFileSize / 2}
		want, ok := w.tree(v, v.Type(), 0)
		if !ok {
			t.Fatalf("%d: tree says no", i)
		}
		if diff := sameNodes(got, want, "$"); diff != "" {
			t.Errorf("%d: %s", i, diff)
		}
		if b != w {
			t.Errorf("%d: budget left %+v, tree's %+v", i, b, w)
		}
	}
	// A constructor past the budget is left to the whole expression.
	expr, _ := hclsyntax.ParseExpression([]byte(`["a", "b", "c"]`), "x.tf", hcl.InitialPos)
	b := jsonBudget{nodes: 3, bytes: 1 << 20}
	if _, ok := b.syntax(expr, ctx, 0); ok {
		t.Errorf("four nodes made within a budget of three")
	}
}
