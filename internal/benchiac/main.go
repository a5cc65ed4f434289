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
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == "measured" {
		measured(os.Args[2], os.Args[3:])
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

type result struct {
	wall time.Duration
	cpu  time.Duration // user and system time: on a shared machine, the measure that scheduling does not distort
	rss  int64         // KiB
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

// measureExit runs a command under "benchiac measured" with its output
// discarded and returns its wall time and peak resident memory; its exit
// code must be want. Linux carries a process's peak across exec, so the
// command runs under a small process rather than this one, which holds
// the fake AWS.
func measureExit(env []string, want int, name string, args ...string) (result, error) {
	self, err := os.Executable()
	if err != nil {
		return result{}, err
	}
	cmd := exec.Command(self, append([]string{"measured", name}, args...)...)
	cmd.Env = env
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, firstLines(stderr.String(), 5))
	}
	var wall, cpu time.Duration
	var rss int64
	var code int
	if _, err := fmt.Sscan(stdout.String(), &wall, &rss, &code, &cpu); err != nil {
		return result{}, fmt.Errorf("%s: the measurement %q: %v", name, stdout.String(), err)
	}
	if code != want {
		return result{}, fmt.Errorf("%s %s: exit code %d, want %d\n%s", name, strings.Join(args, " "), code, want, firstLines(stderr.String(), 8))
	}
	return result{wall: wall, cpu: cpu, rss: rss}, nil
}

// measured runs a command with its standard output discarded and prints
// its wall time in nanoseconds, its peak resident memory in KiB, its exit
// code and its user and system time in nanoseconds.
func measured(name string, args []string) {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var rss int64
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = int64(ru.Maxrss)
		if runtime.GOOS == "darwin" {
			rss /= 1024
		}
	}
	fmt.Println(int64(wall), rss, code, int64(cpu))
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

func median(rs []result) result {
	walls := make([]time.Duration, len(rs))
	cpus := make([]time.Duration, len(rs))
	rss := make([]int64, len(rs))
	for i, r := range rs {
		walls[i], cpus[i], rss[i] = r.wall, r.cpu, r.rss
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	slices.Sort(rss)
	return result{walls[len(walls)/2], cpus[len(cpus)/2], rss[len(rss)/2]}
}
