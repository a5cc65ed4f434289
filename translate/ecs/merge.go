package ecs

import (
	"reflect"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/source"
)

// Decode reads one document into a set of its own. Adding to a set only
// appends to its lists, so a run can decode its documents concurrently
// and Merge the parts in input order: the result is the set that Add,
// document after document, would have built.
func Decode(doc *source.Doc, diags *diag.List) (*Set, bool) {
	part := &Set{}
	ok := part.Add(doc, diags)
	return part, ok
}

// Merge appends every list of part to the set's.
func (s *Set) Merge(part *Set) {
	if part == nil {
		return
	}
	dst, src := reflect.ValueOf(s).Elem(), reflect.ValueOf(part).Elem()
	for i := range dst.NumField() {
		if f := dst.Field(i); f.Kind() == reflect.Slice && src.Field(i).Len() > 0 {
			f.Set(reflect.AppendSlice(f, src.Field(i)))
		}
	}
}
