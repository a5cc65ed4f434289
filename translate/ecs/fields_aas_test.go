package ecs

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	aas "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	aastypes "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/source"
)

// The Application Auto Scaling disposition tables (fields_aas.go) against
// the decoding structs (aas_types.go) and against the AWS SDK's types, as
// fields_types_test.go and fields_sdk_test.go do for the task definition.
// Application Auto Scaling has no Smithy schemas package, so the SDK side is
// read by reflection with exact names: its wire names are its Go field names,
// which TestAASWireNamesAreGoNames checks in the SDK's (de)serializers.
//
// The helpers below that are not specific to Application Auto Scaling are
// used by fields_cloudwatch_test.go too.

// aasShape ties one table to its decoding struct, its describe wrapper and
// the SDK types it is the union of.
type aasShape struct {
	table      *Table
	obj        reflect.Type // decoding struct of one object
	wrapper    reflect.Type // decoding struct of the describe output
	list       string       // the wrapper's list member holding obj
	sdkInput   reflect.Type // the put/register input
	sdkObject  reflect.Type // the object describe returns
	sdkWrapper reflect.Type // the describe output
}

var aasShapes = []aasShape{
	{ScalableTargetTable, reflect.TypeFor[ScalableTarget](), reflect.TypeFor[DescribeScalableTargetsOutput](), "ScalableTargets",
		reflect.TypeFor[aas.RegisterScalableTargetInput](), reflect.TypeFor[aastypes.ScalableTarget](), reflect.TypeFor[aas.DescribeScalableTargetsOutput]()},
	{ScalingPolicyTable, reflect.TypeFor[ScalingPolicy](), reflect.TypeFor[DescribeScalingPoliciesOutput](), "ScalingPolicies",
		reflect.TypeFor[aas.PutScalingPolicyInput](), reflect.TypeFor[aastypes.ScalingPolicy](), reflect.TypeFor[aas.DescribeScalingPoliciesOutput]()},
	{ScheduledActionTable, reflect.TypeFor[ScheduledAction](), reflect.TypeFor[DescribeScheduledActionsOutput](), "ScheduledActions",
		reflect.TypeFor[aas.PutScheduledActionInput](), reflect.TypeFor[aastypes.ScheduledAction](), reflect.TypeFor[aas.DescribeScheduledActionsOutput]()},
}

// aasOperationParams are members of the put/register inputs that are
// parameters of the operation rather than fields of the object, with the
// reason. There are none in SDK v1.41.18: every input member is stored with
// the target, policy or action (RegisterScalableTarget's Tags included,
// which describe does not return but which tag the target itself).
var aasOperationParams = map[string]string{}

// aasWrapperOnly are describe output members that are not part of the
// objects, with the reason; they get no row.
var aasWrapperOnly = map[string]string{
	"NextToken":      "pagination token of the describe call",
	"ResultMetadata": "smithy middleware metadata of the call, never serialized",
}

// aasSDKUnions lists the SDK union interfaces met in the Application Auto
// Scaling shapes: none in v1.41.18. sdkExactValue fails on any interface not
// listed, so a union added by an SDK upgrade cannot slip through.
var aasSDKUnions = map[reflect.Type][]reflect.Type{}

// sdkExactWalk adds the paths below SDK struct type t to out, keyed by their
// exact Go names ("[]" for list elements, "{}" for map values), with their
// coarse JSON kind. It is sdkWalk (fields_sdk_test.go) with two changes:
// exact keys, for the PascalCase protocols whose wire names are the Go
// names, and the union list as a parameter, since sdkWalk reads the ECS list
// sdkUnions, whose completeness test reads only the ECS SDK's source.
func sdkExactWalk(t reflect.Type, prefix string, unions map[reflect.Type][]reflect.Type, out map[string]string, errs *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Name == "noSmithyDocumentSerde" {
			continue
		}
		if !f.IsExported() {
			*errs = append(*errs, prefix+f.Name+": unexported SDK field the walker does not know")
			continue
		}
		sdkExactValue(f.Type, prefix+f.Name, unions, out, errs)
	}
}

