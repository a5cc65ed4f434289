package ecs

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	awsecs "github.com/aws/aws-sdk-go-v2/service/ecs"
	ecsschemas "github.com/aws/aws-sdk-go-v2/service/ecs/schemas"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	smithy "github.com/aws/smithy-go"
)

// The disposition table against the AWS SDK's own types: when an SDK upgrade
// adds a task definition field, this test fails naming it until the field has
// a row (and a decoding field in types.go); a row the SDK does not know fails
// too.

// sdkUnions lists the SDK union interfaces that occur in a task definition,
// with their member types. Reflection cannot enumerate the types that
// implement an interface, so the walker fails on any interface not listed
// here, and TestSDKUnionMembersComplete checks the list against the SDK
// source.
var sdkUnions = map[reflect.Type][]reflect.Type{
	reflect.TypeFor[ecstypes.SharingStrategy](): {
		reflect.TypeFor[ecstypes.SharingStrategyMemberNvidiaMps](),
	},
}

// sdkOperationParams are RegisterTaskDefinitionInput fields that are
// parameters of the operation rather than fields of the task definition, with
// the reason. There are none in SDK v1.104.0: every input field is part of the
// task definition (tags included, which describe returns beside it).
var sdkOperationParams = map[string]string{}

// sdkWrapperOnly are DescribeTaskDefinitionOutput fields that are not part of
// the JSON document users save.
var sdkWrapperOnly = map[string]string{
	"ResultMetadata": "smithy middleware metadata of the call, never serialized",
	"TaskDefinition": "the task definition object itself (its members are walked)",
}

var sdkTimeType = reflect.TypeFor[time.Time]()

// sdkPath is one field path in the SDK's Go names, with its coarse JSON kind.
type sdkPath struct {
	goPath string // e.g. ContainerDefinitions[].LinuxParameters.Tmpfs[].Size
	kind   string // string, number, bool, timestamp, object
}

// sdkKinds is the SDK's paths (Go names) with their JSON kinds, for the
// tablecheck helpers, which compare them with JSON paths ignoring case.
func sdkKinds(sdk map[string]sdkPath) map[string]string {
	out := make(map[string]string, len(sdk))
	for _, s := range sdk {
		out[s.goPath] = s.kind
	}
	return out
}

// sdkWalk collects the paths below struct type t, keyed by the lower-cased
// path (JSON names are lowerCamel variants of the Go names, so segments
// match case-insensitively).
func sdkWalk(t reflect.Type, prefix string, out map[string]sdkPath, errs *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Name == "noSmithyDocumentSerde" {
			continue
		}
		if !f.IsExported() {
			*errs = append(*errs, prefix+f.Name+": unexported SDK field the walker does not know")
			continue
		}
		sdkValue(f.Type, prefix+f.Name, out, errs)
	}
}

func sdkValue(ft reflect.Type, path string, out map[string]sdkPath, errs *[]string) {
	add := func(p, kind string) {
		key := strings.ToLower(p)
		if old, dup := out[key]; dup {
			*errs = append(*errs, p+": same path as "+old.goPath+" when compared case-insensitively")
		}
		out[key] = sdkPath{p, kind}
	}
	if ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	switch {
	case ft == sdkTimeType:
		add(path, "timestamp")
		return
	case ft.Kind() == reflect.Interface:
		members, ok := sdkUnions[ft]
		if !ok {
			*errs = append(*errs, path+": interface type "+ft.String()+" is not in sdkUnions; add the union and its member types")
			return
		}
		add(path, "object")
		for _, m := range members {
			name, ok := strings.CutPrefix(m.Name(), ft.Name()+"Member")
			if !ok {
				*errs = append(*errs, path+": union member "+m.String()+" is not named "+ft.Name()+"Member...")
				continue
			}
			v, ok := m.FieldByName("Value")
			if !ok {
				*errs = append(*errs, path+": union member "+m.String()+" has no Value field")
				continue
			}
			sdkValue(v.Type, path+"."+name, out, errs)
		}
		return
	}
	switch ft.Kind() {
	case reflect.Struct:
		add(path, "object")
		sdkWalk(ft, path+".", out, errs)
	case reflect.Slice:
		e := ft.Elem()
		if e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		if e.Kind() == reflect.Struct && e != sdkTimeType {
			add(path+"[]", "object")
			sdkWalk(e, path+"[].", out, errs)
			return
		}
		if e.Kind() == reflect.Interface || e.Kind() == reflect.Slice || e.Kind() == reflect.Map {
			*errs = append(*errs, path+": list of "+e.String()+" is not handled by the walker")
			return
		}
		add(path+"[]", sdkScalarKind(e))
	case reflect.Map:
		if ft.Key().Kind() != reflect.String {
			*errs = append(*errs, path+": map with non-string keys "+ft.String())
			return
		}
		e := ft.Elem()
		if e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		if e.Kind() == reflect.Struct || e.Kind() == reflect.Interface || e.Kind() == reflect.Slice || e.Kind() == reflect.Map {
			*errs = append(*errs, path+": map of "+e.String()+" is not handled by the walker")
			return
		}
		add(path+"{}", sdkScalarKind(e))
	default:
		// scalars, and enum types (named string types) as leaves
		add(path, sdkScalarKind(ft))
	}
}

