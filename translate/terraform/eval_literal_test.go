package terraform

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestLiteralExpr: what literalExpr takes for a literal reads nothing
// (Variables finds no reference in it); what reads something is not
// taken for one.
func TestLiteralExpr(t *testing.T) {
	for _, c := range []struct {
		src string
		lit bool
	}{
		{`1`, true}, {`"a"`, true}, {`true`, true}, {`null`, true}, {`"a\n%%{b}"`, true},
		{`["a", 1, ["b", []]]`, true}, {`[]`, true}, {`""`, true}, {`"a${1}"`, true},
		{`"${var.a}"`, false}, {`["a", var.b]`, false}, {`{ a = 1 }`, false},
		{`var.a`, false}, {`f()`, false}, {`-1`, false}, {`[for x in var.l : x]`, false},
		{`<<EOT
a
EOT
`, true},
	} {
		e, d := hclsyntax.ParseExpression([]byte(c.src), "x.tf", hcl.InitialPos)
		if d.HasErrors() {
			t.Fatalf("%s: %v", c.src, d)
		}
		if got := literalExpr(e); got != c.lit {
			t.Errorf("%s: literal = %v, want %v", c.src, got, c.lit)
		}
		if got := literalExpr(e); got && len(e.Variables()) > 0 {
			t.Errorf("%s: taken for a literal, reads %d references", c.src, len(e.Variables()))
		}
	}
}

// TestLiteralValue: the value literalValue reads of a literal is the one
// evaluating it makes.
func TestLiteralValue(t *testing.T) {
	for _, c := range []struct {
		src string
		lit bool
	}{
		{`1`, true}, {`"a"`, true}, {`true`, true}, {`null`, true}, {`""`, true}, {`"e\u0301 é"`, true},
		{`"a%%{b} $${c}"`, true}, {`1.5e3`, true},
		{`"a${1}"`, false}, {`"${"a"}"`, false}, {`["a"]`, false}, {`-1`, false}, {`var.a`, false},
	} {
		e, d := hclsyntax.ParseExpression([]byte(c.src), "x.tf", hcl.InitialPos)
		if d.HasErrors() {
			t.Fatalf("%s: %v", c.src, d)
		}
		got, ok := literalValue(e)
		if ok != c.lit {
			t.Errorf("%s: literal = %v, want %v", c.src, ok, c.lit)
		}
		if !ok {
			continue
		}
		want, hd := e.Value(nil)
		if hd.HasErrors() {
			t.Fatalf("%s: %v", c.src, hd)
		}
		if !got.RawEquals(want) {
			t.Errorf("%s: %#v, evaluated %#v", c.src, got, want)
		}
	}
}
