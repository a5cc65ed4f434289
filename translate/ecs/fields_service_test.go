package ecs

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	awsecs "github.com/aws/aws-sdk-go-v2/service/ecs"
	ecsdocument "github.com/aws/aws-sdk-go-v2/service/ecs/document"
	ecsschemas "github.com/aws/aws-sdk-go-v2/service/ecs/schemas"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	smithy "github.com/aws/smithy-go"
)

// The service disposition table (fields_service.go) against the decoding
// structs (service_types.go), the AWS SDK's Go types and the SDK's wire
// schemas, in the manner of the task definition tests in
// fields_types_test.go and fields_sdk_test.go, whose helpers are reused.
//
// The service shape needs two things those helpers do not handle: a list
// whose elements are a union (serviceConnectConfiguration
// .containerConfigurations[]) and a Smithy document (lifecycleHooks[]
// .hookDetails, any JSON value). Hence the SDK walker below and the two
// explicit lists it works from.

// svcSDKUnion is one SDK union interface met in the service shape.
type svcSDKUnion struct {
	members []reflect.Type // the <Union>Member<Name> types
	schema  *smithy.Schema // the union's wire schema, to check the members
}

// svcSDKUnions lists the union interfaces reachable from CreateServiceInput
// and types.Service. The walker fails on any interface not listed here (or
// in svcSDKDocuments), and TestServiceSDKUnionsComplete holds the member
// lists against the wire schemas.
var svcSDKUnions = map[reflect.Type]svcSDKUnion{
	reflect.TypeFor[ecstypes.ServiceConnectContainerConfiguration](): {
		members: []reflect.Type{
			reflect.TypeFor[ecstypes.ServiceConnectContainerConfigurationMemberLogLevel](),
		},
		schema: ecsschemas.ServiceConnectContainerConfiguration,
	},
}

// svcSDKDocuments lists the SDK fields of type document.Interface (any JSON
// value), as Owner.Field in Go names, with their JSON path. They decode as
// *source.Raw.
var svcSDKDocuments = map[string]string{
	"DeploymentLifecycleHook.HookDetails": "deploymentConfiguration.lifecycleHooks[].hookDetails",
}

// svcWrapperOnly are the describe-services wrapper's own JSON paths, which
// are not service fields (a failure names a service that could not be
// described) and so have no rows.
var svcWrapperOnly = []string{"failures[]", "failures[].arn", "failures[].detail", "failures[].reason"}

var svcDocumentType = reflect.TypeFor[ecsdocument.Interface]()

// svcSDKWalk is sdkWalk for the service shape: it also knows lists of union
// elements and document fields.
func svcSDKWalk(t reflect.Type, prefix string, out map[string]sdkPath, errs *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Name == "noSmithyDocumentSerde" {
			continue
		}
		if !f.IsExported() {
			*errs = append(*errs, prefix+f.Name+": unexported SDK field the walker does not know")
			continue
		}
		path := prefix + f.Name
		if f.Type == svcDocumentType {
			owner := t.Name() + "." + f.Name
			if _, ok := svcSDKDocuments[owner]; !ok {
				*errs = append(*errs, path+": document field "+owner+" is not in svcSDKDocuments; add it (and decode it as *source.Raw)")
				continue
			}
			svcSDKAdd(out, errs, path, "document")
			continue
		}
		svcSDKValue(f.Type, path, out, errs) // unions too
	}
}

func svcSDKAdd(out map[string]sdkPath, errs *[]string, p, kind string) {
	key := strings.ToLower(p)
	if old, dup := out[key]; dup {
		*errs = append(*errs, p+": same path as "+old.goPath+" when compared case-insensitively")
	}
	out[key] = sdkPath{p, kind}
}

