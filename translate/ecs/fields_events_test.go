package ecs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	evschemas "github.com/aws/aws-sdk-go-v2/service/eventbridge/schemas"
	evtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	smithy "github.com/aws/smithy-go"
)

// The EventBridge disposition tables (fields_events.go) against the decoding
// structs (events_types.go) and against the AWS SDK: by reflection over the
// SDK's Go types (letter case ignored), and exactly, case included, against
// the SDK's Smithy wire schemas (package schemas), which is where
// awsvpcConfiguration, capacityProvider, expression, field and the like get
// their lower-case first letter. The helpers are in fields_elbv2_test.go.
//
// The eventbridge package itself cannot be imported here: it needs
// github.com/aws/aws-sdk-go-v2/internal/v4a, which go.sum does not list.
// The operation structs (PutRuleInput, DescribeRuleOutput, PutTargetsInput,
// ListTargetsByRuleOutput, ListRulesOutput) are therefore read from the
// SDK's api_op_*.go source and rebuilt with reflect.StructOf from the types
// of package types, which imports fine; below them the walk is reflection as
// usual.

// eventsSDKUnions lists the SDK union interfaces met below the rule and
// target shapes, with their member types. EventBridge v1.55.9 has none; the
// walker fails on any interface not listed, and TestEventSDKUnionsComplete
// checks listed unions against the SDK source.
var eventsSDKUnions = map[reflect.Type][]reflect.Type{}

// eventsSDKExcluded are fields of the SDK's operation inputs and outputs that
// are not members of the JSON document, with the reason. Every other member
// of PutRuleInput and DescribeRuleOutput belongs to the rule: PutRuleInput
// has no parameter of the operation alone (Name and EventBusName identify
// the rule and come back from describe-rule too), and DescribeRuleInput's
// members are Name and EventBusName again.
var eventsSDKExcluded = map[string]string{
	"ResultMetadata": "smithy middleware metadata of the call, never serialized",
}

// eventsListRulesOmits are the rule paths that list-rules (the SDK's Rule)
// does not return: CreatedBy is describe-rule only, Tags put-rule only.
// ListRulesOutput decodes its rules as EventRule all the same.
var eventsListRulesOmits = []string{"CreatedBy", "Tags[]", "Tags[].Key", "Tags[].Value"}

// eventsWrapper is a document holding rules or targets, with the SDK's Go
// type and wire schema of the same shape (nil for ScheduledTaskFile, which
// is no API shape) and the schemas of its items.
type eventsWrapper struct {
	tablecheckWrapperShape
	sdkName     string // the SDK struct rebuilt into sdk
	schema      *smithy.Schema
	schemaItems map[string]*smithy.Schema
	// sdkOmits lists, per item member, the decoded item paths the SDK's
	// item type lacks (relative to the item).
	sdkOmits map[string][]string
}

func eventsWrappers(t *testing.T) []eventsWrapper {
	rule := tablecheckItem{reflect.TypeFor[EventRule](), reflect.TypeFor[evtypes.Rule]()}
	target := tablecheckItem{reflect.TypeFor[Target](), reflect.TypeFor[evtypes.Target]()}
	return []eventsWrapper{
		{
			// {"Rule": {...put-rule input...}, "Targets": [...]}
			tablecheckWrapperShape: tablecheckWrapperShape{
				decoder: reflect.TypeFor[ScheduledTaskFile](),
				items:   map[string]tablecheckItem{"Rule": {rule.decoder, nil}, "Targets[]": target},
			},
		},
		{
			// Rule names the rule the targets belong to, EventBusName its bus.
			tablecheckWrapperShape: tablecheckWrapperShape{
				decoder: reflect.TypeFor[PutTargetsInput](), sdk: eventsOpType(t, "PutTargetsInput"),
				items: map[string]tablecheckItem{"Targets[]": target},
				only:  []string{"EventBusName", "Rule"},
			},
			sdkName:     "PutTargetsInput",
			schema:      evschemas.PutTargetsRequest,
			schemaItems: map[string]*smithy.Schema{"Targets[]": evschemas.Target},
		},
		{
			tablecheckWrapperShape: tablecheckWrapperShape{
				decoder: reflect.TypeFor[ListTargetsByRuleOutput](), sdk: eventsOpType(t, "ListTargetsByRuleOutput"),
				items: map[string]tablecheckItem{"Targets[]": target},
				only:  []string{"NextToken"},
			},
			sdkName:     "ListTargetsByRuleOutput",
			schema:      evschemas.ListTargetsByRuleResponse,
			schemaItems: map[string]*smithy.Schema{"Targets[]": evschemas.Target},
		},
		{
			tablecheckWrapperShape: tablecheckWrapperShape{
				decoder: reflect.TypeFor[ListRulesOutput](), sdk: eventsOpType(t, "ListRulesOutput"),
				items: map[string]tablecheckItem{"Rules[]": rule},
				only:  []string{"NextToken"},
			},
			sdkName:     "ListRulesOutput",
			schema:      evschemas.ListRulesResponse,
			schemaItems: map[string]*smithy.Schema{"Rules[]": evschemas.Rule},
			sdkOmits:    map[string][]string{"Rules[]": eventsListRulesOmits},
		},
	}
}

