package judge

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// collected holds the rollout units TestGoldens and TestCorpus judged valid,
// so that TestRollout runs the same outputs without converting them again.
var collected rolloutUnits

type rolloutUnits struct {
	mu    sync.Mutex
	units []RolloutUnit
}

func (c *rolloutUnits) add(u *RolloutUnit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.units = append(c.units, *u)
}

func (c *rolloutUnits) all() []RolloutUnit {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]RolloutUnit(nil), c.units...)
}

// cluster returns the shared server with its control plane started (the
// validity tests, which need a server without controllers, run first).
func cluster(t *testing.T) *Server {
	t.Helper()
	s := server(t)
	root := testRoot(t)
	tools, err := FindTools(root, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	spec, err := DefaultCluster()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	srvMu.Lock()
	defer srvMu.Unlock()
	if err := s.StartControlPlane(ctx, tools, spec); err != nil {
		t.Fatalf("control plane: %v", err)
	}
	return s
}

// TestRollout applies every golden application and every converted corpus
// input for real on a simulated EKS cluster, and fails on anything that
// does not roll out, with the scheduler's or controller's reason.
func TestRollout(t *testing.T) {
	units := collected.all()
	if len(units) == 0 {
		// Run alone (-run TestRollout): collect what TestGoldens and
		// TestCorpus would have.
		units = collectRolloutUnits(t)
	}
	if len(units) == 0 {
		t.Skip("no golden application and no corpus conversion to run")
	}
	sort.SliceStable(units, func(i, j int) bool { return units[i].Name < units[j].Name })
	s := cluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	rep := s.Rollout(ctx, units, 4*time.Minute)
	for _, n := range rep.Notes {
		t.Log(n)
	}
	known := readKnownRollout(t)
	byUnit := map[string][]RolloutProblem{}
	for i, p := range rep.Problems {
		if k := known.match(p); k != nil {
			t.Logf("KNOWN (%s): %s: %s", k.why, p.Unit, p.String())
			rep.Problems[i].Reason = "KNOWN (" + k.why + "): " + p.Reason
			continue
		}
		byUnit[p.Unit] = append(byUnit[p.Unit], p)
	}
	writeRolloutReport(t, rep)
	for _, k := range known {
		if k.hits == 0 {
			t.Errorf("testdata/rollout/known.txt:%d: %q no longer fails (%s): remove the line", k.line, k.unit+" | "+k.reason, k.why)
		}
	}
	for _, u := range units {
		if ps := byUnit[u.Name]; len(ps) > 0 {
			t.Run(u.Name, func(t *testing.T) {
				for _, p := range ps {
					t.Error(p.String())
				}
			})
		}
	}
	for _, p := range byUnit[""] {
		t.Error(p.String())
	}
	t.Logf("%s (%d units, %d pods, %d nodes added, %s)", rep.Line(), rep.Units, rep.Pods, rep.NodesAdded, rep.Elapsed.Round(time.Millisecond))
}

// writeRolloutReport writes the summary line and the reasons of failures to
// .tools/judge/rollout.txt, which make e2e prints (go test hides a passing
// package's output).
func writeRolloutReport(t *testing.T, rep *RolloutReport) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%d units, %d pods, %d nodes added, %s)\n", rep.Line(), rep.Units, rep.Pods, rep.NodesAdded, rep.Elapsed.Round(100*time.Millisecond))
	for _, p := range rep.Problems {
		fmt.Fprintf(&b, "  %s: %s\n", p.Unit, p.String())
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	path := filepath.Join(testRoot(t), ".tools", "judge", "rollout.txt")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
		_ = os.WriteFile(path, []byte(b.String()), 0o644)
	}
}

