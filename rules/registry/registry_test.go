package registry

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/ir"
)

// TestRegistry checks the order (requirements first), that every rule is
// documented, and that every rule package under rules/ is registered.
func TestRegistry(t *testing.T) {
	list := Rules()
	if err := rules.Validate(list); err != nil {
		t.Fatal(err)
	}
	registered := map[string]bool{}
	for _, r := range list {
		registered[r.Name] = true
	}
	dirs, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "registry" {
			continue
		}
		if _, err := os.Stat(filepath.Join("..", d.Name())); err == nil && !registered[d.Name()] {
			t.Errorf("rules/%s is not in the registry", d.Name())
		}
	}
}

func TestValidateCatchesOrder(t *testing.T) {
	a := &rules.Rule{Name: "a", Doc: "a", Run: func(*rules.Pass) error { return nil }}
	b := &rules.Rule{Name: "b", Doc: "b", Requires: []*rules.Rule{a}, Run: func(*rules.Pass) error { return nil }}
	if err := rules.Validate([]*rules.Rule{b, a}); err == nil || !strings.Contains(err.Error(), "must come earlier") {
		t.Errorf("b before a: %v", err)
	}
	if err := rules.Validate([]*rules.Rule{a, a}); err == nil {
		t.Error("duplicate rule accepted")
	}
}

// The rules that decide workload by workload come first: a batch lowers a
// workload only once every rule before the first whole-model rule has
// seen it, so a stepwise rule after a whole-model one would run on the
// whole model too and hold every workload again.
func TestStepwiseRulesFirst(t *testing.T) {
	whole := ""
	for _, r := range Rules() {
		switch {
		case r.Start == nil:
			if whole == "" {
				whole = r.Name
			}
		case whole != "":
			t.Errorf("rule %s decides workload by workload but comes after %s, which needs the whole model", r.Name, whole)
		}
	}
}

func TestValidateWantsRunOrStart(t *testing.T) {
	both := &rules.Rule{Name: "both", Doc: "d", Run: func(*rules.Pass) error { return nil }, Start: func(*rules.Pass) rules.Stepper { return rules.PerWorkload(func(*ir.Workload) {}) }}
	neither := &rules.Rule{Name: "neither", Doc: "d"}
	for _, r := range []*rules.Rule{both, neither} {
		if err := rules.Validate([]*rules.Rule{r}); err == nil {
			t.Errorf("rule %s accepted", r.Name)
		}
	}
}
