package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/eksport/eksport/internal/awsfake"
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
	for _, n := range ns {
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
		out := filepath.Join(dir, "out")
		var imp, con []result
		calls := 0
		for i := range runs {
			os.RemoveAll(out)
			before := srv.Calls()
			r, err := measureExit(env, 0, eksport, "import", "--region", region, "--endpoint-url", srv.URL, "--cluster", "main", "-o", out)
			if err != nil {
				srv.Close()
				return err
			}
			if i == 0 {
				calls = srv.Calls() - before
			}
			imp = append(imp, r)
			if r, err = measureExit(env, 0, eksport, "convert", "-o", out+"-k8s", out); err != nil {
				srv.Close()
				return err
			}
			con = append(con, r)
			os.RemoveAll(out + "-k8s")
		}
		if u := srv.Unsigned(); len(u) > 0 {
			srv.Close()
			return fmt.Errorf("unsigned requests: %v", u[:min(3, len(u))])
		}
		srv.Close()
		r := row{n, median(imp), median(con)}
		rows = append(rows, r)
		fmt.Printf("%6d | %9s %9s %8d %9d %8.1f | %9s %9s %8d\n", n, r.imp.Wall.Round(time.Millisecond), r.imp.CPU.Round(time.Millisecond), r.imp.RSS/1024, calls, float64(calls)/float64(n),
			r.con.Wall.Round(time.Millisecond), r.con.CPU.Round(time.Millisecond), r.con.RSS/1024)
		if !keep {
			os.RemoveAll(dir)
		}
	}
	if len(rows) > 1 {
		slices.SortFunc(rows, func(a, b row) int { return a.n - b.n })
		a, b := rows[0], rows[len(rows)-1]
		k := float64(b.n) / float64(a.n)
		t := b.imp.CPU.Seconds() / a.imp.CPU.Seconds()
		fmt.Printf("\nimport, %d vs %d services (%.0f×): cpu time %.2f× (target ≤ %.1f×): %s; wall %.2f×; peak memory %.2f×\n", b.n, a.n, k, t, k*1.1, verdict(t <= k*1.1),
			b.imp.Wall.Seconds()/a.imp.Wall.Seconds(), float64(b.imp.RSS)/float64(a.imp.RSS))
	}
	return nil
}
