package eksport_test

import (
	"context"
	"os"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/emit/raw"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ecs"
	"github.com/eksport/eksport/translate/source"
)

// realistic is the example application's API task definition: three
// containers with dependencies, probes, ports, tmpfs, labels and logging.
func realistic(b *testing.B) eksport.File {
	data, err := os.ReadFile("golden/webapp/input/orders-api.json")
	if err != nil {
		b.Fatal(err)
	}
	return eksport.File{Name: "orders-api.json", Data: data}
}

func BenchmarkParse(b *testing.B) {
	f := realistic(b)
	b.SetBytes(int64(len(f.Data)))
	for b.Loop() {
		if _, d := source.Parse(f.Name, f.Data); d.HasErrors() {
			b.Fatal(d)
		}
	}
}

func BenchmarkDecodeAndTranslate(b *testing.B) {
	f := realistic(b)
	docs, _ := source.Parse(f.Name, f.Data)
	b.SetBytes(int64(len(f.Data)))
	for b.Loop() {
		var diags diag.List
		in, ok := ecs.Read(docs[0], ecs.RegisterInput, &diags)
		if !ok || ecs.Translate(in, &diags) == nil {
			b.Fatal(diags)
		}
	}
}

func BenchmarkEmitRaw(b *testing.B) {
	f := realistic(b)
	res, err := eksport.Translate(context.Background(), eksport.Input{Files: []eksport.File{f}}, eksport.Options{})
	if err != nil || res.Files == nil {
		b.Fatal(err, res.Diagnostics)
	}
	for b.Loop() {
		if _, err := raw.Emit(res.Objects); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTranslate(b *testing.B) {
	in := eksport.Input{Files: []eksport.File{realistic(b)}}
	b.SetBytes(int64(len(in.Files[0].Data)))
	for b.Loop() {
		res, err := eksport.Translate(context.Background(), in, eksport.Options{})
		if err != nil || res.Files == nil {
			b.Fatal(err)
		}
	}
}
