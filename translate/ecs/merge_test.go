package ecs

import (
	"reflect"
	"testing"
)

// TestMergeCoversEverySet: a list added to Set later must travel through
// Merge too, or concurrent decoding would drop it.
func TestMergeCoversEverySet(t *testing.T) {
	part := &Set{}
	v := reflect.ValueOf(part).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() != reflect.Slice {
			t.Fatalf("Set.%s is not a list; Merge does not know how to merge it", v.Type().Field(i).Name)
		}
		f.Set(reflect.MakeSlice(f.Type(), 1, 1))
	}
	s := &Set{}
	s.Merge(part)
	s.Merge(part)
	w := reflect.ValueOf(s).Elem()
	for i := range w.NumField() {
		if w.Field(i).Len() != 2 {
			t.Errorf("Set.%s: %d items after merging two parts of one", w.Type().Field(i).Name, w.Field(i).Len())
		}
	}
}