func sdkExactValue(ft reflect.Type, path string, unions map[reflect.Type][]reflect.Type, out map[string]string, errs *[]string) {
	add := func(p, kind string) {
		if old, dup := out[p]; dup && old != kind {
			*errs = append(*errs, p+": reached as both "+old+" and "+kind)
		}
		out[p] = kind
	}
	if ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	switch {
	case ft == sdkTimeType:
		add(path, "timestamp")
		return
	case ft.Kind() == reflect.Interface:
		members, ok := unions[ft]
		if !ok {
			*errs = append(*errs, path+": interface type "+ft.String()+" is not a listed union; add it and its member types")
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
			sdkExactValue(v.Type, path+"."+name, unions, out, errs)
		}
		return
	}
	switch ft.Kind() {
	case reflect.Struct:
		add(path, "object")
		sdkExactWalk(ft, path+".", unions, out, errs)
	case reflect.Slice:
		e := ft.Elem()
		if e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		switch {
		case e.Kind() == reflect.Struct && e != sdkTimeType:
			add(path+"[]", "object")
			sdkExactWalk(e, path+"[].", unions, out, errs)
		case e.Kind() == reflect.Interface || e.Kind() == reflect.Slice || e.Kind() == reflect.Map:
			*errs = append(*errs, path+": list of "+e.String()+" is not handled by the walker")
		default:
			add(path+"[]", fieldsScalarKind(e))
		}
	case reflect.Map:
		e := ft.Elem()
		if ft.Key().Kind() != reflect.String || e.Kind() == reflect.Struct || e.Kind() == reflect.Interface ||
			e.Kind() == reflect.Slice || e.Kind() == reflect.Map || e.Kind() == reflect.Pointer {
			*errs = append(*errs, path+": map type "+ft.String()+" is not handled by the walker")
			return
		}
		add(path+"{}", fieldsScalarKind(e))
	default:
		// scalars, and enum types (named string types) as leaves
		add(path, fieldsScalarKind(ft))
	}
}

// sdkWalkExcept is sdkExactWalk of struct type t without its members named
// in skip (wrapper-only members such as ResultMetadata, which holds
// unexported middleware state).
func sdkWalkExcept(t reflect.Type, skip map[string]string, unions map[reflect.Type][]reflect.Type, out map[string]string, errs *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Name == "noSmithyDocumentSerde" || skip[f.Name] != "" {
			continue
		}
		if !f.IsExported() {
			*errs = append(*errs, t.Name()+"."+f.Name+": unexported SDK field the walker does not know")
			continue
		}
		sdkExactValue(f.Type, f.Name, unions, out, errs)
	}
}

// mergePaths adds src to dst, reporting a path whose kind differs.
func mergePaths(dst, src map[string]string, what string, errs *[]string) {
	for p, k := range src {
		if old, ok := dst[p]; ok && old != k {
			*errs = append(*errs, what+" "+p+": kind "+k+", elsewhere "+old)
		}
		dst[p] = k
	}
}

// topMember is the first segment of a path without its [] or {}.
func topMember(p string) string {
	top, _, _ := strings.Cut(p, ".")
	return strings.TrimRight(top, "[]{}")
}

// aasSDKPaths returns the exact paths of one shape: the union of the
// put/register input (minus aasOperationParams) and the described object,
// after checking that the describe wrapper holds exactly that object in its
// list besides aasWrapperOnly members.
func aasSDKPaths(t *testing.T, s aasShape) map[string]string {
	t.Helper()
	var errs []string
	all := map[string]string{}
	sdkExactWalk(s.sdkObject, "", aasSDKUnions, all, &errs)
	input := map[string]string{}
	sdkExactWalk(s.sdkInput, "", aasSDKUnions, input, &errs)
	for p := range input {
		if _, skip := aasOperationParams[topMember(p)]; skip {
			delete(input, p)
		}
	}
	mergePaths(all, input, s.sdkInput.Name(), &errs)

	wrapper := map[string]string{}
	sdkWalkExcept(s.sdkWrapper, aasWrapperOnly, aasSDKUnions, wrapper, &errs)
	for p, k := range wrapper {
		switch {
		case p == s.list+"[]":
			// the object itself
		case strings.HasPrefix(p, s.list+"[]."):
			if got, ok := all[strings.TrimPrefix(p, s.list+"[].")]; !ok || got != k {
				errs = append(errs, s.sdkWrapper.Name()+"."+p+": list element path that is not a path of "+s.sdkObject.Name())
			}
		default:
			errs = append(errs, s.sdkWrapper.Name()+"."+p+": wrapper member that is neither the "+s.list+" list nor in aasWrapperOnly")
		}
	}
	if _, ok := wrapper[s.list+"[]"]; !ok {
		errs = append(errs, s.sdkWrapper.Name()+" has no list "+s.list)
	}
	sdkReport(t, errs)
	return all
}

