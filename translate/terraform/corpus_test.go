package terraform_test

import (
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/terraform"
)

// corpusRun converts files of the shared corpus the way the command line
// does: names relative to the corpus, files outside the inputs read from
// disk.
func corpusRun(t *testing.T, corpus string, names []string, walked bool) diag.List {
	t.Helper()
	var in []eksport.File
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(corpus, filepath.FromSlash(n)))
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, eksport.File{Name: n, Data: data, Walked: walked})
	}
	opts := eksport.Options{NoReport: true, Terraform: terraform.Options{
		ReadFile: func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(corpus, filepath.FromSlash(name))) },
		ReadDir: func(dir string) ([]string, error) {
			entries, err := os.ReadDir(filepath.Join(corpus, filepath.FromSlash(dir)))
			var out []string
			for _, e := range entries {
				if e.Type().IsRegular() {
					out = append(out, e.Name())
				}
			}
			return out, err
		},
	}}
	res, err := eksport.Translate(context.Background(), eksport.Input{Files: in}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res.Diagnostics
}

// stopsOnlyOnApplyTime checks that every diagnostic is positioned and that
// every error is a value that exists only at apply time (named, at its
// position), or follows from one (its message names it as ${…}), or is
// in extra.
func stopsOnlyOnApplyTime(t *testing.T, diags diag.List, extra ...string) {
	t.Helper()
	for _, d := range diags {
		if d.Pos.File == "" || d.Pos.Line == 0 {
			t.Errorf("unpositioned: %s: %s [%s]", d.Pos, d.Message, d.Code)
		}
		if d.Code == "source/invalid-yaml" {
			t.Errorf("%s: read as YAML: %s", d.Pos, d.Message)
		}
		if d.Severity != diag.Error {
			continue
		}
		ok := d.Code == "unresolved/value" || d.Code == "terraform/unknown-count" || strings.Contains(d.Message, "${")
		for _, c := range extra {
			ok = ok || d.Code == c
		}
		if !ok {
			t.Errorf("%s: error that is no apply-time value: %s [%s]", d.Pos, d.Message, d.Code)
		}
	}
}

// TestCorpusFiles: each Terraform file of ../shared/corpus/terraform,
// named on its own, converts or stops on what it lacks (values that exist
// at apply time, local modules that are not beside it), each at its
// position; none is read as YAML.
func TestCorpusFiles(t *testing.T) {
	corpus := filepath.Join(golden.Shared(t), "corpus")
	names, err := filepath.Glob(filepath.Join(corpus, "terraform", "*.tf"))
	if err != nil || len(names) < 5 {
		t.Fatalf("corpus/terraform: %d .tf files (%v)", len(names), err)
	}
	for _, n := range names {
		rel := "terraform/" + filepath.Base(n)
		t.Run(filepath.Base(n), func(t *testing.T) {
			diags := corpusRun(t, corpus, []string{rel}, false)
			stopsOnlyOnApplyTime(t, diags, "terraform/module-missing")
			if !diags.HasErrors() {
				return
			}
			if diags.Count(diag.Error) == 0 {
				t.Errorf("no error")
			}
		})
	}
}

// TestCorpusRepos: the three Terraform repositories of
// ../shared/corpus/repos, walked as the command line walks a folder,
// convert or stop only on values that exist at apply time.
func TestCorpusRepos(t *testing.T) {
	corpus := filepath.Join(golden.Shared(t), "corpus")
	for _, repo := range []string{"turnerlabs-fargate-dev", "ecs-fullstack-bluegreen", "aws-ia-sqs-target-tracking"} {
		t.Run(repo, func(t *testing.T) {
			var names []string
			root := filepath.Join(corpus, "repos", repo)
			err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if d.IsDir() {
					if p != root && strings.HasPrefix(d.Name(), ".") {
						return filepath.SkipDir
					}
					return nil
				}
				ext := strings.ToLower(path.Ext(p))
				if terraform.IsModuleFile(p) || ext == ".json" || ext == ".yaml" || ext == ".yml" {
					rel, _ := filepath.Rel(corpus, p)
					names = append(names, filepath.ToSlash(rel))
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			diags := corpusRun(t, corpus, names, true)
			stopsOnlyOnApplyTime(t, diags)
			if diags.Count(diag.Error) == 0 {
				return
			}
			unresolved := 0
			for _, d := range diags {
				if d.Code == "unresolved/value" {
					unresolved++
				}
			}
			if unresolved == 0 {
				t.Errorf("errors, but none names an unresolved value")
			}
		})
	}
}
