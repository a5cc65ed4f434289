package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/eksport/eksport/internal/measure"
)

// front is one way of writing the application.
type front struct {
	name  string
	write func(dir string, n int) (input string, err error)
}

var fronts = []front{
	{"cli", func(dir string, n int) (string, error) { return dir, cliJSON(dir, n) }},
	{"terraform", func(dir string, n int) (string, error) { return dir, terraformModule(dir, n) }},
	{"cloudformation", func(dir string, n int) (string, error) { return dir, cloudFormation(dir, n) }},
	{"plan", func(dir string, n int) (string, error) {
		p := filepath.Join(dir, "plan.json")
		return p, plan(p, n)
	}},
}

type mode struct {
	name string
	args func(in, out string) []string
	// check: the raw output is written first and every second file of
	// it changed, so that half the files differ (exit code 1).
	check bool
}

var modes = []mode{
	{"raw -o", func(in, out string) []string { return []string{"-o", out, in} }, false},
	{"stdout", func(in, out string) []string { return []string{in} }, false},
	{"kustomize -o", func(in, out string) []string { return []string{"--format", "kustomize", "-o", out, in} }, false},
	{"helm -o", func(in, out string) []string { return []string{"--format", "helm", "-o", out, in} }, false},
	{"--check, half changed", func(in, out string) []string { return []string{"--check", "-o", out, in} }, true},
}

func convertAll(eksport, tmp string, ns []int, names []string, only string, runs int) error {
	cfg := filepath.Join(tmp, "eksport.yaml")
	if err := write(cfg, []byte("region: "+region+"\ncluster:\n  accountId: \""+account+"\"\n")); err != nil {
		return err
	}
	ms := modes
	if only != "" {
		ms = slices.DeleteFunc(slices.Clone(modes), func(m mode) bool { return !slices.Contains(strings.Split(only, ","), m.name) })
	}
	type key struct {
		front, mode string
		n           int
	}
	var fs []front
	for _, f := range fronts {
		if slices.Contains(names, f.name) {
			fs = append(fs, f)
		}
	}
	// Every size's input is written first, so that the sizes can run in
	// rounds.
	ins, outs := map[key]string{}, map[key]string{}
	for _, n := range ns {
		for _, f := range fs {
			dir := filepath.Join(tmp, fmt.Sprintf("%s-%d", f.name, n))
			in, err := f.write(filepath.Join(dir, "in"), n)
			if err != nil {
				return err
			}
			ins[key{f.name, "", n}], outs[key{f.name, "", n}] = in, filepath.Join(dir, "out")
			if !keep {
				defer os.RemoveAll(dir)
			}
		}
	}
	// Each mode of each front-end runs every size once a round, so that a
	// machine that slows down for a while slows every size alike, and the
	// growth from the smallest size to the largest is taken within each
	// round.
	rounds := map[key][]result{}
	for _, f := range fs {
		for _, m := range ms {
			for range runs {
				for _, n := range ns {
					in, out := ins[key{f.name, "", n}], outs[key{f.name, "", n}]
					if err := os.RemoveAll(out); err != nil {
						return err
					}
					want := 0
					if m.check {
						if _, err := measureExit(nil, 0, eksport, append([]string{"convert", "--config", cfg}, modes[0].args(in, out)...)...); err != nil {
							return err
						}
						if err := measure.ChangeHalf(out); err != nil {
							return err
						}
						want = 1
					}
					r, err := measureExit(nil, want, eksport, append([]string{"convert", "--config", cfg}, m.args(in, out)...)...)
					if err != nil {
						return fmt.Errorf("%s %d %s: %v", f.name, n, m.name, err)
					}
					rounds[key{f.name, m.name, n}] = append(rounds[key{f.name, m.name, n}], r)
				}
			}
		}
	}
	got := map[key]result{}
	fmt.Printf("\nconvert, every mode: the same services written four ways (task definition, service, scalable target, CPU policy each)\n\n")
	fmt.Printf("%-15s %6s %-22s | %9s %9s %8s | %6s %6s | %7s %7s\n", "front-end", "svcs", "mode", "wall", "cpu", "peak MiB", "cpu×", "mem×", "×cli c", "×cli m")
	for _, n := range ns {
		for _, f := range fs {
			for _, m := range ms {
				r := median(rounds[key{f.name, m.name, n}])
				got[key{f.name, m.name, n}] = r
				base, cli := got[key{f.name, ms[0].name, n}], got[key{"cli", ms[0].name, n}]
				fmt.Printf("%-15s %6d %-22s | %9s %9s %8d | %6.2f %6.2f | %7s %7s\n", f.name, n, m.name, r.Wall.Round(time.Millisecond), r.CPU.Round(time.Millisecond), r.RSS/1024,
					r.CPU.Seconds()/base.CPU.Seconds(), float64(r.RSS)/float64(base.RSS),
					ratio(r.CPU.Seconds(), cli.CPU.Seconds()), ratio(float64(r.RSS), float64(cli.RSS)))
			}
		}
	}
	fmt.Println()
	for _, n := range ns {
		for _, f := range fronts {
			if !slices.Contains(names, f.name) {
				continue
			}
			raw := got[key{f.name, ms[0].name, n}]
			var worst string
			var w float64
			for _, m := range ms[1:] {
				if r := float64(got[key{f.name, m.name, n}].RSS) / float64(raw.RSS); r > w {
					w, worst = r, m.name
				}
			}
			if worst != "" {
				fmt.Printf("%s, %d services: the most memory of any mode (%s) is %.2f× raw -o's (target ≤ 2×): %s\n", f.name, n, worst, w, verdict(w <= 2))
			}
		}
	}
	if len(ns) > 1 {
		a, b := ns[0], ns[len(ns)-1]
		k := float64(b) / float64(a)
		for _, f := range fronts {
			if !slices.Contains(names, f.name) {
				continue
			}
			for _, m := range ms {
				ra, rb := got[key{f.name, m.name, a}], got[key{f.name, m.name, b}]
				var cpus, walls []float64
				for i, r := range rounds[key{f.name, m.name, b}] {
					small := rounds[key{f.name, m.name, a}][i]
					cpus = append(cpus, r.CPU.Seconds()/small.CPU.Seconds())
					walls = append(walls, r.Wall.Seconds()/small.Wall.Seconds())
				}
				t, text := measure.Ratios(cpus)
				wall, _ := measure.Ratios(walls)
				mem := float64(rb.RSS) / float64(ra.RSS)
				fmt.Printf("%s %s, %d vs %d services (%.0f×): cpu time %.2f× (target ≤ %.1f×; median of the rounds' ratios %s): %s; wall %.2f×; peak memory %.2f×\n",
					f.name, m.name, b, a, k, t, k*1.1, text, verdict(t <= k*1.1), wall, mem)
			}
		}
	}
	return nil
}

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}
