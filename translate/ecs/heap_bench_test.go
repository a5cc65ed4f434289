package ecs_test

import (
	"runtime"
	"testing"

	"github.com/eksport/eksport/internal/gen"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ecs"
	"github.com/eksport/eksport/translate/kube"
	"github.com/eksport/eksport/translate/source"
)

// decodedFile is what translate's parseAll keeps of a file until linking.
type decodedFile struct {
	docs  []*source.Doc
	parts []*ecs.Set
	diags diag.List
}

// decodeBatch parses and decodes files the way translate's parseAll does.
func decodeBatch(files []gen.File) []decodedFile {
	out := make([]decodedFile, len(files))
	for i, f := range files {
		docs, d := source.Parse(f.Name, f.Data)
		parts := make([]*ecs.Set, len(docs))
		for j, doc := range docs {
			if !kube.Detect(doc) {
				parts[j], _ = ecs.Decode(doc, &d)
				doc.Release()
			}
		}
		out[i] = decodedFile{docs: docs, parts: parts, diags: d}
	}
	return out
}

func heapAlloc() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkDecodedHeap parses and decodes 10,000 generated applications
// and reports the live heap the decoded batch keeps until linking: the
// inputs' bytes excluded (retained-MiB) and included (heap-MiB). In
// "seen-released", the task definitions' lists of fields seen are
// dropped too, as once their dispositions are reported.
func BenchmarkDecodedHeap(b *testing.B) {
	files := gen.Inputs(10000, 1)
	for _, release := range []bool{false, true} {
		name := "kept"
		if release {
			name = "seen-released"
		}
		b.Run(name, func(b *testing.B) {
			base := heapAlloc()
			var kept []decodedFile
			for b.Loop() {
				kept = nil
				kept = decodeBatch(files)
			}
			b.StopTimer()
			if release {
				for _, f := range kept {
					for _, p := range f.parts {
						for _, in := range p.TaskDefs {
							in.Dec.Seen = nil
						}
					}
				}
			}
			heap := heapAlloc()
			b.ReportMetric(float64(heap)/(1<<20), "heap-MiB")
			b.ReportMetric(float64(heap-base)/(1<<20), "retained-MiB")
			b.ReportMetric(float64(heap-base)/float64(len(files)), "retained-B/file")
			runtime.KeepAlive(kept)
		})
	}
	runtime.KeepAlive(files)
}
