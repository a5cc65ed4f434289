package eksport_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
)

// readForms reads an archive holding one application in several forms,
// each under its own folder (cli/, cfn/, tf/, ...).
func readForms(t *testing.T, path string) *txtar.Archive {
	t.Helper()
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// convertForm converts the files of one form of an archive read by
// readForms, as a walked folder, with the account and region every form
// test uses, and returns the manifests by path and the diagnostics.
func convertForm(t *testing.T, a *txtar.Archive, form string) (map[string]string, diag.List) {
	t.Helper()
	cfg, d := config.Parse("eksport.yaml", []byte("region: eu-west-1\ncluster:\n  accountId: \"111122223333\"\n"))
	if d.HasErrors() {
		t.Fatal(d)
	}
	var in []eksport.File
	for _, f := range a.Files {
		if rest, ok := strings.CutPrefix(f.Name, form+"/"); ok {
			in = append(in, eksport.File{Name: rest, Data: f.Data, Walked: true})
		}
	}
	if len(in) == 0 {
		t.Fatalf("no form %s", form)
	}
	res, err := eksport.Translate(context.Background(), eksport.Input{Files: in}, eksport.Options{Config: cfg, NoReport: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	if res.Files != nil {
		for _, f := range res.Files.Files {
			out[f.Path] = string(f.Data)
		}
	}
	return out, res.Diagnostics
}

// sortedKeys is the union of the maps' keys, sorted.
func sortedKeys(ms ...map[string]string) []string {
	var keys []string
	for _, m := range ms {
		for k := range m {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	return keys
}
