package udiff

import (
	"os"
	"os/exec"
	"path/filepath"
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

// TestPatchApplies feeds the diffs to patch(1), when it is installed, to
// check that the hunk headers are what tools expect.
func TestPatchApplies(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("patch(1) not installed")
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
