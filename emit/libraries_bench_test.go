package emit_test

import (
	"reflect"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/eksport/eksport/emit"
)

// BenchmarkLibraries times each hand-written part of the emitter beside
// the library it stands for, on the objects of 1,000 generated inputs
// (one op is every object): the value tree (reflection walk, the
// apimachinery unstructured converter, encoding/json's round trip, and
// that round trip with the hand-written decoder), and the YAML encoders
// (the direct writer, the tree fast path, go.yaml.in/yaml/v2 on the tree).
//
// The unstructured converter is as fast as the reflection walk, but it is
// not a stand-in: it writes a json.Number held in a map (a manifest's
// decimal number) as a string, where encoding/json writes a number
// (TestMarshalDirectRandom finds it at once), so the walk stays.
func BenchmarkLibraries(b *testing.B) {
	objs := genObjects(b, 1000, 1)
	trees := make([]map[string]any, len(objs))
	for i, o := range objs {
		var err error
		if trees[i], err = emit.Tree(o); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("tree/reflect", func(b *testing.B) {
		for b.Loop() {
			for _, o := range objs {
				if _, ok := emit.ValueTree(o); !ok {
					b.Fatal("declined")
				}
			}
		}
	})
	b.Run("tree/unstructured", func(b *testing.B) {
		for b.Loop() {
			for _, o := range objs {
				v := o.Value
				if reflect.TypeOf(v).Kind() != reflect.Pointer {
					p := reflect.New(reflect.TypeOf(v))
					p.Elem().Set(reflect.ValueOf(v))
					v = p.Interface()
				}
				if _, err := runtime.DefaultUnstructuredConverter.ToUnstructured(v); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("tree/encoding-json", func(b *testing.B) {
		for b.Loop() {
			for _, o := range objs {
				if _, err := emit.JSONRoundTrip(o); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("tree/json-jsontree", func(b *testing.B) {
		for b.Loop() {
			for _, o := range objs {
				if _, err := emit.JSONTree(o); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("yaml/direct", func(b *testing.B) {
		for b.Loop() {
			for _, o := range objs {
				if _, _, err := emit.MarshalObject(o); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("yaml/fast", func(b *testing.B) {
		fell := 0
		for b.Loop() {
			fell = 0
			for _, t := range trees {
				if _, ok := emit.YAMLFast(t); !ok {
					fell++
				}
			}
		}
		b.ReportMetric(float64(fell), "declined")
	})
	b.Run("yaml/library", func(b *testing.B) {
		for b.Loop() {
			for _, t := range trees {
				if _, err := emit.YAMLLibrary(t); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
