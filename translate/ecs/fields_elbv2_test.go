package ecs

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// The ELBv2 disposition tables (fields_elbv2.go) against the decoding
// structs (elbv2_types.go) and against the AWS SDK: by reflection over the
// SDK's Go types, and with the exact wire names that the SDK's query-protocol
// deserializers match (deserializers.go). A member added to the API by an
// SDK upgrade fails until it has a row and a decoding field; a row or field
// the SDK does not know fails too.
//
// The tablecheck helpers below are shared with fields_events_test.go.

// elbv2SDKUnions lists the SDK union interfaces met below TargetGroup,
// Listener and Rule, with their member types. There are none in
// elasticloadbalancingv2 v1.63.8 (the query protocol has no unions), so the
// list is empty; the walker fails on any interface not listed, and
// TestELBv2SDKUnionsComplete checks listed unions against the SDK source.
var elbv2SDKUnions = map[reflect.Type][]reflect.Type{}

// elbv2SDKExcluded are fields of the SDK's describe outputs that are not part
// of the JSON document, with the reason.
var elbv2SDKExcluded = map[string]string{
	"ResultMetadata": "smithy middleware metadata of the call, never serialized",
}

// elbv2Shapes pairs each table with its decoding struct and SDK type.
func elbv2Shapes() []tablecheckShape {
	return []tablecheckShape{
		{TargetGroupTable, reflect.TypeFor[TargetGroup](), reflect.TypeFor[elbv2types.TargetGroup]()},
		{ListenerTable, reflect.TypeFor[Listener](), reflect.TypeFor[elbv2types.Listener]()},
		{ELBRuleTable, reflect.TypeFor[ELBRule](), reflect.TypeFor[elbv2types.Rule]()},
	}
}

// elbv2Wrappers are the describe outputs. NextMarker is the only member
// besides the list: the pagination marker, which has no row.
func elbv2Wrappers() []tablecheckWrapperShape {
	return []tablecheckWrapperShape{
		{
			decoder: reflect.TypeFor[DescribeTargetGroupsOutput](), sdk: reflect.TypeFor[elbv2.DescribeTargetGroupsOutput](),
			items: map[string]tablecheckItem{"TargetGroups[]": {reflect.TypeFor[TargetGroup](), reflect.TypeFor[elbv2types.TargetGroup]()}},
			only:  []string{"NextMarker"},
		},
		{
			decoder: reflect.TypeFor[DescribeListenersOutput](), sdk: reflect.TypeFor[elbv2.DescribeListenersOutput](),
			items: map[string]tablecheckItem{"Listeners[]": {reflect.TypeFor[Listener](), reflect.TypeFor[elbv2types.Listener]()}},
			only:  []string{"NextMarker"},
		},
		{
			decoder: reflect.TypeFor[DescribeRulesOutput](), sdk: reflect.TypeFor[elbv2.DescribeRulesOutput](),
			items: map[string]tablecheckItem{"Rules[]": {reflect.TypeFor[ELBRule](), reflect.TypeFor[elbv2types.Rule]()}},
			only:  []string{"NextMarker"},
		},
	}
}

func TestELBv2FieldsWellFormed(t *testing.T) {
	for _, s := range elbv2Shapes() {
		t.Run(s.table.Name, func(t *testing.T) { tablecheckWellFormed(t, s.table) })
	}
}

func TestELBv2FieldsMatchDecodingTypes(t *testing.T) {
	for _, s := range elbv2Shapes() {
		tablecheckRows(t, s.table, tablecheckDecoder(t, s.decoder), false, "elbv2_types.go "+s.decoder.Name())
	}
	for _, w := range elbv2Wrappers() {
		items := map[string]map[string]string{}
		for k, it := range w.items {
			items[k] = tablecheckDecoder(t, it.decoder)
		}
		tablecheckWrapper(t, "elbv2_types.go "+w.decoder.Name(), tablecheckDecoder(t, w.decoder), items, w.only, nil)
	}
}