func svcSDKValue(ft reflect.Type, path string, out map[string]sdkPath, errs *[]string) {
	if ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	switch {
	case ft == sdkTimeType:
		svcSDKAdd(out, errs, path, "timestamp")
		return
	case ft.Kind() == reflect.Interface:
		svcSDKUnionValue(ft, path, out, errs)
		return
	}
	switch ft.Kind() {
	case reflect.Struct:
		svcSDKAdd(out, errs, path, "object")
		svcSDKWalk(ft, path+".", out, errs)
	case reflect.Slice:
		e := ft.Elem()
		if e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		switch {
		case e.Kind() == reflect.Struct && e != sdkTimeType:
			svcSDKAdd(out, errs, path+"[]", "object")
			svcSDKWalk(e, path+"[].", out, errs)
		case e.Kind() == reflect.Interface:
			svcSDKUnionValue(e, path+"[]", out, errs)
		case e.Kind() == reflect.Slice || e.Kind() == reflect.Map:
			*errs = append(*errs, path+": list of "+e.String()+" is not handled by the walker")
		default:
			svcSDKAdd(out, errs, path+"[]", sdkScalarKind(e))
		}
	case reflect.Map:
		e := ft.Elem()
		if ft.Key().Kind() != reflect.String || e.Kind() == reflect.Struct || e.Kind() == reflect.Interface ||
			e.Kind() == reflect.Slice || e.Kind() == reflect.Map || e.Kind() == reflect.Pointer {
			*errs = append(*errs, path+": map type "+ft.String()+" is not handled by the walker")
			return
		}
		svcSDKAdd(out, errs, path+"{}", sdkScalarKind(e))
	default:
		svcSDKAdd(out, errs, path, sdkScalarKind(ft))
	}
}

// svcSDKUnionValue adds a union (an object with exactly one member on the
// wire) and the paths of its members.
func svcSDKUnionValue(ft reflect.Type, path string, out map[string]sdkPath, errs *[]string) {
	u, ok := svcSDKUnions[ft]
	if !ok {
		*errs = append(*errs, path+": interface type "+ft.String()+" is not in svcSDKUnions or svcSDKDocuments; add the union and its member types")
		return
	}
	svcSDKAdd(out, errs, path, "object")
	for _, m := range u.members {
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
		svcSDKValue(v.Type, path+"."+name, out, errs)
	}
}

// sdkServicePaths returns the paths of CreateServiceInput and types.Service
// (types.Deployment and types.TaskSet below it) together, keyed by the
// lower-cased path, and checks the describe-services wrapper.
func sdkServicePaths(t *testing.T) map[string]sdkPath {
	t.Helper()
	var errs []string
	all := map[string]sdkPath{}
	svcSDKWalk(reflect.TypeFor[ecstypes.Service](), "", all, &errs)

	input := map[string]sdkPath{}
	svcSDKWalk(reflect.TypeFor[awsecs.CreateServiceInput](), "", input, &errs)
	for k, v := range input {
		if old, ok := all[k]; ok && old.kind != v.kind {
			errs = append(errs, v.goPath+": CreateServiceInput and Service disagree on the kind ("+v.kind+" vs "+old.kind+")")
		}
		all[k] = v
	}

	// describe-services: {"services": [Service...], "failures": [Failure...]}.
	wrapper := reflect.TypeFor[awsecs.DescribeServicesOutput]()
	want := map[string]reflect.Type{
		"Services":       reflect.TypeFor[[]ecstypes.Service](),
		"Failures":       reflect.TypeFor[[]ecstypes.Failure](),
		"ResultMetadata": nil, // smithy middleware metadata, never serialized
	}
	for i := 0; i < wrapper.NumField(); i++ {
		f := wrapper.Field(i)
		if f.Name == "noSmithyDocumentSerde" {
			continue
		}
		wt, ok := want[f.Name]
		if !ok {
			errs = append(errs, "DescribeServicesOutput."+f.Name+": wrapper field unknown to DescribeServicesOutput in service_types.go")
			continue
		}
		if wt != nil && f.Type != wt {
			errs = append(errs, "DescribeServicesOutput."+f.Name+": type "+f.Type.String()+", expected "+wt.String())
		}
	}
	failures := map[string]sdkPath{}
	svcSDKValue(reflect.TypeFor[[]ecstypes.Failure](), "Failures", failures, &errs)
	dec := map[string]string{}
	decoderPaths(reflect.TypeOf(DescribeServicesOutput{}), "", dec, &errs)
	decFold := map[string]bool{}
	for p := range dec {
		decFold[strings.ToLower(p)] = true
	}
	for k, v := range failures {
		if !decFold[k] {
			errs = append(errs, "DescribeServicesOutput."+v.goPath+": not decoded by DescribeServicesOutput in service_types.go")
		}
	}
	sdkReport(t, errs)
	return all
}

