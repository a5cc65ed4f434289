package emit

import (
	"reflect"
	"unicode/utf8"
)

// Shape is what a Cursor points at in an object's tree.
type Shape uint8

const (
	// Missing: the tree has nothing there (an absent field, an empty
	// field the tag omits, a null, which Tree drops; a null in a list,
	// or under a CustomResourceDefinition's subresources, which Clean
	// keeps, is Missing too).
	Missing Shape = iota
	// Unknown: the walk cannot tell what the tree holds there without
	// making it (a value that marshals itself holding the path's rest,
	// a map whose keys are not strings, a struct valueTree declines).
	Unknown
	Mapping
	List
	Scalar
)

// Cursor points into the tree that Tree makes of an object, by walking
// the object's value with reflection as valueTree does, key by key and
// index by index, without making the tree: an emitter that needs a few
// fields of every object (Kustomize's images and replica counts) reads
// them so, and makes the tree only where a Cursor says Unknown. The
// zero Cursor is Missing.
type Cursor struct {
	v     reflect.Value // settled: neither a pointer nor an interface
	shape Shape
	root  bool // Tree drops the root's status
	// scalar is what a value that marshals itself wrote, when that is
	// a scalar (a quantity, a time, an int-or-string).
	scalar any
}

// At is the Cursor at the root of o's tree.
func At(o Object) Cursor {
	c := settle(reflect.ValueOf(o.Value), 0)
	c.root = true
	return c
}

// maxCursorDepth bounds a walk as valueTree's depth does.
const maxCursorDepth = 500

// settle follows pointers and interfaces to the value they hold, and
// says its shape.
func settle(v reflect.Value, depth int) Cursor {
	for ; depth < maxCursorDepth; depth++ {
		if !v.IsValid() {
			return Cursor{}
		}
		t := v.Type()
		info := infoOf(t)
		switch {
		case t == numberType:
			return Cursor{v: v, shape: Scalar}
		case info.marshaler, info.addrMarshaler && v.CanAddr(), info.text, info.addrText && v.CanAddr():
			if (t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface) && v.IsNil() {
				return Cursor{}
			}
			// What it writes is known once it has written it: a
			// scalar is read as valueTree reads it, anything else is
			// left to the tree.
			w := treeWalker{useNumber: true}
			x, ok := w.value(v)
			switch x.(type) {
			case map[string]any, []any:
				ok = false
			case nil:
				if ok {
					return Cursor{}
				}
			}
			if !ok {
				return Cursor{v: v, shape: Unknown}
			}
			return Cursor{v: v, shape: Scalar, scalar: x}
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Interface:
			if v.IsNil() {
				return Cursor{}
			}
			v = v.Elem()
			continue
		case reflect.Struct:
			return Cursor{v: v, shape: Mapping}
		case reflect.Map:
			if v.IsNil() {
				return Cursor{}
			}
			if t.Key().Kind() != reflect.String || t.Key().Implements(textMarshalerType) || reflect.PointerTo(t.Key()).Implements(textMarshalerType) {
				return Cursor{v: v, shape: Unknown}
			}
			for it := v.MapRange(); it.Next(); {
				if !utf8.ValidString(it.Key().String()) {
					// encoding/json writes the key otherwise.
					return Cursor{v: v, shape: Unknown}
				}
			}
			return Cursor{v: v, shape: Mapping}
		case reflect.Slice:
			if v.IsNil() {
				return Cursor{}
			}
			if t.Elem().Kind() == reflect.Uint8 {
				if pe := reflect.PointerTo(t.Elem()); pe.Implements(marshalerType) || pe.Implements(textMarshalerType) {
					// encoding/json writes a list of what each byte
					// writes: valueTree leaves it to encoding/json.
					return Cursor{v: v, shape: Unknown}
				}
				return Cursor{v: v, shape: Scalar} // base64 text
			}
			return Cursor{v: v, shape: List}
		case reflect.Array:
			return Cursor{v: v, shape: List}
		}
		return Cursor{v: v, shape: Scalar}
	}
	return Cursor{shape: Unknown}
}

// Shape says what the Cursor points at.
func (c Cursor) Shape() Shape { return c.shape }

// Key moves to the mapping's entry key: Missing where the mapping has
// none, or where the Cursor is at something else than a mapping (as a
// tree's lookup finds nothing), Unknown where it is Unknown. (A mapping
// that Tree drops as empty, such as an empty metadata, is still a
// Mapping here; below it everything is Missing either way.)
func (c Cursor) Key(key string) Cursor {
	if c.root && key == "status" && c.shape != Unknown {
		return Cursor{}
	}
	switch c.shape {
	case Unknown:
		return c
	case Mapping:
	default:
		return Cursor{}
	}
	if c.v.Kind() == reflect.Map {
		e := c.v.MapIndex(reflect.ValueOf(key).Convert(c.v.Type().Key()))
		return settle(e, 0)
	}
	plan, ok := planOf(c.v.Type())
	if !ok {
		return Cursor{shape: Unknown}
	}
Fields:
	for _, f := range plan {
		if f.name != key {
			continue
		}
		fv := c.v
		for i, x := range f.index {
			if i > 0 && fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					continue Fields // an embedded nil pointer: absent
				}
				fv = fv.Elem()
			}
			fv = fv.Field(x)
		}
		if f.omitEmpty && isEmptyValue(fv) || f.omitZero && isZero(fv) {
			return Cursor{}
		}
		return settle(fv, 0)
	}
	return Cursor{}
}

// Len is how many elements the list has (0 when the Cursor is not at a
// list).
func (c Cursor) Len() int {
	if c.shape != List {
		return 0
	}
	return c.v.Len()
}

// Index moves to the list's i-th element (Missing out of range or where
// the Cursor is not at a list).
func (c Cursor) Index(i int) Cursor {
	switch c.shape {
	case Unknown:
		return c
	case List:
	default:
		return Cursor{}
	}
	if i < 0 || i >= c.v.Len() {
		return Cursor{}
	}
	return settle(c.v.Index(i), 0)
}

// Scalar is the value the tree holds where the Cursor is at a scalar:
// a string, a bool, or a number as json.Number (Tree's numbers); false
// where it is not at a scalar, or where valueTree would not take the
// value (a string that is not UTF-8, which encoding/json changes).
func (c Cursor) Scalar() (any, bool) {
	if c.shape != Scalar {
		return nil, false
	}
	if c.scalar != nil {
		return c.scalar, true
	}
	w := treeWalker{useNumber: true}
	v, ok := w.value(c.v)
	if !ok || v == nil {
		return nil, false
	}
	switch v.(type) {
	case map[string]any, []any:
		return nil, false
	}
	return v, true
}
