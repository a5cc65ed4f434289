package emit

import (
	"encoding/base64"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// marshalDirect writes an object's value as YAML exactly as
// MarshalTree(Tree(o)) writes it, without building the tree: it walks the
// value by reflection as valueTree does (numbers as json.Number), decides
// what Clean would delete as it goes, and writes each mapping's keys in
// the order MarshalTree sorts them (cached per struct type). It reports
// false, for the caller to take the tree path for the whole object, at
// anything it does not reproduce exactly: wherever valueTree declines,
// and wherever appendFast would leave the tree to the YAML encoder.
//
// Clean's deletions are decided by writing first and taking back: an
// entry whose value turns out nil, or an empty mapping under one of the
// keys Clean drops when empty, is cut from the buffer again.
func marshalDirect(v any) ([]byte, bool) { return marshalDirectPrefix(v, "") }

// marshalDirectPrefix is marshalDirect with prefix in front of the YAML,
// in the one allocation that holds the result.
func marshalDirectPrefix(v any, prefix string) ([]byte, bool) {
	e := encoders.Get().(*directEncoder)
	defer e.release()
	rv := reflect.ValueOf(v)
	depth := 0
	for {
		if !rv.IsValid() {
			return nil, false
		}
		if depth++; depth > maxDirectDepth {
			return nil, false
		}
		c := codecFor(rv.Type())
		if c.number || c.marshaler || c.addrMarshaler || c.text || c.addrText {
			return nil, false
		}
		var wrote, ok bool
		switch c.kind {
		case reflect.Pointer, reflect.Interface:
			if rv.IsNil() {
				return nil, false
			}
			rv = rv.Elem()
			continue
		case reflect.Struct:
			wrote, ok = e.structEntries(rv, c, 0, false, true, true, depth)
		case reflect.Map:
			if rv.IsNil() {
				return nil, false
			}
			wrote, ok = e.mapEntries(rv, c, 0, false, true, true, depth)
		default:
			return nil, false
		}
		if !ok {
			return nil, false
		}
		if !wrote {
			e.b = append(e.b, "{}\n"...)
		}
		out := make([]byte, 0, len(prefix)+len(e.b))
		return append(append(out, prefix...), e.b...), true
	}
}

// maxDirectDepth is valueTree's depth limit, counted the same way.
const maxDirectDepth = 500

type directEncoder struct {
	b       []byte
	tmp     []byte     // writeUnordered's
	entries []mapEntry // the entries of the mappings being written, innermost last
}

var encoders = sync.Pool{New: func() any { return new(directEncoder) }}

func (e *directEncoder) release() {
	if cap(e.b) > 1<<20 || cap(e.tmp) > 1<<20 || cap(e.entries) > 1<<12 {
		return
	}
	e.b = e.b[:0]
	e.entries = e.entries[:0] // cleared by writeEntries
	encoders.Put(e)
}

// place is where a value is written and what Clean does there.
type place struct {
	indent    int  // of the mapping that holds the value, or of the list's dashes
	col       int  // the column after "key:" or "-"
	inMapping bool // after "key:", else after "-"
	dropNil   bool // Clean deletes the value when nil
	dropEmpty bool // Clean deletes the value when an empty mapping
	cleanMap  bool // Clean cleans the entries of a mapping here
	cleanList bool // Clean cleans the mappings of a list here
}

// entryPlace is the place of the value of key in a mapping that Clean
// cleans or (clean false) leaves alone.
func entryPlace(key string, indent, col int, clean bool) place {
	return place{
		indent: indent, col: col, inMapping: true,
		dropNil: clean, dropEmpty: clean && dropsEmpty(key),
		cleanMap: clean && key != "subresources", cleanList: clean,
	}
}

// dropsEmpty lists the keys under which Clean deletes an empty mapping.
func dropsEmpty(key string) bool {
	switch key {
	case "status", "metadata", "resources", "strategy", "securityContext":
		return true
	}
	return false
}

// null writes a nil value, or reports it dropped.
func (e *directEncoder) null(p place) (dropped, ok bool) {
	if p.dropNil {
		return true, true
	}
	e.b = append(e.b, " null\n"...)
	return false, true
}

func (e *directEncoder) str(s string, p place) (dropped, ok bool) {
	if b, ok := appendWord(e.b, s, true); ok {
		e.b = append(b, '\n')
		return false, true
	}
	if e.b, ok = appendScalar(e.b, s, p.col, p.indent+2, true); !ok {
		return false, false
	}
	e.b = append(e.b, '\n')
	return false, true
}

// appendWord is appendScalar for the strings most values and keys are,
// decided without its number and date parsing where it can be: "", and
// words of ASCII letters, digits and . / _ - : %, which need no escapes
// and never fold. It reports false, for appendScalar, for other strings
// and for the words it cannot tell from numbers, dates and the like.
func appendWord(b []byte, s string, value bool) ([]byte, bool) {
	if s == "" {
		if value {
			b = append(b, ' ')
		}
		return append(b, `""`...), true
	}
	var seen uint8
	dots := 0
	for i := 0; i < len(s); i++ {
		c := wordClass[s[i]]
		if c == 0 {
			return b, false
		}
		seen |= c
		if c == wordDot {
			dots++
		}
	}
	var quote byte
	switch c := s[0]; {
	case c == '%':
		return b, false // an indicator
	case s[len(s)-1] == ':':
		return b, false // not plainAllowed
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		if strings.IndexByte("yYnNtTfFoO", c) >= 0 && resolveWords[s] {
			quote = '"' // yes, Off, null: resolvesToString is false
		}
	case c == '/' || c == '_':
	default: // a digit, '.' or '-': does it read as something else?
		if !stringLike(s, seen, dots) {
			if seen == wordDigit && len(s) <= 18 {
				quote = '"' // an integer, or (leading zeros) a float
				break
			}
			return b, false
		}
		if strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
			quote = '\'' // a string, but not plainAllowed
		}
	}
	if value {
		b = append(b, ' ')
	}
	if quote == 0 {
		return append(b, s...), true
	}
	return append(append(append(b, quote), s...), quote), true
}

