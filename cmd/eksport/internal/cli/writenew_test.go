package cli

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// writeNew and readFile stand in for os.OpenFile and os.ReadFile on the
// batch's paths: they must behave as those do.
func TestWriteNewReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.yaml")
	for _, data := range [][]byte{nil, []byte("x"), bytes.Repeat([]byte("0123456789"), 100_000)} {
		os.Remove(p)
		if err := writeNew(p, data); err != nil {
			t.Fatal(err)
		}
		got, err := readFile(p)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read %d bytes (%v), wrote %d", len(got), err, len(data))
		}
		if want, _ := os.ReadFile(p); !bytes.Equal(got, want) {
			t.Fatal("readFile and os.ReadFile differ")
		}
	}
	ref := filepath.Join(dir, "ref")
	if err := os.WriteFile(ref, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(p)
	want, _ := os.Stat(ref)
	if err != nil || info.Mode() != want.Mode() {
		t.Errorf("mode %v (%v), want %v as os.WriteFile makes it", info.Mode(), err, want.Mode())
	}
	err = writeNew(p, []byte("y"))
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("writing over a file: %v, want fs.ErrExist", err)
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Op != "open" || pe.Path != p {
		t.Errorf("writing over a file: %#v, want the *fs.PathError os.OpenFile gives", err)
	}
	if got, _ := readFile(p); len(got) != 1_000_000 {
		t.Errorf("a failed writeNew changed the file (%d bytes)", len(got))
	}
	if _, err := readFile(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Op != "open" {
		t.Errorf("reading a missing file: %v", err)
	}
	if err := writeNew(filepath.Join(dir, "missing", "a.yaml"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("writing in a missing folder: %v", err)
	}
	if _, err := readFile(dir); err == nil {
		t.Error("reading a folder: no error")
	}
	if runtime.GOOS == "linux" {
		// A file whose size the system does not know ahead.
		got, err := readFile("/proc/self/status")
		if err != nil || !bytes.Contains(got, []byte("Name:")) {
			t.Errorf("reading /proc/self/status: %q, %v", got, err)
		}
	}
}
