// Package rules is the framework for eksport's rewrite rules: decisions
// taken on the intermediate model between the front-ends and lowering (IRSA
// service accounts, autoscalers, storage, exposure, API upgrades).
//
// A rule is data, in the style of golang.org/x/tools/go/analysis: a name
// that prefixes its diagnostic codes, its documentation, the rules that must
// run before it, and a Run function. Rules live one per package under
// rules/<name>; the ordered registry is in package rules/registry.
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
		if r.Name == "" || r.Run == nil || r.Doc == "" {
			return fmt.Errorf("rule %q needs a name, documentation and a Run function", r.Name)
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
		if err := r.Run(&Pass{Rule: r, Model: m, Config: cfg, Diags: diags}); err != nil {
			return fmt.Errorf("rule %s: %w", r.Name, err)
		}
		if after != nil {
			after(r)
		}
	}
	return nil
}
