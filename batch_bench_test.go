package eksport_test

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/emit/helm"
	"github.com/eksport/eksport/emit/kustomize"
	"github.com/eksport/eksport/emit/lower"
	"github.com/eksport/eksport/emit/raw"
	"github.com/eksport/eksport/internal/gen"
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/rules/registry"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ecs"
	"github.com/eksport/eksport/translate/ir"
	"github.com/eksport/eksport/translate/source"
)

func batch(n int) []eksport.File {
	var files []eksport.File
	for _, f := range gen.Inputs(n, 1) {
		files = append(files, eksport.File{Name: f.Name, Data: f.Data})
	}
	return files
}

// BenchmarkBatch converts generated batches through the library, as the
// command line does, and reports inputs (task definitions) per second and
// the peak live heap. cmd: go run ./internal/bench compares the command
// line with the floor.
func BenchmarkBatch(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			in := eksport.Input{Files: batch(n)}
			runtime.GC()
			peak := watchHeap()
			b.ResetTimer()
			for b.Loop() {
				res, err := eksport.Translate(context.Background(), in, eksport.Options{})
				if err != nil || res.Files == nil {
					b.Fatal(err, res.Diagnostics.Count(diag.Error))
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "inputs/s")
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
		})
		// Stream, as eksport convert -o runs it, with the files thrown
		// away as they come (the command line writes them).
		b.Run(fmt.Sprint("stream-", n), func(b *testing.B) {
			in := eksport.Input{Files: batch(n)}
			runtime.GC()
			peak := watchHeap()
			b.ResetTimer()
			for b.Loop() {
				diags, err := eksport.Stream(context.Background(), in, eksport.Options{}, func(f emit.File) error {
					if f.Write != nil {
						return f.Write(io.Discard)
					}
					return nil
				})
				if err != nil || diags.HasErrors() {
					b.Fatal(err, diags.Count(diag.Error))
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "inputs/s")
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
		})
	}
}

// watchHeap samples the live heap until the returned function is called,
// which returns the largest sample.
func watchHeap() func() uint64 {
	var max atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > max.Load() {
				max.Store(v)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(stop); <-done; return max.Load() }
}

// BenchmarkStages times each stage on a batch of 1,000 generated inputs,
// so that a profile's hot spots can be put in proportion.
func BenchmarkStages(b *testing.B) {
	files := batch(1000)
	parse := func() [][]*source.Doc {
		var out [][]*source.Doc
		for _, f := range files {
			docs, d := source.Parse(f.Name, f.Data)
			if d.HasErrors() {
				b.Fatal(d)
			}
			out = append(out, docs)
		}
		return out
	}
	frontend := func(parsed [][]*source.Doc) *ir.Model {
		var diags diag.List
		set := &ecs.Set{}
		for _, docs := range parsed {
			for _, doc := range docs {
				set.Add(doc, &diags)
			}
		}
		return &ir.Model{Workloads: ecs.Build(set, config.Config{}, &diags)}
	}
	applyRules := func(m *ir.Model) {
		var diags diag.List
		if err := rules.Run(registry.Rules(), m, config.Config{}, &diags); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			parse()
		}
	})
	parsed := parse()
	b.Run("frontend", func(b *testing.B) {
		for b.Loop() {
			frontend(parsed)
		}
	})
	b.Run("rules", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			m := frontend(parse())
			b.StartTimer()
			applyRules(m)
		}
	})
	m := frontend(parsed)
	applyRules(m)
	b.Run("lower", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			m := frontend(parse())
			applyRules(m)
			b.StartTimer()
			lower.Lower(m, lower.Options{})
		}
	})
	objs := lower.Lower(m, lower.Options{})
	b.Run("emit-raw", func(b *testing.B) {
		for b.Loop() {
			if _, err := raw.Emit(objs); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("emit-kustomize", func(b *testing.B) {
		for b.Loop() {
			if _, err := kustomize.Emit([]emit.Env{{Objects: objs}}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("emit-helm", func(b *testing.B) {
		for b.Loop() {
			if _, err := helm.Emit([]emit.Env{{Objects: objs}}, helm.Options{Name: "bench"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, f := range eksport.Formats {
		b.Run("translate-"+string(f), func(b *testing.B) {
			for b.Loop() {
				res, err := eksport.Translate(context.Background(), eksport.Input{Files: files}, eksport.Options{Format: f})
				if err != nil || res.Files == nil {
					b.Fatal(err)
				}
			}
		})
	}
}