func sdkScalarKind(t reflect.Type) string {
	return fieldsScalarKind(t)
}

// sdkTaskDefinitionPaths walks types.TaskDefinition and the register input
// and returns their union.
func sdkTaskDefinitionPaths(t *testing.T) map[string]sdkPath {
	t.Helper()
	var errs []string
	described := map[string]sdkPath{}
	sdkWalk(reflect.TypeFor[ecstypes.TaskDefinition](), "", described, &errs)

	input := map[string]sdkPath{}
	sdkWalk(reflect.TypeFor[awsecs.RegisterTaskDefinitionInput](), "", input, &errs)

	all := map[string]sdkPath{}
	for k, v := range described {
		all[k] = v
	}
	for k, v := range input {
		top, _, _ := strings.Cut(v.goPath, ".")
		top = strings.TrimRight(top, "[]{}")
		if _, skip := sdkOperationParams[top]; skip {
			continue
		}
		if old, ok := all[k]; ok && old.kind != v.kind {
			errs = append(errs, v.goPath+": RegisterTaskDefinitionInput and TaskDefinition disagree on the kind ("+v.kind+" vs "+old.kind+")")
		}
		all[k] = v
	}

	// The describe wrapper: only the task definition and tags (which the
	// register input has at top level too) may be there.
	wrapper := reflect.TypeFor[awsecs.DescribeTaskDefinitionOutput]()
	for i := 0; i < wrapper.NumField(); i++ {
		f := wrapper.Field(i)
		if f.Name == "noSmithyDocumentSerde" {
			continue
		}
		if _, ok := sdkWrapperOnly[f.Name]; ok {
			continue
		}
		wp := map[string]sdkPath{}
		sdkValue(f.Type, f.Name, wp, &errs)
		for k, v := range wp {
			if _, ok := all[k]; !ok {
				errs = append(errs, "DescribeTaskDefinitionOutput."+v.goPath+": wrapper field that is not a task definition field")
			}
		}
	}
	sdkReport(t, errs)
	return all
}

// sdkReport reports each distinct problem once (the same SDK type is met
// through both TaskDefinition and the register input).
func sdkReport(t *testing.T, errs []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, e := range errs {
		if !seen[e] {
			seen[e] = true
			t.Error(e)
		}
	}
}

func TestFieldsMatchSDK(t *testing.T) {
	tablecheckRows(t, TaskDefinitionTable, sdkKinds(sdkTaskDefinitionPaths(t)), true, "the AWS SDK's TaskDefinition and RegisterTaskDefinitionInput")
}

// TestSDKKindsMatchDecodingTypes holds the JSON kinds of types.go against the
// SDK's Go types, so that a field decoded as the wrong type is caught.
func TestSDKKindsMatchDecodingTypes(t *testing.T) {
	tablecheckKinds(t, taskDefinitionDecoderPaths(t), sdkKinds(sdkTaskDefinitionPaths(t)), true, "types.go", "the AWS SDK")
}

// TestSDKUnionMembersComplete reads the SDK's types source to check that
// sdkUnions names every member of each union: a union member added by an SDK
// upgrade would otherwise be invisible to reflection.
func TestSDKUnionMembersComplete(t *testing.T) {
	tablecheckUnionsComplete(t, reflect.TypeFor[ecstypes.TaskDefinition]().PkgPath(), sdkUnions)
}

// The Go types give member names only up to letter case. The SDK's Smithy
// schemas (package schemas) carry the exact wire names and shape types, so
// the rows and the json tags of types.go are also held against those, case
// included.

// schemaWalk adds the exact JSON paths below the structure or union schema
// s to out, with their coarse kinds.
func schemaWalk(s *smithy.Schema, prefix string, depth int, out map[string]string, errs *[]string) {
	if depth > 20 {
		*errs = append(*errs, prefix+": schema nesting too deep (recursive shape?)")
		return
	}
	names := make([]string, 0, len(s.Members()))
	for name := range s.Members() {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		schemaValue(s.Member(name), prefix+name, depth+1, out, errs)
	}
}

