package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eksport/eksport/internal/awsfake"
)

func fakeAWS(t *testing.T, dirs []string, faults ...awsfake.Fault) *awsfake.Server {
	t.Helper()
	st, err := awsfake.LoadDirs(dirs...)
	if err != nil {
		t.Fatal(err)
	}
	srv := awsfake.Start(st, faults...)
	t.Cleanup(srv.Close)
	home := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(home, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, "credentials"))
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "fake-secret-for-signing")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, v := range []string{"AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	return srv
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	return files
}

// TestImportThenConvert is the two-command path: eksport import against
// the fake serving the golden application's inputs, then eksport convert
// of the folder with the golden's configuration, gives the golden's
// manifests. A second import changes nothing.
func TestImportThenConvert(t *testing.T) {
	srv := fakeAWS(t, []string{"../../../../golden/orders-platform/input"})
	dir := filepath.Join(t.TempDir(), "ecs")
	var stdout, stderr bytes.Buffer
	args := []string{"--region", "eu-west-1", "--endpoint-url", srv.URL, "--cluster", "prod", "-o", dir}
	if code := Main(append([]string{"import"}, args...), nil, &stdout, &stderr); code != ExitOK {
		t.Fatalf("import exit %d:\n%s", code, stderr.String())
	}
	if stdout.Len() > 0 {
		t.Errorf("import printed on standard output: %s", stdout.String())
	}
	if strings.Contains(stderr.String(), "services\n") {
		t.Errorf("progress printed while standard error is not a terminal:\n%s", stderr.String())
	}
	first := snapshot(t, dir)
	stderr.Reset()
	if code := Main(append([]string{"import"}, args...), nil, &stdout, &stderr); code != ExitOK {
		t.Fatalf("second import exit %d:\n%s", code, stderr.String())
	}
	if second := snapshot(t, dir); !mapsEqual(first, second) {
		t.Errorf("a second import changed the folder")
	}

	out := filepath.Join(t.TempDir(), "k8s")
	stderr.Reset()
	if code := Main([]string{"convert", "--config", "../../../../golden/orders-platform/eksport.yaml", "-o", out, dir}, nil, &stdout, &stderr); code != ExitOK {
		t.Fatalf("convert exit %d:\n%s", code, stderr.String())
	}
	got := snapshot(t, out)
	want := snapshot(t, "../../../../golden/orders-platform/expected/raw")
	for n, data := range want {
		if strings.HasPrefix(n, "migration-checklist.") {
			continue
		}
		if got[n] != data {
			t.Errorf("%s differs from the golden's", n)
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok && !strings.HasPrefix(n, ".") {
			t.Errorf("convert made %s, which the golden does not have", n)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestImportPartialFailure: a service whose task definition is refused is
// reported, the rest is written, the exit code is 1, and the refused
// service's files from an earlier import stay, still known as generated:
// the next import that reads everything needs no --force.
func TestImportPartialFailure(t *testing.T) {
	golden := "../../../../golden/orders-platform/input"
	ok := fakeAWS(t, []string{golden})
	bad := awsfake.Start(ok.State(), awsfake.Fault{Op: "ecs:DescribeTaskDefinition", Match: "orders-worker", Code: "AccessDeniedException"})
	defer bad.Close()
	dir := t.TempDir()
	importFrom := func(url string, want int, extra ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := Main(append([]string{"import", "--region", "eu-west-1", "--endpoint-url", url, "-o", dir}, extra...), nil, &stdout, &stderr)
		if code != want {
			t.Fatalf("exit %d, want %d:\n%s", code, want, stderr.String())
		}
		return stderr.String()
	}
	importFrom(ok.URL, ExitOK)
	before := snapshot(t, dir)
	stderr := importFrom(bad.URL, ExitInput)
	for _, want := range []string{"AccessDeniedException", `service "orders-worker" was not written`, "[import/service-skipped]"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if after := snapshot(t, dir); !mapsEqual(before, after) {
		t.Errorf("a partial failure changed the folder")
	}
	importFrom(ok.URL, ExitOK)
	if after := snapshot(t, dir); !mapsEqual(before, after) {
		t.Errorf("the import after the failure differs from the first")
	}
}

// TestImportStale: files of a service that no longer exists are removed
// by the next import of its cluster, and kept by an import of another
// cluster or of chosen services.
func TestImportStale(t *testing.T) {
	golden := "../../../../golden/orders-platform/input"
	both := fakeAWS(t, []string{golden, "../../../../internal/awsimport/testdata/shop"})
	// The same region after orders-worker was deleted.
	less := t.TempDir()
	data, err := os.ReadFile(filepath.Join(golden, "ecs", "services.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string][]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	doc["services"] = doc["services"][:1]
	data, _ = json.Marshal(doc)
	os.WriteFile(filepath.Join(less, "services.json"), data, 0o644)
	st, err := awsfake.LoadDirs(less, filepath.Join(golden, "taskdefs"), filepath.Join(golden, "scaling"), filepath.Join(golden, "events"), "../../../../internal/awsimport/testdata/shop")
	if err != nil {
		t.Fatal(err)
	}
	after := awsfake.Start(st)
	defer after.Close()

	dir := t.TempDir()
	importFrom := func(url string, extra ...string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := Main(append([]string{"import", "--region", "eu-west-1", "--endpoint-url", url, "-o", dir}, extra...), nil, &stdout, &stderr); code != ExitOK {
			t.Fatalf("exit %d:\n%s", code, stderr.String())
		}
	}
	importFrom(both.URL)
	worker := "prod/services/orders-worker.json"
	if _, ok := snapshot(t, dir)[worker]; !ok {
		t.Fatalf("no %s", worker)
	}
	importFrom(after.URL, "--cluster", "shop")
	importFrom(after.URL, "--cluster", "prod", "--service", "orders-api")
	if _, ok := snapshot(t, dir)[worker]; !ok {
		t.Errorf("an import of another cluster or of chosen services removed %s", worker)
	}
	importFrom(after.URL, "--cluster", "prod")
	files := snapshot(t, dir)
	if _, ok := files[worker]; ok {
		t.Errorf("%s was not removed when its cluster was imported without it", worker)
	}
	if _, ok := files["shop/services/web.json"]; !ok {
		t.Errorf("an import of prod removed shop's files")
	}
}

func TestImportUsage(t *testing.T) {
	for _, args := range [][]string{{"import"}, {"import", "--concurrency", "0", "-o", "x"}, {"import", "-o", "x", "extra"}} {
		var stdout, stderr bytes.Buffer
		if code := Main(args, nil, &stdout, &stderr); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}