// stringLike reports, for one of appendWord's words that starts with a
// digit, '.' or '-', whether resolvesToString and !isBase60Float are sure
// to hold. What reads as anything else is an integer (decimal, 0x, 0o or
// 0b, with _ and a sign), a float (digits, one '.', e or E), a special
// float (.inf, -.nan), a base-60 float (digits, ':', no letter) or a date
// and time, which has no '/' nor '%', and no letters but T, t and Z, with
// a ':' then. It may be false for words that are strings.
func stringLike(s string, seen uint8, dots int) bool {
	switch {
	case seen&wordSlash != 0:
		return true
	case seen&wordColon != 0:
		return seen&wordLetter != 0 && !onlyTimeLetters(s)
	case dots > 1:
		return true
	case seen&wordLetter == 0 || seen&wordUnderscore != 0 || resolveWords[s]:
		return false
	}
	// A letter besides e and E: a number only with a base prefix.
	t := strings.TrimPrefix(s, "-")
	return len(t) < 2 || t[0] != '0' || strings.IndexByte("xXoObB", t[1]) < 0
}

// onlyTimeLetters reports whether the letters of s are all T, t, Z, e or
// E (these two are harmless: no date holds them, but the test is simpler).
func onlyTimeLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if wordClass[s[i]]&(wordLetter|wordE) != 0 && strings.IndexByte("TtZeE", s[i]) < 0 {
			return false
		}
	}
	return true
}

// The classes of the bytes of appendWord's words, a bit each.
const (
	wordDigit      = 1 << iota // 0-9
	wordDash                   // '-'
	wordE                      // e and E, of a float's exponent
	wordLetter                 // every other letter
	wordDot                    // '.'
	wordUnderscore             // '_'
	wordSlash                  // '/' and '%', in no number or date
	wordColon                  // ':'
)

var wordClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c == 'e' || c == 'E':
			t[c] = wordE
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			t[c] = wordLetter
		case c >= '0' && c <= '9':
			t[c] = wordDigit
		case c == '-':
			t[c] = wordDash
		case c == '.':
			t[c] = wordDot
		case c == '_':
			t[c] = wordUnderscore
		case c == '/' || c == '%':
			t[c] = wordSlash
		case c == ':':
			t[c] = wordColon
		}
	}
	return t
}()

func (e *directEncoder) boolean(x bool, p place) (dropped, ok bool) {
	if x {
		e.b = append(e.b, " true\n"...)
	} else {
		e.b = append(e.b, " false\n"...)
	}
	return false, true
}