func TestEventFieldsWellFormed(t *testing.T) {
	for _, tbl := range []*Table{EventRuleTable, EventTargetTable} {
		t.Run(tbl.Name, func(t *testing.T) { tablecheckWellFormed(t, tbl) })
	}
}

func TestEventFieldsMatchDecodingTypes(t *testing.T) {
	tablecheckRows(t, EventRuleTable, tablecheckDecoder(t, reflect.TypeFor[EventRule]()), false, "events_types.go EventRule")
	tablecheckRows(t, EventTargetTable, tablecheckDecoder(t, reflect.TypeFor[Target]()), false, "events_types.go Target")
	for _, w := range eventsWrappers(t) {
		items := map[string]map[string]string{}
		for k, it := range w.items {
			items[k] = tablecheckDecoder(t, it.decoder)
		}
		tablecheckWrapper(t, "events_types.go "+w.decoder.Name(), tablecheckDecoder(t, w.decoder), items, w.only, nil)
	}
}

// eventsSDKRule returns the Go paths of the rule: PutRuleInput and
// DescribeRuleOutput together.
func eventsSDKRule(t *testing.T, w *tablecheckSDK) map[string]string {
	t.Helper()
	all := w.walk(eventsOpType(t, "DescribeRuleOutput"), eventsSDKExcluded)
	for p, k := range w.walk(eventsOpType(t, "PutRuleInput"), eventsSDKExcluded) {
		if old, ok := all[p]; ok && old != k {
			t.Errorf("SDK PutRuleInput.%s is a %s, DescribeRuleOutput.%s a %s", p, k, p, old)
		}
		all[p] = k
	}
	return all
}

// withOmits returns paths less the listed ones below prefix, failing on a
// listed path that paths lacks.
func withOmits(t *testing.T, paths map[string]string, prefix string, omits []string, name string) map[string]string {
	t.Helper()
	out := make(map[string]string, len(paths))
	for p, k := range paths {
		out[p] = k
	}
	for _, o := range omits {
		if _, ok := out[prefix+o]; !ok {
			t.Errorf("%s: listed path %s%s is not there", name, prefix, o)
		}
		delete(out, prefix+o)
	}
	return out
}

// TestEventFieldsMatchSDK compares by reflection over the SDK's Go types, up
// to letter case.
func TestEventFieldsMatchSDK(t *testing.T) {
	w := &tablecheckSDK{unions: eventsSDKUnions}
	decRule := tablecheckDecoder(t, reflect.TypeFor[EventRule]())
	decTarget := tablecheckDecoder(t, reflect.TypeFor[Target]())

	rule := eventsSDKRule(t, w)
	tablecheckRows(t, EventRuleTable, rule, true, "SDK PutRuleInput+DescribeRuleOutput")
	tablecheckKinds(t, decRule, rule, true, "events_types.go EventRule", "SDK PutRuleInput+DescribeRuleOutput")
	// list-rules returns the rule less eventsListRulesOmits.
	listed := w.walk(reflect.TypeFor[evtypes.Rule](), nil)
	tablecheckSameKeys(t, withOmits(t, rule, "", eventsListRulesOmits, "eventsListRulesOmits"), listed, true,
		"SDK PutRuleInput+DescribeRuleOutput less eventsListRulesOmits", "SDK types.Rule")

	target := w.walk(reflect.TypeFor[evtypes.Target](), nil)
	tablecheckRows(t, EventTargetTable, target, true, "SDK types.Target")
	tablecheckKinds(t, decTarget, target, true, "events_types.go Target", "SDK types.Target")

	for _, wr := range eventsWrappers(t) {
		if wr.sdk == nil {
			continue
		}
		sdk := w.walk(wr.sdk, eventsSDKExcluded)
		items := map[string]map[string]string{}
		for k, it := range wr.items {
			items[k] = w.walk(it.sdk, nil)
		}
		tablecheckWrapper(t, "SDK "+wr.sdkName, sdk, items, wr.only, nil)
		dec := tablecheckDecoder(t, wr.decoder)
		for k, omits := range wr.sdkOmits {
			dec = withOmits(t, dec, k+".", omits, wr.decoder.Name())
		}
		tablecheckSameKeys(t, dec, sdk, true, "events_types.go "+wr.decoder.Name(), "SDK "+wr.sdkName)
		tablecheckKinds(t, dec, sdk, true, "events_types.go "+wr.decoder.Name(), "SDK "+wr.sdkName)
	}
	sdkReport(t, w.errs)
}

