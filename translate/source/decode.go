package source

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unique"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/diag"
)

// Seen is one field that was present in the input.
type Seen struct {
	Path string // concrete: containerDefinitions[1].ulimits
	Norm string // normalized: containerDefinitions[].ulimits[]
	// line and col are of the key; doc is the document. A whole diag.Pos
	// is 56 bytes and mostly the same for every field of a document, so
	// it is built when asked for.
	line, col int32
	doc       *Doc
}

// Pos returns the position of the field's key.
func (s Seen) Pos() diag.Pos {
	p := diag.Pos{Line: int(s.line), Col: int(s.col), Path: s.Path}
	if s.doc != nil {
		p.File, p.Doc = s.doc.File, s.doc.Index
	}
	return p
}

// Decoder decodes *yaml.Node trees into structs tagged with `json` names,
// strictly: unknown keys are warned about with the closest known name, wrong
// types are errors, nulls count as absent. It remembers where every field was
// so that later stages can point at it.
type Decoder struct {
	Doc   *Doc
	Diags *diag.List
	// Seen lists the fields present in the input in input order. It is
	// only needed to report the fields' dispositions; callers set it to
	// nil once they have, so that a decoder kept for positions does not
	// keep it.
	Seen []Seen
	// Code prefixes this decoder's diagnostic codes ("ecs", "aas", ...).
	Code string

	// pos holds the positions of the paths decoded, sorted by path hash;
	// pending, those of a Decode that has not returned (see positions.go).
	pos     []posEntry
	pending []posEntry
	budget  int
}

// MaxNodes bounds the nodes one document may expand to, aliases included.
const MaxNodes = 1_000_000

// NewDecoder returns a decoder for doc that reports into diags.
func NewDecoder(doc *Doc, diags *diag.List, code string) *Decoder {
	return &Decoder{Doc: doc, Diags: diags, Code: code, budget: MaxNodes}
}

// Pos returns the position recorded for a concrete path, or for the
// nearest enclosing path that has one: the path cut at its last "." or
// "[", again and again.
func (d *Decoder) Pos(path string) diag.Pos {
	// The hashes of the path and of every enclosing path, in one pass:
	// prefixes[k] is the hash of path cut before its k-th separator
	// (counting from the second byte; a separator at the start ends the
	// search, as it leaves nothing).
	var buf [16]uint64
	prefixes := buf[:0]
	h := pathHash
	for i := 0; i < len(path); i++ {
		if c := path[i]; i > 0 && (c == '.' || c == '[') {
			prefixes = append(prefixes, h)
		}
		h = hashByte(h, path[i])
	}
	prefixes = append(prefixes, h)
	for k := len(prefixes) - 1; k >= 0; k-- {
		if e, ok := d.lookup(prefixes[k]); ok {
			// Translations keep positions in what they make, and a batch
			// repeats the same few hundred paths in every input: one copy
			// of each is kept.
			return diag.Pos{File: d.Doc.File, Doc: d.Doc.Index, Line: int(e.line), Col: int(e.col), Path: unique.Make(path).Value()}
		}
	}
	return d.Doc.Pos(d.Doc.Root, path)
}

// Has reports whether a concrete path was present in the input.
func (d *Decoder) Has(path string) bool {
	_, ok := d.lookup(hashString(pathHash, path))
	return ok
}