// wrappedDecoderPaths returns the paths of decoding struct obj, after
// checking that the decoding struct of its describe wrapper holds obj in its
// list member and otherwise only wrapperOnly members. Members of the wrapper
// listed in extra (other lists, such as describe-alarms' CompositeAlarms)
// are added to the paths as they are, prefix included.
func wrappedDecoderPaths(t *testing.T, obj, wrapper reflect.Type, list string, wrapperOnly map[string]string, extra map[string]bool) map[string]string {
	t.Helper()
	var errs []string
	paths := map[string]string{}
	decoderPaths(obj, "", paths, &errs)
	wp := map[string]string{}
	decoderPaths(wrapper, "", wp, &errs)
	for p, k := range wp {
		top := topMember(p)
		switch {
		case wrapperOnly[top] != "":
		case p == list+"[]":
		case strings.HasPrefix(p, list+"[]."):
			if got, ok := paths[strings.TrimPrefix(p, list+"[].")]; !ok || got != k {
				errs = append(errs, wrapper.Name()+"."+p+": list element path differs from "+obj.Name())
			}
		case extra[top]:
			if _, dup := paths[p]; dup {
				errs = append(errs, wrapper.Name()+"."+p+": collides with a path of "+obj.Name())
			}
			paths[p] = k
		default:
			errs = append(errs, wrapper.Name()+"."+p+": unexpected wrapper member")
		}
	}
	if _, ok := wp[list+"[]"]; !ok {
		errs = append(errs, wrapper.Name()+" has no list "+list)
	}
	for _, e := range errs {
		t.Error(e)
	}
	return paths
}

// checkTableAgainst fails for every path of want without a row and every
// row not in want. what names the other side in messages.
func checkTableAgainst(t *testing.T, tbl *Table, want map[string]string, what string) {
	t.Helper()
	var noRow, noPath []string
	for p := range want {
		if _, ok := tbl.Lookup(p); !ok {
			noRow = append(noRow, p)
		}
	}
	for _, f := range tbl.Fields {
		if _, ok := want[f.Path]; !ok {
			noPath = append(noPath, f.Path)
		}
	}
	sort.Strings(noRow)
	sort.Strings(noPath)
	for _, p := range noRow {
		t.Errorf("%s: %s path %s has no row: decide its disposition", tbl.Name, what, p)
	}
	for _, p := range noPath {
		t.Errorf("%s: row %s is not a path of %s (check the spelling, letter case included)", tbl.Name, p, what)
	}
}

