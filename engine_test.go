package eksport_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/emit/kustomize"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ecs"
)

// TestDropInfoOnEveryCase: without its Info diagnostics (as the command
// line runs unless -v or JSON), a run of every golden case in every
// format writes the same files, the checklist's counts included, and the
// other diagnostics. (Translate and Stream are one engine, Stream writing
// where Translate collects: the goldens test the path the command line
// takes.)
func TestDropInfoOnEveryCase(t *testing.T) {
	cases := golden.AllCases(t)
	if len(cases) < 100 {
		t.Fatalf("only %d golden cases found", len(cases))
	}
	for _, c := range cases {
		for _, format := range eksport.Formats {
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
			in := eksport.Input{Files: c.Inputs, Environments: c.Environments}
			res, err := eksport.Translate(context.Background(), in, opts)
			if err != nil {
				t.Fatalf("%s: translate: %v", c.Name, err)
			}
			quiet := opts
			quiet.DropInfo = true
			qres, err := eksport.Translate(context.Background(), in, quiet)
			if err != nil {
				t.Fatalf("%s: translate without infos: %v", c.Name, err)
			}
			noInfo := text(slices.DeleteFunc(slices.Clone(res.Diagnostics), func(d diag.Diagnostic) bool { return d.Severity == diag.Info }))
			for _, d := range qres.Diagnostics {
				if d.Severity == diag.Info {
					t.Errorf("%s, %s: a run without infos kept %s", c.Name, format, d)
				}
			}
			if have := text(qres.Diagnostics); have != noInfo {
				t.Errorf("%s, %s: without infos, diagnostics differ:\n%s", c.Name, format, golden.Diff("all", []byte(noInfo), "without infos", []byte(have)))
			}
			if (res.Files == nil) != (qres.Files == nil) {
				t.Errorf("%s, %s: files with infos: %v, without: %v", c.Name, format, res.Files != nil, qres.Files != nil)
				continue
			}
			if res.Files == nil {
				continue
			}
			if w, g := files(res.Files.Files), files(qres.Files.Files); w != g {
				t.Errorf("%s, %s: files differ without infos:\n%s", c.Name, format, golden.Diff("with", []byte(w), "without", []byte(g)))
			}
		}
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

// TestOrderedIsTheStdoutStream: on every golden case, a run with
// Options.Ordered (standard output) writes through emit.StreamWriter the
// stream of the raw files in install order, the bytes the command line
// printed when it held the whole run (Translate, FileSet.Stream), and
// nothing when the run has an error. (Environments are written to
// folders only.)
func TestOrderedIsTheStdoutStream(t *testing.T) {
	for _, c := range golden.AllCases(t) {
		if len(c.Environments) > 0 {
			continue
		}
		opts := c.Options
		if c.Config != nil {
			var d diag.List
			if opts.Config, d = config.Parse("eksport.yaml", c.Config); d.HasErrors() {
				continue
			}
		}
		in := eksport.Input{Files: c.Inputs, Environments: c.Environments}
		res, err := eksport.Translate(context.Background(), in, opts)
		if err != nil {
			t.Fatal(err)
		}
		opts.Ordered, opts.NoReport = true, true
		var b strings.Builder
		sw := emit.NewStreamWriter(&b)
		diags, err := eksport.Stream(context.Background(), in, opts, sw.Add)
		if err != nil {
			t.Fatal(err)
		}
		if text(diags) != text(res.Diagnostics) {
			t.Errorf("%s: the diagnostics differ", c.Name)
		}
		want := emit.Header
		if res.Files != nil {
			want = string(res.Files.Stream())
		}
		if b.String() != want {
			t.Errorf("%s: the ordered stream differs:\n%s", c.Name, golden.Diff("translate", []byte(want), "ordered", []byte(b.String())))
		}
	}
}

// TestOneEnvironmentStreams: Kustomize with one environment writes each
// object as it comes, and the kustomizations at the end; on every golden
// case without environments, run as one environment, the files are those
// the emitter that holds every object (kustomize.Emit) writes.
func TestOneEnvironmentStreams(t *testing.T) {
	compared := 0
	for _, c := range golden.AllCases(t) {
		if len(c.Environments) > 0 {
			continue
		}
		opts := c.Options
		opts.Format, opts.NoReport = eksport.Kustomize, true
		if c.Config != nil {
			var d diag.List
			if opts.Config, d = config.Parse("eksport.yaml", c.Config); d.HasErrors() {
				continue
			}
		}
		in := eksport.Input{Environments: []eksport.Environment{{Name: "solo", Files: c.Inputs}}}
		res, err := eksport.Translate(context.Background(), in, opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.Files == nil {
			continue
		}
		held, err := kustomize.Emit(res.Environments)
		if err != nil {
			t.Fatal(err)
		}
		got := slices.Clone(res.Files.Files)
		want := slices.Clone(held.Files)
		for _, l := range [][]emit.File{got, want} {
			slices.SortFunc(l, func(a, b emit.File) int { return strings.Compare(a.Path, b.Path) })
		}
		if w, g := files(want), files(got); w != g {
			t.Errorf("%s: the streamed environment differs:\n%s", c.Name, golden.Diff("held", []byte(w), "streamed", []byte(g)))
		}
		compared++
	}
	if compared < 100 {
		t.Errorf("only %d cases compared", compared)
	}
}
