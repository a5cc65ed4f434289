package report_test

import (
	"context"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/emit/report"
	"github.com/eksport/eksport/internal/gen"
)

// generated converts n generated inputs, without the report.
func generated(tb testing.TB, n int) *eksport.Result {
	tb.Helper()
	var in eksport.Input
	for _, f := range gen.Inputs(n, 1) {
		in.Files = append(in.Files, eksport.File{Name: f.Name, Data: f.Data})
	}
	res, err := eksport.Translate(context.Background(), in, eksport.Options{NoReport: true})
	if err != nil || res.Files == nil {
		tb.Fatal(err, res.Diagnostics)
	}
	return res
}

// BenchmarkReport makes the checklist of 1,000 generated inputs: as the
// report made it before the Collector (legacy: every rule over the whole
// list, add-ons matched on printed objects), from a Collector that holds
// the objects already (files: the report alone), from the list of objects,
// and from a Collector fed the objects one at a time, with and without the
// trees a run has at hand (building the trees is not counted: the emitter
// builds them anyway).
func BenchmarkReport(b *testing.B) { benchmarkReport(b, 1000) }

// BenchmarkReportLarge is BenchmarkReport on 10,000 inputs, whose
// checklist holds some 50,000 warnings, but for legacy.
func BenchmarkReportLarge(b *testing.B) { benchmarkReport(b, 10000) }

func benchmarkReport(b *testing.B, n int) {
	res := generated(b, n)
	if n <= 1000 {
		b.Run("legacy", func(b *testing.B) {
			for b.Loop() {
				if _, _, err := report.LegacyChecklist(report.Input{Objects: res.Objects, Diagnostics: res.Diagnostics}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// files is the report alone, from what a run collected along the
	// way: the part of a streamed run that follows the last object.
	collected := report.NewCollector()
	for _, o := range res.Objects {
		collected.Add(o, nil)
	}
	b.Run("files", func(b *testing.B) {
		for b.Loop() {
			if _, err := report.Files(report.Input{Collected: collected, Diagnostics: res.Diagnostics}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("objects", func(b *testing.B) {
		for b.Loop() {
			if _, err := report.Files(report.Input{Objects: res.Objects, Diagnostics: res.Diagnostics}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("collector", func(b *testing.B) {
		for b.Loop() {
			c := report.NewCollector()
			for _, o := range res.Objects {
				c.Add(o, nil)
			}
			if _, err := report.Files(report.Input{Collected: c, Diagnostics: res.Diagnostics}); err != nil {
				b.Fatal(err)
			}
		}
	})
	trees := make([]map[string]any, len(res.Objects))
	for i, o := range res.Objects {
		var err error
		if trees[i], err = emit.Tree(o); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("collector-trees", func(b *testing.B) {
		for b.Loop() {
			c := report.NewCollector()
			for i, o := range res.Objects {
				c.Add(o, trees[i])
			}
			if _, err := report.Files(report.Input{Collected: c, Diagnostics: res.Diagnostics}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkJSONWriter writes the checklist of 1,000 generated inputs as
// JSON with the report's writer (json.go) and with encoding/json, which
// tests hold it to.
func BenchmarkJSONWriter(b *testing.B) {
	res := generated(b, 1000)
	direct, library := report.ChecklistJSON(report.Input{Objects: res.Objects, Diagnostics: res.Diagnostics})
	b.Run("writer", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			direct()
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := library(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
