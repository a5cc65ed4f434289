// Package measure runs a command the way make bench's programs compare
// commands: under a small child process of the calling program, which
// reports the command's wall time, CPU time (user and system), peak
// resident memory and exit code. Linux carries a process's peak resident
// memory across exec, so a command started straight from a program that
// holds a batch's inputs would start from that program's peak.
//
// A program using Run must call Measured when its arguments are
// Child, the command and its arguments.
package measure

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Child is the first argument under which the calling program runs
// Measured.
const Child = "measured"

// Result is one command's measurement.
type Result struct {
	Wall time.Duration
	CPU  time.Duration // user and system time: on a shared machine, the measure scheduling does not distort
	RSS  int64         // peak resident memory, KiB
}

// Run runs name with args (in env, or this process's environment when env
// is nil), its output discarded, and returns its measurement; its exit
// code must be want.
func Run(env []string, want int, name string, args ...string) (Result, error) {
	self, err := os.Executable()
	if err != nil {
		return Result{}, err
	}
	cmd := exec.Command(self, append([]string{Child, name}, args...)...)
	cmd.Env = env
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return Result{}, fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, FirstLines(stderr.String(), 8))
	}
	var r Result
	var code int
	if _, err := fmt.Sscan(stdout.String(), &r.Wall, &r.RSS, &code, &r.CPU); err != nil {
		return Result{}, fmt.Errorf("%s: the measurement %q: %v", name, stdout.String(), err)
	}
	if code != want {
		return Result{}, fmt.Errorf("%s %s: exit code %d, want %d\n%s", name, strings.Join(args, " "), code, want, FirstLines(stderr.String(), 8))
	}
	return r, nil
}

// Measured is the child's side of Run: it runs name with args, its
// standard output discarded and its errors on standard error, and prints
// its wall time in nanoseconds, its peak resident memory in KiB, its exit
// code and its CPU time in nanoseconds.
func Measured(name string, args []string) {
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

// Median is the median of each measure of rs, taken separately.
func Median(rs []Result) Result {
	walls := make([]time.Duration, len(rs))
	cpus := make([]time.Duration, len(rs))
	rss := make([]int64, len(rs))
	for i, r := range rs {
		walls[i], cpus[i], rss[i] = r.Wall, r.CPU, r.RSS
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	slices.Sort(rss)
	return Result{walls[len(walls)/2], cpus[len(cpus)/2], rss[len(rss)/2]}
}

// Ratios is the median of ratios taken within rounds (each round runs
// every command once, so that a machine that slows down for a while
// slows all of them alike), and the ratios as text, in round order.
func Ratios(xs []float64) (median float64, text string) {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprintf("%.2f", x)
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2], strings.Join(parts, " ")
}

// Verdict says whether a target was met.
func Verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

// FirstLines is the first n lines of s.
func FirstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// ChangeHalf changes every second YAML file under out (in sorted order)
// by adding a line, as a hand edit would: the folder --check then finds
// half the files changed.
func ChangeHalf(out string) error {
	var files []string
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	slices.Sort(files)
	for i := 0; i < len(files); i += 2 {
		data, err := os.ReadFile(files[i])
		if err != nil {
			return err
		}
		if err := os.WriteFile(files[i], append(data, "# changed by hand\n"...), 0o644); err != nil {
			return err
		}
	}
	return nil
}
