package action

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

const taskdef = `{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
  "ulimits": [{"name": "nofile", "softLimit": 1, "hardLimit": 2}]}]}`

// run runs check.sh in work as the composite action does.
func run(t *testing.T, root, bin, work, args string) (code int, stdout, summary string) {
	t.Helper()
	sum := filepath.Join(t.TempDir(), "summary.md")
	cmd := exec.Command("bash", filepath.Join(root, "internal/action/check.sh"))
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "GITHUB_ACTION_PATH="+root, "GITHUB_STEP_SUMMARY="+sum, "EKSPORT_ARGS="+args, "RUNNER_TEMP="+t.TempDir())
	if bin != "" {
		cmd.Env = append(cmd.Env, "EKSPORT="+bin)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	s, _ := os.ReadFile(sum)
	return code, out.String(), string(s)
}

// TestAction runs the action's script against a stale and an up-to-date
// folder, building eksport from this checkout as the action does.
func TestAction(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	if err := os.MkdirAll(filepath.Join(work, "ecs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "ecs/web.json"), []byte(taskdef), 0o644); err != nil {
		t.Fatal(err)
	}

	// Stale (nothing generated yet): exit 1, the diff on stdout and in the
	// summary, the warning as an annotation on the input line.
	code, out, summary := run(t, root, "", work, "-o k8s/ ecs/")
	if code != 1 {
		t.Fatalf("stale folder: exit %d, want 1\n%s", code, out)
	}
	for _, want := range []string{"+++ k8s/web-deployment.yaml", "::warning file=ecs/web.json,line=2", "::error title=eksport::generated manifests are out of date"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(summary, "```diff\n--- /dev/null\n+++ k8s/") {
		t.Errorf("summary lacks the diff:\n%s", summary)
	}

	// Generate, then check again: up to date, exit 0, no summary.
	bin := filepath.Join(t.TempDir(), "eksport")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/eksport").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	gen := exec.Command(bin, "convert", "-o", "k8s/", "ecs/")
	gen.Dir = work
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("convert: %v\n%s", err, out)
	}
	code, out, summary = run(t, root, bin, work, "-o k8s/ ecs/")
	if code != 0 || summary != "" || strings.Contains(out, "::error") {
		t.Errorf("up-to-date folder: exit %d, summary %q\n%s", code, summary, out)
	}

	// A usage error and an empty input: exit 2.
	if code, out, _ := run(t, root, bin, work, "--format pdf ecs/"); code != 2 {
		t.Errorf("usage error: exit %d, want 2\n%s", code, out)
	}
	if code, out, _ := run(t, root, bin, work, "  "); code != 2 || !strings.Contains(out, "the args input is empty") {
		t.Errorf("empty args: exit %d, want 2\n%s", code, out)
	}
	// Arguments are split, never evaluated.
	if code, _, _ := run(t, root, bin, work, "-o k8s/ $(touch pwned) ecs/"); code == 0 {
		t.Error("an argument naming a missing file passed")
	}
	if _, err := os.Stat(filepath.Join(work, "pwned")); err == nil {
		t.Error("an argument was evaluated by the shell")
	}
}

// TestActionMetadata checks action.yml: a composite action whose step
// runs this script with the args input.
func TestActionMetadata(t *testing.T) {
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Name   string
		Inputs map[string]struct {
			Required bool
		}
		Runs struct {
			Using string
			Steps []struct {
				Shell string
				Run   string
				Env   map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	if a.Name == "" || a.Runs.Using != "composite" || len(a.Runs.Steps) != 1 || !a.Inputs["args"].Required {
		t.Fatalf("action.yml: %+v", a)
	}
	step := a.Runs.Steps[0]
	if step.Shell != "bash" || !strings.Contains(step.Run, "$GITHUB_ACTION_PATH/internal/action/check.sh") || step.Env["EKSPORT_ARGS"] != "${{ inputs.args }}" {
		t.Errorf("action.yml step: %+v", step)
	}
}