// collectRolloutUnits converts and renders what TestGoldens and TestCorpus
// would, judging validity on the way (their failures are theirs to report).
func collectRolloutUnits(t *testing.T) []RolloutUnit {
	root := testRoot(t)
	gUnits, _, err := GoldenUnits(root, DefaultRenderers(root))
	if err != nil {
		t.Fatal(err)
	}
	var units []RolloutUnit
	for _, u := range gUnits {
		if len(u.Objects) > 0 {
			units = append(units, *GoldenRolloutUnit(root, u))
		}
	}
	corpus := filepath.Join(Shared(root), "corpus")
	if _, err := os.Stat(corpus); err != nil {
		return units
	}
	inputs := corpusInputs(t, corpus)
	bin := buildEksport(t, root)
	s := server(t)
	for _, in := range inputs {
		if _, _, _, u := convertAndJudge(s, bin, in); u != nil {
			u.Name = "corpus/" + rel(corpus, in)
			units = append(units, *u)
		}
	}
	return units
}

// TestRolloutCanFail proves the rollout check fails where a real cluster
// would not run the output: testdata/rollout/bad/*.yaml must each fail with
// the reasons in their "# want:" lines, testdata/rollout/good/*.yaml must
// roll out.
func TestRolloutCanFail(t *testing.T) {
	var units []RolloutUnit
	wants := map[string][]string{}
	for _, kind := range []string{"bad", "good"} {
		files, _ := filepath.Glob(filepath.Join("testdata", "rollout", kind, "*.yaml"))
		// x.eksport.yaml is the configuration of x.yaml's unit.
		files = slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, ".eksport.yaml") })
		sort.Strings(files)
		if len(files) == 0 {
			t.Fatalf("no testdata/rollout/%s/*.yaml", kind)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			objs, err := ParseManifests(f, data)
			if err != nil {
				t.Fatal(err)
			}
			name := kind + "/" + filepath.Base(f)
			units = append(units, RolloutUnit{Name: name, Input: f, Objects: objs, NodeGroups: ConfigNodeGroups(strings.TrimSuffix(f, ".yaml") + ".eksport.yaml")})
			for _, l := range strings.Split(string(data), "\n") {
				if w, ok := strings.CutPrefix(l, "# want: "); ok {
					wants[name] = append(wants[name], strings.TrimSpace(w))
				}
			}
			if kind == "bad" && len(wants[name]) == 0 {
				t.Fatalf("%s: no # want: line", f)
			}
		}
	}
	s := cluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	rep := s.Rollout(ctx, units, 90*time.Second)
	got := map[string][]string{}
	for _, p := range rep.Problems {
		got[p.Unit] = append(got[p.Unit], p.String())
	}
	for _, u := range units {
		probs := strings.Join(got[u.Name], "\n")
		if strings.HasPrefix(u.Name, "good/") {
			if probs != "" {
				t.Errorf("%s should roll out:\n%s", u.Name, probs)
			}
			continue
		}
		if probs == "" {
			t.Errorf("%s rolled out; want a failure", u.Name)
			continue
		}
		for _, w := range wants[u.Name] {
			if !strings.Contains(probs, w) {
				t.Errorf("%s: no failure contains %q; got:\n%s", u.Name, w, probs)
			}
		}
		t.Logf("%s fails as it should:\n%s", u.Name, probs)
	}
	t.Logf("self-test %s", rep.Line())
}

// knownRollout is a failure the rollout check finds that another issue
// fixes (testdata/rollout/known.txt): it is logged, not excused silently,
// and a line that matches nothing fails the test, so it goes once fixed.
type knownRollout struct {
	line              int
	unit, reason, why string
	hits              int
}

type knownList []*knownRollout

func (l knownList) match(p RolloutProblem) *knownRollout {
	for _, k := range l {
		if strings.Contains(p.Unit, k.unit) && strings.Contains(p.String(), k.reason) {
			k.hits++
			return k
		}
	}
	return nil
}

// readKnownRollout reads "unit | reason | why" lines; # starts a comment.
func readKnownRollout(t *testing.T) knownList {
	data, err := os.ReadFile(filepath.Join("testdata", "rollout", "known.txt"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var l knownList
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, " | ")
		if len(f) != 3 {
			t.Fatalf("testdata/rollout/known.txt:%d: want \"unit | reason | why\"", i+1)
		}
		l = append(l, &knownRollout{line: i + 1, unit: f[0], reason: f[1], why: f[2]})
	}
	return l
}