func (e *directEncoder) integer(i int64) (dropped, ok bool) {
	e.b = append(strconv.AppendInt(append(e.b, ' '), i, 10), '\n')
	return false, true
}

// number writes the JSON text of a number as appendValue writes the
// json.Number valueTree makes of it.
func (e *directEncoder) number(text string) (dropped, ok bool) {
	if !json.Valid([]byte(text)) {
		return false, false
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return false, false
	}
	e.b, ok = appendNumber(e.b, text, f)
	return false, ok
}

func (e *directEncoder) float(f float64) (dropped, ok bool) {
	text, err := json.Marshal(f)
	if err != nil {
		return false, false
	}
	return e.number(string(text))
}

// open starts a mapping value; its entries go at indent, the first one
// on the current line when inline.
func (e *directEncoder) open(p place) (mark, indent int, inline bool) {
	mark = len(e.b)
	if p.inMapping {
		e.b = append(e.b, '\n')
	} else {
		e.b = append(e.b, ' ')
	}
	return mark, p.indent + 2, !p.inMapping
}

// close ends a mapping value opened at mark: {} when no entry was
// written, or nothing when Clean deletes it.
func (e *directEncoder) close(p place, mark int, wrote bool) (dropped bool) {
	if wrote {
		return false
	}
	e.b = e.b[:mark]
	if p.dropEmpty {
		return true
	}
	e.b = append(e.b, " {}\n"...)
	return false
}

// value is valueTree's treeWalker.value followed by appendValue.
func (e *directEncoder) value(v reflect.Value, c *codec, p place, depth int) (dropped, ok bool) {
	if !v.IsValid() {
		return e.null(p)
	}
	if depth++; depth > maxDirectDepth {
		return false, false
	}
	switch {
	case c.number:
		if v.String() == "" {
			return e.number("0")
		}
		return e.number(v.String())
	case c.marshaler:
		return e.marshaler(v, p, depth)
	case c.addrMarshaler && v.CanAddr():
		return e.marshaler(v.Addr(), p, depth)
	case c.text || c.addrText && v.CanAddr():
		return false, false
	}
	switch c.kind {
	case reflect.Pointer:
		if v.IsNil() {
			return e.null(p)
		}
		return e.value(v.Elem(), c.elemCodec(), p, depth)
	case reflect.Interface:
		if v.IsNil() {
			return e.null(p)
		}
		ev := v.Elem()
		return e.value(ev, codecFor(ev.Type()), p, depth)
	case reflect.Struct:
		mark, indent, inline := e.open(p)
		wrote, ok := e.structEntries(v, c, indent, inline, p.cleanMap, false, depth)
		if !ok {
			return false, false
		}
		return e.close(p, mark, wrote), true
	case reflect.Map:
		if v.IsNil() {
			return e.null(p)
		}
		mark, indent, inline := e.open(p)
		wrote, ok := e.mapEntries(v, c, indent, inline, p.cleanMap, false, depth)
		if !ok {
			return false, false
		}
		return e.close(p, mark, wrote), true
	case reflect.Slice:
		if v.IsNil() {
			return e.null(p)
		}
		if c.badBytes {
			return false, false
		}
		if c.bytes {
			return e.str(base64.StdEncoding.EncodeToString(v.Bytes()), p)
		}
		fallthrough
	case reflect.Array:
		n := v.Len()
		if n == 0 {
			e.b = append(e.b, " []\n"...)
			return false, true
		}
		if !p.inMapping {
			return false, false // a sequence in a sequence
		}
		ec := c.elemCodec()
		ep := place{indent: p.indent, col: p.indent + 1, cleanMap: p.cleanList}
		e.b = append(e.b, '\n')
		for i := range n {
			e.b = append(appendIndent(e.b, p.indent), '-')
			if _, ok := e.value(v.Index(i), ec, ep, depth); !ok {
				return false, false
			}
		}
		return false, true
	case reflect.String:
		return e.str(v.String(), p)
	case reflect.Bool:
		return e.boolean(v.Bool(), p)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return e.integer(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		e.b = append(strconv.AppendUint(append(e.b, ' '), v.Uint(), 10), '\n')
		return false, true
	case reflect.Float64:
		return e.float(v.Float())
	}
	return false, false
}

// marshaler writes what a json.Marshaler's JSON text decodes to.
func (e *directEncoder) marshaler(v reflect.Value, p place, depth int) (dropped, ok bool) {
	var m json.Marshaler
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return e.null(p)
		}
		m, _ = v.Interface().(json.Marshaler)
	case reflect.Interface:
		m, _ = v.Interface().(json.Marshaler)
	default:
		if v.CanAddr() {
			// The method of the value, called through its address: the
			// same call without boxing a copy.
			m, _ = v.Addr().Interface().(json.Marshaler)
		} else {
			m, _ = v.Interface().(json.Marshaler)
		}
	}
	if m == nil {
		return e.null(p)
	}
	b, err := m.MarshalJSON()
	if err != nil {
		return false, false
	}
	switch {
	case string(b) == "null":
		return e.null(p)
	case plainJSONString(b):
		return e.str(string(b[1:len(b)-1]), p)
	case jsonInteger(b):
		return e.number(string(b))
	}
	tree, ok := marshaledTree(b, true)
	if !ok {
		return false, false
	}
	return e.anyValue(tree, p, depth, 0)
}