// Decode fills v (a pointer) from n. base and norm are the concrete and
// normalized paths of n. It reports whether no error was found.
func (d *Decoder) Decode(n *yaml.Node, base, norm string, v any) bool {
	// Only what this call adds is counted: the list holds a whole batch's
	// diagnostics, and counting all of it per object was quadratic.
	before := len(*d.Diags)
	if d.pending == nil {
		if p, ok := pendingPool.Get().(*[]posEntry); ok {
			d.pending = *p
		}
	}
	// Seen is gathered in a reused buffer and copied to one of its exact
	// length: growing it by appending left a quarter of it unused.
	buffered := d.Seen == nil
	if buffered {
		if p, ok := seenPool.Get().(*[]Seen); ok {
			d.Seen = *p
		}
	}
	d.value(n, base, hashString(pathHash, base), norm, reflect.ValueOf(v).Elem())
	d.sortPositions()
	if buffered {
		buf := d.Seen
		d.Seen = nil
		if len(buf) > 0 {
			d.Seen = append(make([]Seen, 0, len(buf)), buf...)
		}
		if cap(buf) <= maxPooledSeen {
			clear(buf) // the buffer must not keep the paths alive
			buf = buf[:0]
			seenPool.Put(&buf)
		}
	}
	return !(*d.Diags)[before:].HasErrors()
}

// seenPool keeps the buffers Seen is gathered in, up to maxPooledSeen
// entries.
var seenPool sync.Pool // *[]Seen

const maxPooledSeen = 1 << 14

func (d *Decoder) errorf(n *yaml.Node, path, slug, format string, args ...any) {
	d.Diags.Errorf(d.Doc.Pos(n, path), d.Code+"/"+slug, format, args...)
}

// nodeDecoder is implemented by types that decode themselves.
type nodeDecoder interface {
	decodeNode(d *Decoder, n *yaml.Node, path string)
}

var nodeDecoderType = reflect.TypeFor[nodeDecoder]()

// value decodes n, at path (whose hash is h), into rv.
func (d *Decoder) value(n *yaml.Node, path string, h uint64, norm string, rv reflect.Value) {
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
		d.value(n, path, h, norm, elem.Elem())
		rv.Set(elem)
		return
	}
	if rv.Addr().Type().Implements(nodeDecoderType) {
		rv.Addr().Interface().(nodeDecoder).decodeNode(d, n, path)
		return
	}
	switch rv.Kind() {
	case reflect.Struct:
		d.object(n, path, h, norm, rv)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, path, "wrong-type", "expected a list, found %s", describe(n))
			return
		}
		s := reflect.MakeSlice(rv.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			ep := path + "[" + strconv.Itoa(i) + "]"
			eh := hashIndex(h, i)
			d.record(ep, eh, c.Line, c.Column)
			d.value(c, ep, eh, norm, s.Index(i))
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
			d.stringMap(n, path, h, rv)
		} else {
			d.objectMap(n, path, h, norm, rv)
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
		// A plain decimal (what JSON numbers are) reads as YAML reads it;
		// other forms (0x1F, 0o17, 1_000) go through YAML.
		if i, ok := decimalInt(n.Value); ok {
			return i, true
		}
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

// decimalInt reads s when it is an optional minus and decimal digits
// without a leading zero (or "0" itself) that fit in 64 bits.
func decimalInt(s string) (int64, bool) {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || (digits[0] == '0' && len(digits) > 1) {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	i, err := strconv.ParseInt(s, 10, 64)
	return i, err == nil
}

func (d *Decoder) stringMap(n *yaml.Node, path string, h uint64, rv reflect.Value) {
	d.mapEntries(n, path, h, "expected an object of strings", rv, func(v *yaml.Node, kp string, _ uint64) (reflect.Value, bool) {
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			return reflect.Value{}, false
		}
		s, ok := d.str(v, kp)
		return reflect.ValueOf(s), ok
	})
}

// objectMap decodes an object whose values are not strings (such as the
// configuration's capacityProviders.<name>) into a map keyed by string.
func (d *Decoder) objectMap(n *yaml.Node, path string, h uint64, norm string, rv reflect.Value) {
	d.mapEntries(n, path, h, "expected an object", rv, func(v *yaml.Node, kp string, kh uint64) (reflect.Value, bool) {
		elem := reflect.New(rv.Type().Elem()).Elem()
		d.value(v, kp, kh, norm, elem)
		return elem, true
	})
}

// mapEntries decodes a mapping into the map rv: it reports a value that is
// not a mapping (what it expected, in want) and duplicate keys, records
// each key's position, and stores what elem makes of each value (nothing
// when it says false).
func (d *Decoder) mapEntries(n *yaml.Node, path string, h uint64, want string, rv reflect.Value, elem func(v *yaml.Node, kp string, kh uint64) (reflect.Value, bool)) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "wrong-type", "%s, found %s", want, describe(n))
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
		kh := hashString(hashByte(h, '.'), key)
		d.record(kp, kh, k.Line, k.Column)
		if e, ok := elem(v, kp, kh); ok {
			m.SetMapIndex(reflect.ValueOf(key), e)
		}
	}
	rv.Set(m)
}

