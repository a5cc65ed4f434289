package terraform

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/eksport/eksport/translate/ir"
)

// TestAttrType: the schema types some attributes the name heuristic got
// wrong, and the heuristic stays for types the pinned provider lacks.
func TestAttrType(t *testing.T) {
	for _, c := range []struct {
		mode, typ, attr string
		ty              cty.Type
		opaque          bool
	}{
		{"data", "aws_ssm_parameter", "version", cty.Number, true},  // named like a string
		{"data", "aws_ecr_image", "image_digest", cty.String, true}, // a string without a known suffix
		{"data", "aws_subnets", "ids", cty.List(cty.String), true},  // named like a string
		{"data", "aws_ecs_cluster", "setting", cty.DynamicPseudoType, true},
		{"data", "aws_vpc", "tags", cty.Map(cty.String), true},
		{"data", "aws_iam_policy_document", "json", cty.String, true},
		{"resource", "aws_ecs_service", "desired_count", cty.Number, true},
		{"resource", "aws_ecs_task_definition", "revision", cty.String, false}, // "family:revision"
		{"data", "aws_ecs_task_definition", "revision", cty.String, false},
		{"resource", "aws_lb", "dns_name", cty.DynamicPseudoType, false}, // not embedded: heuristic
		{"resource", "aws_lb", "zone_id", cty.DynamicPseudoType, false},
		{"resource", "aws_lb", "ip_address_type", cty.DynamicPseudoType, true}, // heuristic: not a string
		{"data", "docker_registry_image", "sha256_digest", cty.DynamicPseudoType, true},
		{"data", "aws_ssm_parameter", "not_in_schema_id", cty.DynamicPseudoType, false},
	} {
		ty, opaque := attrType(c.mode, c.typ, c.attr)
		if !ty.Equals(c.ty) || opaque != c.opaque {
			t.Errorf("%s %s.%s: got %s opaque=%v, want %s opaque=%v", c.mode, c.typ, c.attr, ty.FriendlyName(), opaque, c.ty.FriendlyName(), c.opaque)
		}
	}
}

// TestJSONEncodeUnresolved: an unresolved value inside jsonencode is its
// token, in lists, sets, maps and objects; an unknown without a mark
// keeps the result unknown; a known value encodes as go-cty's does.
func TestJSONEncodeUnresolved(t *testing.T) {
	u := ir.Unresolved{Name: "data.aws_lb_target_group.app.port"}
	port := cty.UnknownVal(cty.Number).Mark(u)
	tok := u.Token()
	for _, c := range []struct {
		in   cty.Value
		want string // "" for unknown
	}{
		{cty.ObjectVal(map[string]cty.Value{"a": cty.NumberIntVal(1), "p": port}), `{"a":1,"p":"` + tok + `"}`},
		{cty.ListVal([]cty.Value{cty.NumberIntVal(1), port}), `[1,"` + tok + `"]`},
		{cty.SetVal([]cty.Value{port}), `["` + tok + `"]`},
		{cty.MapVal(map[string]cty.Value{"k": port}), `{"k":"` + tok + `"}`},
		{port, `"` + tok + `"`},
		{cty.ObjectVal(map[string]cty.Value{"n": cty.NullVal(cty.String), "p": port}), `{"n":null,"p":"` + tok + `"}`},
		{cty.ObjectVal(map[string]cty.Value{"p": port, "x": cty.UnknownVal(cty.String)}), ""},
		{cty.NullVal(cty.DynamicPseudoType), "null"},
		{cty.ObjectVal(map[string]cty.Value{"s": cty.StringVal("x").Mark(u)}), `{"s":"x"}`},
	} {
		got, err := jsonEncodeFunc.Call([]cty.Value{c.in})
		if err != nil {
			t.Errorf("%#v: %v", c.in, err)
			continue
		}
		got, _ = got.Unmark()
		switch {
		case c.want == "" && got.IsKnown():
			t.Errorf("%#v: got %s, want unknown", c.in, got.AsString())
		case c.want != "" && (!got.IsKnown() || got.AsString() != c.want):
			t.Errorf("%#v: got %#v, want %s", c.in, got, c.want)
		}
	}
}
