package report_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/emit/report"
)

// Checklist's self-writing files hold the bytes Files makes, on a
// checklist large enough (some 2 MB) that both forms are handed over in
// many pieces; a write error reaches the caller.
func TestChecklistWritesWhatFilesMakes(t *testing.T) {
	res := generated(t, 400)
	in := report.Input{Objects: res.Objects, Diagnostics: res.Diagnostics}
	files, err := report.Files(in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{}
	for _, f := range files {
		want[f.Path] = f.Data
	}
	var got []emit.File
	if err := report.Checklist(in, func(f emit.File) error { got = append(got, f); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("Checklist put %d files, want the two forms", len(got))
	}
	for _, f := range got {
		if f.Data != nil || f.Write == nil {
			t.Errorf("%s: not a self-writing file", f.Path)
			continue
		}
		w := &pieces{}
		if err := f.Write(w); err != nil {
			t.Fatal(err)
		}
		if w.n < 10 {
			t.Errorf("%s came in %d pieces: the test checks nothing about spilling", f.Path, w.n)
		}
		if !bytes.Equal(w.b.Bytes(), want[f.Path]) {
			t.Errorf("%s: streamed bytes (%d) differ from Files' (%d)", f.Path, w.b.Len(), len(want[f.Path]))
		}
		// Written twice, the same bytes.
		again, err := f.Content()
		if err != nil || !bytes.Equal(again, want[f.Path]) {
			t.Errorf("%s: a second write differs (%v)", f.Path, err)
		}
		if err := f.Write(failing{}); err == nil {
			t.Errorf("%s: a failed write was not reported", f.Path)
		}
	}
}

type pieces struct {
	b bytes.Buffer
	n int
}

func (p *pieces) Write(b []byte) (int, error) { p.n++; return p.b.Write(b) }

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("disk full") }

var _ io.Writer = failing{}