// serviceDecoderPaths returns the JSON paths of Service with their kinds
// (documents as "document"), and checks that DescribeServicesOutput holds
// Service under services[] and nothing but failures[] beside it.
func serviceDecoderPaths(t *testing.T) map[string]string {
	t.Helper()
	var errs []string
	paths := map[string]string{}
	decoderPaths(reflect.TypeOf(Service{}), "", paths, &errs)
	for _, p := range svcSDKDocuments {
		// decoderPaths calls every *source.Raw a timestamp
		if paths[p] != "timestamp" {
			errs = append(errs, p+": a document field must be decoded as *source.Raw")
			continue
		}
		paths[p] = "document"
	}

	wrapper := map[string]string{}
	decoderPaths(reflect.TypeOf(DescribeServicesOutput{}), "", wrapper, &errs)
	only := map[string]bool{}
	for _, p := range svcWrapperOnly {
		only[p] = true
		if _, ok := wrapper[p]; !ok {
			errs = append(errs, p+": describe-services wrapper path not decoded by DescribeServicesOutput")
		}
	}
	for p := range wrapper {
		switch {
		case p == "services[]", only[p]:
		case strings.HasPrefix(p, "services[]."):
			if _, ok := paths[strings.TrimPrefix(p, "services[].")]; !ok {
				errs = append(errs, p+": describe wrapper path differs from Service")
			}
		default:
			errs = append(errs, p+": describe-services wrapper member that is neither services nor failures")
		}
	}
	for _, e := range errs {
		t.Error(e)
	}
	return paths
}

// schemaServicePaths returns the exact JSON paths of the Service and
// CreateServiceRequest wire schemas, with their kinds.
func schemaServicePaths(t *testing.T) map[string]string {
	t.Helper()
	var errs []string
	all := svcSchemaWalk(ecsschemas.Service, "", &errs)
	for p, k := range svcSchemaWalk(ecsschemas.CreateServiceRequest, "", &errs) {
		if old, ok := all[p]; ok && old != k {
			errs = append(errs, p+": CreateServiceRequest and Service schemas disagree ("+k+" vs "+old+")")
		}
		all[p] = k
	}
	if len(all) == 0 {
		errs = append(errs, "the SDK schemas yielded no paths (schemas not initialized?)")
	}
	sdkReport(t, errs)
	return all
}

// svcSchemaWalk wraps schemaWalk, which does not know documents: it reports
// them as an unhandled shape type of kind "unknown". That is accepted for
// the paths of svcSDKDocuments (below docPrefix, where the service object
// sits in s), whose kind becomes "document", and for no others.
func svcSchemaWalk(s *smithy.Schema, docPrefix string, errs *[]string) map[string]string {
	out := map[string]string{}
	var raw []string
	schemaWalk(s, "", 0, out, &raw)
	docs := map[string]bool{}
	for _, p := range svcSDKDocuments {
		docs[docPrefix+p] = true
	}
	for _, e := range raw {
		if p, _, _ := strings.Cut(e, ": schema shape type "); docs[p] && out[p] == "unknown" {
			continue
		}
		*errs = append(*errs, e)
	}
	for p := range docs {
		switch k, ok := out[p]; {
		case k == "unknown":
			out[p] = "document"
		case ok:
			*errs = append(*errs, p+": svcSDKDocuments names it, but the "+s.ID().Name+" schema gives it kind "+k)
		}
	}
	return out
}