// checkKinds fails where the decoding structs and the SDK disagree on the
// JSON kind of a path both have.
func checkKinds(t *testing.T, name string, dec, sdk map[string]string) {
	t.Helper()
	var keys []string
	for p := range dec {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	for _, p := range keys {
		if want, ok := sdk[p]; ok && dec[p] != want {
			t.Errorf("%s: %s decodes a %s, the SDK has a %s", name, p, dec[p], want)
		}
	}
}

// checkTableWellFormed is TestFieldsTableWellFormed for any table: sorted,
// no duplicates, valid dispositions, Why where required, Markdown-safe
// text, and codes with the table's prefix.
func checkTableWellFormed(t *testing.T, tbl *Table) {
	t.Helper()
	valid := map[Disposition]bool{
		Translated: true, TranslatedWarn: true, Dropped: true,
		Rejected: true, Metadata: true, Planned: true, OutOfScope: true,
	}
	if len(tbl.Fields) == 0 {
		t.Fatalf("%s: empty table", tbl.Name)
	}
	seen := map[string]bool{}
	for i, f := range tbl.Fields {
		if f.Path == "" {
			t.Errorf("%s row %d: empty Path", tbl.Name, i)
			continue
		}
		if seen[f.Path] {
			t.Errorf("%s: %s: duplicate row", tbl.Name, f.Path)
		}
		seen[f.Path] = true
		if i > 0 && tbl.Fields[i-1].Path >= f.Path {
			t.Errorf("%s: %s: not sorted (comes after %s)", tbl.Name, f.Path, tbl.Fields[i-1].Path)
		}
		if !valid[f.Disp] {
			t.Errorf("%s: %s: disposition %q is not one of the constants", tbl.Name, f.Path, f.Disp)
		}
		if f.Disp != Translated && strings.TrimSpace(f.Why) == "" {
			t.Errorf("%s: %s: disposition %s needs a Why", tbl.Name, f.Path, f.Disp)
		}
		if f.Disp == Translated && strings.TrimSpace(f.Kube) == "" {
			t.Errorf("%s: %s: translated row needs Kube (what it becomes)", tbl.Name, f.Path)
		}
		if f.Disp == Translated && f.Why != "" {
			t.Errorf("%s: %s: a translated row has no gap to explain; make it TW or drop the Why", tbl.Name, f.Path)
		}
		if strings.HasSuffix(f.Why, ".") || strings.HasSuffix(f.Kube, ".") {
			t.Errorf("%s: %s: Kube and Why take no trailing period", tbl.Name, f.Path)
		}
		for _, s := range []string{f.Why, f.Kube} {
			if s != strings.TrimSpace(s) {
				t.Errorf("%s: %s: Kube and Why take no leading or trailing blanks", tbl.Name, f.Path)
			}
			if s != "" && strings.ToLower(s[:1]) != s[:1] && !startsWithName(s) {
				t.Errorf("%s: %s: %q should start in lower case", tbl.Name, f.Path, s)
			}
		}
		if strings.ContainsAny(f.Why+f.Kube, "|\n`") {
			t.Errorf("%s: %s: Kube and Why must not contain |, ` or newlines (they go into a Markdown table)", tbl.Name, f.Path)
		}
		code := tbl.Code(&tbl.Fields[i])
		if !strings.HasPrefix(code, tbl.Prefix+"/") || strings.ContainsAny(code, "[]{}.") {
			t.Errorf("%s: %s: odd diagnostic code %q", tbl.Name, f.Path, code)
		}
		if got, ok := tbl.Lookup(f.Path); !ok || got != &tbl.Fields[i] {
			t.Errorf("%s: %s: Lookup does not find the row", tbl.Name, f.Path)
		}
	}
}

// startsWithName allows Kube and Why to start with a proper name or an
// identifier: Application Auto Scaling, HPA, KEDA's, TargetTrackingScaling.
func startsWithName(s string) bool {
	word, _, _ := strings.Cut(s, " ")
	if word == "Application" {
		return true
	}
	// acronyms and CamelCase identifiers have an upper-case letter after the first
	return len(word) > 1 && strings.ContainsAny(word[1:], "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
}

func TestAASTablesWellFormed(t *testing.T) {
	for _, s := range aasShapes {
		checkTableWellFormed(t, s.table)
		if s.table.Prefix != "aas" {
			t.Errorf("%s: prefix %q, want aas", s.table.Name, s.table.Prefix)
		}
	}
}

func TestAASFieldsMatchDecodingTypes(t *testing.T) {
	for _, s := range aasShapes {
		paths := wrappedDecoderPaths(t, s.obj, s.wrapper, s.list, aasWrapperOnly, nil)
		checkTableAgainst(t, s.table, paths, "aas_types.go "+s.obj.Name())
	}
}

func TestAASFieldsMatchSDK(t *testing.T) {
	for _, s := range aasShapes {
		checkTableAgainst(t, s.table, aasSDKPaths(t, s), "SDK "+s.sdkInput.Name()+" + "+s.sdkObject.Name())
	}
}

func TestAASSDKKindsMatchDecodingTypes(t *testing.T) {
	for _, s := range aasShapes {
		dec := wrappedDecoderPaths(t, s.obj, s.wrapper, s.list, aasWrapperOnly, nil)
		sdk := aasSDKPaths(t, s)
		checkKinds(t, s.obj.Name(), dec, sdk)
		// The wrappers' own members (NextToken) against the SDK's; the
		// list elements are compared above.
		var errs []string
		dw, sw := map[string]string{}, map[string]string{}
		decoderPaths(s.wrapper, "", dw, &errs)
		sdkWalkExcept(s.sdkWrapper, map[string]string{"ResultMetadata": "not serialized"}, aasSDKUnions, sw, &errs)
		for _, e := range errs {
			t.Error(e)
		}
		for p := range sw {
			if _, ok := dw[p]; !ok && topMember(p) != s.list {
				t.Errorf("%s: SDK wrapper path %s is not decoded", s.wrapper.Name(), p)
			}
		}
		for p := range dw {
			if _, ok := sw[p]; !ok && topMember(p) != s.list {
				t.Errorf("%s: wrapper path %s is not in the SDK's %s", s.wrapper.Name(), p, s.sdkWrapper.Name())
			}
		}
		if dw[s.list+"[]"] != "object" || sw[s.list+"[]"] != "object" {
			t.Errorf("%s: list %s missing on one side", s.wrapper.Name(), s.list)
		}
		checkKinds(t, s.wrapper.Name(), dw, sw)
	}
}

// sdkSourceDir returns the directory of an SDK package's source (from the
// module cache, through go list). The tests run under go test, so go is
// there; not finding the source is a failure, never a skip.
func sdkSourceDir(t *testing.T, pkg string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go command not found; cannot locate the SDK source: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-f", "{{.Dir}}", pkg).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pkg, err)
	}
	return strings.TrimSpace(string(out))
}

var (
	aasSerKey     = regexp.MustCompile(`object\.Key\("([A-Za-z0-9_]+)"\)`)
	aasSerField   = regexp.MustCompile(`\bv\.([A-Za-z0-9_]+)\b[^\n]*\{\n\s*ok := object\.Key\("([A-Za-z0-9_]+)"\)`)
	aasDeserCase  = regexp.MustCompile(`^\s*case "([A-Za-z0-9_]+)":\s*$`)
	aasDeserField = regexp.MustCompile(`\bsv\.([A-Za-z0-9_]+)\b`)
)

// TestAASWireNamesAreGoNames reads the SDK's awsJson1_1 serializers and
// deserializers: every member key they write or read must be the name of
// the Go field it comes from or goes to. That is what lets the reflection
// tests above compare Go names with the wire names of the tables.
func TestAASWireNamesAreGoNames(t *testing.T) {
	dir := sdkSourceDir(t, reflect.TypeFor[aas.PutScalingPolicyInput]().PkgPath())
	ser, err := os.ReadFile(filepath.Join(dir, "serializers.go"))
	if err != nil {
		t.Fatal(err)
	}
	keys := aasSerKey.FindAllSubmatch(ser, -1)
	pairs := aasSerField.FindAllSubmatch(ser, -1)
	if len(keys) == 0 || len(pairs) != len(keys) {
		t.Fatalf("serializers.go: %d literal member keys, %d of them matched to a Go field; the generated code changed shape", len(keys), len(pairs))
	}
	for _, m := range pairs {
		if string(m[1]) != string(m[2]) {
			t.Errorf("serializers.go writes Go field %s as %q", m[1], m[2])
		}
	}

	des, err := os.ReadFile(filepath.Join(dir, "deserializers.go"))
	if err != nil {
		t.Fatal(err)
	}
	cases, matched := 0, 0
	pending := ""
	for _, line := range strings.Split(string(des), "\n") {
		if m := aasDeserCase.FindStringSubmatch(line); m != nil {
			if pending != "" {
				t.Errorf("deserializers.go: case %q assigns no sv field", pending)
			}
			cases++
			pending = m[1]
			continue
		}
		if pending == "" {
			continue
		}
		// the first sv.Field after the case; numbers and timestamps
		// first switch on the JSON type (case json.Number:), which the
		// quoted-name pattern above does not match
		if m := aasDeserField.FindStringSubmatch(line); m != nil {
			matched++
			if m[1] != pending {
				t.Errorf("deserializers.go reads %q into Go field %s", pending, m[1])
			}
			pending = ""
		}
	}
	if cases == 0 || matched != cases {
		t.Errorf("deserializers.go: %d member cases, %d matched to a Go field", cases, matched)
	}
}

// TestAASSDKHasNoUnions backs the empty aasSDKUnions: the SDK's types
// package declares no union interface (reflection alone would only find one
// that some walked field uses).
func TestAASSDKHasNoUnions(t *testing.T) {
	dir := sdkSourceDir(t, reflect.TypeFor[aastypes.ScalingPolicy]().PkgPath())
	src, err := os.ReadFile(filepath.Join(dir, "types.go"))
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^type ([A-Za-z0-9_]+) interface\b`)
	listed := map[string]bool{}
	for iface := range aasSDKUnions {
		listed[iface.Name()] = true
	}
	for _, m := range re.FindAllStringSubmatch(string(src), -1) {
		if !listed[m[1]] {
			t.Errorf("applicationautoscaling/types declares interface %s: add it to aasSDKUnions with its members", m[1])
		}
	}
}

// The real scaling inputs of the shared corpus decode without type errors.

const scalingCorpusDir = "../../../shared/corpus/scaling"

// yamlGet returns the value of key in mapping node n, or nil.
func yamlGet(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// aasExampleShapes says what botocore's example inputs and outputs are, per
// operation: a decoding struct, or nil when the operation's shape is not one
// eksport reads (describe calls' inputs, scaling activities).
var aasExampleShapes = map[string][2]func() any{
	"DeleteScalingPolicy":       {func() any { return new(ScalingPolicy) }, nil},
	"DeregisterScalableTarget":  {func() any { return new(ScalableTarget) }, nil},
	"DescribeScalableTargets":   {nil, func() any { return new(DescribeScalableTargetsOutput) }},
	"DescribeScalingActivities": {nil, nil},
	"DescribeScalingPolicies":   {nil, func() any { return new(DescribeScalingPoliciesOutput) }},
	"DescribeScheduledActions":  {nil, func() any { return new(DescribeScheduledActionsOutput) }},
	"PutScalingPolicy":          {func() any { return new(ScalingPolicy) }, func() any { return new(ScalingPolicy) }},
	"PutScheduledAction":        {func() any { return new(ScheduledAction) }, nil},
	"RegisterScalableTarget":    {func() any { return new(ScalableTarget) }, nil},
}

// aasDocumentShape picks the decoding struct for a whole corpus document by
// its members, or returns nil.
func aasDocumentShape(root *yaml.Node) any {
	switch {
	case yamlGet(root, "ScalableTargets") != nil:
		return new(DescribeScalableTargetsOutput)
	case yamlGet(root, "ScalingPolicies") != nil:
		return new(DescribeScalingPoliciesOutput)
	case yamlGet(root, "ScheduledActions") != nil:
		return new(DescribeScheduledActionsOutput)
	case yamlGet(root, "PolicyName") != nil:
		return new(ScalingPolicy)
	case yamlGet(root, "ScheduledActionName") != nil:
		return new(ScheduledAction)
	case yamlGet(root, "ResourceId") != nil:
		return new(ScalableTarget)
	case yamlGet(root, "TargetValue") != nil:
		// the file given to put-scaling-policy
		// --target-tracking-scaling-policy-configuration
		return new(TargetTrackingScalingPolicyConfiguration)
	case yamlGet(root, "StepAdjustments") != nil:
		return new(StepScalingPolicyConfiguration)
	}
	return nil
}

func TestAASCorpusDecodes(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(scalingCorpusDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no corpus files in %s (../shared must be beside the repository)", scalingCorpusDir)
	}
	decoded := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(file)
		docs, diags := source.Parse(name, data)
		if len(docs) != 1 || !docs[0].JSON {
			// CloudFormation fragments and other YAML are not AAS JSON.
			t.Logf("%s: not a JSON document, skipped", name)
			continue
		}
		doc := docs[0]
		dec := source.NewDecoder(doc, &diags, "aas")
		if examples := yamlGet(doc.Root, "examples"); examples != nil {
			// botocore's example collection: decode each example's input
			// and output with the operation's shape.
			for i := 0; i+1 < len(examples.Content); i += 2 {
				op := examples.Content[i].Value
				shapes, ok := aasExampleShapes[op]
				if !ok {
					t.Errorf("%s: examples of operation %s: add it to aasExampleShapes", name, op)
					continue
				}
				for j, ex := range examples.Content[i+1].Content {
					for k, member := range []string{"input", "output"} {
						n := yamlGet(ex, member)
						if n == nil || shapes[k] == nil {
							continue
						}
						base := "examples." + op + "[" + strconv.Itoa(j) + "]." + member
						v := shapes[k]()
						dec.Decode(n, base, base, v)
						decoded++
						t.Logf("%s: %s as %T", name, base, v)
					}
				}
			}
		} else {
			v := aasDocumentShape(doc.Root)
			if v == nil {
				t.Errorf("%s: cannot tell which Application Auto Scaling shape the document is", name)
				continue
			}
			dec.Decode(doc.Root, "", "", v)
			decoded++
			t.Logf("%s: decoded as %T", name, v)
		}
		for _, d := range diags {
			switch {
			case d.Severity == diag.Error:
				t.Errorf("%s: %s", name, d)
			case d.Code == "aas/unknown-field" && strings.HasPrefix(lastPathSegment(d.Pos.Path), "_comment"):
				t.Logf("%s: expected (comment key): %s", name, d)
			default:
				t.Errorf("%s: unexpected diagnostic: %s", name, d)
			}
		}
	}
	if decoded == 0 {
		t.Errorf("no JSON document of %s was decoded", scalingCorpusDir)
	}
}

func lastPathSegment(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[i+1:]
	}
	return p
}