func (d *Decoder) object(n *yaml.Node, path string, h uint64, norm string, rv reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "wrong-type", "expected an object, found %s", describe(n))
		return
	}
	fields := fieldsOf(rv.Type())
	// Duplicate keys: most objects are small enough to look back at the
	// keys before; a map would cost more than the search.
	var seen map[string]bool
	if len(n.Content) > 2*smallObject {
		seen = map[string]bool{}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		kp := join(path, key)
		if seen != nil && seen[key] || seen == nil && keyBefore(n.Content, i, key) {
			d.errorf(k, kp, "duplicate-key", "duplicate key %q", key)
			continue
		}
		if seen != nil {
			seen[key] = true
		}
		f, ok := fields.byName[key]
		if !ok {
			msg := fmt.Sprintf("unknown field %q", key)
			if s := suggest(key, fields.names); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			}
			d.Diags.Warnf(d.Doc.Pos(k, kp), d.Code+"/unknown-field", "%s", msg).Notes = []string{"the field is ignored"}
			continue
		}
		kn := f.norm(norm)
		kh := hashJoin(h, path, key)
		d.record(kp, kh, k.Line, k.Column)
		if !(v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
			d.Seen = append(d.Seen, Seen{Path: kp, Norm: kn, line: int32(k.Line), col: int32(k.Column), doc: d.Doc})
		}
		d.value(v, kp, kh, kn, rv.Field(f.index))
	}
}

// smallObject is the most keys an object may have for its duplicates to
// be found by looking back.
const smallObject = 16

// keyBefore reports whether a key of a mapping's content comes before
// position i.
func keyBefore(content []*yaml.Node, i int, key string) bool {
	for j := 0; j < i; j += 2 {
		if content[j].Value == key {
			return true
		}
	}
	return false
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
	name   string
	suffix string // "[]" for lists, "{}" for maps
	norms  *normCache
}

// normCache holds a field's normalized paths by its parent's: every
// decoder of a batch then shares one string per normalized path instead
// of keeping its own for every field it saw. A field has one parent path
// or a few, so the map is replaced whole when one is added (never read
// while written, without a lock) and stops growing at maxNorms.
type normCache struct {
	m atomic.Pointer[map[string]string]
}

const maxNorms = 64

// norm returns the normalized path of the field under parent.
func (f field) norm(parent string) string {
	m := f.norms.m.Load()
	if m != nil {
		if s, ok := (*m)[parent]; ok {
			return s
		}
	}
	s := join(parent, f.name) + f.suffix
	for {
		if m != nil {
			if c, ok := (*m)[parent]; ok {
				return c
			}
			if len(*m) >= maxNorms {
				return s
			}
		}
		next := make(map[string]string, 1)
		if m != nil {
			maps.Copy(next, *m)
		}
		next[parent] = s
		if f.norms.m.CompareAndSwap(m, &next) {
			return s
		}
		m = f.norms.m.Load()
	}
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
		sf.byName[name] = field{index: i, name: name, suffix: suffix, norms: &normCache{}}
		sf.names = append(sf.names, name)
	}
	f, _ := fieldCache.LoadOrStore(t, sf)
	return f.(*structFields)
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