func TestServiceFieldsTableWellFormed(t *testing.T) {
	valid := map[Disposition]bool{
		Translated: true, TranslatedWarn: true, Dropped: true,
		Rejected: true, Metadata: true, Planned: true, OutOfScope: true,
	}
	if len(ServiceFields) == 0 {
		t.Fatal("ServiceFields is empty")
	}
	if ServiceTable.Name != "service" || ServiceTable.Prefix != "ecs" || len(ServiceTable.Fields) != len(ServiceFields) {
		t.Errorf("ServiceTable = %q/%q with %d rows, want service/ecs with %d", ServiceTable.Name, ServiceTable.Prefix, len(ServiceTable.Fields), len(ServiceFields))
	}
	seen := map[string]bool{}
	for i, f := range ServiceFields {
		if f.Path == "" {
			t.Errorf("row %d: empty Path", i)
			continue
		}
		if seen[f.Path] {
			t.Errorf("%s: duplicate row", f.Path)
		}
		seen[f.Path] = true
		if i > 0 && ServiceFields[i-1].Path >= f.Path {
			t.Errorf("%s: not sorted (comes after %s)", f.Path, ServiceFields[i-1].Path)
		}
		if !valid[f.Disp] {
			t.Errorf("%s: disposition %q is not one of the constants", f.Path, f.Disp)
		}
		if f.Disp != Translated && strings.TrimSpace(f.Why) == "" {
			t.Errorf("%s: disposition %s needs a Why", f.Path, f.Disp)
		}
		if f.Disp == Translated && strings.TrimSpace(f.Kube) == "" {
			t.Errorf("%s: translated row needs Kube (what it becomes)", f.Path)
		}
		if strings.HasSuffix(f.Why, ".") || strings.HasSuffix(f.Kube, ".") {
			t.Errorf("%s: Kube and Why take no trailing period", f.Path)
		}
		if f.Why != strings.TrimSpace(f.Why) || f.Kube != strings.TrimSpace(f.Kube) {
			t.Errorf("%s: Kube and Why take no leading or trailing blanks", f.Path)
		}
		if strings.ContainsAny(f.Why+f.Kube, "|\n`") {
			t.Errorf("%s: Kube and Why must not contain |, ` or newlines (they go into a Markdown table)", f.Path)
		}
		if c := ServiceTable.Code(&ServiceFields[i]); !strings.HasPrefix(c, "ecs/") || strings.ContainsAny(c, "[]{}.") {
			t.Errorf("%s: odd diagnostic code %q", f.Path, c)
		}
		if got, ok := ServiceTable.Lookup(f.Path); !ok || got != &ServiceFields[i] {
			t.Errorf("%s: ServiceTable.Lookup does not find the row", f.Path)
		}
		// Everything under deployments[] and taskSets[] is describe-only
		// state (the translator reads the PRIMARY deployment itself).
		if (strings.HasPrefix(f.Path, "deployments[]") || strings.HasPrefix(f.Path, "taskSets[]")) && f.Disp != Metadata {
			t.Errorf("%s: describe-only sub-tree rows must be %s, not %s", f.Path, Metadata, f.Disp)
		}
	}
}

func TestServiceFieldsMatchDecodingTypes(t *testing.T) {
	paths := serviceDecoderPaths(t)
	var missingRow, missingField []string
	for p := range paths {
		if _, ok := ServiceTable.Lookup(p); !ok {
			missingRow = append(missingRow, p)
		}
	}
	for _, f := range ServiceFields {
		if _, ok := paths[f.Path]; !ok {
			missingField = append(missingField, f.Path)
		}
	}
	sort.Strings(missingRow)
	sort.Strings(missingField)
	if len(missingRow) > 0 {
		t.Errorf("%d paths of service_types.go have no row in ServiceFields:\n\t%s",
			len(missingRow), strings.Join(missingRow, "\n\t"))
	}
	if len(missingField) > 0 {
		t.Errorf("%d rows of ServiceFields have no field in service_types.go:\n\t%s",
			len(missingField), strings.Join(missingField, "\n\t"))
	}
}

func TestServiceFieldsMatchSDK(t *testing.T) {
	tablecheckRows(t, ServiceTable, sdkKinds(sdkServicePaths(t)), true, "the AWS SDK's Service and CreateServiceInput")
}

