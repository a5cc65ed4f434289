package eksport_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/translate/diag"
)

// requiredInputs are a Terraform and a CloudFormation input whose image
// tag is an input without a value (part of a larger string) and whose
// environment variable is one as a whole.
var requiredInputs = map[string][]eksport.File{
	"terraform": {{Name: "main.tf", Data: []byte(`provider "aws" {
  region = "eu-west-1"
}

variable "tag" {
  type = string
}

variable "log_level" {
  type = string
}

resource "aws_ecs_task_definition" "web" {
  family = "web"
  container_definitions = jsonencode([{
    name  = "web"
    image = "nginx:${var.tag}"
    essential = true
    memory = 256
    environment = [{ name = "LOG_LEVEL", value = var.log_level }]
  }])
}
`)}},
	"cloudformation": {{Name: "app.yaml", Data: []byte(`Parameters:
  Tag:
    Type: String
  LogLevel:
    Type: String
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: web
      ContainerDefinitions:
        - Name: web
          Image: !Sub nginx:${Tag}
          Memory: 256
          Environment:
            - Name: LOG_LEVEL
              Value: !Ref LogLevel
`)}},
}

// requiredKeys are each input's values keys, image tag first.
var requiredKeys = map[string][2]string{
	"terraform":      {"var_tag", "var_log_level"},
	"cloudformation": {"Ref_Tag", "Ref_LogLevel"},
}

// TestHelmRequiredInputs: in a chart, an input variable or parameter
// without a value is a required value (issues #14, #15), while raw and
// Kustomize output still report it as an error.
func TestHelmRequiredInputs(t *testing.T) {
	for front, files := range requiredInputs {
		t.Run(front, func(t *testing.T) {
			keys := requiredKeys[front]
			for _, f := range []eksport.Format{eksport.Raw, eksport.Kustomize} {
				res, err := eksport.Translate(context.Background(), eksport.Input{Files: files}, eksport.Options{Format: f})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.ContainsFunc([]diag.Diagnostic(res.Diagnostics), func(d diag.Diagnostic) bool { return d.Code == "unresolved/value" }) || res.Files != nil {
					t.Errorf("%s: want an unresolved/value error and no files, got %v", f, res.Diagnostics)
				}
			}
			res, err := eksport.Translate(context.Background(), eksport.Input{Files: files}, eksport.Options{Format: eksport.Helm})
			if err != nil {
				t.Fatal(err)
			}
			if res.Diagnostics.HasErrors() || res.Files == nil {
				t.Fatalf("helm: %v", res.Diagnostics)
			}
			got := map[string]string{}
			for _, f := range res.Files.Files {
				got[f.Path] = string(f.Data)
			}
			var tmpl string
			for p, d := range got {
				if strings.HasPrefix(p, "templates/") && strings.Contains(d, "kind: Deployment") {
					tmpl = d
				}
			}
			for _, want := range []string{
				`image: {{ printf "nginx:%v" (required `,
				` $.Values.unresolved.` + keys[0] + `) | toJson }}`,
				` $.Values.unresolved.` + keys[1] + ` | toString | toJson }}`,
			} {
				if !strings.Contains(tmpl, want) {
					t.Errorf("template lacks %q:\n%s", want, tmpl)
				}
			}
			if strings.Contains(tmpl, "eksport-unresolved-") {
				t.Errorf("template holds a token:\n%s", tmpl)
			}
			for _, k := range keys {
				if !strings.Contains(got["values.yaml"], "\n  "+k+": \"\"\n") {
					t.Errorf("values.yaml lacks %s:\n%s", k, got["values.yaml"])
				}
			}
			var schema struct {
				Properties struct {
					Unresolved struct {
						Required []string `json:"required"`
					} `json:"unresolved"`
				} `json:"properties"`
			}
			if err := json.Unmarshal([]byte(got["values.schema.json"]), &schema); err != nil {
				t.Fatal(err)
			}
			if r := schema.Properties.Unresolved.Required; !slices.Contains(r, keys[0]) || !slices.Contains(r, keys[1]) {
				t.Errorf("schema requires %v, want %v", r, keys)
			}

			helm, err := filepath.Abs(filepath.Join(".tools", "bin", "helm"))
			if _, serr := os.Stat(helm); err != nil || serr != nil {
				t.Skip("no .tools/bin/helm")
			}
			dir := t.TempDir()
			for p, d := range got {
				if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, p), []byte(d), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			run := func(args ...string) (string, error) {
				out, err := exec.Command(helm, args...).CombinedOutput()
				return string(out), err
			}
			out, err := run("template", "r", dir)
			if err == nil || !strings.Contains(out, "unresolved/"+keys[0]) || !strings.Contains(out, "unresolved/"+keys[1]) {
				t.Errorf("helm template without the values: want a failure naming the value, got %v:\n%s", err, out)
			}
			// The schema fails first; past it (a values file that sets the
			// value empty, without the schema), required names the input.
			out, err = run("template", "r", dir, "--skip-schema-validation")
			if err == nil || !strings.Contains(out, "unresolved."+keys[1]+"=VALUE") {
				t.Errorf("helm template without the schema: want required's message, got %v:\n%s", err, out)
			}
			out, err = run("lint", "--strict", dir)
			if err == nil {
				t.Errorf("helm lint --strict without the values passed:\n%s", out)
			}
			set := []string{"--set", "unresolved." + keys[0] + "=1.27", "--set", "unresolved." + keys[1] + "=debug"}
			out, err = run(append([]string{"template", "r", dir}, set...)...)
			if err != nil {
				t.Fatalf("helm template with the values: %v\n%s", err, out)
			}
			for _, want := range []string{`image: "nginx:1.27"`, `value: "debug"`} {
				if !strings.Contains(out, want) {
					t.Errorf("helm template lacks %q:\n%s", want, out)
				}
			}
			if out, err := run(append([]string{"lint", "--strict", dir}, set...)...); err != nil {
				t.Errorf("helm lint --strict with the values: %v\n%s", err, out)
			}
		})
	}
}
