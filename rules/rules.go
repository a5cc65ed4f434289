// Package rules is the framework for eksport's rewrite rules: decisions
// taken on the intermediate model between the front-ends and lowering (IRSA
// service accounts, autoscalers, storage, exposure, API upgrades).
//
// A rule is data, in the style of golang.org/x/tools/go/analysis: a name
// that prefixes its diagnostic codes, its documentation, the rules that must
// run before it, and a Run function. Rules live one per package under
// rules/<name>; the ordered registry is in package rules/registry.
//
// A rule that decides one workload at a time, using only what the
// workloads before it left (an account registry, a volume registry), has a
// Start function instead of Run: it returns a Stepper, which sees each
// workload and then finishes. Such rules come first in the registry, and a
// batch (eksport.Stream) lowers and writes each workload as soon as all
// of them have seen it, instead of holding every workload until the rules
// are done. A rule that needs every workload at once takes Run, and comes
// after them.
package rules

import (
	"fmt"

	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Rule is one rewrite rule.
type Rule struct {
	// Name is short and lower-case; it prefixes the rule's diagnostic codes.
	Name string
	// Doc says what the rule decides and why; shown by `eksport rules`.
	Doc string
	// Requires lists rules that must run earlier.
	Requires []*Rule
	// Run applies the rule. It returns an error only for bugs; problems with
	// the input are reported through the pass.
	Run func(*Pass) error
	// Start, set instead of Run, is for a rule that decides workload by
	// workload: it returns the rule's work for one run, which sees the
	// model's workloads one at a time, in order, and then finishes. A
	// batch then lowers and writes each workload as soon as every such
	// rule has seen it, and need not hold them all (see Stepwise).
	Start func(*Pass) Stepper
}

// Stepper is a rule's work over one run's workloads.
type Stepper interface {
	// Workload applies the rule to w, given after every workload before
	// it in the model. It may change w and the model's shared lists
	// (ServiceAccounts, PersistentVolumes), but no other workload, which
	// may already be lowered. False drops w from the model.
	Workload(w *ir.Workload) bool
	// Finish does what needs every workload (diagnostics about a shared
	// account, a sort): it runs once, after the last workload, and must
	// not read Model.Workloads, which a batch has let go. A batch runs
	// every stepwise rule's Finish after the last workload, so Finish must
	// not change anything a later rule's Workload reads.
	Finish() error
}

// Apply runs r on the pass's whole model.
func (r *Rule) Apply(p *Pass) error {
	if r.Start == nil {
		return r.Run(p)
	}
	s := r.Start(p)
	kept := p.Model.Workloads[:0]
	for _, w := range p.Model.Workloads {
		if s.Workload(w) {
			kept = append(kept, w)
		}
	}
	clear(p.Model.Workloads[len(kept):])
	p.Model.Workloads = kept
	return s.Finish()
}

// Pass is what a rule sees: the model, the configuration and a way to
// report.
type Pass struct {
	Rule   *Rule
	Model  *ir.Model
	Config config.Config
	Diags  *diag.List
}

// Reportf adds a diagnostic whose code is prefixed with the rule's name.
func (p *Pass) Reportf(pos diag.Pos, sev diag.Severity, slug, format string, args ...any) *diag.Diagnostic {
	return p.Diags.Add(pos, sev, p.Rule.Name+"/"+slug, format, args...)
}

// Validate checks that every rule's requirements come earlier in the list
// and that names are unique.
func Validate(list []*Rule) error {
	seen := map[*Rule]bool{}
	names := map[string]bool{}
	for _, r := range list {
		if r.Name == "" || (r.Run == nil) == (r.Start == nil) || r.Doc == "" {
			return fmt.Errorf("rule %q needs a name, documentation and either a Run or a Start function", r.Name)
		}
		if names[r.Name] {
			return fmt.Errorf("rule %q is registered twice", r.Name)
		}
		names[r.Name] = true
		for _, req := range r.Requires {
			if !seen[req] {
				return fmt.Errorf("rule %q requires %q, which must come earlier", r.Name, req.Name)
			}
		}
		seen[r] = true
	}
	return nil
}

// Run applies the rules in order.
func Run(list []*Rule, m *ir.Model, cfg config.Config, diags *diag.List) error {
	return RunEach(list, m, cfg, diags, nil)
}

// RunEach is Run, calling after (when not nil) once each rule has run:
// a batch drops the diagnostics it will not show as it goes.
func RunEach(list []*Rule, m *ir.Model, cfg config.Config, diags *diag.List, after func(*Rule)) error {
	if err := Validate(list); err != nil {
		return err
	}
	for _, r := range list {
		if err := r.Apply(&Pass{Rule: r, Model: m, Config: cfg, Diags: diags}); err != nil {
			return fmt.Errorf("rule %s: %w", r.Name, err)
		}
		if after != nil {
			after(r)
		}
	}
	return nil
}

// Stepwise runs a list of rules with the model's workloads given one at a
// time: each workload goes through every stepwise rule at the head of the
// list (those with Start) as soon as it is given, and is then final and
// free to be lowered. Finish then finishes those rules and runs the rest
// of the list on the whole model, as Run would.
//
// The result is Run's, because a stepwise rule's decision on a workload
// depends only on that workload and on the workloads before it, which
// have been through the same rules in the same order.
type Stepwise struct {
	list  []*Rule
	steps []Stepper
	model *ir.Model
	cfg   config.Config
	diags *diag.List
	after func(*Rule)
}

// NewStepwise starts the stepwise rules at the head of list on m, whose
// workloads the caller then gives to Workload, in order. after, when not
// nil, is called once each stepwise rule has finished and each rule of
// the rest of the list has run (the diagnostics the stepwise rules make
// on each workload are the caller's to look at after Workload).
func NewStepwise(list []*Rule, m *ir.Model, cfg config.Config, diags *diag.List, after func(*Rule)) (*Stepwise, error) {
	if err := Validate(list); err != nil {
		return nil, err
	}
	s := &Stepwise{list: list, model: m, cfg: cfg, diags: diags, after: after}
	for _, r := range list {
		if r.Start == nil {
			break
		}
		s.steps = append(s.steps, r.Start(&Pass{Rule: r, Model: m, Config: cfg, Diags: diags}))
	}
	return s, nil
}

// Workload runs the stepwise rules on w; false means a rule dropped it
// (it is not to be lowered).
func (s *Stepwise) Workload(w *ir.Workload) bool {
	for _, st := range s.steps {
		if !st.Workload(w) {
			return false
		}
	}
	return true
}

// Finish finishes the stepwise rules, in order, and runs the others on
// the model, whose Workloads must no longer be read: it is set to nil.
func (s *Stepwise) Finish() error {
	s.model.Workloads = nil
	for i, st := range s.steps {
		if err := st.Finish(); err != nil {
			return fmt.Errorf("rule %s: %w", s.list[i].Name, err)
		}
		if s.after != nil {
			s.after(s.list[i])
		}
	}
	for _, r := range s.list[len(s.steps):] {
		if err := r.Apply(&Pass{Rule: r, Model: s.model, Config: s.cfg, Diags: s.diags}); err != nil {
			return fmt.Errorf("rule %s: %w", r.Name, err)
		}
		if s.after != nil {
			s.after(r)
		}
	}
	return nil
}

// PerWorkload is the Stepper of a rule that keeps nothing from one
// workload to the next.
type PerWorkload func(*ir.Workload)

// Workload applies the rule to w.
func (f PerWorkload) Workload(w *ir.Workload) bool { f(w); return true }

// Finish does nothing.
func (f PerWorkload) Finish() error { return nil }
