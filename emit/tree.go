package emit

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// valueTree returns v as the generic tree that json.Unmarshal of
// json.Marshal(v) gives (numbers as float64, or json.Number with
// useNumber), without writing and re-reading JSON text: it walks the
// value with reflection, following encoding/json's rules for the shapes
// Kubernetes API types use (tags, omitempty, omitzero, inlined embedded structs,
// json.Marshaler and encoding.TextMarshaler values, []byte as base64).
// It reports false at anything outside those rules (a ",string" option,
// clashing promoted names, invalid UTF-8, float32,
// non-string map keys), and the caller takes the JSON round trip, so the
// tree is always encoding/json's. Besides a batch's time, this saves a
// single-file run building encoding/json's encoders for every type a
// Deployment can reach; only the types of values present are looked at.
func valueTree(v any, useNumber bool) (map[string]any, bool) {
	w := treeWalker{useNumber: useNumber}
	t, ok := w.value(reflect.ValueOf(v))
	if !ok {
		return nil, false
	}
	m, ok := t.(map[string]any)
	return m, ok
}

type treeWalker struct {
	useNumber bool
	depth     int // encoding/json reports cycles; here deep values go to it
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	numberType        = reflect.TypeFor[json.Number]()
)

func (w treeWalker) value(v reflect.Value) (any, bool) {
	if !v.IsValid() {
		return nil, true
	}
	if w.depth++; w.depth > 500 {
		return nil, false
	}
	t := v.Type()
	info := infoOf(t)
	switch {
	case t == numberType:
		if v.String() == "" {
			return w.number("0") // as encoding/json writes an empty Number
		}
		return w.number(v.String())
	case info.marshaler:
		return w.marshaler(v)
	case info.addrMarshaler && v.CanAddr():
		return w.marshaler(v.Addr())
	case info.text || info.addrText && v.CanAddr():
		return nil, false
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil, true
		}
		return w.value(v.Elem())
	case reflect.Struct:
		return w.object(v)
	case reflect.Map:
		if v.IsNil() {
			return nil, true
		}
		if t.Key().Kind() != reflect.String || t.Key().Implements(textMarshalerType) || reflect.PointerTo(t.Key()).Implements(textMarshalerType) {
			return nil, false
		}
		m := make(map[string]any, v.Len())
		it := v.MapRange()
		for it.Next() {
			k := it.Key().String()
			if !utf8.ValidString(k) {
				return nil, false
			}
			e, ok := w.value(it.Value())
			if !ok {
				return nil, false
			}
			m[k] = e
		}
		return m, true
	case reflect.Slice:
		if v.IsNil() {
			return nil, true
		}
		if t.Elem().Kind() == reflect.Uint8 {
			if reflect.PointerTo(t.Elem()).Implements(marshalerType) || reflect.PointerTo(t.Elem()).Implements(textMarshalerType) {
				return nil, false
			}
			return base64.StdEncoding.EncodeToString(v.Bytes()), true
		}
		fallthrough
	case reflect.Array:
		s := make([]any, v.Len())
		for i := range s {
			e, ok := w.value(v.Index(i))
			if !ok {
				return nil, false
			}
			s[i] = e
		}
		return s, true
	case reflect.String:
		s := v.String()
		return s, utf8.ValidString(s)
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return w.number(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return w.number(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float64:
		text, err := json.Marshal(v.Float())
		if err != nil {
			return nil, false
		}
		return w.number(string(text))
	}
	return nil, false // float32, complex, chan, func
}

// number is what decoding the JSON text of a number gives.
func (w treeWalker) number(text string) (any, bool) {
	if !json.Valid([]byte(text)) {
		return nil, false
	}
	if w.useNumber {
		return json.Number(text), true
	}
	f, err := strconv.ParseFloat(text, 64)
	return f, err == nil
}

func (w treeWalker) marshaler(v reflect.Value) (any, bool) {
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return nil, true
	}
	m, ok := v.Interface().(json.Marshaler)
	if !ok {
		return nil, true // a nil interface
	}
	b, err := m.MarshalJSON()
	if err != nil {
		return nil, false
	}
	return marshaledTree(b, w.useNumber)
}

// marshaledTree is the tree of the JSON text a json.Marshaler wrote.
func marshaledTree(b []byte, useNumber bool) (any, bool) {
	// As a document of its own, so that a scalar is decoded too.
	wrapped := append(append([]byte(`{"v":`), b...), '}')
	tree, err := decodeTree(wrapped, useNumber)
	if err != nil || len(tree) != 1 {
		return nil, false
	}
	return tree["v"], true
}

