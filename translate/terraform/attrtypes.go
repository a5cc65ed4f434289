package terraform

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/zclconf/go-cty/cty"
)

// attrTypesText holds the types of the attributes of every data source
// of the pinned AWS provider and of the resource types eksport reads,
// made by internal/schemagen -types (TestAttrTypesCurrent checks it
// against testdata/provider-schema.txt). Each line is "d|r type
// code:name,name ...", d a data source and r a resource.
//
//go:embed attrtypes.txt
var attrTypesText string

var (
	attrTypesOnce sync.Once
	// attrTypesByType maps "d aws_x" or "r aws_x" to its attributes' codes.
	attrTypesByType map[string]map[string]string
)

// attrCode is the schema's type code of an attribute of a data source
// (mode "data") or resource, and whether the pinned provider knows the
// type and the attribute.
func attrCode(mode, typ, attr string) (string, bool) {
	attrTypesOnce.Do(func() {
		attrTypesByType = map[string]map[string]string{}
		for _, line := range strings.Split(attrTypesText, "\n") {
			if line == "" || line[0] == '#' {
				continue
			}
			f := strings.Fields(line)
			if len(f) < 2 {
				continue
			}
			attrs := map[string]string{}
			for _, group := range f[2:] {
				code, names, _ := strings.Cut(group, ":")
				for _, n := range strings.Split(names, ",") {
					attrs[n] = code
				}
			}
			attrTypesByType[f[0]+" "+f[1]] = attrs
		}
	})
	kind := "r "
	if mode == "data" {
		kind = "d "
	}
	code, ok := attrTypesByType[kind+typ][attr]
	return code, ok
}

// attrType is the type an attribute that exists only at apply time is
// given: its type in the pinned provider's schema, or, for a data source
// or resource type the pinned AWS provider does not have (another
// provider's, a newer one's) or an attribute it does not list, a guess
// from its name (likelyString). A string becomes a token that keeps the
// text around it (and may become a placeholder or a required chart
// value); any other type stays an unknown value of that type, and the
// value that reads it is an error naming it. Nested objects (blocks) and
// dynamic attributes are unknown of any type.
func attrType(mode, typ, attr string) (ty cty.Type, opaque bool) {
	if typ == "aws_ecs_task_definition" && attr == "revision" {
		// A number, but written into "family:revision" (a service's
		// task_definition), where eksport links by family and needs the
		// text around it: an unknown number would make the whole string
		// unknown.
		return cty.String, false
	}
	code, ok := attrCode(mode, typ, attr)
	if !ok {
		return cty.DynamicPseudoType, !likelyString(attr)
	}
	return codeType(code), true
}

// codeType is the cty type of a schemagen type code.
func codeType(code string) cty.Type {
	prim := func(c byte) cty.Type {
		switch c {
		case 's':
			return cty.String
		case 'n':
			return cty.Number
		case 'b':
			return cty.Bool
		}
		return cty.DynamicPseudoType
	}
	switch {
	case len(code) == 1:
		return prim(code[0])
	case code == "any" || code == "many" || strings.HasSuffix(code, "o"):
		// A value of any type, or nested objects whose attributes are
		// not recorded.
		return cty.DynamicPseudoType
	case code[0] == 'l':
		return cty.List(prim(code[1]))
	case code[0] == 'S':
		return cty.Set(prim(code[1]))
	case code[0] == 'm':
		return cty.Map(prim(code[1]))
	}
	return cty.DynamicPseudoType
}