// TestServiceSDKKindsMatchDecodingTypes catches a field of service_types.go
// decoded as the wrong JSON type.
func TestServiceSDKKindsMatchDecodingTypes(t *testing.T) {
	tablecheckKinds(t, serviceDecoderPaths(t), sdkKinds(sdkServicePaths(t)), true, "service_types.go", "the AWS SDK")
}

// TestServiceFieldsMatchSDKSchemas holds the rows against the exact wire
// names of the SDK schemas, letter case included.
func TestServiceFieldsMatchSDKSchemas(t *testing.T) {
	tablecheckRows(t, ServiceTable, schemaServicePaths(t), false, "the Service and CreateServiceRequest schemas")
}

// TestServiceSDKSchemasMatchDecodingTypes checks the json tags of
// service_types.go (case included) and their kinds against the wire
// schemas, and the describe-services wrapper against its response schema.
func TestServiceSDKSchemasMatchDecodingTypes(t *testing.T) {
	schema, dec := schemaServicePaths(t), serviceDecoderPaths(t)
	tablecheckKinds(t, dec, schema, false, "service_types.go", "the SDK schemas")
	tablecheckSameKeys(t, dec, schema, false, "service_types.go", "the SDK schemas")

	// The wrapper: every path of the response schema is decoded with the
	// same kind (Service adds the create-only members under services[]).
	var errs []string
	resp := svcSchemaWalk(ecsschemas.DescribeServicesResponse, "services[].", &errs)
	wrapper := map[string]string{}
	decoderPaths(reflect.TypeOf(DescribeServicesOutput{}), "", wrapper, &errs)
	for _, e := range errs {
		t.Error(e)
	}
	for p, k := range resp {
		got, ok := wrapper[p]
		if inner, isService := strings.CutPrefix(p, "services[]."); isService {
			got, ok = dec[inner] // documents already say "document"
		}
		if !ok || got != k {
			t.Errorf("DescribeServicesResponse %s: the schema says %s, service_types.go decodes %q", p, k, got)
		}
	}
	for _, p := range svcWrapperOnly {
		if _, ok := resp[p]; !ok {
			t.Errorf("svcWrapperOnly %s is not in the DescribeServicesResponse schema", p)
		}
	}
}

// TestServiceSDKUnionsComplete holds svcSDKUnions and svcSDKDocuments
// against the wire schemas: reflection cannot list the types implementing
// an interface, so a union member added by an SDK upgrade would otherwise
// go unseen by TestServiceFieldsMatchSDK (TestServiceFieldsMatchSDKSchemas
// would still name its path).
func TestServiceSDKUnionsComplete(t *testing.T) {
	for iface, u := range svcSDKUnions {
		if u.schema == nil || u.schema.Type() != smithy.ShapeTypeUnion {
			t.Errorf("svcSDKUnions: %s: schema is not a union", iface)
			continue
		}
		listed := map[string]bool{}
		for _, m := range u.members {
			if !reflect.PointerTo(m).Implements(iface) {
				t.Errorf("svcSDKUnions: %s does not implement %s", m, iface)
			}
			name := strings.TrimPrefix(m.Name(), iface.Name()+"Member")
			listed[strings.ToLower(name)] = true
		}
		for name := range u.schema.Members() {
			if !listed[strings.ToLower(name)] {
				t.Errorf("SDK union %s has member %s missing from svcSDKUnions (and probably from the table)", iface.Name(), name)
			}
		}
		if len(u.schema.Members()) != len(u.members) {
			t.Errorf("svcSDKUnions: %s lists %d members, the schema has %d", iface.Name(), len(u.members), len(u.schema.Members()))
		}
	}
	if got := ecsschemas.DeploymentLifecycleHook_hookDetails.Type(); got != smithy.ShapeTypeDocument {
		t.Errorf("DeploymentLifecycleHook.hookDetails has shape type %d, svcSDKDocuments expects a document", got)
	}
	if f, ok := reflect.TypeFor[ecstypes.DeploymentLifecycleHook]().FieldByName("HookDetails"); !ok || f.Type != svcDocumentType {
		t.Error("types.DeploymentLifecycleHook.HookDetails is no longer a document.Interface; update svcSDKDocuments")
	}
}
