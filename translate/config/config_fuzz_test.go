package config_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/config"
)

// FuzzConfig reads arbitrary configuration files and, when one is
// accepted, converts the orders platform application with it: settings
// reach names, labels, namespaces and selectors, so an accepted setting
// must never produce a manifest that does not decode. The invariants are
// FuzzECS's, and the configuration's diagnostics must be positioned too.
func FuzzConfig(f *testing.F) {
	var app []eksport.File
	for _, c := range golden.AllCases(f) {
		if c.Config != nil {
			f.Add(c.Config)
		}
		if c.Name == "golden/orders-platform" {
			app = c.Inputs
		}
	}
	if app == nil {
		f.Fatal("golden/orders-platform not found")
	}
	for _, s := range []string{"", "namespace: shop\n", "labels: {team: x}\npartOf: shop\nstrict: true\n", "diagnostics: {ecs/host-port: error}\n", "capacityProviders:\n  FARGATE_SPOT:\n    nodeSelector: {a: b}\n    tolerations: [{key: k, operator: Exists}]\n"} {
		f.Add([]byte(s))
	}
	schema, err := os.ReadFile(filepath.Join(golden.Root(f), "schemas", "config.schema.json"))
	if err == nil {
		f.Add(schema)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		golden.CountExec()
		cfg, diags := config.Parse("eksport.yaml", data)
		golden.CheckDiagnostics(t, diags)
		if diags.HasErrors() {
			return
		}
		res, err := eksport.Translate(context.Background(), eksport.Input{Files: app}, eksport.Options{Config: cfg})
		if err != nil {
			t.Fatalf("internal error: %v", err)
		}
		golden.CheckResult(t, res)
	})
}
