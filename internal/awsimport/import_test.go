package awsimport_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/eksport/eksport/internal/awsfake"
	"github.com/eksport/eksport/internal/awsimport"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate"
)

const goldenApp = "../../golden/orders-platform"

// isolate keeps the SDK away from the machine's AWS files and variables.
func isolate(t *testing.T) {
	dir := t.TempDir()
	for _, v := range []string{"AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

func load(t *testing.T, dirs ...string) *awsfake.State {
	t.Helper()
	st, err := awsfake.LoadDirs(dirs...)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func run(t *testing.T, srv *awsfake.Server, opts awsimport.Options) *awsimport.Result {
	t.Helper()
	isolate(t)
	ctx := context.Background()
	cfg, err := awsimport.LoadConfig(ctx, awsimport.ConfigOptions{Region: "eu-west-1", EndpointURL: srv.URL, Concurrency: 4,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "fake-secret-for-signing", "")})
	if err != nil {
		t.Fatal(err)
	}
	res, err := awsimport.Import(ctx, cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	if u := srv.Unsigned(); len(u) > 0 {
		t.Errorf("unsigned requests: %v", u)
	}
	return res
}

func diagText(t *testing.T, res *awsimport.Result) string {
	var b strings.Builder
	for _, d := range res.Diagnostics {
		b.WriteString(d.Pos.String() + ": " + d.Severity.String() + ": " + d.Pos.Path + ": " + d.Message + " [" + d.Code + "]\n")
	}
	return b.String()
}

// convertFiles runs the translator on imported files with the golden
// application's configuration, and returns its manifests (the migration
// checklist, which cites input files and lines, aside).
func convertFiles(t *testing.T, files []translate.File) golden.Outputs {
	t.Helper()
	c := golden.FromDir(t, goldenApp)
	c.Inputs = files
	out := golden.Translate(t, c)
	manifests := golden.Outputs{}
	for n, data := range out {
		if rest, ok := strings.CutPrefix(n, "out/"); ok && !strings.HasPrefix(rest, "migration-checklist.") {
			manifests[rest] = data
		}
	}
	return manifests
}

// TestGoldenRoundTrip serves the golden application's own input files
// from the fake, imports its cluster, and converts the import: the
// manifests are those of the golden's expected output. A second import is
// byte-identical.
func TestGoldenRoundTrip(t *testing.T) {
	srv := awsfake.Start(load(t, filepath.Join(goldenApp, "input")))
	defer srv.Close()
	res := run(t, srv, awsimport.Options{Clusters: []string{"prod"}})
	for _, d := range res.Diagnostics {
		if d.Severity.String() == "error" {
			t.Errorf("import error: %s", diagText(t, res))
			break
		}
	}
	var files []translate.File
	for _, f := range res.Files {
		files = append(files, translate.File{Name: "import/" + f.Path, Data: f.Data})
	}
	got := convertFiles(t, files)
	want := convertFiles(t, golden.FromDir(t, goldenApp).Inputs)
	if len(got) == 0 {
		t.Fatal("no manifests")
	}
	for n, data := range want {
		if !bytes.Equal(got[n], data) {
			t.Errorf("%s differs:\n%s", n, golden.Diff("golden", data, "imported", got[n]))
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			t.Errorf("the import makes %s, which the golden does not", n)
		}
	}
	if t.Failed() {
		for _, f := range res.Files {
			t.Logf("%s:\n%s", f.Path, f.Data)
		}
	}

	again := run(t, srv, awsimport.Options{Clusters: []string{"prod"}})
	if !slices.EqualFunc(res.Files, again.Files, func(a, b awsimport.File) bool { return a.Path == b.Path && bytes.Equal(a.Data, b.Data) }) {
		t.Errorf("a second import differs")
	}
}
