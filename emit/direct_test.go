package emit_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/internal/gen"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
)

// checkDirect holds the direct encoder to MarshalTree(Tree(o)), byte for
// byte, and MarshalObject to both; it reports whether the encoder left the
// object to the tree.
func checkDirect(t *testing.T, o emit.Object) (fellBack bool) {
	t.Helper()
	var want []byte
	tree, err := emit.Tree(o)
	if err == nil {
		want, err = emit.MarshalTree(tree)
	}
	got, ok := emit.MarshalDirect(o)
	body, _, oerr := emit.MarshalObject(o)
	switch {
	case (err == nil) != (oerr == nil):
		t.Fatalf("%s: MarshalObject fails with %v, the tree path with %v", o.ID(), oerr, err)
	case err == nil && !bytes.Equal(body, want):
		t.Fatalf("%s: MarshalObject differs from the tree path:\n%s", o.ID(), golden.Diff("tree", want, "MarshalObject", body))
	}
	if file, _, ferr := emit.MarshalObjectFile(o); (ferr == nil) != (oerr == nil) || (ferr == nil && string(file) != emit.Header+string(body)) {
		t.Fatalf("%s: MarshalObjectFile is not the header and MarshalObject (%v):\n%s", o.ID(), ferr, file)
	}
	if !ok {
		return true
	}
	if err != nil {
		t.Fatalf("%s: the direct encoder writes an object the tree path fails on (%v):\n%s", o.ID(), err, got)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: the direct encoder differs from the tree path:\n%s", o.ID(), golden.Diff("tree", want, "direct", got))
	}
	return false
}

// TestDirectGolden compares the direct encoder with the tree path on every
// object of every golden case.
func TestDirectGolden(t *testing.T) {
	cases := golden.AllCases(t)
	if len(cases) < 100 {
		t.Fatalf("only %d golden cases found", len(cases))
	}
	objects, fell := 0, 0
	for _, c := range cases {
		opts := c.Options
		if c.Config != nil {
			var diags diag.List
			if opts.Config, diags = config.Parse("eksport.yaml", c.Config); diags.HasErrors() {
				continue
			}
		}
		res, err := eksport.Translate(context.Background(), eksport.Input{Files: c.Inputs, Environments: c.Environments}, opts)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		for _, o := range res.Objects {
			objects++
			if checkDirect(t, o) {
				fell++
				tree, _ := emit.Tree(o)
				t.Logf("%s: %s left to the tree (which MarshalTree writes with the fast encoder: %v)", c.Name, o.ID(), emit.WritesFast(tree))
			}
		}
	}
	t.Logf("%d objects of %d cases, %d left to the tree", objects, len(cases), fell)
	if objects < 300 || fell*100 > objects {
		t.Errorf("the direct encoder left %d of %d objects to the tree", fell, objects)
	}
}

// TestDirectGenerated compares the direct encoder with the tree path on a
// generated batch.
func TestDirectGenerated(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 200
	}
	objs := genObjects(t, n, 1)
	fell := 0
	for _, o := range objs {
		if checkDirect(t, o) {
			fell++
		}
	}
	t.Logf("%d objects, %d left to the tree", len(objs), fell)
	if fell != 0 {
		t.Errorf("the direct encoder left %d of %d generated objects to the tree", fell, len(objs))
	}
	// As eksport.Stream calls it: from several goroutines at once.
	want := make([][]byte, len(objs))
	for i, o := range objs {
		want[i], _, _ = emit.MarshalObject(o)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(objs); i += 4 {
				if got, _, _ := emit.MarshalObject(objs[i]); !bytes.Equal(got, want[i]) {
					t.Errorf("%s: a concurrent MarshalObject differs", objs[i].ID())
				}
			}
		})
	}
	wg.Wait()
}

func genObjects(tb testing.TB, n int, seed uint64) []emit.Object {
	tb.Helper()
	var files []eksport.File
	for _, f := range gen.Inputs(n, seed) {
		files = append(files, eksport.File{Name: f.Name, Data: f.Data})
	}
	res, err := eksport.Translate(context.Background(), eksport.Input{Files: files}, eksport.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	if res.Diagnostics.HasErrors() || len(res.Objects) == 0 {
		tb.Fatalf("the generated batch gives %d objects and errors", len(res.Objects))
	}
	return res.Objects
}

// BenchmarkMarshalObject runs MarshalObject over the objects of a
// generated batch of 1,000 inputs (one op is the whole batch), and, for
// comparison, the tree path it takes for what the direct encoder leaves.
func BenchmarkMarshalObject(b *testing.B) {
	objs := genObjects(b, 1000, 1)
	b.Run("MarshalObject", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, o := range objs {
				if _, _, err := emit.MarshalObject(o); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("tree", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, o := range objs {
				tree, err := emit.Tree(o)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := emit.MarshalTree(tree); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
