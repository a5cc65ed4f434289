package source

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/diag"
)

// Seen is one field that was present in the input.
type Seen struct {
	Path string   // concrete: containerDefinitions[1].ulimits
	Norm string   // normalized: containerDefinitions[].ulimits[]
	Pos  diag.Pos // of the key
}

// Decoder decodes *yaml.Node trees into structs tagged with `json` names,
// strictly: unknown keys are warned about with the closest known name, wrong
// types are errors, nulls count as absent. It remembers where every field was
// so that later stages can point at it.
type Decoder struct {
	Doc   *Doc
	Diags *diag.List
	// Seen lists the fields present in the input in input order.
	Seen []Seen
	// Code prefixes this decoder's diagnostic codes ("ecs", "aas", ...).
	Code string

	pos    map[string]lineColumn
	budget int
}

// lineColumn is what the decoder records per field: the file, document and
// path of a position are known when it is asked for, so a batch's
// decoders keep 8 bytes a field instead of a whole diag.Pos.
type lineColumn struct{ line, col int32 }

func (d *Decoder) record(path string, n *yaml.Node) diag.Pos {
	d.pos[path] = lineColumn{int32(n.Line), int32(n.Column)}
	return d.Doc.Pos(n, path)
}

// MaxNodes bounds the nodes one document may expand to, aliases included.
const MaxNodes = 1_000_000

// NewDecoder returns a decoder for doc that reports into diags.
func NewDecoder(doc *Doc, diags *diag.List, code string) *Decoder {
	return &Decoder{Doc: doc, Diags: diags, Code: code, pos: map[string]lineColumn{}, budget: MaxNodes}
}

// Pos returns the position recorded for a concrete path, or for the
// nearest enclosing path that has one.
func (d *Decoder) Pos(path string) diag.Pos {
	for p := path; ; {
		if lc, ok := d.pos[p]; ok {
			return diag.Pos{File: d.Doc.File, Doc: d.Doc.Index, Line: int(lc.line), Col: int(lc.col), Path: path}
		}
		i := strings.LastIndexAny(p, ".[")
		if i <= 0 {
			break
		}
		p = p[:i]
	}
	pos := d.Doc.Pos(d.Doc.Root, path)
	return pos
}

// Has reports whether a concrete path was present in the input.
func (d *Decoder) Has(path string) bool {
	_, ok := d.pos[path]
	return ok
}

// Decode fills v (a pointer) from n. base and norm are the concrete and
// normalized paths of n. It reports whether no error was found.
func (d *Decoder) Decode(n *yaml.Node, base, norm string, v any) bool {
	// Only what this call adds is counted: the list holds a whole batch's
	// diagnostics, and counting all of it per object was quadratic.
	before := len(*d.Diags)
	d.value(n, base, norm, reflect.ValueOf(v).Elem())
	return !(*d.Diags)[before:].HasErrors()
}

func (d *Decoder) errorf(n *yaml.Node, path, slug, format string, args ...any) {
	d.Diags.Errorf(d.Doc.Pos(n, path), d.Code+"/"+slug, format, args...)
}

// nodeDecoder is implemented by types that decode themselves.
type nodeDecoder interface {
	decodeNode(d *Decoder, n *yaml.Node, path string)
}

var nodeDecoderType = reflect.TypeFor[nodeDecoder]()

func (d *Decoder) value(n *yaml.Node, path, norm string, rv reflect.Value) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	d.budget--
	if d.budget == 0 {
		d.errorf(n, path, "too-large", "document expands to more than %d nodes (YAML aliases?)", MaxNodes)
	}
	if d.budget <= 0 {
		return
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	if rv.Kind() == reflect.Pointer {
		elem := reflect.New(rv.Type().Elem())
		d.value(n, path, norm, elem.Elem())
		rv.Set(elem)
		return
	}
	if rv.Addr().Type().Implements(nodeDecoderType) {
		rv.Addr().Interface().(nodeDecoder).decodeNode(d, n, path)
		return
	}
	switch rv.Kind() {
	case reflect.Struct:
		d.object(n, path, norm, rv)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, path, "wrong-type", "expected a list, found %s", describe(n))
			return
		}
		s := reflect.MakeSlice(rv.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			ep := fmt.Sprintf("%s[%d]", path, i)
			d.record(ep, c)
			d.value(c, ep, norm, s.Index(i))
		}
		rv.Set(s)
	case reflect.String:
		if s, ok := d.str(n, path); ok {
			rv.SetString(s)
		}
	case reflect.Int64:
		if i, ok := d.int(n, path); ok {
			rv.SetInt(i)
		}
	case reflect.Float64:
		if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
			f, err := strconv.ParseFloat(n.Value, 64)
			if err == nil && !math.IsInf(f, 0) {
				rv.SetFloat(f)
				return
			}
		}
		d.errorf(n, path, "wrong-type", "expected a number, found %s", describe(n))
	case reflect.Bool:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
			var b bool
			if err := n.Decode(&b); err == nil {
				rv.SetBool(b)
				return
			}
		}
		d.errorf(n, path, "wrong-type", "expected true or false, found %s", describe(n))
	case reflect.Map:
		if rv.Type().Elem().Kind() == reflect.String {
			d.stringMap(n, path, rv)
		} else {
			d.objectMap(n, path, norm, rv)
		}
	default:
		d.errorf(n, path, "internal", "cannot decode into %s", rv.Type())
	}
}

