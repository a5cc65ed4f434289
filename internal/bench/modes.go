package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/eksport/eksport/internal/measure"
)

// modes measures every output mode of eksport convert on a batch made
// from the real task definitions of the corpus: each one eksport converts
// without an error, copied with renamed families until the batch holds n.
// It prints each mode's peak memory and time beside raw -o, and checks the
// targets: every mode within 2× raw -o's memory, two environments of n
// within 3× one environment of n.
func modes(eksport, tmp, corpus string, n, runs int) error {
	sources, err := convertible(eksport, corpus)
	if err != nil {
		return err
	}
	if len(sources) == 0 {
		return fmt.Errorf("no task definition of %s converts without an error", corpus)
	}
	dir := filepath.Join(tmp, fmt.Sprintf("modes-%d", n))
	batch := filepath.Join(dir, "batch")
	envOne := filepath.Join(dir, "env-one")
	envTwo := filepath.Join(dir, "env-two")
	for i := range n {
		src := sources[i%len(sources)]
		for _, w := range []struct {
			dir, env string
		}{{batch, ""}, {envOne, "one"}, {envTwo, "two"}} {
			data, err := renamed(src.data, fmt.Sprintf("td%05d-%s", i, src.family), w.env)
			if err != nil {
				return fmt.Errorf("%s: %v", src.name, err)
			}
			if err := writeFile(filepath.Join(w.dir, fmt.Sprintf("td%05d.json", i)), data); err != nil {
				return err
			}
		}
	}
	oneCfg := filepath.Join(dir, "one.yaml")
	twoCfg := filepath.Join(dir, "two.yaml")
	if err := writeFile(oneCfg, []byte("environments:\n  one: [env-one]\n")); err != nil {
		return err
	}
	if err := writeFile(twoCfg, []byte("environments:\n  one: [env-one]\n  two: [env-two]\n")); err != nil {
		return err
	}
	out := filepath.Join(dir, "out")
	type mode struct {
		name  string
		args  []string
		setup func() error // before each run
		exit  int          // the exit code expected
	}
	clean := func() error { return os.RemoveAll(out) }
	// --check: the raw output of the batch, then every second file of it
	// changed (a line added), so that half the files differ.
	halfChanged := func() error {
		if err := clean(); err != nil {
			return err
		}
		if _, err := measureOK(eksport, "convert", "-o", out, batch); err != nil {
			return err
		}
		return measure.ChangeHalf(out)
	}
	ms := []mode{
		{"raw -o", []string{"convert", "-o", out, batch}, clean, 0},
		{"stdout", []string{"convert", batch}, clean, 0},
		{"kustomize -o", []string{"convert", "--format", "kustomize", "-o", out, batch}, clean, 0},
		{"helm -o", []string{"convert", "--format", "helm", "-o", out, batch}, clean, 0},
		{"one environment (kustomize)", []string{"convert", "--config", oneCfg, "--format", "kustomize", "-o", out}, clean, 0},
		{"two environments (kustomize)", []string{"convert", "--config", twoCfg, "--format", "kustomize", "-o", out}, clean, 0},
		{"two environments (helm)", []string{"convert", "--config", twoCfg, "--format", "helm", "-o", out}, clean, 0},
		{"--check, half changed", []string{"convert", "--check", "-o", out, batch}, halfChanged, 1},
	}
	fmt.Printf("\nevery mode on %d task definitions (%d convertible ones of %s, families renamed), median of %d rounds of every mode\n\n", n, len(sources), corpus, runs)
	fmt.Printf("%-30s | %10s %8s | %6s %6s\n", "mode", "time", "peak MiB", "time×", "mem×")
	// Every mode runs once a round, so that a machine that slows down for
	// a while slows every mode alike, and the ratio of two modes is taken
	// within each round.
	rounds := make(map[string][]result, len(ms))
	for range runs {
		for _, m := range ms {
			if err := m.setup(); err != nil {
				return err
			}
			r, err := measureExit(m.exit, eksport, m.args...)
			if err != nil {
				return fmt.Errorf("%s: %v", m.name, err)
			}
			rounds[m.name] = append(rounds[m.name], r)
		}
	}
	got := map[string]result{}
	for _, m := range ms {
		r := median(rounds[m.name])
		got[m.name] = r
		base := got["raw -o"]
		fmt.Printf("%-30s | %10s %8d | %6.2f %6.2f\n", m.name, r.Wall.Round(time.Millisecond), r.RSS/1024,
			r.Wall.Seconds()/base.Wall.Seconds(), float64(r.RSS)/float64(base.RSS))
	}
	clean()
	fmt.Println()
	raw := got["raw -o"]
	for _, m := range ms[1:] {
		ratio := float64(got[m.name].RSS) / float64(raw.RSS)
		fmt.Printf("%s: %.2f× raw -o's memory (target ≤ 2×): %s\n", m.name, ratio, verdict(ratio <= 2))
	}
	// The ratio of each round, two environments beside the one
	// environment run just before them; the median of those.
	var walls, cpus []float64
	for i, two := range rounds["two environments (kustomize)"] {
		one := rounds["one environment (kustomize)"][i]
		walls = append(walls, two.Wall.Seconds()/one.Wall.Seconds())
		cpus = append(cpus, two.CPU.Seconds()/one.CPU.Seconds())
	}
	ratio, text := measure.Ratios(walls)
	cpu, _ := measure.Ratios(cpus)
	fmt.Printf("two environments of %d: %.2f× the time of one (target ≤ 3×; median of the rounds' ratios %s): %s (CPU time %.2f×)\n",
		n, ratio, text, verdict(ratio <= 3), cpu)
	return nil
}

type source struct {
	name, family string
	data         []byte
}

// convertible returns the task definitions under dir that eksport
// converts on their own without an error, in name order.
func convertible(eksport, dir string) ([]source, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []source
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".json" {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if exec.Command(eksport, "convert", p).Run() != nil {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		fam := familyOf(data)
		if fam == "" {
			continue // a bare container list: named after its file
		}
		out = append(out, source{e.Name(), fam, data})
	}
	return out, nil
}

// taskDef returns the task definition object of a document: the
// document itself, or the one a describe-task-definition output wraps.
func taskDef(doc map[string]any) map[string]any {
	if td, ok := doc["taskDefinition"].(map[string]any); ok {
		return td
	}
	return doc
}

func familyOf(data []byte) string {
	var doc map[string]any
	if json.Unmarshal(data, &doc) != nil {
		return ""
	}
	fam, _ := taskDef(doc)["family"].(string)
	return fam
}

// renamed is a task definition with another family and, for an
// environment, a variable naming it in every container.
func renamed(data []byte, family, env string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	td := taskDef(doc)
	td["family"] = family
	if env != "" {
		cs, _ := td["containerDefinitions"].([]any)
		for _, c := range cs {
			c, ok := c.(map[string]any)
			if !ok {
				continue
			}
			vars, _ := c["environment"].([]any)
			c["environment"] = append(vars, map[string]any{"name": "DEPLOY_ENV", "value": env})
		}
	}
	return json.MarshalIndent(doc, "", "  ")
}

func writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}
