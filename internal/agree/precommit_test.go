package agree

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestPreCommit runs Debian's pre-commit (3.0.x) against a temporary git
// repository whose hook is the repository's own .pre-commit-hooks.yaml
// entry, made local (repo: local, language: system, the freshly built
// eksport binary), since remote hook repositories cannot be cloned
// offline: a commit with up-to-date manifests passes, one whose manifests
// are stale is rejected with the diff, and regenerating fixes it.
//
// It needs pre-commit and git on PATH; `make agree` installs pre-commit
// with apt-get when it is missing.
func TestPreCommit(t *testing.T) {
	preCommit, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Fatalf("pre-commit is not installed (Debian: apt-get install pre-commit; `make agree` does it when run as root): %v", err)
	}
	git, err := exec.LookPath("git")
	if err != nil {
		t.Fatalf("git is not installed: %v", err)
	}
	root := root(t)
	tmp := t.TempDir()
	eksport := filepath.Join(tmp, "bin", "eksport")
	build := exec.Command("go", "build", "-o", eksport, "./cmd/eksport")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/eksport: %v\n%s", err, out)
	}

	// The hook as users get it, run locally.
	var hooks []map[string]any
	data, err := os.ReadFile(filepath.Join(root, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	var hook map[string]any
	for _, h := range hooks {
		if h["id"] == "eksport-check" {
			hook = h
		}
	}
	if hook == nil {
		t.Fatal(".pre-commit-hooks.yaml has no eksport-check hook")
	}
	entry, _ := hook["entry"].(string)
	rest, ok := strings.CutPrefix(entry, "eksport ")
	if !ok {
		t.Fatalf("eksport-check's entry %q does not run eksport", entry)
	}
	hook["entry"] = eksport + " " + rest
	hook["language"] = "system"
	hook["args"] = []string{"--config", "eksport.yaml", "--format", "kustomize", "-o", "k8s", "ecs"}
	cfg, err := yaml.Marshal(map[string]any{"repos": []any{map[string]any{"repo": "local", "hooks": []any{hook}}}})
	if err != nil {
		t.Fatal(err)
	}

	repo := filepath.Join(tmp, "repo")
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(repo, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(),
		"PRE_COMMIT_HOME="+filepath.Join(tmp, "pre-commit-cache"),
		"GIT_AUTHOR_NAME=eksport", "GIT_AUTHOR_EMAIL=eksport@example.com",
		"GIT_COMMITTER_NAME=eksport", "GIT_COMMITTER_EMAIL=eksport@example.com",
		"GIT_CONFIG_NOSYSTEM=1", "HOME="+tmp,
	)
	run := func(name string, args ...string) (string, error) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = repo
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	must := func(name string, args ...string) string {
		t.Helper()
		out, err := run(name, args...)
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return out
	}

	write(".pre-commit-config.yaml", string(cfg))
	write("eksport.yaml", "namespace: shop\n")
	write("ecs/web.json", `{"family": "web", "containerDefinitions": [{"name": "web", "image": "web:1.0", "portMappings": [{"containerPort": 8080}]}]}`+"\n")
	must(git, "init", "-q", "-b", "main")
	must(preCommit, "install")
	must(eksport, "convert", "--config", "eksport.yaml", "--format", "kustomize", "-o", "k8s", "ecs")

	// Fresh manifests: the commit passes.
	must(git, "add", "-A")
	out := must(git, "commit", "-q", "-m", "fresh manifests")
	if !strings.Contains(out, "Passed") {
		t.Errorf("the hook did not report Passed:\n%s", out)
	}

	// A changed input without regenerating: the commit is rejected and the
	// hook prints what would change.
	write("ecs/web.json", `{"family": "web", "containerDefinitions": [{"name": "web", "image": "web:1.1", "portMappings": [{"containerPort": 8080}]}]}`+"\n")
	must(git, "add", "-A")
	out, err = run(git, "commit", "-q", "-m", "stale manifests")
	if err == nil {
		t.Fatalf("a commit with stale manifests passed the hook:\n%s", out)
	}
	for _, want := range []string{"Failed", "+++ k8s/base/web-deployment.yaml", "+      - image: web:1.1", "out of date"} {
		if !strings.Contains(out, want) {
			t.Errorf("the rejected commit's output lacks %q:\n%s", want, out)
		}
	}
	if log := must(git, "log", "--oneline"); strings.Count(log, "\n") != 1 {
		t.Errorf("the stale commit was recorded:\n%s", log)
	}

	// Regenerated: it passes again.
	must(eksport, "convert", "--config", "eksport.yaml", "--format", "kustomize", "-o", "k8s", "ecs")
	must(git, "add", "-A")
	must(git, "commit", "-q", "-m", "regenerated manifests")
}
