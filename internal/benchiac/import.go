package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/eksport/eksport/internal/awsfake"
	"github.com/eksport/eksport/internal/measure"
)

// importAll serves the CLI JSON batch of n services from the fake AWS and
// runs eksport import on it: time, peak memory, requests, and the same
// for converting what it wrote.
func importAll(eksport, tmp string, ns []int, runs int) error {
	home := filepath.Join(tmp, "aws-home")
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"AWS_CONFIG_FILE=" + filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "credentials"),
		"AWS_ACCESS_KEY_ID=AKIDEXAMPLE",
		"AWS_SECRET_ACCESS_KEY=fake-secret-for-signing",
		"AWS_EC2_METADATA_DISABLED=true",
	}
	fmt.Printf("\neksport import of one cluster of n services from the fake AWS (pages of 10 as ECS answers by default), then convert of the folder\n\n")
	fmt.Printf("%6s | %9s %9s %8s %9s %8s | %9s %9s %8s\n", "svcs", "import", "cpu", "peak MiB", "requests", "req/svc", "convert", "cpu", "peak MiB")
	type row struct {
		n        int
		imp, con result
	}
	var rows []row
	// A fake AWS per size, all serving at once, so that the sizes can run
	// in rounds: every size once a round, and the growth from the
	// smallest to the largest taken within each round.
	type size struct {
		dir, out string
		srv      *awsfake.Server
		calls    int
		imp, con []result
	}
	sizes := make([]*size, len(ns))
	defer func() {
		for _, z := range sizes {
			if z != nil {
				z.srv.Close()
				if !keep {
					os.RemoveAll(z.dir)
				}
			}
		}
	}()
	for j, n := range ns {
		dir := filepath.Join(tmp, fmt.Sprintf("import-%d", n))
		in := filepath.Join(dir, "aws")
		if err := cliJSON(in, n); err != nil {
			return err
		}
		st, err := awsfake.LoadDirs(in)
		if err != nil {
			return err
		}
		srv := awsfake.Start(st)
		srv.PageSize = 10
		srv.VerifySignatures("AKIDEXAMPLE", "fake-secret-for-signing")
		sizes[j] = &size{dir: dir, out: filepath.Join(dir, "out"), srv: srv}
	}
	for i := range runs {
		for _, z := range sizes {
			os.RemoveAll(z.out)
			before := z.srv.Calls()
			r, err := measureExit(env, 0, eksport, "import", "--region", region, "--endpoint-url", z.srv.URL, "--cluster", "main", "-o", z.out)
			if err != nil {
				return err
			}
			if i == 0 {
				z.calls = z.srv.Calls() - before
			}
			z.imp = append(z.imp, r)
			if r, err = measureExit(env, 0, eksport, "convert", "-o", z.out+"-k8s", z.out); err != nil {
				return err
			}
			z.con = append(z.con, r)
			os.RemoveAll(z.out + "-k8s")
		}
	}
	for j, n := range ns {
		z := sizes[j]
		if u := z.srv.Unsigned(); len(u) > 0 {
			return fmt.Errorf("unsigned requests: %v", u[:min(3, len(u))])
		}
		r := row{n, median(z.imp), median(z.con)}
		rows = append(rows, r)
		fmt.Printf("%6d | %9s %9s %8d %9d %8.1f | %9s %9s %8d\n", n, r.imp.Wall.Round(time.Millisecond), r.imp.CPU.Round(time.Millisecond), r.imp.RSS/1024, z.calls, float64(z.calls)/float64(n),
			r.con.Wall.Round(time.Millisecond), r.con.CPU.Round(time.Millisecond), r.con.RSS/1024)
	}
	if len(rows) > 1 {
		small, large := 0, 0
		for j := range ns {
			if ns[j] < ns[small] {
				small = j
			}
			if ns[j] > ns[large] {
				large = j
			}
		}
		a, b := rows[small], rows[large]
		k := float64(b.n) / float64(a.n)
		var cpus, walls []float64
		for i := range sizes[large].imp {
			cpus = append(cpus, sizes[large].imp[i].CPU.Seconds()/sizes[small].imp[i].CPU.Seconds())
			walls = append(walls, sizes[large].imp[i].Wall.Seconds()/sizes[small].imp[i].Wall.Seconds())
		}
		t, text := measure.Ratios(cpus)
		wall, _ := measure.Ratios(walls)
		fmt.Printf("\nimport, %d vs %d services (%.0f×): cpu time %.2f× (target ≤ %.1f×; median of the rounds' ratios %s): %s; wall %.2f×; peak memory %.2f×\n", b.n, a.n, k, t, k*1.1, text, verdict(t <= k*1.1),
			wall, float64(b.imp.RSS)/float64(a.imp.RSS))
	}
	return nil
}