// eventsSchema returns the exact wire paths below a schema.
func eventsSchema(t *testing.T, s *smithy.Schema) map[string]string {
	t.Helper()
	var errs []string
	out := map[string]string{}
	schemaWalk(s, "", 0, out, &errs)
	if len(out) == 0 {
		errs = append(errs, "schema "+s.ID().String()+" yielded no paths (schemas not initialized?)")
	}
	sdkReport(t, errs)
	return out
}

// TestEventFieldsMatchSDKSchemas holds rows, json tags and kinds against the
// exact wire names of the SDK's schemas, and the schemas against the SDK's
// Go types (so that neither can gain a member unnoticed).
func TestEventFieldsMatchSDKSchemas(t *testing.T) {
	w := &tablecheckSDK{unions: eventsSDKUnions}
	decRule := tablecheckDecoder(t, reflect.TypeFor[EventRule]())
	decTarget := tablecheckDecoder(t, reflect.TypeFor[Target]())

	rule := eventsSchema(t, evschemas.DescribeRuleResponse)
	for p, k := range eventsSchema(t, evschemas.PutRuleRequest) {
		if old, ok := rule[p]; ok && old != k {
			t.Errorf("schema PutRuleRequest.%s is a %s, DescribeRuleResponse.%s a %s", p, k, p, old)
		}
		rule[p] = k
	}
	tablecheckRows(t, EventRuleTable, rule, false, "schemas PutRuleRequest+DescribeRuleResponse")
	tablecheckSameKeys(t, decRule, rule, false, "events_types.go EventRule", "schemas PutRuleRequest+DescribeRuleResponse")
	tablecheckKinds(t, decRule, rule, false, "events_types.go EventRule", "schemas PutRuleRequest+DescribeRuleResponse")
	tablecheckSameKeys(t, eventsSDKRule(t, w), rule, true, "SDK PutRuleInput+DescribeRuleOutput", "schemas PutRuleRequest+DescribeRuleResponse")
	tablecheckSameKeys(t, withOmits(t, rule, "", eventsListRulesOmits, "eventsListRulesOmits"), eventsSchema(t, evschemas.Rule), false,
		"schemas PutRuleRequest+DescribeRuleResponse less eventsListRulesOmits", "schema Rule")

	target := eventsSchema(t, evschemas.Target)
	tablecheckRows(t, EventTargetTable, target, false, "schema Target")
	tablecheckSameKeys(t, decTarget, target, false, "events_types.go Target", "schema Target")
	tablecheckKinds(t, decTarget, target, false, "events_types.go Target", "schema Target")
	tablecheckSameKeys(t, w.walk(reflect.TypeFor[evtypes.Target](), nil), target, true, "SDK types.Target", "schema Target")

	for _, wr := range eventsWrappers(t) {
		if wr.schema == nil {
			continue
		}
		name := "schema " + wr.schema.ID().String()
		schema := eventsSchema(t, wr.schema)
		items := map[string]map[string]string{}
		for k, s := range wr.schemaItems {
			items[k] = eventsSchema(t, s)
		}
		tablecheckWrapper(t, name, schema, items, wr.only, nil)
		dec := tablecheckDecoder(t, wr.decoder)
		for k, omits := range wr.sdkOmits {
			dec = withOmits(t, dec, k+".", omits, wr.decoder.Name())
		}
		tablecheckSameKeys(t, dec, schema, false, "events_types.go "+wr.decoder.Name(), name)
		tablecheckKinds(t, dec, schema, false, "events_types.go "+wr.decoder.Name(), name)
		tablecheckSameKeys(t, w.walk(wr.sdk, eventsSDKExcluded), schema, true, "SDK "+wr.sdkName, name)
	}
	sdkReport(t, w.errs)
}

// TestEventLowerCaseMembers pins the members whose lower-case first letter
// surprises people (they are the ECS API's spelling), so that a table edit
// "fixing" their case fails here with a clear message too.
func TestEventLowerCaseMembers(t *testing.T) {
	want := []string{
		"EcsParameters.CapacityProviderStrategy[].base",
		"EcsParameters.CapacityProviderStrategy[].capacityProvider",
		"EcsParameters.CapacityProviderStrategy[].weight",
		"EcsParameters.NetworkConfiguration.awsvpcConfiguration",
		"EcsParameters.NetworkConfiguration.awsvpcConfiguration.AssignPublicIp",
		"EcsParameters.PlacementConstraints[].expression",
		"EcsParameters.PlacementConstraints[].type",
		"EcsParameters.PlacementStrategy[].field",
		"EcsParameters.PlacementStrategy[].type",
	}
	for _, p := range want {
		if _, ok := EventTargetTable.Lookup(p); !ok {
			t.Errorf("EventTargetFields has no row %s (EventBridge spells it this way on the wire)", p)
		}
	}
}