// plainJSONString reports whether b is a JSON string of printable ASCII
// without escapes, which decodes to the text between its quotes.
func plainJSONString(b []byte) bool {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return false
	}
	for _, c := range b[1 : len(b)-1] {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// jsonInteger reports whether b is a JSON integer of at most 18 digits.
func jsonInteger(b []byte) bool {
	d := b
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 18 || d[0] == '0' && len(d) > 1 {
		return false
	}
	for _, c := range d {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// anyValue writes a value held in an interface: a map[string]any's or
// []any's element, or a node of a tree decoded from a json.Marshaler.
// valueTree counts two levels for it (the interface and its value).
func (e *directEncoder) anyValue(x any, p place, depth, levels int) (dropped, ok bool) {
	if depth += levels; depth > maxDirectDepth {
		return false, false
	}
	switch x := x.(type) {
	case nil:
		return e.null(p)
	case string:
		return e.str(x, p)
	case bool:
		return e.boolean(x, p)
	case json.Number:
		if x == "" {
			return e.number("0")
		}
		return e.number(string(x))
	case int:
		return e.integer(int64(x))
	case int64:
		return e.integer(x)
	case int32:
		return e.integer(int64(x))
	case float64:
		return e.float(x)
	case map[string]any:
		if x == nil {
			return e.null(p)
		}
		mark, indent, inline := e.open(p)
		start := len(e.entries)
		for k, v := range x {
			e.entries = append(e.entries, mapEntry{key: k, x: v, kind: entryAny})
		}
		wrote, ok := e.writeEntries(start, indent, inline, p.cleanMap, false, depth)
		if !ok {
			return false, false
		}
		return e.close(p, mark, wrote), true
	case []any:
		if x == nil {
			return e.null(p)
		}
		if len(x) == 0 {
			e.b = append(e.b, " []\n"...)
			return false, true
		}
		if !p.inMapping {
			return false, false // a sequence in a sequence
		}
		ep := place{indent: p.indent, col: p.indent + 1, cleanMap: p.cleanList}
		e.b = append(e.b, '\n')
		for _, el := range x {
			e.b = append(appendIndent(e.b, p.indent), '-')
			if _, ok := e.anyValue(el, ep, depth, 2); !ok {
				return false, false
			}
		}
		return false, true
	}
	v := reflect.ValueOf(x)
	return e.value(v, codecFor(v.Type()), p, depth-1)
}

// structEntries writes the fields of a struct as the entries of a
// mapping at indent (the first on the current line when inline), in
// MarshalTree's key order; wrote reports whether any entry was kept.
// clean says whether Clean cleans the mapping, top that it is the
// object itself (whose status Tree deletes).
func (e *directEncoder) structEntries(v reflect.Value, c *codec, indent int, inline, clean, top bool, depth int) (wrote, ok bool) {
	if c.badStruct {
		return false, false
	}
Fields:
	for i := range c.fields {
		f := &c.fields[i]
		fv := v
		for j, x := range f.index {
			if j > 0 && fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					continue Fields // an embedded nil pointer: its fields are absent
				}
				fv = fv.Elem()
			}
			fv = fv.Field(x)
		}
		fc := f.codec()
		if f.omitEmpty && f.isEmpty(fv) || f.omitZero && fc.isZero(fv) {
			continue
		}
		if top && f.name == "status" {
			if !takesStatus(fv, fc, depth) {
				return false, false
			}
			continue
		}
		start := len(e.b)
		if wrote || !inline {
			e.b = appendIndent(e.b, indent)
		}
		e.b = append(e.b, f.key...)
		dropped, ok := e.value(fv, fc, entryPlace(f.name, indent, indent+len(f.key), clean), depth)
		if !ok {
			return false, false
		}
		if dropped {
			e.b = e.b[:start]
			continue
		}
		if f.badKey {
			return false, false
		}
		wrote = true
	}
	return wrote, true
}

type entryKind uint8

const (
	entryReflect entryKind = iota // val, with codec c
	entryAny                      // x, held in an interface
	entryString                   // s
)

// mapEntry is an entry of a Go map being written.
type mapEntry struct {
	key        string
	start, end int // where writeUnordered wrote it
	kind       entryKind
	s          string
	x          any
	val        reflect.Value
	c          *codec
}

var (
	mapStringAny    = reflect.TypeFor[map[string]any]()
	mapStringString = reflect.TypeFor[map[string]string]()
)

// mapEntries writes a non-nil Go map's entries, as structEntries does a
// struct's.
func (e *directEncoder) mapEntries(v reflect.Value, c *codec, indent int, inline, clean, top bool, depth int) (wrote, ok bool) {
	if c.badKey {
		return false, false
	}
	start := len(e.entries)
	switch {
	case c.t == mapStringAny && v.CanInterface():
		for k, x := range v.Interface().(map[string]any) {
			e.entries = append(e.entries, mapEntry{key: k, x: x, kind: entryAny})
		}
	case c.t == mapStringString && v.CanInterface():
		for k, s := range v.Interface().(map[string]string) {
			e.entries = append(e.entries, mapEntry{key: k, s: s, kind: entryString})
		}
	default:
		// SetIterKey saves a key's allocation, but not for a map reached
		// through an unexported embedded struct.
		ro := !v.CanInterface()
		key := reflect.New(c.t.Key()).Elem()
		ec := c.elemCodec()
		for it := v.MapRange(); it.Next(); {
			var k string
			if ro {
				k = it.Key().String()
			} else {
				key.SetIterKey(it)
				k = key.String()
			}
			e.entries = append(e.entries, mapEntry{key: k, val: it.Value(), c: ec})
		}
	}
	return e.writeEntries(start, indent, inline, clean, top, depth)
}

// writeEntries writes the map entries from start on (and takes them off
// the stack) in MarshalTree's key order.
func (e *directEncoder) writeEntries(start, indent int, inline, clean, top bool, depth int) (wrote, ok bool) {
	end := len(e.entries)
	defer func() {
		clear(e.entries[start:end])
		e.entries = e.entries[:start]
	}()
	entries := e.entries[start:end]
	if !byteOrdered(entries) {
		return e.writeUnordered(entries, indent, inline, clean, top, depth)
	}
	// keyLess is the byte order on these keys: a strict total order, so
	// the entries Clean keeps come out in sortedKeys' order.
	slices.SortFunc(entries, func(a, b mapEntry) int { return strings.Compare(a.key, b.key) })
	for i := range entries {
		dropped, ok := e.entry(&entries[i], indent, inline && !wrote, clean, top, depth)
		if !ok {
			return false, false
		}
		wrote = wrote || !dropped
	}
	return wrote, true
}

// writeUnordered writes entries whose order sortedKeys decides only once
// it knows which of them Clean keeps (keyLess need not order a subset as
// it orders the whole): it writes each entry, indented, in map order,
// then puts the kept ones in order. Nothing of an entry's text depends on
// its place but the indent of the first one when inline.
func (e *directEncoder) writeUnordered(entries []mapEntry, indent int, inline, clean, top bool, depth int) (wrote, ok bool) {
	base := len(e.b)
	kept := entries[:0]
	for i := range entries {
		en := entries[i]
		en.start = len(e.b)
		dropped, ok := e.entry(&en, indent, false, clean, top, depth)
		if !ok {
			return false, false
		}
		if !dropped {
			en.end = len(e.b)
			kept = append(kept, en)
		}
	}
	clear(entries[len(kept):])
	if len(kept) == 0 {
		return false, true
	}
	slices.SortFunc(kept, func(a, b mapEntry) int { return strings.Compare(a.key, b.key) })
	slices.SortStableFunc(kept, func(a, b mapEntry) int {
		switch {
		case keyLess(a.key, b.key):
			return -1
		case keyLess(b.key, a.key):
			return 1
		}
		return 0
	})
	e.tmp = e.tmp[:0]
	for i, en := range kept {
		text := e.b[en.start:en.end]
		if i == 0 && inline {
			text = text[indent:]
		}
		e.tmp = append(e.tmp, text...)
	}
	e.b = append(e.b[:base], e.tmp...)
	return true, true
}

// takesStatus reports whether valueTree takes the object's status, which
// Tree deletes: all it needs to be. A zero status of a type whose zero
// value valueTree takes is not walked again.
func takesStatus(v reflect.Value, c *codec, depth int) bool {
	if v.CanAddr() && depth < 100 && c.zeroTaken() && v.IsZero() {
		return true
	}
	_, ok := treeWalker{useNumber: true, depth: depth}.value(v)
	return ok
}

// zeroTaken reports whether valueTree takes the type's (addressable) zero
// value.
func (c *codec) zeroTaken() bool {
	switch c.zero.Load() {
	case 1:
		return true
	case 2:
		return false
	}
	_, ok := treeWalker{useNumber: true}.value(reflect.New(c.t).Elem())
	if ok {
		c.zero.Store(1)
	} else {
		c.zero.Store(2)
	}
	return ok
}

// entry writes one map entry, or nothing when Clean (or Tree, for the
// object's status) deletes it.
func (e *directEncoder) entry(en *mapEntry, indent int, inline, clean, top bool, depth int) (dropped, ok bool) {
	if top && en.key == "status" {
		// Tree deletes it: it only needs to be one valueTree takes.
		w := treeWalker{useNumber: true, depth: depth}
		if en.kind == entryAny {
			w.depth++ // the interface
			_, ok = w.value(reflect.ValueOf(en.x))
		} else if en.kind == entryReflect {
			_, ok = w.value(en.val)
		}
		return true, ok || en.kind == entryString
	}
	start := len(e.b)
	if !inline {
		e.b = appendIndent(e.b, indent)
	}
	keyStart := len(e.b)
	// A key appendFast would not write (too long: the encoder writes it as
	// a complex "? " key; or not plain ASCII) matters only if the entry
	// is kept.
	var keyOK bool
	if e.b, keyOK = appendWord(e.b, en.key, false); !keyOK {
		if e.b, keyOK = appendScalar(e.b, en.key, indent, indent, false); !keyOK {
			e.b = e.b[:keyStart]
		}
	}
	keyOK = keyOK && len(en.key) <= 120
	e.b = append(e.b, ':')
	p := entryPlace(en.key, indent, indent+len(e.b)-keyStart, clean)
	switch en.kind {
	case entryString:
		dropped, ok = e.str(en.s, p)
	case entryAny:
		dropped, ok = e.anyValue(en.x, p, depth, 2)
	default:
		dropped, ok = e.value(en.val, en.c, p, depth)
	}
	if !ok {
		return false, false
	}
	if dropped {
		e.b = e.b[:start]
		return true, true
	}
	return false, keyOK
}

// byteOrdered reports whether keyLess orders these keys as their bytes
// do: it does for ASCII letters and the non-letters below 'A' other than
// digits (see keyLessRunes).
func byteOrdered(entries []mapEntry) bool {
	for i := range entries {
		k := entries[i].key
		for j := 0; j < len(k); j++ {
			c := k[j]
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c < 'A' && (c < '0' || c > '9') {
				continue
			}
			return false
		}
	}
	return true
}

// codec is what the direct encoder needs to know of a type, worked out
// once: valueTree's typeInfo, and for a struct its fields in key order.
type codec struct {
	t    reflect.Type
	kind reflect.Kind

	number                   bool // json.Number
	marshaler, addrMarshaler bool
	text, addrText           bool
	zeroer, addrZeroer       bool

	elemType reflect.Type // of a pointer, slice, array or map
	elem     atomic.Pointer[codec]

	bytes, badBytes bool // a []byte (base64), or one encoding/json would not write so
	badKey          bool // a map whose keys valueTree does not take

	zero atomic.Int32 // zeroTaken: 0 not known yet, 1 true, 2 false

	fields    []fieldCodec // in MarshalTree's key order
	badStruct bool         // valueTree declines the struct, or its key order depends on the fields present
}

type fieldCodec struct {
	name                string
	key                 []byte // the key as written, with its colon
	badKey              bool   // a key appendFast would not write
	index               []int
	omitEmpty, omitZero bool
	typ                 reflect.Type
	c                   atomic.Pointer[codec]
}

// isEmpty is isEmptyValue, for the kind of the field.
func (f *fieldCodec) isEmpty(v reflect.Value) bool {
	switch f.typ.Kind() {
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	case reflect.Slice, reflect.Map, reflect.String:
		return v.Len() == 0
	}
	return isEmptyValue(v)
}

func (f *fieldCodec) codec() *codec {
	if c := f.c.Load(); c != nil {
		return c
	}
	c := codecFor(f.typ)
	f.c.Store(c)
	return c
}

func (c *codec) elemCodec() *codec {
	if ec := c.elem.Load(); ec != nil {
		return ec
	}
	ec := codecFor(c.elemType)
	c.elem.Store(ec)
	return ec
}

// isZero is tree.go's isZero, with the type's methods known.
func (c *codec) isZero(v reflect.Value) bool {
	switch {
	case c.zeroer:
		if c.kind == reflect.Pointer && v.IsNil() {
			return true
		}
		return v.Interface().(isZeroer).IsZero()
	case c.addrZeroer:
		if !v.CanAddr() {
			v2 := reflect.New(c.t).Elem()
			v2.Set(v)
			v = v2
		}
		return v.Addr().Interface().(isZeroer).IsZero()
	}
	return v.IsZero()
}

var codecs sync.Map // reflect.Type -> *codec

// codecFor returns a type's codec; those of the types it holds are made
// when first needed, so that only the types of values met are looked at.
func codecFor(t reflect.Type) *codec {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec)
	}
	c, _ := codecs.LoadOrStore(t, newCodec(t))
	return c.(*codec)
}