// TestELBv2FieldsMatchSDK compares by reflection over the SDK's Go types, up
// to letter case (Go names are the wire names capitalized).
func TestELBv2FieldsMatchSDK(t *testing.T) {
	elbv2CheckSDK(t, nil)
}

// TestELBv2FieldsMatchSDKWireNames repeats the comparison with the exact
// member names of the SDK's deserializers, case included.
func TestELBv2FieldsMatchSDKWireNames(t *testing.T) {
	dir := sdkSourceDir(t, reflect.TypeFor[elbv2.DescribeTargetGroupsOutput]().PkgPath())
	wire := elbv2WireNames(t, filepath.Join(dir, "deserializers.go"))
	elbv2CheckSDK(t, wire)
}

// elbv2CheckSDK holds tables, decoding structs and wrappers against the SDK
// types; with wire names the comparison is exact, without it ignores case.
func elbv2CheckSDK(t *testing.T, wire map[string]map[string]string) {
	t.Helper()
	fold := wire == nil
	w := &tablecheckSDK{unions: elbv2SDKUnions, wire: wire}
	for _, s := range elbv2Shapes() {
		sdk := w.walk(s.sdk, nil)
		tablecheckRows(t, s.table, sdk, fold, "SDK "+s.sdk.String())
		tablecheckKinds(t, tablecheckDecoder(t, s.decoder), sdk, fold, "elbv2_types.go "+s.decoder.Name(), "SDK "+s.sdk.String())
	}
	for _, wr := range elbv2Wrappers() {
		sdk := w.walk(wr.sdk, elbv2SDKExcluded)
		items := map[string]map[string]string{}
		for k, it := range wr.items {
			items[k] = w.walk(it.sdk, nil)
		}
		tablecheckWrapper(t, "SDK "+wr.sdk.String(), sdk, items, wr.only, nil)
		tablecheckKinds(t, tablecheckDecoder(t, wr.decoder), sdk, fold, "elbv2_types.go "+wr.decoder.Name(), "SDK "+wr.sdk.String())
		tablecheckSameKeys(t, tablecheckDecoder(t, wr.decoder), sdk, fold, "elbv2_types.go "+wr.decoder.Name(), "SDK "+wr.sdk.String())
	}
	sdkReport(t, w.errs)
}

func TestELBv2SDKUnionsComplete(t *testing.T) {
	tablecheckUnionsComplete(t, reflect.TypeFor[elbv2types.TargetGroup]().PkgPath(), elbv2SDKUnions)
}

// elbv2WireNames reads the SDK's query-protocol deserializers: the
// strings.EqualFold("Name", t.Name.Local) cases of
// awsAwsquery_deserializeDocument<Shape> and
// awsAwsquery_deserializeOpDocument<Operation>Output (see sdkWireNames).
func elbv2WireNames(t *testing.T, file string) map[string]map[string]string {
	return sdkWireNames(t, file, "awsAwsquery", equalFoldLiteral)
}

// sdkWireNames reads an SDK's deserializers (the functions
// <protocol>_deserializeDocument<Shape> and
// <protocol>_deserializeOpDocument<Operation>Output of file) and returns,
// for each shape (the SDK type's Go name), its Go field names mapped to
// the exact member names the deserializer matches: the case clauses whose
// one expression wireName reads, each assigning to sv.<Field>.
func sdkWireNames(t *testing.T, file, protocol string, wireName func(ast.Expr) (string, bool)) map[string]map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		shape, ok := strings.CutPrefix(fd.Name.Name, protocol+"_deserializeDocument")
		if !ok {
			shape, ok = strings.CutPrefix(fd.Name.Name, protocol+"_deserializeOpDocument")
		}
		if !ok {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			cc, ok := n.(*ast.CaseClause)
			if !ok || len(cc.List) != 1 {
				return true
			}
			name, ok := wireName(cc.List[0])
			if !ok {
				return true
			}
			goField := ""
			ast.Inspect(&ast.BlockStmt{List: cc.Body}, func(n ast.Node) bool {
				if se, ok := n.(*ast.SelectorExpr); ok && goField == "" {
					if id, ok := se.X.(*ast.Ident); ok && id.Name == "sv" {
						goField = se.Sel.Name
					}
				}
				return goField == ""
			})
			if goField == "" {
				return true // list and map members ("member", "entry", "key")
			}
			if out[shape] == nil {
				out[shape] = map[string]string{}
			}
			if old, dup := out[shape][goField]; dup && old != name {
				t.Errorf("%s: deserializer matches both %q and %q for %s", fd.Name.Name, old, name, goField)
			}
			out[shape][goField] = name
			return true
		})
	}
	if len(out) == 0 {
		t.Fatalf("no %s deserializers found in %s", protocol, file)
	}
	return out
}

