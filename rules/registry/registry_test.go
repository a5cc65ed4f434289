package registry

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eksport/eksport/rules"
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
