package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eksport/eksport/emit"
)

// tree lists a folder as "path: content" lines, with each file's
// modification time, so that a test sees any write.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		info, _ := d.Info()
		if d.IsDir() {
			out = append(out, rel+"/")
			return nil
		}
		data, _ := os.ReadFile(p)
		out = append(out, rel+": "+string(data)+" @"+info.ModTime().String())
		return nil
	})
	return out
}

func generated(body string) []byte { return []byte(emit.Header + body) }

// readRel is the content of a file under dir, or the error in brackets.
func readRel(dir, rel string) string {
	data, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(data)
}

func TestStagerAbortLeavesFolderAsItWas(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	os.MkdirAll(filepath.Join(out, "old"), 0o755)
	os.WriteFile(filepath.Join(out, "keep.yaml"), generated("a: 1\n"), 0o644)
	os.WriteFile(filepath.Join(out, "old", "stale.yaml"), generated("b: 1\n"), 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(out, "keep.yaml"), old, old)
	before := tree(t, dir)

	st, err := newStager(out, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []emit.File{
		{Path: "keep.yaml", Data: generated("a: 2\n")},        // replaced: staged
		{Path: "new/deep/x.yaml", Data: generated("c: 1\n")},  // new: in place, in new folders
		{Path: "iam/role.json", Data: []byte("{}\n")},         // without header: in the manifest
		{Path: "new/deep/x.yaml", Data: generated("other\n")}, // twice
	} {
		if err := st.put(f); err != nil {
			t.Fatal(err)
		}
	}
	if got := tree(t, dir); slices.Equal(got, before) {
		t.Fatal("nothing was written before abort; the test would prove nothing")
	}
	st.abort()
	if got := tree(t, dir); !slices.Equal(got, before) {
		t.Errorf("after abort the folder changed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(before, "\n"))
	}
}

func TestStagerCommit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	os.MkdirAll(filepath.Join(out, "old"), 0o755)
	os.WriteFile(filepath.Join(out, "same.yaml"), generated("s: 1\n"), 0o644)
	os.WriteFile(filepath.Join(out, "change.yaml"), generated("c: 1\n"), 0o644)
	os.WriteFile(filepath.Join(out, "old", "stale.yaml"), generated("x: 1\n"), 0o644)
	os.WriteFile(filepath.Join(out, "mine.txt"), []byte("hand-written\n"), 0o644)
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	os.Chtimes(filepath.Join(out, "same.yaml"), old, old)

	st, err := newStager(out, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []emit.File{
		{Path: "same.yaml", Data: generated("s: 1\n")},
		{Path: "change.yaml", Data: generated("c: 2\n")},
		{Path: "new.yaml", Data: generated("n: 1\n")},
		{Path: "iam/role.json", Data: []byte("{}\n")},
	} {
		if err := st.put(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.commit(); err != nil {
		t.Fatal(err)
	}
	read := func(rel string) string { return readRel(out, rel) }
	if got := read("change.yaml"); got != string(generated("c: 2\n")) {
		t.Errorf("change.yaml = %q", got)
	}
	if got := read("new.yaml"); got != string(generated("n: 1\n")) {
		t.Errorf("new.yaml = %q", got)
	}
	if info, err := os.Stat(filepath.Join(out, "same.yaml")); err != nil || !info.ModTime().Equal(old) {
		t.Errorf("same.yaml was rewritten (%v, %v)", info.ModTime(), err)
	}
	if _, err := os.Stat(filepath.Join(out, "old")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the stale file's folder is still there: %v", err)
	}
	if got := read("mine.txt"); got != "hand-written\n" {
		t.Errorf("mine.txt = %q", got)
	}
	if m := readManifest([]byte(read(manifestName))); m["iam/role.json"] != digest([]byte("{}\n")) {
		t.Errorf("manifest = %v", m)
	}
	leftovers, _ := filepath.Glob(filepath.Join(out, ".eksport-[0-9]*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestStagerBlocked(t *testing.T) {
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "web.yaml"), []byte("kind: hand-written\n"), 0o644)
	before := tree(t, out)
	st, err := newStager(out, false)
	if err != nil {
		t.Fatal(err)
	}
	st.put(emit.File{Path: "web.yaml", Data: generated("kind: Deployment\n")})
	st.put(emit.File{Path: "a/new.yaml", Data: generated("n: 1\n")})
	err = st.commit()
	if !errors.Is(err, errBlocked) || !strings.Contains(err.Error(), "web.yaml") {
		t.Fatalf("commit = %v, want the hand-written web.yaml named", err)
	}
	if got := tree(t, out); !slices.Equal(got, before) {
		t.Errorf("a blocked run changed the folder:\n%s", strings.Join(got, "\n"))
	}
}

// writing is a file that writes itself, in pieces, as a batch's checklist
// does.
func writing(path string, data []byte) emit.File {
	return emit.File{Path: path, Write: func(w io.Writer) error {
		for rest := data; len(rest) > 0; {
			n := min(3, len(rest))
			if _, err := w.Write(rest[:n]); err != nil {
				return err
			}
			rest = rest[n:]
		}
		return nil
	}}
}

// Files that write themselves are staged as files with Data are: a new
// one appears at commit, an unchanged one is not touched, a changed
// generated one is replaced, a headerless one goes in the manifest, a
// hand-written one stops the run, and abort leaves the folder as it was.
func TestStagerWritingFiles(t *testing.T) {
	setup := func(t *testing.T) string {
		out := filepath.Join(t.TempDir(), "out")
		os.MkdirAll(out, 0o755)
		os.WriteFile(filepath.Join(out, "same.md"), generated("same\n"), 0o644)
		os.WriteFile(filepath.Join(out, "change.md"), generated("old\n"), 0o644)
		os.WriteFile(filepath.Join(out, "plain.json"), []byte("{\"old\": 1}\n"), 0o644)
		old := time.Now().Add(-time.Hour).Truncate(time.Second)
		os.Chtimes(filepath.Join(out, "same.md"), old, old)
		return out
	}
	files := []emit.File{
		writing("same.md", generated("same\n")),
		writing("change.md", generated("new, longer than before\n")),
		writing("sub/new.json", []byte("{\"a\": 1}\n")),
	}
	t.Run("commit", func(t *testing.T) {
		out := setup(t)
		sameInfo, _ := os.Stat(filepath.Join(out, "same.md"))
		st, err := newStager(out, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := st.put(f); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.commit(); err != nil {
			t.Fatal(err)
		}
		read := func(rel string) string { return readRel(out, rel) }
		if got := read("change.md"); got != string(generated("new, longer than before\n")) {
			t.Errorf("change.md = %q", got)
		}
		if got := read("sub/new.json"); got != "{\"a\": 1}\n" {
			t.Errorf("sub/new.json = %q", got)
		}
		if info, err := os.Stat(filepath.Join(out, "same.md")); err != nil || !info.ModTime().Equal(sameInfo.ModTime()) {
			t.Errorf("same.md was rewritten")
		}
		if m := readManifest([]byte(read(manifestName))); m["sub/new.json"] != digest([]byte("{\"a\": 1}\n")) {
			t.Errorf("manifest = %v", m)
		}
		if leftovers, _ := filepath.Glob(filepath.Join(out, "*", ".eksport-[0-9]*")); len(leftovers) > 0 {
			t.Errorf("temporary files left: %v", leftovers)
		}
		if leftovers, _ := filepath.Glob(filepath.Join(out, ".eksport-[0-9]*")); len(leftovers) > 0 {
			t.Errorf("temporary files left: %v", leftovers)
		}
	})
	t.Run("hand-written", func(t *testing.T) {
		out := setup(t)
		st, err := newStager(out, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.put(writing("plain.json", []byte("{\"new\": 2}\n"))); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(st.blocked, []string{"plain.json"}) {
			t.Errorf("blocked = %v, want plain.json", st.blocked)
		}
	})
	t.Run("abort", func(t *testing.T) {
		out := setup(t)
		before := tree(t, out)
		st, err := newStager(out, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := st.put(f); err != nil {
				t.Fatal(err)
			}
		}
		st.abort()
		if got := tree(t, out); !slices.Equal(got, before) {
			t.Errorf("after abort the folder changed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(before, "\n"))
		}
	})
	t.Run("write error", func(t *testing.T) {
		out := setup(t)
		before := tree(t, out)
		st, err := newStager(out, false)
		if err != nil {
			t.Fatal(err)
		}
		bad := emit.File{Path: "bad.md", Write: func(w io.Writer) error {
			w.Write(generated("half"))
			return errors.New("disk full")
		}}
		if err := st.put(bad); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("put = %v, want the write's error", err)
		}
		st.abort()
		if got := tree(t, out); !slices.Equal(got, before) {
			t.Errorf("after a failed write and abort the folder changed:\n%s", strings.Join(got, "\n"))
		}
	})
}

// TestStagerWriteBehind: files put while writers write behind are all on
// disk once drained and committed; a write that fails is returned by
// drain (and by the puts after it), and abort after drain leaves the
// folder as it was.
func TestStagerWriteBehind(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	st, err := newStager(out, false)
	if err != nil {
		t.Fatal(err)
	}
	st.writeBehind(2)
	var want []string
	for i := range 500 {
		rel := filepath.ToSlash(filepath.Join(string(rune('a'+i%7)), "f"+strings.Repeat("x", i%5)+string(rune('0'+i%10))+"-"+time.Duration(i).String()+".yaml"))
		data := generated("i: " + time.Duration(i).String() + "\n")
		if err := st.put(emit.File{Path: rel, Data: data}); err != nil {
			t.Fatal(err)
		}
		want = append(want, rel+": "+string(data))
	}
	if err := st.drain(); err != nil {
		t.Fatal(err)
	}
	if err := st.commit(); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		rel, data, _ := strings.Cut(w, ": ")
		if got := readRel(out, rel); got != data {
			t.Fatalf("%s = %q, want %q", rel, got, data)
		}
	}

	// A file where a folder must go: the writer's error stops the run.
	dir := t.TempDir()
	out = filepath.Join(dir, "out")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "block"), []byte("hand-written\n"), 0o644)
	before := tree(t, dir)
	if st, err = newStager(out, false); err != nil {
		t.Fatal(err)
	}
	st.writeBehind(2)
	var putErr error
	for i := range 200 {
		rel := "ok/" + time.Duration(i).String() + ".yaml"
		if i == 3 {
			rel = "block/x.yaml"
		}
		if err := st.put(emit.File{Path: rel, Data: generated("n: 1\n")}); err != nil {
			putErr = err
			break
		}
	}
	err = st.drain()
	if err == nil {
		t.Fatalf("drain = nil after a write under a file (put: %v)", putErr)
	}
	st.abort()
	if got := tree(t, dir); !slices.Equal(got, before) {
		t.Errorf("after abort the folder changed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(before, "\n"))
	}
}