func (d *Decoder) str(n *yaml.Node, path string) (string, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		return n.Value, true
	}
	hint := ""
	if n.Kind == yaml.ScalarNode {
		hint = "; put it in quotes"
	}
	d.errorf(n, path, "wrong-type", "expected a string, found %s%s", describe(n), hint)
	return "", false
}

func (d *Decoder) int(n *yaml.Node, path string) (int64, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		var i int64
		if err := n.Decode(&i); err == nil {
			return i, true
		}
		d.errorf(n, path, "out-of-range", "number %s is out of range", n.Value)
		return 0, false
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!float" {
		d.errorf(n, path, "wrong-type", "expected a whole number, found %s", n.Value)
		return 0, false
	}
	d.errorf(n, path, "wrong-type", "expected a whole number, found %s", describe(n))
	return 0, false
}

func (d *Decoder) stringMap(n *yaml.Node, path string, rv reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "wrong-type", "expected an object of strings, found %s", describe(n))
		return
	}
	m := reflect.MakeMapWithSize(rv.Type(), len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		for v.Kind == yaml.AliasNode {
			v = v.Alias
		}
		key := k.Value
		kp := path + "." + key
		if m.MapIndex(reflect.ValueOf(key)).IsValid() {
			d.errorf(k, kp, "duplicate-key", "duplicate key %q", key)
			continue
		}
		d.record(kp, k)
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			continue
		}
		s, ok := d.str(v, kp)
		if ok {
			m.SetMapIndex(reflect.ValueOf(key), reflect.ValueOf(s))
		}
	}
	rv.Set(m)
}

// objectMap decodes an object whose values are not strings (such as the
// configuration's capacityProviders.<name>) into a map keyed by string.
func (d *Decoder) objectMap(n *yaml.Node, path, norm string, rv reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "wrong-type", "expected an object, found %s", describe(n))
		return
	}
	m := reflect.MakeMapWithSize(rv.Type(), len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		for v.Kind == yaml.AliasNode {
			v = v.Alias
		}
		key := k.Value
		kp := path + "." + key
		if m.MapIndex(reflect.ValueOf(key)).IsValid() {
			d.errorf(k, kp, "duplicate-key", "duplicate key %q", key)
			continue
		}
		d.record(kp, k)
		elem := reflect.New(rv.Type().Elem()).Elem()
		d.value(v, kp, norm, elem)
		m.SetMapIndex(reflect.ValueOf(key), elem)
	}
	rv.Set(m)
}

func (d *Decoder) object(n *yaml.Node, path, norm string, rv reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "wrong-type", "expected an object, found %s", describe(n))
		return
	}
	fields := fieldsOf(rv.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		kp := join(path, key)
		if seen[key] {
			d.errorf(k, kp, "duplicate-key", "duplicate key %q", key)
			continue
		}
		seen[key] = true
		f, ok := fields.byName[key]
		if !ok {
			msg := fmt.Sprintf("unknown field %q", key)
			if s := suggest(key, fields.names); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			}
			d.Diags.Warnf(d.Doc.Pos(k, kp), d.Code+"/unknown-field", "%s", msg).Notes = []string{"the field is ignored"}
			continue
		}
		kn := join(norm, key) + f.suffix
		pos := d.record(kp, k)
		if !(v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
			d.Seen = append(d.Seen, Seen{Path: kp, Norm: kn, Pos: pos})
		}
		d.value(v, kp, kn, rv.Field(f.index))
	}
}

func join(base, key string) string {
	if base == "" {
		return key
	}
	return base + "." + key
}

type structFields struct {
	byName map[string]field
	names  []string
}

type field struct {
	index  int
	suffix string // "[]" for lists, "{}" for maps
}

var fieldCache sync.Map // reflect.Type -> *structFields

func fieldsOf(t reflect.Type) *structFields {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*structFields)
	}
	sf := &structFields{byName: map[string]field{}}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		suffix := ""
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch ft.Kind() {
		case reflect.Slice:
			suffix = "[]"
		case reflect.Map:
			suffix = "{}"
		}
		sf.byName[name] = field{index: i, suffix: suffix}
		sf.names = append(sf.names, name)
	}
	fieldCache.Store(t, sf)
	return sf
}

// describe names the kind of a node for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "an object"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str":
			return fmt.Sprintf("the string %q", clip(n.Value))
		case "!!int", "!!float":
			return "the number " + clip(n.Value)
		case "!!bool":
			return n.Value
		case "!!null":
			return "null"
		}
		return clip(n.Value)
	}
	return "something else"
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}