func (w treeWalker) object(v reflect.Value) (any, bool) {
	plan, ok := planOf(v.Type())
	if !ok {
		return nil, false
	}
	m := map[string]any{}
Fields:
	for _, f := range plan {
		fv := v
		for i, x := range f.index {
			if i > 0 && fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					continue Fields // an embedded nil pointer: its fields are absent
				}
				fv = fv.Elem()
			}
			fv = fv.Field(x)
		}
		if f.omitEmpty && isEmptyValue(fv) || f.omitZero && isZero(fv) {
			continue
		}
		e, ok := w.value(fv)
		if !ok {
			return nil, false
		}
		m[f.name] = e
	}
	return m, true
}

// isEmptyValue is encoding/json's test for omitempty.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

type fieldPlan struct {
	name      string
	index     []int
	omitEmpty bool
	omitZero  bool
}

// typeInfo caches what reflect.Type.Implements says about a type, which
// is too slow to ask for every value.
type typeInfo struct {
	marshaler, addrMarshaler bool // json.Marshaler, by the value or its address
	text, addrText           bool // encoding.TextMarshaler, likewise
	zeroer, addrZeroer       bool // IsZero() bool, likewise
}

var infos sync.Map // reflect.Type -> *typeInfo

func infoOf(t reflect.Type) *typeInfo {
	if i, ok := infos.Load(t); ok {
		return i.(*typeInfo)
	}
	notPtr := t.Kind() != reflect.Pointer
	pt := reflect.PointerTo(t)
	i := &typeInfo{
		marshaler:     t.Implements(marshalerType),
		addrMarshaler: notPtr && pt.Implements(marshalerType),
		text:          t.Implements(textMarshalerType),
		addrText:      notPtr && pt.Implements(textMarshalerType),
		zeroer:        t.Implements(isZeroerType),
		addrZeroer:    pt.Implements(isZeroerType),
	}
	infos.Store(t, i)
	return i
}

type isZeroer interface{ IsZero() bool }

var isZeroerType = reflect.TypeFor[isZeroer]()

// isZero is encoding/json's test for omitzero: the value's IsZero method
// when it (or its pointer) has one, else reflect's zero test.
func isZero(v reflect.Value) bool {
	t := v.Type()
	info := infoOf(t)
	switch {
	case info.zeroer:
		if t.Kind() == reflect.Pointer && v.IsNil() {
			return true
		}
		return v.Interface().(isZeroer).IsZero()
	case info.addrZeroer:
		if !v.CanAddr() {
			v2 := reflect.New(t).Elem()
			v2.Set(v)
			v = v2
		}
		return v.Addr().Interface().(isZeroer).IsZero()
	}
	return v.IsZero()
}

var plans sync.Map // reflect.Type -> []fieldPlan, or nil when unsupported

// planOf lists a struct's JSON fields, embedded structs without a name
// inlined, or reports false for what it leaves to encoding/json.
func planOf(t reflect.Type) ([]fieldPlan, bool) {
	if p, ok := plans.Load(t); ok {
		plan, _ := p.([]fieldPlan)
		return plan, plan != nil || t.NumField() == 0
	}
	plan, ok := buildPlan(t, nil, map[reflect.Type]bool{})
	if ok {
		seen := map[string]bool{}
		for _, f := range plan {
			if seen[f.name] {
				ok = false // promoted names clash: encoding/json's dominance rules
				break
			}
			seen[f.name] = true
		}
	}
	if !ok {
		plans.Store(t, []fieldPlan(nil))
		return nil, false
	}
	if plan == nil {
		plan = []fieldPlan{}
	}
	plans.Store(t, plan)
	return plan, true
}

func buildPlan(t reflect.Type, prefix []int, visiting map[reflect.Type]bool) ([]fieldPlan, bool) {
	if visiting[t] {
		return nil, false
	}
	visiting[t] = true
	defer delete(visiting, t)
	var plan []fieldPlan
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		omitEmpty, omitZero := false, false
		for _, o := range strings.Split(opts, ",") {
			switch o {
			case "omitempty":
				omitEmpty = true
			case "omitzero":
				omitZero = true
			case "", "inline":
			default:
				return nil, false // ",string" and anything newer
			}
		}
		index := append(append([]int(nil), prefix...), i)
		if sf.Anonymous && name == "" {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() != reflect.Struct || reflect.PointerTo(ft).Implements(marshalerType) || ft.Implements(marshalerType) ||
				reflect.PointerTo(ft).Implements(textMarshalerType) || ft.Implements(textMarshalerType) {
				if !sf.IsExported() {
					continue
				}
				return nil, false // an embedded non-struct or marshaler: named by its type
			}
			inner, ok := buildPlan(ft, index, visiting)
			if !ok {
				return nil, false
			}
			plan = append(plan, inner...)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		} else if !validTagName(name) {
			return nil, false
		}
		plan = append(plan, fieldPlan{name: name, index: index, omitEmpty: omitEmpty, omitZero: omitZero})
	}
	return plan, true
}

func validTagName(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '/' || c == '$') {
			return false
		}
	}
	return true
}
