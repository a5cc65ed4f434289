package eksport_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
)

// TestDeterminism runs every golden case (txtar archives anywhere in the
// module and the applications under golden/) in every output format
// (eksport.Formats, so a new emitter is covered the day it is listed)
// with its inputs in several orders (forward, reverse and three seeded
// shuffles, of the shared files, of each environment's files and of the
// environments) and with GOMAXPROCS 1 and 2, and requires identical bytes:
// every file's path and content, and every diagnostic.
func TestDeterminism(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	cases := golden.AllCases(t)
	if len(cases) < 100 {
		t.Fatalf("only %d golden cases found", len(cases))
	}
	formats := eksport.Formats
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(8, 8))
	runs := 0
	for _, c := range cases {
		orders := []golden.Case{c.Case, permute(c.Case, func(s []eksport.File) { slices.Reverse(s) })}
		for range 3 {
			orders = append(orders, permute(c.Case, func(s []eksport.File) {
				rng.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
			}))
		}
		for _, format := range formats {
			var want []byte
			for _, procs := range []int{1, 2} {
				runtime.GOMAXPROCS(procs)
				for i, order := range orders {
					got := snapshot(t, order, format)
					runs++
					if want == nil {
						want = got
						continue
					}
					if !bytes.Equal(want, got) {
						t.Errorf("%s, format %s: order %d with GOMAXPROCS=%d differs from the first run:\n%s",
							c.Name, format, i, procs, golden.Diff("first", want, "this", got))
					}
				}
			}
		}
	}
	t.Logf("%d cases, formats %v, %d runs", len(cases), formats, runs)
}

// permute returns c with its shared files, each environment's files and
// the environments themselves reordered by shuffle.
func permute(c golden.Case, shuffle func([]eksport.File)) golden.Case {
	c.Inputs = slices.Clone(c.Inputs)
	shuffle(c.Inputs)
	envs := make([]eksport.Environment, len(c.Environments))
	for i, e := range c.Environments {
		envs[i] = eksport.Environment{Name: e.Name, Files: slices.Clone(e.Files)}
		shuffle(envs[i].Files)
	}
	// Reorder the environments the way the files were: shuffle stand-in
	// files named by index and follow them.
	idx := make([]eksport.File, len(envs))
	for i := range idx {
		idx[i] = eksport.File{Data: []byte{byte(i)}}
	}
	shuffle(idx)
	c.Environments = nil
	for _, f := range idx {
		c.Environments = append(c.Environments, envs[f.Data[0]])
	}
	return c
}

// snapshot is everything a run produces, as one byte string: each file's
// path and bytes in FileSet order, then the diagnostics with notes.
func snapshot(t *testing.T, c golden.Case, format eksport.Format) []byte {
	t.Helper()
	opts := c.Options
	opts.Format = format
	opts.NoReport = false // the checklist and trust policies must be stable too
	var cfgDiags diag.List
	if c.Config != nil {
		opts.Config, cfgDiags = config.Parse("eksport.yaml", c.Config)
	}
	res, err := eksport.Translate(context.Background(), eksport.Input{Files: c.Inputs, Environments: c.Environments}, opts)
	if err != nil {
		t.Fatalf("translate: %v", err)
	}
	var b bytes.Buffer
	if res.Files != nil {
		for _, f := range res.Files.Files {
			b.WriteString("== " + f.Path + "\n")
			b.Write(f.Data)
		}
	}
	b.WriteString("== diagnostics\n")
	if err := diag.Print(&b, diag.Text, append(cfgDiags, res.Diagnostics...), true); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
