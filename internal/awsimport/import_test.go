package awsimport_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/awsfake"
	"github.com/eksport/eksport/internal/awsimport"
	"github.com/eksport/eksport/internal/golden"
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
	srv.VerifySignatures("AKIDEXAMPLE", "fake-secret-for-signing")
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
func convertFiles(t *testing.T, files []eksport.File) golden.Outputs {
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
	var progress []string
	res := run(t, srv, awsimport.Options{Clusters: []string{"prod"}, Progress: func(done, total int) {
		progress = append(progress, fmt.Sprintf("%d/%d", done, total))
	}})
	if strings.Join(progress, " ") != "1/2 2/2" {
		t.Errorf("progress %v, want 1/2 2/2", progress)
	}
	for _, d := range res.Diagnostics {
		if d.Severity.String() == "error" {
			t.Errorf("import error: %s", diagText(t, res))
			break
		}
	}
	var files []eksport.File
	for _, f := range res.Files {
		files = append(files, eksport.File{Name: "import/" + f.Path, Data: f.Data})
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

// TestClusterWithFaults imports every cluster of a fake region (the golden
// application's and a second one with a load balancer, Cloud Map, a
// Scheduler schedule and an EventBridge rule) while the fake throttles
// once and refuses one service's task definition.
func TestClusterWithFaults(t *testing.T) {
	srv := awsfake.Start(load(t, filepath.Join(goldenApp, "input"), "testdata/shop"),
		awsfake.Fault{Op: "ecs:DescribeServices", Code: "ThrottlingException", Times: 1},
		awsfake.Fault{Op: "elasticloadbalancing:DescribeTargetGroups", Code: "Throttling", Times: 1},
		awsfake.Fault{Op: "ecs:DescribeTaskDefinition", Match: "task-definition/broken", Code: "AccessDeniedException"})
	defer srv.Close()
	res := run(t, srv, awsimport.Options{})
	text := diagText(t, res)
	for _, want := range []string{
		"service/shop/broken: error: DescribeTaskDefinition: task definition arn:aws:ecs:eu-west-1:111122223333:task-definition/broken:1: AccessDeniedException",
		"service/shop/broken: error: : service \"broken\" was not written",
		"rule/shop-cleanup: warning: ListTargetsByRule: rule \"shop-cleanup\" has 1 ECS task target(s) on another cluster, which are not imported with this cluster",
		"service/shop/old: warning: DescribeServices: service \"old\" is DRAINING (being deleted); not imported",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, text)
		}
	}
	if n := srv.CallsOf("ecs:DescribeServices"); n != 3 {
		t.Errorf("DescribeServices was called %d times; want 3 (one per cluster, one retried after throttling)", n)
	}
	paths := map[string]bool{}
	for _, f := range res.Files {
		paths[f.Path] = true
	}
	for _, want := range []string{
		"prod/services/orders-api.json",
		"shop/services/web.json",
		"shop/services/canary.json",
		"shop/task-definitions/web-5.json",
		"shop/autoscaling/web.scalable-target.json",
		"shop/autoscaling/web.policy.web-requests.json",
		"shop/autoscaling/web.scheduled-action.web-night.json",
		"shop/alarms/web-latency.json",
		"shop/load-balancing/target-group.web.json",
		"shop/load-balancing/listener.shop-alb.f2f7dc8efc522ab2.json",
		"shop/load-balancing/listener.shop-alb.f2f7dc8efc522ab2.rule.9683b2d02a6cabee.json",
		"shop/service-discovery/web.srv-0123456789abcdef.json",
		"shop/scheduled-tasks/shop-cleanup.json",
		"shop/scheduled-tasks/orders.on-upload.json",
		"shop/schedules/default.shop-report.json",
	} {
		if !paths[want] {
			t.Errorf("no %s", want)
		}
	}
	for p := range paths {
		if strings.Contains(p, "broken") || strings.Contains(p, "services/old") || strings.Contains(p, "0467ef3c8400ae65") || strings.Contains(p, "aaaabbbbccccdddd") || strings.Contains(p, ".rule.default") {
			t.Errorf("%s should not be imported", p)
		}
	}
	for _, f := range res.Files {
		if f.Path == "shop/scheduled-tasks/shop-cleanup.json" {
			// The topic stays, for the conversion to note; the task on
			// another cluster goes.
			if !strings.Contains(string(f.Data), "shop-events") || strings.Contains(string(f.Data), "cluster/batch") {
				t.Errorf("%s holds the targets\n%s\nwant the cluster's task and the topic", f.Path, f.Data)
			}
		}
		for _, volatile := range []string{"runningCount", "pendingCount", "createdAt", "CreationTime", "CreationDate", "InstanceCount", "StateValue", "ecs-svc/", "\"events\""} {
			if strings.Contains(string(f.Data), volatile) {
				t.Errorf("%s holds %s", f.Path, volatile)
			}
		}
	}

	// Converting the cluster's folder notes the rule's topic as a target
	// that is not migrated, as converting the rule's other forms does.
	var shop []eksport.File
	for _, f := range res.Files {
		if strings.HasPrefix(f.Path, "shop/") {
			shop = append(shop, eksport.File{Name: f.Path, Data: f.Data})
		}
	}
	conv, err := eksport.Translate(t.Context(), eksport.Input{Files: shop}, eksport.Options{NoReport: true})
	if err != nil {
		t.Fatal(err)
	}
	noted := 0
	for _, d := range conv.Diagnostics {
		if d.Code == "events/not-ecs-target" && strings.Contains(d.Message, `target "notify"`) {
			noted++
		}
	}
	if noted != 1 {
		t.Errorf("converting the import notes the topic target %d times, want once:\n%v", noted, conv.Diagnostics)
	}

	if ops, want := srv.Operations(), documentedPolicy(t); !slices.Equal(ops, want) {
		t.Errorf("the import called\n  %s\nthe documented policy allows\n  %s", strings.Join(ops, "\n  "), strings.Join(want, "\n  "))
	}
}