func newCodec(t reflect.Type) *codec {
	info := infoOf(t)
	c := &codec{
		t: t, kind: t.Kind(),
		number:    t == numberType,
		marshaler: info.marshaler, addrMarshaler: info.addrMarshaler,
		text: info.text, addrText: info.addrText,
		zeroer: info.zeroer, addrZeroer: info.addrZeroer,
	}
	switch c.kind {
	case reflect.Pointer, reflect.Array:
		c.elemType = t.Elem()
	case reflect.Slice:
		c.elemType = t.Elem()
		if t.Elem().Kind() == reflect.Uint8 {
			pe := reflect.PointerTo(t.Elem())
			c.badBytes = pe.Implements(marshalerType) || pe.Implements(textMarshalerType)
			c.bytes = true
		}
	case reflect.Map:
		c.elemType = t.Elem()
		k := t.Key()
		c.badKey = k.Kind() != reflect.String || k.Implements(textMarshalerType) || reflect.PointerTo(k).Implements(textMarshalerType)
	case reflect.Struct:
		c.fields, c.badStruct = structFields(t)
	}
	return c
}

// structFields lists a struct's JSON fields (as valueTree's plan has
// them) in MarshalTree's key order. It reports bad when valueTree
// declines the struct, or when keyLess does not order the names totally,
// so that the order of the fields present could differ from their order
// among all.
func structFields(t reflect.Type) (fields []fieldCodec, bad bool) {
	plan, ok := planOf(t)
	if !ok {
		return nil, true
	}
	names := make([]string, len(plan))
	byName := make(map[string]int, len(plan))
	for i, f := range plan {
		names[i] = f.name
		byName[f.name] = i
	}
	slices.Sort(names)
	slices.SortStableFunc(names, func(a, b string) int {
		switch {
		case keyLess(a, b):
			return -1
		case keyLess(b, a):
			return 1
		}
		return 0
	})
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			if !keyLess(names[i], names[j]) || keyLess(names[j], names[i]) {
				return nil, true
			}
		}
	}
	fields = make([]fieldCodec, len(names))
	for i, name := range names {
		pf := plan[byName[name]]
		f := &fields[i]
		f.name, f.index, f.omitEmpty, f.omitZero = name, pf.index, pf.omitEmpty, pf.omitZero
		f.typ = t.FieldByIndex(pf.index).Type
		key, ok := appendWord(nil, name, false)
		if !ok {
			key, ok = appendScalar(nil, name, 0, 0, false)
		}
		f.badKey = !ok || len(name) > 120
		f.key = append(key, ':')
	}
	return fields, false
}