func schemaValue(m *smithy.Schema, path string, depth int, out map[string]string, errs *[]string) {
	add := func(p, kind string) {
		if old, dup := out[p]; dup && old != kind {
			*errs = append(*errs, p+": schema kinds "+old+" and "+kind)
		}
		out[p] = kind
	}
	switch m.Type() {
	case smithy.ShapeTypeStructure, smithy.ShapeTypeUnion:
		add(path, "object")
		schemaWalk(m, path+".", depth, out, errs)
	case smithy.ShapeTypeList, smithy.ShapeTypeSet:
		e := m.ListMember()
		if e == nil {
			*errs = append(*errs, path+": list schema without member")
			return
		}
		switch e.Type() {
		case smithy.ShapeTypeStructure, smithy.ShapeTypeUnion:
			add(path+"[]", "object")
			schemaWalk(e, path+"[].", depth, out, errs)
		default:
			add(path+"[]", schemaScalarKind(e, path+"[]", errs))
		}
	case smithy.ShapeTypeMap:
		v := m.MapValue()
		if v == nil {
			*errs = append(*errs, path+": map schema without value")
			return
		}
		add(path+"{}", schemaScalarKind(v, path+"{}", errs))
	default:
		add(path, schemaScalarKind(m, path, errs))
	}
}

func schemaScalarKind(m *smithy.Schema, path string, errs *[]string) string {
	switch m.Type() {
	case smithy.ShapeTypeBoolean:
		return "bool"
	case smithy.ShapeTypeString, smithy.ShapeTypeEnum:
		return "string"
	case smithy.ShapeTypeTimestamp:
		return "timestamp"
	case smithy.ShapeTypeByte, smithy.ShapeTypeShort, smithy.ShapeTypeInteger, smithy.ShapeTypeLong,
		smithy.ShapeTypeIntEnum, smithy.ShapeTypeFloat, smithy.ShapeTypeDouble:
		return "number"
	}
	*errs = append(*errs, fmt.Sprintf("%s: schema shape type %d (%s) is not handled", path, m.Type(), m.TargetID()))
	return "unknown"
}

// schemaTaskDefinitionPaths returns the exact JSON paths of the task
// definition: TaskDefinition (describe) and RegisterTaskDefinitionRequest,
// plus the describe response's wrapper-level tags.
func schemaTaskDefinitionPaths(t *testing.T) map[string]string {
	t.Helper()
	var errs []string
	all := map[string]string{}
	schemaWalk(ecsschemas.TaskDefinition, "", 0, all, &errs)
	input := map[string]string{}
	schemaWalk(ecsschemas.RegisterTaskDefinitionRequest, "", 0, input, &errs)
	for p, k := range input {
		top, _, _ := strings.Cut(p, ".")
		top = strings.TrimRight(top, "[]{}")
		if _, skip := sdkOperationParams[strings.ToUpper(top[:1])+top[1:]]; skip {
			continue
		}
		if old, ok := all[p]; ok && old != k {
			errs = append(errs, p+": RegisterTaskDefinitionRequest and TaskDefinition schemas disagree ("+k+" vs "+old+")")
		}
		all[p] = k
	}
	wrapper := map[string]string{}
	schemaWalk(ecsschemas.DescribeTaskDefinitionResponse, "", 0, wrapper, &errs)
	for p, k := range wrapper {
		if p == "taskDefinition" || strings.HasPrefix(p, "taskDefinition.") {
			continue
		}
		if old, ok := all[p]; !ok || old != k {
			errs = append(errs, "DescribeTaskDefinitionResponse."+p+": wrapper member that is not a task definition field of the same kind")
		}
	}
	if len(all) == 0 {
		errs = append(errs, "the SDK schemas yielded no paths (schemas not initialized?)")
	}
	sdkReport(t, errs)
	return all
}

func TestFieldsMatchSDKSchemas(t *testing.T) {
	tablecheckRows(t, TaskDefinitionTable, schemaTaskDefinitionPaths(t), false, "the SDK schemas")
}

// TestSDKSchemasMatchDecodingTypes checks the json tags of types.go (case
// included) and their kinds against the SDK's wire schemas.
func TestSDKSchemasMatchDecodingTypes(t *testing.T) {
	schema, dec := schemaTaskDefinitionPaths(t), taskDefinitionDecoderPaths(t)
	tablecheckKinds(t, dec, schema, false, "types.go", "the SDK schemas")
	tablecheckSameKeys(t, dec, schema, false, "types.go", "the SDK schemas")
}