func TestEventSDKUnionsComplete(t *testing.T) {
	tablecheckUnionsComplete(t, reflect.TypeFor[evtypes.Target]().PkgPath(), eventsSDKUnions)
}

// eventsTypeRoots are the types of package types that the operation structs
// refer to, directly or below: eventsOpType resolves "types.X" among the
// named types reachable from them, and fails on any other.
var eventsTypeRoots = []reflect.Type{
	reflect.TypeFor[evtypes.Rule](),
	reflect.TypeFor[evtypes.Target](),
}

// eventsTypeRegistry indexes the named types reachable from eventsTypeRoots
// by name.
func eventsTypeRegistry() map[string]reflect.Type {
	reg := map[string]reflect.Type{}
	var visit func(reflect.Type)
	visit = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.PkgPath() != eventsTypeRoots[0].PkgPath() || reg[t.Name()] != nil {
			return
		}
		reg[t.Name()] = t
		if t.Kind() == reflect.Struct {
			for i := 0; i < t.NumField(); i++ {
				visit(t.Field(i).Type)
			}
		}
	}
	for _, r := range eventsTypeRoots {
		visit(r)
	}
	return reg
}

// eventsOpType rebuilds the eventbridge package's struct name (an operation
// input or output, declared in api_op_<Operation>.go) with reflect.StructOf.
// Fields in eventsSDKExcluded and the noSmithyDocumentSerde marker are left
// out; a field type it cannot resolve fails the test.
func eventsOpType(t *testing.T, name string) reflect.Type {
	t.Helper()
	op := name
	for _, suffix := range []string{"Input", "Output"} {
		if o, ok := strings.CutSuffix(name, suffix); ok {
			op = o
			break
		}
	}
	dir := sdkSourceDir(t, "github.com/aws/aws-sdk-go-v2/service/eventbridge")
	file := filepath.Join(dir, "api_op_"+op+".go")
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var st *ast.StructType
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			if ts.Name.Name == name {
				st, _ = ts.Type.(*ast.StructType)
			}
		}
	}
	if st == nil {
		t.Fatalf("no struct %s in %s", name, file)
	}
	reg := eventsTypeRegistry()
	var resolve func(e ast.Expr) (reflect.Type, bool)
	resolve = func(e ast.Expr) (reflect.Type, bool) {
		switch e := e.(type) {
		case *ast.Ident:
			switch e.Name {
			case "string":
				return reflect.TypeFor[string](), true
			case "bool":
				return reflect.TypeFor[bool](), true
			case "int32":
				return reflect.TypeFor[int32](), true
			case "int64":
				return reflect.TypeFor[int64](), true
			case "float64":
				return reflect.TypeFor[float64](), true
			}
		case *ast.StarExpr:
			if x, ok := resolve(e.X); ok {
				return reflect.PointerTo(x), true
			}
		case *ast.ArrayType:
			if x, ok := resolve(e.Elt); ok && e.Len == nil {
				return reflect.SliceOf(x), true
			}
		case *ast.MapType:
			k, ok1 := resolve(e.Key)
			v, ok2 := resolve(e.Value)
			if ok1 && ok2 {
				return reflect.MapOf(k, v), true
			}
		case *ast.SelectorExpr:
			pkg, _ := e.X.(*ast.Ident)
			switch {
			case pkg != nil && pkg.Name == "types" && reg[e.Sel.Name] != nil:
				return reg[e.Sel.Name], true
			case pkg != nil && pkg.Name == "time" && e.Sel.Name == "Time":
				return sdkTimeType, true
			}
		}
		return nil, false
	}
	var fields []reflect.StructField
	for _, fl := range st.Fields.List {
		if len(fl.Names) == 0 {
			if id, ok := fl.Type.(*ast.Ident); ok && id.Name == "noSmithyDocumentSerde" {
				continue
			}
			t.Errorf("%s: embedded field %s the rebuild does not know", name, types.ExprString(fl.Type))
			continue
		}
		for _, n := range fl.Names {
			if _, skip := eventsSDKExcluded[n.Name]; skip {
				continue
			}
			ft, ok := resolve(fl.Type)
			if !ok {
				t.Errorf("%s.%s: cannot resolve type %s (add its root to eventsTypeRoots)", name, n.Name, types.ExprString(fl.Type))
				continue
			}
			fields = append(fields, reflect.StructField{Name: n.Name, Type: ft})
		}
	}
	if len(fields) == 0 {
		t.Fatalf("%s: no fields read from %s", name, file)
	}
	return reflect.StructOf(fields)
}
