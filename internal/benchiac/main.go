// Command benchiac measures eksport convert on the same application of n
// services written four ways (AWS CLI JSON, a Terraform root module with
// tfvars and a local module, CloudFormation templates, a terraform show
// -json plan), in every output mode, and eksport import against the fake
// AWS (internal/awsfake) serving it. Every command runs as a child process
// of a small process of this program, so that its peak resident memory is
// its own.
//
//	go run ./internal/benchiac [-eksport bin/eksport] [-n 1000,10000] [-runs 3] [-import 1000,3000] [-dir /dev/shm]
//
// It prints, for each front-end and size, the wall time, CPU time (user
// and system) and peak memory of each mode beside raw -o of the same input
// and beside raw -o of the CLI JSON batch of the same size; then how each
// grows from the smallest size to the largest; then the import's time,
// memory and requests. Ratios of time use CPU time, which a machine shared
// with other work distorts far less than wall time. Each ratio is printed
// beside its target with "met" or "MISSED".
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/eksport/eksport/internal/measure"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == measure.Child {
		measure.Measured(os.Args[2], os.Args[3:])
		return
	}
	eksport := flag.String("eksport", "", "the eksport binary (default: build one)")
	sizes := flag.String("n", "1000,10000", "services of each converted application")
	imports := flag.String("import", "1000,3000", "services the fake AWS serves to eksport import (empty: skip)")
	fronts := flag.String("front", "cli,terraform,cloudformation,plan", "front-ends to measure")
	only := flag.String("modes", "", "modes to measure, comma-separated (default: every one)")
	runs := flag.Int("runs", 3, "runs per measurement (the median is reported)")
	dir := flag.String("dir", "", "folder for inputs and outputs (default: the system's temporary folder)")
	flag.BoolVar(&keep, "keep", false, "keep the generated inputs and the last outputs")
	flag.Parse()
	if err := run(*eksport, *sizes, *imports, *fronts, *only, *dir, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "benchiac:", err)
		os.Exit(1)
	}
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// keep leaves the generated inputs and the last outputs on disk.
var keep bool

func run(eksport, sizes, imports, fronts, only, dir string, runs int) error {
	tmp, err := os.MkdirTemp(dir, "eksport-benchiac-")
	if err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(tmp)
	}
	if eksport == "" {
		eksport = filepath.Join(tmp, "eksport")
		if out, err := exec.Command("go", "build", "-o", eksport, "./cmd/eksport").CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	ns, err := ints(sizes)
	if err != nil {
		return err
	}
	is, err := ints(imports)
	if err != nil {
		return err
	}
	var load [3]float64
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Sscan(string(data), &load[0], &load[1], &load[2])
	}
	fmt.Printf("eksport on Terraform, CloudFormation, plan and import: GOMAXPROCS=%d, %s/%s, load average %.1f, files in %s, median of %d runs\n",
		runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, load[0], filepath.Dir(tmp), runs)
	if len(ns) > 0 {
		if err := convertAll(eksport, tmp, ns, strings.Split(fronts, ","), only, runs); err != nil {
			return err
		}
	}
	if len(is) > 0 {
		if err := importAll(eksport, tmp, is, runs); err != nil {
			return err
		}
	}
	return nil
}

type result = measure.Result

var (
	verdict = measure.Verdict
	median  = measure.Median
)

// measureExit runs a command under "benchiac measured" (measure.Run) with
// its output discarded; its exit code must be want.
func measureExit(env []string, want int, name string, args ...string) (result, error) {
	return measure.Run(env, want, name, args...)
}
