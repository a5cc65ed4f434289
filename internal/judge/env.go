package judge

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Root returns the eksport repository root: $EKSPORT_ROOT, or ../.. relative
// to the working directory (the package folder under `go test`).
func Root() (string, error) {
	root := os.Getenv("EKSPORT_ROOT")
	if root == "" {
		root = filepath.Join("..", "..")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(abs, "go.mod")); err != nil {
		return "", fmt.Errorf("EKSPORT_ROOT %s does not look like the eksport repository: %v", abs, err)
	}
	return abs, nil
}

// Shared returns the shared material folder: $EKSPORT_SHARED, or
// $EKSPORT_ROOT/../shared.
func Shared(root string) string {
	if s := os.Getenv("EKSPORT_SHARED"); s != "" {
		if abs, err := filepath.Abs(s); err == nil {
			return abs
		}
		return s
	}
	return filepath.Join(filepath.Dir(root), "shared")
}

// Tools names the binaries the judge runs: etcd and kube-apiserver for the
// validity checks, plus kube-controller-manager, kube-scheduler and kwok
// (with its lifecycle stages) for the simulated cluster.
type Tools struct {
	KubeAPIServer         string
	Etcd                  string
	KubeControllerManager string
	KubeScheduler         string
	Kwok                  string
	KwokStages            string // stages.yaml: kwok's node and pod lifecycle
}

// FindTools locates kube-apiserver and etcd: $EKSPORT_JUDGE_BIN, else
// ROOT/.tools/judge/bin as written by tools/build.sh. When they are missing it
// runs tools/build.sh (unless EKSPORT_JUDGE_NO_BUILD=1), logging to logf.
func FindTools(root string, logf func(string, ...any)) (Tools, error) {
	dir := os.Getenv("EKSPORT_JUDGE_BIN")
	custom := dir != ""
	if !custom {
		dir = filepath.Join(root, ".tools", "judge", "bin")
	}
	t := Tools{
		KubeAPIServer:         filepath.Join(dir, "kube-apiserver"),
		Etcd:                  filepath.Join(dir, "etcd"),
		KubeControllerManager: filepath.Join(dir, "kube-controller-manager"),
		KubeScheduler:         filepath.Join(dir, "kube-scheduler"),
		Kwok:                  filepath.Join(dir, "kwok"),
		KwokStages:            filepath.Join(dir, "kwok-stages.yaml"),
	}
	if t.ok() {
		return t, nil
	}
	if custom {
		return t, fmt.Errorf("EKSPORT_JUDGE_BIN=%s lacks one of kube-apiserver, etcd, kube-controller-manager, kube-scheduler, kwok, kwok-stages.yaml", dir)
	}
	script := filepath.Join(root, "internal", "judge", "tools", "build.sh")
	if os.Getenv("EKSPORT_JUDGE_NO_BUILD") == "1" {
		return t, fmt.Errorf("judge binaries missing in %s; run %s %s (or make e2e)", dir, script, root)
	}
	start := time.Now()
	logf("judge: binaries missing in %s; running %s (about 6 minutes cold)", dir, script)
	cmd := exec.Command("bash", script, root)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return t, fmt.Errorf("%s failed: %v\n%s", script, err, tail(string(out), 40))
	}
	logf("judge: build.sh finished in %s:\n%s", time.Since(start).Round(time.Second), tail(string(out), 10))
	if !t.ok() {
		return t, fmt.Errorf("%s succeeded but %s lacks one of the judge's binaries", script, dir)
	}
	return t, nil
}

func (t Tools) ok() bool {
	for _, p := range []string{t.KubeAPIServer, t.Etcd, t.KubeControllerManager, t.KubeScheduler, t.Kwok} {
		st, err := os.Stat(p)
		if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			return false
		}
	}
	st, err := os.Stat(t.KwokStages)
	return err == nil && st.Size() > 0
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// tailFile returns the last n lines of a file, or a note when unreadable.
func tailFile(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > 4*n {
			lines = lines[len(lines)-n:]
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