// equalFoldLiteral returns "X" from strings.EqualFold("X", ...).
func equalFoldLiteral(e ast.Expr) (string, bool) {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 2 {
		return "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "EqualFold" {
		return "", false
	}
	if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "strings" {
		return "", false
	}
	lit, ok := call.Args[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// ---- helpers shared with fields_events_test.go ----

// tablecheckShape is one disposition table with the decoding struct and the
// SDK type of its object.
type tablecheckShape struct {
	table   *Table
	decoder reflect.Type
	sdk     reflect.Type
}

// tablecheckItem is the object type of a wrapper member, decoding and SDK.
type tablecheckItem struct {
	decoder reflect.Type
	sdk     reflect.Type
}

// tablecheckWrapperShape is a document that holds table objects: items maps
// the member path holding them ("TargetGroups[]", or "Rule" for a single
// object) to their types; only lists the other members, which have no rows.
type tablecheckWrapperShape struct {
	decoder reflect.Type
	sdk     reflect.Type // nil when the wrapper is not an SDK shape
	items   map[string]tablecheckItem
	only    []string
}

// tablecheckWellFormed checks the rows of tbl as TestFieldsTableWellFormed
// checks the task definition's: sorted, unique, valid dispositions, Kube for
// T rows, Why for all others, text fit for a Markdown table, clean codes.
func tablecheckWellFormed(t *testing.T, tbl *Table) {
	t.Helper()
	valid := map[Disposition]bool{
		Translated: true, TranslatedWarn: true, Dropped: true,
		Rejected: true, Metadata: true, Planned: true, OutOfScope: true,
	}
	if len(tbl.Fields) == 0 {
		t.Fatalf("%s table is empty", tbl.Name)
	}
	seen := map[string]bool{}
	for i := range tbl.Fields {
		f := &tbl.Fields[i]
		if f.Path == "" {
			t.Errorf("row %d: empty Path", i)
			continue
		}
		if seen[f.Path] {
			t.Errorf("%s: duplicate row", f.Path)
		}
		seen[f.Path] = true
		if i > 0 && tbl.Fields[i-1].Path >= f.Path {
			t.Errorf("%s: not sorted (comes after %s)", f.Path, tbl.Fields[i-1].Path)
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
		if code := tbl.Code(f); !strings.HasPrefix(code, tbl.Prefix+"/") || strings.ContainsAny(code, "[]{}. ") {
			t.Errorf("%s: odd diagnostic code %q", f.Path, code)
		}
		if got, ok := tbl.Lookup(f.Path); !ok || got != f {
			t.Errorf("%s: Lookup does not find the row", f.Path)
		}
	}
}

// tablecheckDecoder returns the JSON paths of a decoding struct, by its json
// tags, with their kinds (see decoderPaths).
func tablecheckDecoder(t *testing.T, typ reflect.Type) map[string]string {
	t.Helper()
	var errs []string
	paths := map[string]string{}
	decoderPaths(typ, "", paths, &errs)
	sdkReport(t, errs)
	return paths
}

// tablecheckFoldKeys indexes paths by tablecheckKey, reporting paths that
// collide.
func tablecheckFoldKeys(t *testing.T, paths map[string]string, fold bool, source string) map[string]string {
	t.Helper()
	out := map[string]string{}
	keys := make([]string, 0, len(paths))
	for p := range paths {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	for _, p := range keys {
		k := tablecheckKey(p, fold)
		if old, dup := out[k]; dup {
			t.Errorf("%s: paths %s and %s differ only in letter case", source, old, p)
		}
		out[k] = p
	}
	return out
}

func tablecheckKey(p string, fold bool) string {
	if fold {
		return strings.ToLower(p)
	}
	return p
}

// tablecheckRows compares the rows of tbl with paths, both ways: exactly, or
// ignoring letter case when fold.
func tablecheckRows(t *testing.T, tbl *Table, paths map[string]string, fold bool, source string) {
	t.Helper()
	rows := map[string]string{}
	for _, f := range tbl.Fields {
		rows[tablecheckKey(f.Path, fold)] = f.Path
	}
	have := tablecheckFoldKeys(t, paths, fold, source)
	var noRow, noPath []string
	for k, p := range have {
		if _, ok := rows[k]; !ok {
			noRow = append(noRow, p)
		}
	}
	for k, p := range rows {
		if _, ok := have[k]; !ok {
			noPath = append(noPath, p)
		}
	}
	sort.Strings(noRow)
	sort.Strings(noPath)
	for _, p := range noRow {
		t.Errorf("%s has %s, which has no row in the %s table: decide its disposition", source, p, tbl.Name)
	}
	how := "a path"
	if !fold {
		how = "an exact path (check letter case)"
	}
	for _, p := range noPath {
		t.Errorf("%s row %s is not %s of %s", tbl.Name, p, how, source)
	}
}

// tablecheckKinds checks that dec decodes every path that src also has as
// the same JSON kind.
func tablecheckKinds(t *testing.T, dec, src map[string]string, fold bool, decName, srcName string) {
	t.Helper()
	have := tablecheckFoldKeys(t, src, fold, srcName)
	keys := make([]string, 0, len(dec))
	for p := range dec {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	for _, p := range keys {
		sp, ok := have[tablecheckKey(p, fold)]
		if !ok {
			continue // reported by the path comparisons
		}
		if dec[p] != src[sp] {
			t.Errorf("%s decodes %s as a %s, %s has a %s", decName, p, dec[p], srcName, src[sp])
		}
	}
}

// tablecheckSameKeys compares two path sets both ways.
func tablecheckSameKeys(t *testing.T, a, b map[string]string, fold bool, aName, bName string) {
	t.Helper()
	ak := tablecheckFoldKeys(t, a, fold, aName)
	bk := tablecheckFoldKeys(t, b, fold, bName)
	var onlyA, onlyB []string
	for k, p := range ak {
		if _, ok := bk[k]; !ok {
			onlyA = append(onlyA, p)
		}
	}
	for k, p := range bk {
		if _, ok := ak[k]; !ok {
			onlyB = append(onlyB, p)
		}
	}
	sort.Strings(onlyA)
	sort.Strings(onlyB)
	for _, p := range onlyA {
		t.Errorf("%s has %s, %s has not", aName, p, bName)
	}
	for _, p := range onlyB {
		t.Errorf("%s has %s, %s has not", bName, p, aName)
	}
}

// tablecheckWrapper checks the paths of a wrapper document: every member is
// either one of only (which must be scalars) or a key of items, below which
// the paths are exactly the item's (kinds included), except for the paths in
// extra (relative to the item) that the wrapper may lack.
func tablecheckWrapper(t *testing.T, name string, wrapper map[string]string, items map[string]map[string]string, only []string, extra map[string][]string) {
	t.Helper()
	isOnly := map[string]bool{}
	for _, m := range only {
		isOnly[m] = true
		kind, ok := wrapper[m]
		if !ok {
			t.Errorf("%s: wrapper member %s is missing", name, m)
		} else if kind == "object" {
			t.Errorf("%s: wrapper member %s is an object, expected a scalar", name, m)
		}
	}
	keys := make([]string, 0, len(wrapper))
	for p := range wrapper {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	for _, p := range keys {
		if isOnly[p] {
			continue
		}
		found := false
		for k, item := range items {
			var rest string
			switch {
			case p == k:
				found = true
				if wrapper[p] != "object" {
					t.Errorf("%s: %s holds a %s, expected objects", name, p, wrapper[p])
				}
				continue
			case strings.HasPrefix(p, k+"."):
				rest = p[len(k)+1:]
			default:
				continue
			}
			found = true
			if kind, ok := item[rest]; !ok {
				t.Errorf("%s: %s is not a path of the objects under %s", name, p, k)
			} else if kind != wrapper[p] {
				t.Errorf("%s: %s is a %s, the object's %s a %s", name, p, wrapper[p], rest, kind)
			}
		}
		if !found {
			t.Errorf("%s: member %s is neither a table object nor a listed wrapper member", name, p)
		}
	}
	for k, item := range items {
		may := map[string]bool{}
		for _, x := range extra[k] {
			may[x] = true
			if _, ok := item[x]; !ok {
				t.Errorf("%s: listed extra path %s is not a path of the objects under %s", name, x, k)
			}
		}
		var missing []string
		for rest := range item {
			_, ok := wrapper[k+"."+rest]
			if !ok && !may[rest] {
				missing = append(missing, k+"."+rest)
			}
			if ok && may[rest] {
				t.Errorf("%s: %s.%s is listed as absent from the wrapper but is there", name, k, rest)
			}
		}
		sort.Strings(missing)
		for _, p := range missing {
			t.Errorf("%s: %s is missing from the wrapper", name, p)
		}
		if _, ok := wrapper[k]; !ok {
			t.Errorf("%s: member %s is missing", name, k)
		}
	}
}

// tablecheckSDK walks SDK Go types into JSON paths with coarse kinds, like
// sdkValue in fields_sdk_test.go but with its own union list and, when wire
// is set, exact wire names: SDK type name -> Go field name -> member name.
// Without wire, paths use the Go field names and are compared ignoring case.
// Problems go to errs.
type tablecheckSDK struct {
	unions map[reflect.Type][]reflect.Type
	wire   map[string]map[string]string
	errs   []string
}

// walk returns the paths below struct type t, skipping its top-level fields
// named in exclude.
func (w *tablecheckSDK) walk(t reflect.Type, exclude map[string]string) map[string]string {
	out := map[string]string{}
	w.fields(t, "", out, exclude)
	return out
}

func (w *tablecheckSDK) fields(t reflect.Type, prefix string, out map[string]string, exclude map[string]string) {
	var names map[string]string
	if w.wire != nil {
		names = w.wire[t.Name()]
		if names == nil {
			w.errs = append(w.errs, fmt.Sprintf("%s: no deserializer for SDK type %s", prefix, t))
		}
	}
	goFields := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Name == "noSmithyDocumentSerde" {
			continue
		}
		if _, skip := exclude[f.Name]; skip {
			continue
		}
		if !f.IsExported() {
			w.errs = append(w.errs, prefix+f.Name+": unexported SDK field the walker does not know")
			continue
		}
		goFields[f.Name] = true
		name := f.Name
		if w.wire != nil && names != nil {
			wn, ok := names[f.Name]
			if !ok {
				w.errs = append(w.errs, fmt.Sprintf("%s%s: field of %s that its deserializer does not read", prefix, f.Name, t))
				continue
			}
			name = wn
		}
		w.value(f.Type, prefix+name, out)
	}
	for goName, wn := range names {
		if !goFields[goName] {
			w.errs = append(w.errs, fmt.Sprintf("%s%s: member of the deserializer of %s without a Go field %s", prefix, wn, t, goName))
		}
	}
}

func (w *tablecheckSDK) value(ft reflect.Type, path string, out map[string]string) {
	add := func(p, kind string) {
		if _, dup := out[p]; dup {
			w.errs = append(w.errs, p+": path produced twice")
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
		members, ok := w.unions[ft]
		if !ok {
			w.errs = append(w.errs, path+": interface type "+ft.String()+" is not a listed union; add it and its member types")
			return
		}
		add(path, "object")
		for _, m := range members {
			name, ok := strings.CutPrefix(m.Name(), ft.Name()+"Member")
			if !ok {
				w.errs = append(w.errs, path+": union member "+m.String()+" is not named "+ft.Name()+"Member...")
				continue
			}
			v, ok := m.FieldByName("Value")
			if !ok {
				w.errs = append(w.errs, path+": union member "+m.String()+" has no Value field")
				continue
			}
			w.value(v.Type, path+"."+name, out)
		}
		return
	}
	switch ft.Kind() {
	case reflect.Struct:
		add(path, "object")
		w.fields(ft, path+".", out, nil)
	case reflect.Slice:
		e := ft.Elem()
		if e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		switch {
		case e.Kind() == reflect.Struct && e != sdkTimeType:
			add(path+"[]", "object")
			w.fields(e, path+"[].", out, nil)
		case e.Kind() == reflect.Uint8:
			w.errs = append(w.errs, path+": blob ([]byte) is not handled by the walker")
		case e.Kind() == reflect.Map && e.Key().Kind() == reflect.String && e.Elem().Kind() == reflect.String:
			// a list of string maps (the Scheduler's ECS tags)
			add(path+"[]", "object")
			add(path+"[]{}", "string")
		case e.Kind() == reflect.Interface || e.Kind() == reflect.Slice || e.Kind() == reflect.Map:
			w.errs = append(w.errs, path+": list of "+e.String()+" is not handled by the walker")
		default:
			add(path+"[]", fieldsScalarKind(e))
		}
	case reflect.Map:
		e := ft.Elem()
		if e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		if ft.Key().Kind() != reflect.String || e.Kind() == reflect.Struct || e.Kind() == reflect.Interface ||
			e.Kind() == reflect.Slice || e.Kind() == reflect.Map {
			w.errs = append(w.errs, path+": map type "+ft.String()+" is not handled by the walker")
			return
		}
		add(path+"{}", fieldsScalarKind(e))
	default:
		// scalars, and enum types (named string types) as leaves
		add(path, fieldsScalarKind(ft))
	}
}

// tablecheckUnionsComplete reads the SDK types source of pkg and checks that
// unions names every member of each listed union ("func
// (*<Union>Member<X>) is<Union>()" methods): reflection cannot enumerate the
// types that implement an interface.
func tablecheckUnionsComplete(t *testing.T, pkg string, unions map[reflect.Type][]reflect.Type) {
	t.Helper()
	dir := sdkSourceDir(t, pkg)
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s", dir)
	}
	found := map[string]map[string]bool{}
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || !strings.HasPrefix(fd.Name.Name, "is") {
				continue
			}
			star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			id, ok := star.X.(*ast.Ident)
			if !ok {
				continue
			}
			union := strings.TrimPrefix(fd.Name.Name, "is")
			if !strings.HasPrefix(id.Name, union+"Member") {
				continue // UnknownUnionMember and the like
			}
			if found[union] == nil {
				found[union] = map[string]bool{}
			}
			found[union][id.Name] = true
		}
	}
	for iface, members := range unions {
		if iface.PkgPath() != pkg {
			t.Errorf("union %s is not declared in %s", iface, pkg)
		}
		listed := map[string]bool{}
		for _, m := range members {
			listed[m.Name()] = true
			if !reflect.PointerTo(m).Implements(iface) {
				t.Errorf("%s does not implement %s", m, iface)
			}
		}
		src := found[iface.Name()]
		if len(src) == 0 {
			t.Errorf("no members of %s found in %s", iface.Name(), dir)
		}
		for name := range src {
			if !listed[name] {
				t.Errorf("SDK union %s has member %s missing from the union list (and probably from the table)", iface.Name(), name)
			}
		}
	}
}