// documentedPolicy reads the actions of the IAM policy in docs/import.md.
func documentedPolicy(t *testing.T) []string {
	data, err := os.ReadFile("../../docs/import.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "## IAM policy")
	_, block, ok2 := strings.Cut(rest, "```json\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("docs/import.md has no IAM policy block")
	}
	var policy struct {
		Statement []struct {
			Effect string
			Action []string
		}
	}
	if err := json.Unmarshal([]byte(block), &policy); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, s := range policy.Statement {
		if s.Effect != "Allow" {
			t.Fatalf("statement with effect %s", s.Effect)
		}
		actions = append(actions, s.Action...)
	}
	for _, a := range actions {
		_, op, _ := strings.Cut(a, ":")
		if strings.Contains(a, "*") || !(strings.HasPrefix(op, "Describe") || strings.HasPrefix(op, "List") || strings.HasPrefix(op, "Get")) ||
			strings.Contains(a, "Secret") || strings.HasPrefix(a, "ssm:") || strings.HasPrefix(a, "kms:") {
			t.Errorf("policy action %s is not a plain read", a)
		}
	}
	slices.Sort(actions)
	return actions
}

// TestInterrupted: a run stopped midway returns the context's error and
// no files.
func TestInterrupted(t *testing.T) {
	srv := awsfake.Start(load(t, filepath.Join(goldenApp, "input")))
	defer srv.Close()
	isolate(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg, err := awsimport.LoadConfig(ctx, awsimport.ConfigOptions{Region: "eu-west-1", EndpointURL: srv.URL,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "fake-secret-for-signing", "")})
	if err != nil {
		t.Fatal(err)
	}
	res, err := awsimport.Import(ctx, cfg, awsimport.Options{Progress: func(done, total int) { cancel() }})
	if err == nil || res != nil {
		t.Fatalf("an interrupted import returned %v, %v", res, err)
	}
}
