package eksport_test

import (
	"context"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/emit"
)

// openFiles counts this process's open file descriptors.
func openFiles(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	return len(entries)
}

// TestStdoutSpillClosed: the stream of standard output (Options.Ordered)
// spills each object's file to a temporary file as it is made; a run lets
// go of that file whether it finishes or stops on an input's error (here
// a name collision found after the first workload was emitted), and
// leaves nothing in the temporary folder.
func TestStdoutSpillClosed(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("counts descriptors in /proc")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	td := `{"family":"web","containerDefinitions":[{"name":"web","image":"nginx:1.25","memory":256,"essential":true}]}`
	for _, c := range []struct {
		name    string
		files   []eksport.File
		wantErr bool
	}{
		{"finished", []eksport.File{{Name: "a.json", Data: []byte(td)}}, false},
		{"stopped", []eksport.File{{Name: "a.json", Data: []byte(td)}, {Name: "b.json", Data: []byte(td)}}, true},
	} {
		before := openFiles(t)
		var b strings.Builder
		sw := emit.NewStreamWriter(&b)
		diags, err := eksport.Stream(context.Background(), eksport.Input{Files: c.files},
			eksport.Options{Ordered: true, NoReport: true}, sw.Add)
		if err != nil {
			t.Fatal(err)
		}
		if diags.HasErrors() != c.wantErr {
			t.Fatalf("%s: errors %v, want %v:\n%v", c.name, diags.HasErrors(), c.wantErr, diags)
		}
		if !c.wantErr && !strings.Contains(b.String(), "kind: Deployment") {
			t.Errorf("%s: no Deployment in the stream:\n%s", c.name, b.String())
		}
		if after := openFiles(t); after != before {
			t.Errorf("%s: %d files open before the run, %d after", c.name, before, after)
		}
		if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
			t.Errorf("%s: left in the temporary folder: %v", c.name, entries)
		}
	}
}
