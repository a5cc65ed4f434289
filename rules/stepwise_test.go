package rules_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// A registry in miniature: a rule that drops repeated names and numbers
// the rest (state across workloads), a rule that reads what the first
// left on the same workload and reports in Finish, and a whole-model rule
// that reads what the others left in the model.
func miniRules(log *[]string) []*rules.Rule {
	type numbering struct {
		seen map[string]bool
		n    int
	}
	first := &rules.Rule{Name: "first", Doc: "d", Start: func(p *rules.Pass) rules.Stepper {
		st := &numbering{seen: map[string]bool{}}
		return stepper{
			workload: func(w *ir.Workload) bool {
				*log = append(*log, "first "+w.Name)
				if st.seen[w.Name] {
					p.Reportf(w.Origin, diag.Error, "dup", "%s again", w.Name)
					return false
				}
				st.seen[w.Name] = true
				st.n++
				w.Source = fmt.Sprint(st.n)
				return true
			},
			finish: func() error { *log = append(*log, "first finish"); return nil },
		}
	}}
	second := &rules.Rule{Name: "second", Doc: "d", Start: func(p *rules.Pass) rules.Stepper {
		return stepper{
			workload: func(w *ir.Workload) bool {
				*log = append(*log, "second "+w.Name)
				p.Model.ServiceAccounts = append(p.Model.ServiceAccounts, ir.ServiceAccount{Name: w.Name + "-" + w.Source})
				return true
			},
			finish: func() error {
				*log = append(*log, "second finish")
				p.Reportf(diag.Pos{}, diag.Info, "count", "%d accounts", len(p.Model.ServiceAccounts))
				return nil
			},
		}
	}}
	whole := &rules.Rule{Name: "whole", Doc: "d", Run: func(p *rules.Pass) error {
		*log = append(*log, fmt.Sprintf("whole sees %d workloads", len(p.Model.Workloads)))
		for i := range p.Model.ServiceAccounts {
			p.Model.ServiceAccounts[i].Namespace = "ns"
		}
		return nil
	}}
	return []*rules.Rule{first, second, whole}
}

type stepper struct {
	workload func(*ir.Workload) bool
	finish   func() error
}

func (s stepper) Workload(w *ir.Workload) bool { return s.workload(w) }
func (s stepper) Finish() error                { return s.finish() }

func workloads() []*ir.Workload {
	var out []*ir.Workload
	for _, n := range []string{"a", "b", "a", "c"} {
		out = append(out, &ir.Workload{Name: n})
	}
	return out
}

// Stepwise gives Run's model and diagnostics, and hands the whole-model
// rule no workload.
func TestStepwiseIsRun(t *testing.T) {
	var runLog, stepLog []string
	runModel := &ir.Model{Workloads: workloads()}
	var runDiags diag.List
	if err := rules.Run(miniRules(&runLog), runModel, config.Config{}, &runDiags); err != nil {
		t.Fatal(err)
	}

	stepModel := &ir.Model{Workloads: workloads()}
	var stepDiags diag.List
	s, err := rules.NewStepwise(miniRules(&stepLog), stepModel, config.Config{}, &stepDiags, nil)
	if err != nil {
		t.Fatal(err)
	}
	var kept []*ir.Workload
	for _, w := range stepModel.Workloads {
		if s.Workload(w) {
			kept = append(kept, w)
		}
	}
	if err := s.Finish(); err != nil {
		t.Fatal(err)
	}
	names := func(ws []*ir.Workload) (out []string) {
		for _, w := range ws {
			out = append(out, w.Name+w.Source)
		}
		return out
	}
	if got, want := names(kept), names(runModel.Workloads); !slices.Equal(got, want) {
		t.Errorf("workloads kept: stepwise %v, Run %v", got, want)
	}
	if a, b := fmt.Sprint(stepModel.ServiceAccounts), fmt.Sprint(runModel.ServiceAccounts); a != b {
		t.Errorf("accounts: stepwise %v, Run %v", stepModel.ServiceAccounts, runModel.ServiceAccounts)
	}
	if a, b := fmt.Sprint(stepDiags.Sorted()), fmt.Sprint(runDiags.Sorted()); a != b {
		t.Errorf("diagnostics: stepwise %s, Run %s", a, b)
	}
	if stepModel.Workloads != nil {
		t.Error("Finish left the model's workloads for the whole-model rules")
	}
	// Run takes each rule over every workload; Stepwise each workload
	// through every stepwise rule.
	wantStep := []string{"first a", "second a", "first b", "second b", "first a", "first c", "second c", "first finish", "second finish", "whole sees 0 workloads"}
	if !slices.Equal(stepLog, wantStep) {
		t.Errorf("stepwise order %q, want %q", stepLog, wantStep)
	}
	if !slices.Contains(runLog, "whole sees 3 workloads") {
		t.Errorf("Run's whole-model rule did not see the 3 kept workloads: %q", runLog)
	}
}
