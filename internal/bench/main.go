// Command bench measures eksport on generated batches against the floor:
// a program that only decodes each input and re-encodes it as YAML, which
// no translator can beat. Both run as child processes on the same inputs
// in the same run, so their ratio holds on any machine.
//
//	go run ./internal/bench [-eksport bin/eksport] [-n 1000,10000] [-runs 5] [-modes 3000] [-corpus ../shared/corpus/taskdefs]
//
// It reports, per batch size, wall time, inputs per second and peak
// resident memory of eksport convert -o and of the floor, their ratio
// (and the ratio of their CPU time, which a machine shared with other
// work distorts less; the targets are on wall time), how time and memory
// grow from the smallest to the largest batch, a
// single-file run against eksport version (the pre-commit case), and the
// peak memory and time of every output mode on a batch of real task
// definitions (modes.go), each beside its target.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/internal/gen"
	"github.com/eksport/eksport/internal/measure"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == measure.Child {
		measure.Measured(os.Args[2], os.Args[3:])
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "floor" {
		if err := floor(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	eksport := flag.String("eksport", "", "the eksport binary (default: build one)")
	sizes := flag.String("n", "1000,10000", "batch sizes (task definitions)")
	runs := flag.Int("runs", 5, "runs per measurement (the median is reported)")
	single := flag.Int("single", 30, "runs of the single-file comparison")
	modesN := flag.Int("modes", 3000, "task definitions in the batch of every mode (0: skip)")
	corpus := flag.String("corpus", "../shared/corpus/taskdefs", "real task definitions to make the batch of every mode from")
	dir := flag.String("dir", "", "folder for inputs and outputs (default: the system's temporary folder); a disk that is slow to create files dominates both programs")
	flag.Parse()
	if err := run(*eksport, *sizes, *dir, *runs, *single, *modesN, *corpus); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type result = measure.Result

func run(eksport, sizes, dir string, runs, single, modesN int, corpus string) error {
	tmp, err := os.MkdirTemp(dir, "eksport-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if eksport == "" {
		eksport = filepath.Join(tmp, "eksport")
		if out, err := exec.Command("go", "build", "-o", eksport, "./cmd/eksport").CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Printf("eksport batch benchmark: GOMAXPROCS=%d, %s/%s, files in %s, median of %d runs\n\n", runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, filepath.Dir(tmp), runs)
	fmt.Printf("%8s %7s | %10s %9s %8s | %10s %9s %8s | %6s %6s %6s\n", "inputs", "files", "eksport", "inputs/s", "peak MiB", "floor", "inputs/s", "peak MiB", "time×", "mem×", "cpu×")
	var ns []int
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return err
		}
		ns = append(ns, n)
	}
	type row struct {
		n         int
		eks, flor result
	}
	var rows []row
	ins := make([]string, len(ns))
	nfiles := make([]int, len(ns))
	for j, n := range ns {
		ins[j] = filepath.Join(tmp, fmt.Sprintf("in-%d", n))
		files := gen.Inputs(n, 1)
		nfiles[j] = len(files)
		for _, f := range files {
			p := filepath.Join(ins[j], filepath.FromSlash(f.Name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				return err
			}
		}
	}
	// Every size runs once a round, eksport then the floor, so that a
	// machine that slows down for a while slows every size alike: the
	// ratio of two sizes is taken within each round.
	eks := make([][]result, len(ns))
	flor := make([][]result, len(ns))
	for i := range runs {
		for j, n := range ns {
			out := filepath.Join(tmp, fmt.Sprintf("out-%d-%d", n, i))
			r, err := measureOK(eksport, "convert", "-o", out+"-eksport", ins[j])
			if err != nil {
				return err
			}
			eks[j] = append(eks[j], r)
			if r, err = measureOK(self, "floor", ins[j], out+"-floor"); err != nil {
				return err
			}
			flor[j] = append(flor[j], r)
			os.RemoveAll(out + "-eksport")
			os.RemoveAll(out + "-floor")
		}
	}
	for j, n := range ns {
		r := row{n, median(eks[j]), median(flor[j])}
		rows = append(rows, r)
		fmt.Printf("%8d %7d | %10s %9.0f %8d | %10s %9.0f %8d | %6.2f %6.2f %6.2f\n", n, nfiles[j],
			r.eks.Wall.Round(time.Millisecond), float64(n)/r.eks.Wall.Seconds(), r.eks.RSS/1024,
			r.flor.Wall.Round(time.Millisecond), float64(n)/r.flor.Wall.Seconds(), r.flor.RSS/1024,
			r.eks.Wall.Seconds()/r.flor.Wall.Seconds(), float64(r.eks.RSS)/float64(r.flor.RSS),
			r.eks.CPU.Seconds()/r.flor.CPU.Seconds())
	}
	fmt.Println()
	for j, r := range rows {
		// Each round's eksport run beside the floor's run just after it.
		var walls []float64
		for i := range eks[j] {
			walls = append(walls, eks[j][i].Wall.Seconds()/flor[j][i].Wall.Seconds())
		}
		ratio, text := measure.Ratios(walls)
		fmt.Printf("batch of %d: eksport takes %.2f× the floor's time (target ≤ 1.5×; median of the rounds' ratios %s): %s\n", r.n, ratio, text, verdict(ratio <= 1.5))
	}
	if len(rows) > 1 {
		a, b := rows[0], rows[len(rows)-1]
		k := float64(b.n) / float64(a.n)
		// The growth of each round, the largest size beside the
		// smallest run just before it; the median of those.
		var walls, cpus []float64
		for i := range eks[0] {
			walls = append(walls, eks[len(ns)-1][i].Wall.Seconds()/eks[0][i].Wall.Seconds())
			cpus = append(cpus, eks[len(ns)-1][i].CPU.Seconds()/eks[0][i].CPU.Seconds())
		}
		t, text := measure.Ratios(walls)
		cpu, _ := measure.Ratios(cpus)
		m := float64(b.eks.RSS) / float64(a.eks.RSS)
		fmt.Printf("%d vs %d inputs (%.0f×): time %.2f× (target ≤ %.0f×; median of the rounds' ratios %s): %s (CPU time %.2f×); peak memory %.2f× (target far below %.0f×): %s\n",
			b.n, a.n, k, t, k*1.1, text, verdict(t <= k*1.1), cpu, m, k, verdict(m <= k/2))
	}
	if single > 0 {
		one := filepath.Join(tmp, "in-1")
		for _, f := range gen.Inputs(1, 1) {
			p := filepath.Join(one, filepath.FromSlash(f.Name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, f.Data, 0o644)
		}
		td := filepath.Join(one, "taskdefs", "app-00000.json")
		var conv, ver []result
		for range single {
			r, err := measureOK(eksport, "convert", td)
			if err != nil {
				return err
			}
			conv = append(conv, r)
			if r, err = measureOK(eksport, "version"); err != nil {
				return err
			}
			ver = append(ver, r)
		}
		c, v := median(conv), median(ver)
		ratio := c.Wall.Seconds() / v.Wall.Seconds()
		fmt.Printf("single file: eksport convert %s, eksport version %s: %.2f× (target ≤ 1.5×): %s\n",
			c.Wall.Round(10*time.Microsecond), v.Wall.Round(10*time.Microsecond), ratio, verdict(ratio <= 1.5))
	}
	if modesN > 0 {
		return modes(eksport, tmp, corpus, modesN, runs)
	}
	return nil
}

var verdict = measure.Verdict

// measureOK runs a command with its output discarded and returns its wall
// time and peak resident memory.
func measureOK(name string, args ...string) (result, error) {
	return measureExit(0, name, args...)
}

// measureExit is measureOK for a command whose expected exit code is want.
func measureExit(want int, name string, args ...string) (result, error) {
	return measure.Run(nil, want, name, args...)
}

var median = measure.Median

// floor reads every JSON file under in, decodes it and writes it again as
// YAML under out, on every core: the least work a converter of these
// inputs could do.
func floor(in, out string) error {
	var paths []string
	err := filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	work := make(chan string)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				if err := floorOne(in, out, p); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

func floorOne(in, out, p string) error {
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return fmt.Errorf("%s: %v", p, err)
	}
	y, err := yaml.Marshal(v)
	if err != nil {
		return err
	}
	rel, _ := filepath.Rel(in, p)
	target := filepath.Join(out, strings.TrimSuffix(rel, filepath.Ext(rel))+".yaml")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	return os.WriteFile(target, y, 0o644)
}
