package eksport_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ecs"
)

// TestStreamIsTranslate holds translate.Stream, which the command line
// uses to write a folder, to Translate on every golden case and format:
// the same files with the same bytes (Stream's come in no particular
// order) and the same diagnostics, and no file at all when the run has an
// error.
func TestStreamIsTranslate(t *testing.T) {
	cases := golden.AllCases(t)
	if len(cases) < 100 {
		t.Fatalf("only %d golden cases found", len(cases))
	}
	streamed := 0
	for _, c := range cases {
		for _, format := range translate.Formats {
			opts := c.Options
			opts.Format = format
			opts.NoReport = false
			var cfgDiags diag.List
			if c.Config != nil {
				opts.Config, cfgDiags = config.Parse("eksport.yaml", c.Config)
				if cfgDiags.HasErrors() {
					continue
				}
			}
			in := translate.Input{Files: c.Inputs, Environments: c.Environments}
			res, err := translate.Translate(context.Background(), in, opts)
			if err != nil {
				t.Fatalf("%s: translate: %v", c.Name, err)
			}
			var mu sync.Mutex
			var got []emit.File
			diags, err := translate.Stream(context.Background(), in, opts, func(f emit.File) error {
				mu.Lock()
				defer mu.Unlock()
				data, err := f.Content()
				got = append(got, emit.File{Path: f.Path, Data: bytes.Clone(data)})
				return err
			})
			if err != nil {
				t.Fatalf("%s: stream: %v", c.Name, err)
			}
			if want, have := text(res.Diagnostics), text(diags); want != have {
				t.Errorf("%s, %s: diagnostics differ:\n%s", c.Name, format, golden.Diff("translate", []byte(want), "stream", []byte(have)))
				continue
			}
			var want []emit.File
			if res.Files != nil {
				want = res.Files.Files
			} else if diags.HasErrors() {
				// A failed run's files are thrown away; it made none
				// here only if the error came before any object.
				continue
			}
			if len(in.Environments) == 0 && (format == translate.Raw || format == translate.Kustomize) {
				streamed++
			}
			slices.SortFunc(got, func(a, b emit.File) int { return strings.Compare(a.Path, b.Path) })
			want = slices.Clone(want)
			slices.SortFunc(want, func(a, b emit.File) int { return strings.Compare(a.Path, b.Path) })
			if w, g := files(want), files(got); w != g {
				t.Errorf("%s, %s: files differ:\n%s", c.Name, format, golden.Diff("translate", []byte(w), "stream", []byte(g)))
			}
			// Without its Info diagnostics (as the command line runs
			// unless -v or JSON), a run writes the same files, the
			// checklist's counts included, and the other diagnostics.
			quiet := opts
			quiet.DropInfo = true
			var qgot []emit.File
			qdiags, err := translate.Stream(context.Background(), in, quiet, func(f emit.File) error {
				mu.Lock()
				defer mu.Unlock()
				data, err := f.Content()
				qgot = append(qgot, emit.File{Path: f.Path, Data: bytes.Clone(data)})
				return err
			})
			if err != nil {
				t.Fatalf("%s: stream without infos: %v", c.Name, err)
			}
			qres, err := translate.Translate(context.Background(), in, quiet)
			if err != nil {
				t.Fatalf("%s: translate without infos: %v", c.Name, err)
			}
			noInfo := text(slices.DeleteFunc(slices.Clone(res.Diagnostics), func(d diag.Diagnostic) bool { return d.Severity == diag.Info }))
			for name, l := range map[string]diag.List{"stream": qdiags, "translate": qres.Diagnostics} {
				for _, d := range l {
					if d.Severity == diag.Info {
						t.Errorf("%s, %s: %s without infos kept %s", c.Name, format, name, d)
					}
				}
				if have := text(l); have != noInfo {
					t.Errorf("%s, %s: %s without infos: diagnostics differ:\n%s", c.Name, format, name, golden.Diff("all", []byte(noInfo), "without infos", []byte(have)))
				}
			}
			slices.SortFunc(qgot, func(a, b emit.File) int { return strings.Compare(a.Path, b.Path) })
			if w, g := files(want), files(qgot); w != g {
				t.Errorf("%s, %s: files differ without infos:\n%s", c.Name, format, golden.Diff("with", []byte(w), "without", []byte(g)))
			}
			qwant := slices.Clone(qres.Files.Files)
			slices.SortFunc(qwant, func(a, b emit.File) int { return strings.Compare(a.Path, b.Path) })
			if w, g := files(want), files(qwant); w != g {
				t.Errorf("%s, %s: Translate's files differ without infos:\n%s", c.Name, format, golden.Diff("with", []byte(w), "without", []byte(g)))
			}
		}
	}
	if streamed < 200 {
		t.Errorf("only %d runs streamed one workload at a time (raw and Kustomize without environments)", streamed)
	}
	// Every stage of every format has now run on every case: none may
	// have changed a resource list that workloads share.
	if err := ecs.ResourceListsIntact(); err != nil {
		t.Error(err)
	}
}

func text(l diag.List) string {
	var b strings.Builder
	diag.Print(&b, diag.Text, l, true)
	return b.String()
}

func files(fs []emit.File) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("== " + f.Path + "\n")
		b.Write(f.Data)
	}
	return b.String()
}
