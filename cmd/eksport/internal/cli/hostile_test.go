//go:build unix

package cli_test

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestHostile runs the hostile-input scripts in testdata/hostile: inputs
// that are broken, huge, deep, explosive, badly encoded or named to escape
// the output folder. Each must end with exit 1 and its exact positioned
// diagnostic, nothing written, and nothing changed outside -o (the
// scripts snapshot their whole work folder and compare). Big and binary
// inputs are generated at test time by genfile and writebytes, never
// committed.
func TestHostile(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/hostile",
		UpdateScripts: os.Getenv("EKSPORT_UPDATE") == "1",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"snapshot":   snapshot,
			"unchanged":  unchanged,
			"genfile":    genfile,
			"writebytes": writebytes,
			"bounded":    bounded,
		},
	})
}

// listing describes every file and folder under root, for comparison.
func listing(ts *testscript.TestScript, root string) []string {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if rel == "." {
			return nil // its time changes with what it holds, listed below
		}
		if p == ts.Getenv("TMPDIR") {
			// The temporary folder: standard output's spill file is made
			// there and its name removed at once, which changes the
			// folder's time; anything left in it is listed below.
			return nil
		}
		out = append(out, fmt.Sprintf("%s %v %d %d", filepath.ToSlash(rel), info.Mode(), info.Size(), info.ModTime().UnixNano()))
		return nil
	})
	ts.Check(err)
	slices.Sort(out)
	return out
}

var (
	mu        sync.Mutex
	snapshots = map[*testscript.TestScript][]string{}
)

// snapshot records the work folder; unchanged fails if anything in it was
// created, removed or modified since.
func snapshot(ts *testscript.TestScript, neg bool, args []string) {
	l := listing(ts, ts.Getenv("WORK"))
	mu.Lock()
	defer mu.Unlock()
	snapshots[ts] = l
}

func unchanged(ts *testscript.TestScript, neg bool, args []string) {
	mu.Lock()
	before, ok := snapshots[ts]
	mu.Unlock()
	if !ok {
		ts.Fatalf("unchanged without snapshot")
	}
	after := listing(ts, ts.Getenv("WORK"))
	var diff []string
	for _, l := range after {
		if !slices.Contains(before, l) {
			diff = append(diff, "+ "+l)
		}
	}
	for _, l := range before {
		if !slices.Contains(after, l) {
			diff = append(diff, "- "+l)
		}
	}
	if len(diff) > 0 && !neg {
		ts.Fatalf("the work folder changed:\n%s", strings.Join(diff, "\n"))
	}
	if len(diff) == 0 && neg {
		ts.Fatalf("the work folder did not change")
	}
}

// genfile NAME KIND [N] writes a generated input:
//
//	oversize    a valid task definition padded past the 8 MiB file limit
//	values N    a task definition whose command lists N strings
//	deepjson N  N nested JSON arrays
//	deepyaml N  N nested YAML flow sequences
//	bomb N      a YAML alias bomb of N doubling levels under command
func genfile(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: genfile NAME KIND [N]")
	}
	n := 0
	if len(args) > 2 {
		var err error
		n, err = strconv.Atoi(args[2])
		ts.Check(err)
	}
	var b strings.Builder
	switch args[1] {
	case "oversize":
		b.WriteString(`{"family": "big", "containerDefinitions": [{"name": "big", "image": "big"}], "tags": [`)
		for b.Len() < 8<<20 {
			b.WriteString(`{"key": "padding", "value": "0123456789012345678901234567890123456789"},` + "\n")
		}
		b.WriteString(`{"key": "end", "value": "end"}]}`)
	case "values":
		b.WriteString(`{"family": "many", "containerDefinitions": [{"name": "many", "image": "many", "command": [`)
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"x"`)
		}
		b.WriteString("]}]}\n")
	case "deepjson":
		b.WriteString(`{"family": "deep", "containerDefinitions": [{"name": "deep", "image": "deep", "command": `)
		b.WriteString(strings.Repeat("[", n) + strings.Repeat("]", n) + "}]}\n")
	case "deepyaml":
		b.WriteString("family: deep\ncontainerDefinitions:\n  - name: deep\n    image: deep\n    command: ")
		b.WriteString(strings.Repeat("[", n) + strings.Repeat("]", n) + "\n")
	case "bomb":
		b.WriteString("family: bomb\nx0: &x0 [lol, lol]\n")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, "x%d: &x%d [*x%d, *x%d]\n", i, i, i-1, i-1)
		}
		fmt.Fprintf(&b, "containerDefinitions:\n  - name: bomb\n    image: bomb\n    command: *x%d\n", n-1)
	default:
		ts.Fatalf("genfile: unknown kind %q", args[1])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o644))
}

// writebytes NAME QUOTED writes the bytes of a Go string literal, for
// inputs that are not valid UTF-8 or that hold NUL or CR bytes.
func writebytes(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: writebytes NAME QUOTED")
	}
	s, err := strconv.Unquote(args[1])
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(s), 0o644))
}

// bounded SECONDS MIB COMMAND ARGS... runs a command and fails the script
// if it takes longer than SECONDS or its peak resident memory exceeds MIB,
// whatever its exit code; stdout and stderr are kept for the next checks.
func bounded(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 3 {
		ts.Fatalf("usage: bounded SECONDS MIB COMMAND ARGS...")
	}
	secs, err := strconv.ParseFloat(args[0], 64)
	ts.Check(err)
	mib, err := strconv.Atoi(args[1])
	ts.Check(err)
	cmd := exec.Command(args[2], args[3:]...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Stdout, cmd.Stderr = ts.Stdout(), ts.Stderr()
	start := time.Now()
	runErr := cmd.Run()
	elapsed := time.Since(start)
	if cmd.ProcessState == nil {
		ts.Fatalf("%v", runErr)
	}
	rss := 0
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = int(ru.Maxrss / 1024) // KiB on Linux
		if runtime.GOOS == "darwin" {
			rss /= 1024 // bytes there
		}
	}
	ts.Logf("%s: %v, peak RSS %d MiB", args[2], elapsed.Round(time.Millisecond), rss)
	if elapsed.Seconds() > secs {
		ts.Fatalf("took %v, more than %vs", elapsed, secs)
	}
	if rss > mib {
		ts.Fatalf("peak RSS %d MiB, more than %d MiB", rss, mib)
	}
	if runErr != nil && !neg {
		ts.Fatalf("%v", runErr)
	}
	if runErr == nil && neg {
		ts.Fatalf("succeeded unexpectedly")
	}
}
