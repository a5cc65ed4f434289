package udiff

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
	b := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\n"
	want := `--- x
+++ y
@@ -1,5 +1,5 @@
 a
-b
+B
 c
 d
 e
@@ -8,3 +8,4 @@
 h
 i
 j
+k
`
	if got := Diff("x", []byte(a), "y", []byte(b)); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := Diff("x", []byte(a), "y", []byte(a)); got != "" {
		t.Errorf("equal texts: got %q", got)
	}
}

func TestAddRemove(t *testing.T) {
	if got, want := Diff("/dev/null", nil, "b", []byte("x\ny\n")), "--- /dev/null\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n"; got != want {
		t.Errorf("added file: got %q, want %q", got, want)
	}
	if got, want := Diff("a", []byte("x\n"), "/dev/null", nil), "--- a\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n"; got != want {
		t.Errorf("removed file: got %q, want %q", got, want)
	}
	if got, want := Diff("a", []byte("x"), "b", []byte("x\n")), "--- a\n+++ b\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n"; got != want {
		t.Errorf("newline at end: got %q, want %q", got, want)
	}
}

// TestPatchApplies feeds the diffs to patch(1) to
// check that the hunk headers are what tools expect.
func TestPatchApplies(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Fatalf("patch(1) is needed to check the hunk headers (Debian: apt-get install patch): %v", err)
	}
	pairs := [][2]string{
		{"a\nb\nc\n", "a\nc\nd\n"},
		{"", "new\nfile\n"},
		{"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n", "1\n2\nX\n4\n5\n6\n7\n8\n9\n10\n11\nY\n13\n14\n"},
		{"no newline", "no newline\n"},
		{"x\ny\n", "y\n"},
	}
	for i, p := range pairs {
		dir := t.TempDir()
		f := filepath.Join(dir, "f")
		os.WriteFile(f, []byte(p[0]), 0o644)
		d := Diff("f", []byte(p[0]), "f", []byte(p[1]))
		cmd := exec.Command(patch, "-s", "-p0", f)
		cmd.Dir = dir
		cmd.Stdin = strings.NewReader(d)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("pair %d: patch: %v\n%s\ndiff:\n%s", i, err, out, d)
			continue
		}
		got, _ := os.ReadFile(f)
		if string(got) != p[1] {
			t.Errorf("pair %d: patched to %q, want %q\ndiff:\n%s", i, got, p[1], d)
		}
	}
}

// TestLargeFilesBounded diffs two 200,000-line files that differ every
// tenth line: past MaxLines the answer is a summary, made in linear time
// and memory (a table of lines), never a quadratic table.
func TestLargeFilesBounded(t *testing.T) {
	var a, b strings.Builder
	for i := range 200000 {
		fmt.Fprintf(&a, "line %d\n", i)
		if i%10 == 0 {
			fmt.Fprintf(&b, "changed %d\n", i)
		} else {
			fmt.Fprintf(&b, "line %d\n", i)
		}
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	got := Diff("x", []byte(a.String()), "y", []byte(b.String()))
	runtime.ReadMemStats(&after)
	want := "--- x\n+++ y\n# changed: 20000 lines added, 20000 removed (200000 lines before, 200000 after; over 50000 lines, not shown)\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// The inputs are 2.6 MB each; a line table is a few times that. The
	// old longest-common-subsequence table would have been 320 GB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("diffing allocated %d MiB, want at most 64", alloc>>20)
	}
}

// TestBelowLimitIsLinear diffs files just under the limit that differ
// every tenth line: go-udiff's bounded search answers with real hunks
// that patch(1) applies.
func TestBelowLimitIsLinear(t *testing.T) {
	var a, b strings.Builder
	for i := range MaxLines {
		fmt.Fprintf(&a, "line %d\n", i)
		if i%10 == 0 {
			fmt.Fprintf(&b, "changed %d\n", i)
		} else {
			fmt.Fprintf(&b, "line %d\n", i)
		}
	}
	d := Diff("f", []byte(a.String()), "f", []byte(b.String()))
	if !strings.HasPrefix(d, "--- f\n+++ f\n@@ ") {
		t.Fatalf("want hunks, got %.200q", d)
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "f")
	if err := os.WriteFile(f, []byte(a.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("patch", "-s", "-p0", f)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(d)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	if got, _ := os.ReadFile(f); string(got) != b.String() {
		t.Error("patched file differs from the new text")
	}
}
