package ecs

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/eksport/eksport/translate/source"
)

// The disposition table and the decoding structs of types.go must describe
// the same set of JSON paths: a field the decoder accepts without a row would
// be translated by nobody, and a row without a field would never fire.

var (
	fieldsFlexStringType = reflect.TypeOf(source.FlexString{})
	fieldsRawType        = reflect.TypeOf(source.Raw{})
	fieldsStringMapType  = reflect.TypeOf(source.StringMap{})
)

// decoderPaths walks t (a struct type of types.go) by its json tags and adds
// every path below prefix to paths, with a coarse kind for each (see
// fieldsKind). Problems with the structs themselves (missing tags) go to
// errs.
func decoderPaths(t reflect.Type, prefix string, paths map[string]string, errs *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			*errs = append(*errs, t.String()+"."+f.Name+": unexported field in a decoding struct")
			continue
		}
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "" || tag == "-" {
			*errs = append(*errs, t.String()+"."+f.Name+": no json tag")
			continue
		}
		decoderValue(f.Type, prefix+tag, paths, errs)
	}
}

func decoderValue(ft reflect.Type, path string, paths map[string]string, errs *[]string) {
	add := func(p, kind string) {
		if _, dup := paths[p]; dup {
			*errs = append(*errs, p+": path produced twice")
		}
		paths[p] = kind
	}
	switch {
	case ft == fieldsStringMapType:
		add(path+"{}", "string")
		return
	case ft.Kind() == reflect.Pointer && (ft.Elem() == fieldsFlexStringType || ft.Elem() == fieldsRawType):
		add(path, fieldsKindOfSpecial(ft.Elem()))
		return
	}
	switch ft.Kind() {
	case reflect.Pointer:
		e := ft.Elem()
		if e.Kind() == reflect.Struct {
			add(path, "object")
			decoderPaths(e, path+".", paths, errs)
			return
		}
		add(path, fieldsScalarKind(e))
	case reflect.Slice:
		e := ft.Elem()
		if e.Kind() == reflect.Struct {
			add(path+"[]", "object")
			decoderPaths(e, path+"[].", paths, errs)
			return
		}
		if e == fieldsStringMapType {
			// a list of string maps (the Scheduler's ECS tags)
			add(path+"[]", "object")
			add(path+"[]{}", "string")
			return
		}
		add(path+"[]", fieldsScalarKind(e))
	case reflect.Map:
		*errs = append(*errs, path+": map type "+ft.String()+" (use source.StringMap)")
	case reflect.Struct:
		*errs = append(*errs, path+": struct held by value "+ft.String()+" (use a pointer so that absent differs from empty)")
	default:
		*errs = append(*errs, path+": scalar held by value "+ft.String()+" (use a pointer so that absent differs from zero)")
	}
}

// fieldsScalarKind is the coarse JSON kind of a scalar Go type.
func fieldsScalarKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "bool"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "number"
	case reflect.Float32, reflect.Float64:
		return "number"
	}
	return "unknown:" + t.String()
}

func fieldsKindOfSpecial(t reflect.Type) string {
	switch t {
	case fieldsFlexStringType:
		return "string" // a string the API also accepts as a number
	case fieldsRawType:
		return "timestamp" // only used for the read-only timestamps
	}
	return "unknown:" + t.String()
}

// taskDefinitionDecoderPaths returns the paths of TaskDefinition plus those
// of the describe wrapper (its taskDefinition member is the same object and
// its tags are TaskDefinition's tags).
func taskDefinitionDecoderPaths(t *testing.T) map[string]string {
	t.Helper()
	var errs []string
	paths := map[string]string{}
	decoderPaths(reflect.TypeOf(TaskDefinition{}), "", paths, &errs)

	wrapper := map[string]string{}
	decoderPaths(reflect.TypeOf(DescribeTaskDefinitionOutput{}), "", wrapper, &errs)
	for p, kind := range wrapper {
		switch {
		case p == "taskDefinition":
			// the object itself: not a row
		case strings.HasPrefix(p, "taskDefinition."):
			if got, ok := paths[strings.TrimPrefix(p, "taskDefinition.")]; !ok || got != kind {
				errs = append(errs, p+": describe wrapper path differs from TaskDefinition")
			}
		default:
			// wrapper-level members: only tags, which must have the
			// shape of TaskDefinition.Tags
			if got, ok := paths[p]; !ok || got != kind {
				errs = append(errs, p+": describe wrapper member not in TaskDefinition with the same shape")
			}
		}
	}
	for _, e := range errs {
		t.Error(e)
	}
	return paths
}

func TestFieldsMatchDecodingTypes(t *testing.T) {
	paths := taskDefinitionDecoderPaths(t)
	var missingRow, missingField []string
	for p := range paths {
		if _, ok := LookupField(p); !ok {
			missingRow = append(missingRow, p)
		}
	}
	for _, f := range TaskDefinitionFields {
		if _, ok := paths[f.Path]; !ok {
			missingField = append(missingField, f.Path)
		}
	}
	sort.Strings(missingRow)
	sort.Strings(missingField)
	if len(missingRow) > 0 {
		t.Errorf("%d paths of types.go have no row in TaskDefinitionFields:\n\t%s",
			len(missingRow), strings.Join(missingRow, "\n\t"))
	}
	if len(missingField) > 0 {
		t.Errorf("%d rows of TaskDefinitionFields have no field in types.go:\n\t%s",
			len(missingField), strings.Join(missingField, "\n\t"))
	}
}

func TestFieldsTableWellFormed(t *testing.T) {
	valid := map[Disposition]bool{
		Translated: true, TranslatedWarn: true, Dropped: true,
		Rejected: true, Metadata: true, Planned: true, OutOfScope: true,
	}
	if len(TaskDefinitionFields) == 0 {
		t.Fatal("TaskDefinitionFields is empty")
	}
	seen := map[string]bool{}
	for i, f := range TaskDefinitionFields {
		if f.Path == "" {
			t.Errorf("row %d: empty Path", i)
			continue
		}
		if seen[f.Path] {
			t.Errorf("%s: duplicate row", f.Path)
		}
		seen[f.Path] = true
		if i > 0 && TaskDefinitionFields[i-1].Path >= f.Path {
			t.Errorf("%s: not sorted (comes after %s)", f.Path, TaskDefinitionFields[i-1].Path)
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
		if !strings.HasPrefix(f.Code(), "ecs/") || strings.ContainsAny(f.Code(), "[]{}.") {
			t.Errorf("%s: odd diagnostic code %q", f.Path, f.Code())
		}
		if got, ok := LookupField(f.Path); !ok || got.Path != f.Path {
			t.Errorf("%s: LookupField does not find the row", f.Path)
		}
	}
}
