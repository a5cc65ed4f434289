package terraform_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/terraform"
)

// files returns the sections of a txtar archive under prefix, renamed
// without it.
func files(a *txtar.Archive, prefix string) []eksport.File {
	var out []eksport.File
	for _, f := range a.Files {
		if rest, ok := strings.CutPrefix(f.Name, prefix); ok {
			out = append(out, eksport.File{Name: rest, Data: f.Data})
		}
	}
	return out
}

func convert(t *testing.T, in []eksport.File, opts eksport.Options) (map[string]string, string) {
	t.Helper()
	res, err := eksport.Translate(context.Background(), eksport.Input{Files: in}, opts)
	if err != nil {
		t.Fatal(err)
	}
	var diags strings.Builder
	for _, d := range res.Diagnostics {
		fmt.Fprintf(&diags, "%s: %s: %s [%s]\n", d.Pos, d.Severity, d.Message, d.Code)
	}
	out := map[string]string{}
	if res.Files != nil {
		for _, f := range res.Files.Files {
			out[f.Path] = string(f.Data)
		}
	}
	return out, diags.String()
}

// TestSameManifests: each testdata case writes one application as AWS
// CLI files (cli/) and in other forms (a module, a plan, another resource
// type): every form converts to the same manifests.
func TestSameManifests(t *testing.T) {
	cases, _ := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	cfg, _ := config.Parse("eksport.yaml", []byte("region: eu-west-1\ncluster:\n  accountId: \"111122223333\"\n"))
	opts := eksport.Options{Config: cfg, NoReport: true}
	ran := 0
	for _, c := range cases {
		a, err := txtar.ParseFile(c)
		if err != nil {
			t.Fatal(err)
		}
		forms := map[string]bool{}
		for _, f := range a.Files {
			if i := strings.IndexByte(f.Name, '/'); i > 0 && f.Name[:i] != "cli" {
				forms[f.Name[:i+1]] = true
			}
		}
		if len(files(a, "cli/")) == 0 {
			continue
		}
		cli, cliDiags := convert(t, files(a, "cli/"), opts)
		for form := range forms {
			ran++
			t.Run(strings.TrimSuffix(filepath.Base(c), ".txtar")+"/"+strings.TrimSuffix(form, "/"), func(t *testing.T) { sameAs(t, cli, cliDiags, files(a, form), opts) })
		}
	}
	if ran < 4 {
		t.Errorf("only %d forms compared", ran)
	}
}

// onDisk splits a form's files as the command line finds them: templates
// and Terraform's .terraform folder are not inputs, modules read them.
func onDisk(in []eksport.File, opts eksport.Options) ([]eksport.File, eksport.Options) {
	var inputs []eksport.File
	disk := map[string][]byte{}
	for _, f := range in {
		if strings.Contains(f.Name, ".terraform/") || strings.HasSuffix(f.Name, ".tpl") || strings.HasSuffix(f.Name, ".tftpl") {
			disk[f.Name] = f.Data
			continue
		}
		f.Walked = true // as the command line finds them in a folder
		inputs = append(inputs, f)
	}
	opts.Terraform.ReadFile = func(name string) ([]byte, error) {
		if d, ok := disk[name]; ok {
			return d, nil
		}
		return nil, os.ErrNotExist
	}
	opts.Terraform.ReadDir = func(dir string) ([]string, error) {
		var out []string
		for n := range disk {
			if path.Dir(n) == dir {
				out = append(out, path.Base(n))
			}
		}
		sort.Strings(out)
		return out, nil
	}
	return inputs, opts
}

func sameAs(t *testing.T, cli map[string]string, cliDiags string, in []eksport.File, opts eksport.Options) {
	in, opts = onDisk(in, opts)
	tf, tfDiags := convert(t, in, opts)
	if len(cli) == 0 {
		t.Fatalf("the CLI form converts to nothing:\n%s", cliDiags)
	}
	if len(tf) == 0 {
		t.Fatalf("converts to nothing:\n%s", tfDiags)
	}
	var names []string
	for n := range cli {
		names = append(names, n)
	}
	for n := range tf {
		if _, ok := cli[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if cli[n] != tf[n] {
			t.Errorf("%s differs:\n--- cli\n%s\n--- other\n%s", n, cli[n], tf[n])
		}
	}
	if len(names) == 0 {
		t.Errorf("no files")
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("files: %v\nterraform diagnostics:\n%s", names, tfDiags)
	}
}

// TestUnresolvedVariable: a variable without a value stops the run at
// the expression that reads it, naming the variable and how to set it;
// --placeholders writes a visible placeholder instead.
func TestUnresolvedVariable(t *testing.T) {
	mod := []eksport.File{{Name: "app/main.tf", Data: []byte(`variable "image" {}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{
    name  = "app"
    image = var.image
  }])
}
`)}}
	out, diags := convert(t, mod, eksport.Options{NoReport: true})
	if len(out) != 0 || !strings.Contains(diags, "app/main.tf:7:13: error: var.image has no value") || !strings.Contains(diags, "[unresolved/value]") {
		t.Fatalf("want an unresolved/value error at app/main.tf:7:13, got:\n%s", diags)
	}
	out, diags = convert(t, mod, eksport.Options{NoReport: true, Placeholders: true})
	var all bytes.Buffer
	for _, v := range out {
		all.WriteString(v)
	}
	if !strings.Contains(all.String(), "image: UNRESOLVED_var.image") || !strings.Contains(diags, "warning: var.image has no value") {
		t.Fatalf("want the placeholder and a warning, got:\n%s\n%s", all.String(), diags)
	}
	// Given with --var, the value is used.
	out, diags = convert(t, mod, eksport.Options{NoReport: true, Terraform: terraformOptions("image=nginx:1.27")})
	all.Reset()
	for _, v := range out {
		all.WriteString(v)
	}
	if !strings.Contains(all.String(), "image: nginx:1.27") {
		t.Fatalf("--var image=nginx:1.27 not used:\n%s\n%s", all.String(), diags)
	}
}

func terraformOptions(vars ...string) terraform.Options { return terraform.Options{Vars: vars} }

// TestRegionFromCluster: without a region in the configuration, KEDA's
// AWS triggers take the region of the cluster ARN the service names (which
// a module makes from its provider's region).
func TestRegionFromCluster(t *testing.T) {
	a, err := txtar.ParseFile(filepath.Join("testdata", "scaling.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := config.Parse("eksport.yaml", []byte("cluster:\n  accountId: \"111122223333\"\n"))
	in := files(a, "tf/")
	in = append(in, eksport.File{Name: "provider.tf", Data: []byte("provider \"aws\" {\n  region = \"eu-west-1\"\n}\n")})
	out, diags := convert(t, in, eksport.Options{Config: cfg, NoReport: true})
	if strings.Contains(diags, "region-unknown") || !strings.Contains(out["orders-scaledobject.yaml"], "awsRegion: eu-west-1") {
		t.Fatalf("region not found:\n%s\n%s", diags, out["orders-scaledobject.yaml"])
	}
}
