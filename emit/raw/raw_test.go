package raw

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/eksport/eksport/emit"
)

// orderedRun hands n objects to r from several goroutines, in an order
// unlike their install order, and returns what Finish puts, with the
// install order (identities) and the contents expected.
func orderedRun(t *testing.T, r *Ordered, n int) (got []emit.File, want map[string]string) {
	t.Helper()
	objs := make([]emit.Object, n)
	want = map[string]string{}
	for i := range objs {
		objs[i] = emit.Object{APIVersion: "v1", Kind: "ConfigMap", Name: fmt.Sprintf("cm-%04d", i)}
		want[objs[i].Name] = emit.Header + strings.Repeat(fmt.Sprintf("line %d\n", i), 1+i%50)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := n - 1 - w; i >= 0; i -= 4 {
				if err := r.Object("", false, objs[i], []byte(want[objs[i].Name]), nil); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	err := r.Finish([]emit.Env{{Objects: objs}}, func(f emit.File) error {
		got = append(got, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, want
}

func checkOrdered(t *testing.T, got []emit.File, want map[string]string, n int) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("Finish put %d files, want %d", len(got), n)
	}
	for i, f := range got {
		name := fmt.Sprintf("cm-%04d", i)
		if f.Path != name+"-configmap.yaml" || len(f.Objects) != 1 || f.Objects[0].Name != name {
			t.Fatalf("file %d is %s (%v), want %s in install order", i, f.Path, f.Objects, name)
		}
		if string(f.Data) != want[name] {
			t.Fatalf("%s: content %q, want %q", f.Path, f.Data, want[name])
		}
	}
}

// TestOrderedSpills: the stream's files go to a spill file whose name is
// gone as soon as it is open (nothing is left in the folder, whatever
// ends the run), and come back in install order with their bytes.
func TestOrderedSpills(t *testing.T) {
	dir := t.TempDir()
	r := &Ordered{Dir: dir}
	defer r.Close()
	got, want := orderedRun(t, r, 500)
	if !r.store.InFile() {
		t.Fatal("the files were held in memory, not spilled")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the spill file is left in its folder: %v", entries)
	}
	checkOrdered(t, got, want, 500)
	if len(r.at) != 0 {
		t.Errorf("%d places are still kept after Finish", len(r.at))
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("a second Close: %v", err)
	}
	if err := r.Object("", false, emit.Object{Kind: "ConfigMap", Name: "late"}, []byte("x"), nil); err == nil {
		t.Error("Object after Close succeeded")
	}
}

// TestOrderedClosedUnfinished: a run that stops before Finish (an input
// with an error) closes the emitter, and the spill file goes with it.
func TestOrderedClosedUnfinished(t *testing.T) {
	r := &Ordered{Dir: t.TempDir()}
	if err := r.Object("", false, emit.Object{Kind: "ConfigMap", Name: "a"}, []byte("a\n"), nil); err != nil {
		t.Fatal(err)
	}
	if !r.store.InFile() {
		t.Fatal("the file was held in memory, not spilled")
	}
	h := r.at["\x00"+"ConfigMap/a"]
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Bytes(); err == nil {
		t.Error("the spill file can still be read after Close")
	}
}

// TestOrderedWithoutSpillFile: where no temporary file can be made, the
// files are held in memory and the stream is the same.
func TestOrderedWithoutSpillFile(t *testing.T) {
	r := &Ordered{Dir: filepath.Join(t.TempDir(), "missing")}
	defer r.Close()
	got, want := orderedRun(t, r, 200)
	if r.store.InFile() {
		t.Fatal("a spill file was made in a folder that does not exist")
	}
	checkOrdered(t, got, want, 200)
}

// TestOrderedEnvironments: equal identities in two environments are two
// files, each in its environment's folder.
func TestOrderedEnvironments(t *testing.T) {
	r := &Ordered{Dir: t.TempDir()}
	defer r.Close()
	o := emit.Object{APIVersion: "v1", Kind: "ConfigMap", Name: "same"}
	for _, env := range []string{"prod", "dev"} {
		if err := r.Object(env, false, o, []byte(env+"\n"), nil); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	err := r.Finish([]emit.Env{{Name: "dev", Objects: []emit.Object{o}}, {Name: "prod", Objects: []emit.Object{o}}}, func(f emit.File) error {
		fmt.Fprintf(&b, "%s: %s", f.Path, f.Data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "dev/same-configmap.yaml: dev\nprod/same-configmap.yaml: prod\n"; b.String() != want {
		t.Errorf("got\n%swant\n%s", b.String(), want)
	}
}
