package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sameAsFile compares what a self-writing file writes with a file on disk
// as it is written, whatever the pieces.
func TestSameAsFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	content := strings.Repeat("0123456789", 20000) // longer than one read
	os.WriteFile(file, []byte(content), 0o644)
	pieces := func(s string, n int) func(io.Writer) error {
		return func(w io.Writer) error {
			for len(s) > 0 {
				k := min(n, len(s))
				if _, err := io.WriteString(w, s[:k]); err != nil {
					return err
				}
				s = s[k:]
			}
			return nil
		}
	}
	for _, tc := range []struct {
		name  string
		write func(io.Writer) error
		same  bool
	}{
		{"equal, small pieces", pieces(content, 7), true},
		{"equal, one piece", pieces(content, len(content)), true},
		{"differs in the middle", pieces(content[:100000]+"X"+content[100001:], 4096), false},
		{"shorter", pieces(content[:len(content)-1], 4096), false},
		{"longer", pieces(content+"\n", 4096), false},
		{"empty", pieces("", 1), false},
	} {
		got, sum, head, err := sameAsFile(file, tc.write)
		if err != nil || got != tc.same {
			t.Errorf("%s: same = %v (%v), want %v", tc.name, got, err, tc.same)
		}
		if got && (sum != digest([]byte(content)) || string(head) != content[:headSize]) {
			t.Errorf("%s: digest %s and head %q are not the content's", tc.name, sum, head)
		}
	}
	failing := func(w io.Writer) error { return errors.New("disk full") }
	if _, _, _, err := sameAsFile(file, failing); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("a failing write: %v", err)
	}
}
