package terraform

import (
	"math"
	"math/big"
	"testing"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// TestJSONEncodeSameBytes holds jsonencode to go-cty's output, value for
// value, where its number fast path and its fallbacks meet.
func TestJSONEncodeSameBytes(t *testing.T) {
	big512 := func(s string) cty.Value {
		f, _, err := big.ParseFloat(s, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		return cty.NumberVal(f)
	}
	negZero := new(big.Float).Neg(new(big.Float))
	values := []cty.Value{
		cty.NumberIntVal(0), cty.NumberIntVal(8080), cty.NumberIntVal(-3), cty.NumberIntVal(1 << 53), cty.NumberIntVal(1<<53 + 1),
		cty.NumberIntVal(math.MaxInt64), cty.NumberIntVal(math.MinInt64), cty.NumberFloatVal(0.5), cty.NumberFloatVal(1e17),
		cty.NumberFloatVal(1 << 60), cty.NumberFloatVal(1152921504606846977), cty.NumberVal(negZero), cty.NumberFloatVal(1e300),
		big512("8080"), big512("123456789012345678901234567890"), big512("0.1"), big512("-9007199254740993"),
		cty.NumberVal(new(big.Float).SetPrec(8).SetInt64(1000)), cty.NumberVal(new(big.Float).SetPrec(8).SetInt64(1001)),
		cty.StringVal(`a "quoted" <b> & \ é` + "\u2028\x01"), cty.StringVal("bad utf-8 \xff"), cty.True, cty.False,
		cty.NullVal(cty.String), cty.NullVal(cty.DynamicPseudoType), cty.EmptyObjectVal, cty.EmptyTupleVal,
		cty.ListValEmpty(cty.String), cty.MapValEmpty(cty.Number),
		cty.ObjectVal(map[string]cty.Value{"b": cty.NumberIntVal(2), "a": cty.ListVal([]cty.Value{cty.StringVal("x")}), "c": cty.NullVal(cty.Number)}),
		cty.TupleVal([]cty.Value{cty.NumberIntVal(1), cty.StringVal("2"), cty.MapVal(map[string]cty.Value{"z": cty.True, "y": cty.False})}),
		cty.SetVal([]cty.Value{cty.NumberIntVal(3), cty.NumberIntVal(1)}),
		cty.ListVal([]cty.Value{cty.NullVal(cty.DynamicPseudoType)}),
		cty.UnknownVal(cty.String), cty.DynamicVal, cty.ListVal([]cty.Value{cty.UnknownVal(cty.Number)}),
		cty.StringVal("marked").Mark("m"), cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("x").Mark("m")}),
		cty.PositiveInfinity,
	}
	for _, v := range values {
		want, werr := stdlib.JSONEncodeFunc.Call([]cty.Value{v})
		got, gerr := jsonEncodeFunc.Call([]cty.Value{v})
		if (werr == nil) != (gerr == nil) || (werr == nil && !got.RawEquals(want)) {
			t.Errorf("jsonencode(%#v) = %#v, %v; go-cty: %#v, %v", v, got, gerr, want, werr)
		}
	}
}
