package eksport

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// resolveObjects reports every value that exists only at apply time
// (ir.Unresolved) that reached the objects: an error at the value's
// origin, or, with placeholders, a warning and the placeholder in place
// of the token. In a chart (required), an input variable or parameter
// (Unresolved.Input) is neither: its token stays, and emit/helm makes it
// a required value. It runs only when a front-end made such a value.
func resolveObjects(objs []emit.Object, placeholders, required bool, diags *diag.List) {
	for i := range objs {
		resolveObject(&objs[i], placeholders, required, diags)
	}
}

// resolveObject is resolveObjects for one object. With placeholders, an
// object holding a token is replaced by its JSON form with the tokens
// replaced, which every emitter writes as it writes a custom resource.
func resolveObject(o *emit.Object, placeholders, required bool, diags *diag.List) {
	if !mayHoldToken(reflect.ValueOf(o.Value), 0) {
		// Most objects hold none: no need to write them as JSON to
		// look.
		return
	}
	data, err := json.Marshal(o.Value)
	if err != nil || !ir.HasUnresolved(string(data)) {
		return
	}
	replaced := ir.ReplaceUnresolved(string(data), func(u ir.Unresolved) string {
		if required && u.Input {
			return u.Token()
		}
		u.Report(diags, placeholders)
		return u.Placeholder()
	})
	if !placeholders {
		return
	}
	var v map[string]any
	if json.Unmarshal([]byte(replaced), &v) == nil {
		o.Value = v
	}
}

var tokenPrefix = []byte(ir.UnresolvedPrefix)

// mayHoldToken reports whether a value may hold an unresolved value's
// token: whether a string in it (a field's, exported or not, a map key,
// bytes) holds the tokens' prefix. It errs on yes, never on no, so that
// json.Marshal, which writes nothing else from strings but what they hold,
// finds every token it would: a value too deep (a cycle) is a yes.
func mayHoldToken(v reflect.Value, depth int) bool {
	if depth > 512 {
		return true
	}
	switch v.Kind() {
	case reflect.String:
		return strings.Contains(v.String(), ir.UnresolvedPrefix)
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && mayHoldToken(v.Elem(), depth+1)
	case reflect.Struct:
		for i := range v.NumField() {
			if mayHoldToken(v.Field(i), depth+1) {
				return true
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return bytes.Contains(v.Bytes(), tokenPrefix)
		}
		fallthrough
	case reflect.Array:
		for i := range v.Len() {
			if mayHoldToken(v.Index(i), depth+1) {
				return true
			}
		}
	case reflect.Map:
		if v.Len() == 0 {
			return false
		}
		if !v.CanInterface() {
			// An unexported field's map: reflect copies its entries only
			// through it.Key and it.Value.
			for it := v.MapRange(); it.Next(); {
				if mayHoldToken(it.Key(), depth+1) || mayHoldToken(it.Value(), depth+1) {
					return true
				}
			}
			return false
		}
		if m, ok := v.Interface().(map[string]string); ok {
			// Labels, annotations, data: read without reflect.
			for k, e := range m {
				if strings.Contains(k, ir.UnresolvedPrefix) || strings.Contains(e, ir.UnresolvedPrefix) {
					return true
				}
			}
			return false
		}
		// A key and a value settable once per map, which each entry is
		// copied into (it.Key and it.Value made two copies per entry).
		t := v.Type()
		key, val := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
		for it := v.MapRange(); it.Next(); {
			key.SetIterKey(it)
			val.SetIterValue(it)
			if mayHoldToken(key, depth+1) || mayHoldToken(val, depth+1) {
				return true
			}
		}
	}
	return false
}
