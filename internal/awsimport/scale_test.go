package awsimport

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/eksport/eksport/internal/awsfake"
)

// TestManyServicesBounded imports a cluster of 400 services, three to a
// task definition: each task definition is read once however many
// services run it, no answer stays in the memo after its last service,
// and the services are read by a bounded number of goroutines, not one
// each.
func TestManyServicesBounded(t *testing.T) {
	const services, perTaskDef = 400, 3
	dir := t.TempDir()
	put := func(name string, v any) {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const cluster = "arn:aws:ecs:eu-west-1:111122223333:cluster/big"
	families := 0
	for i := range services {
		fam := fmt.Sprintf("app-%03d", i/perTaskDef)
		arn := "arn:aws:ecs:eu-west-1:111122223333:task-definition/" + fam + ":1"
		if i%perTaskDef == 0 {
			families++
			put(fam+".td.json", map[string]any{"taskDefinition": map[string]any{
				"taskDefinitionArn": arn, "family": fam, "revision": 1,
				"containerDefinitions": []any{map[string]any{"name": "app", "image": "nginx:1.27", "essential": true}},
			}})
		}
		name := fmt.Sprintf("svc-%03d", i)
		put(name+".json", map[string]any{"services": []any{map[string]any{
			"serviceArn": "arn:aws:ecs:eu-west-1:111122223333:service/big/" + name, "serviceName": name,
			"clusterArn": cluster, "taskDefinition": arn, "desiredCount": 1, "status": "ACTIVE",
		}}})
	}
	st, err := awsfake.LoadDirs(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := awsfake.Start(st)
	defer srv.Close()
	srv.PageSize = 100
	home := t.TempDir()
	for _, v := range []string{"AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(home, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	ctx := context.Background()
	const concurrency = 4
	cfg, err := LoadConfig(ctx, ConfigOptions{Region: "eu-west-1", EndpointURL: srv.URL, Concurrency: concurrency,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "fake-secret-for-signing", "")})
	if err != nil {
		t.Fatal(err)
	}
	base := runtime.NumGoroutine()
	var mu sync.Mutex
	most := 0
	res, im, err := importWith(ctx, cfg, Options{Concurrency: concurrency, Progress: func(done, total int) {
		mu.Lock()
		most = max(most, runtime.NumGoroutine()-base)
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diagnostics.HasErrors() {
		t.Fatalf("errors: %v", res.Diagnostics)
	}
	written := 0
	for _, f := range res.Files {
		if strings.Contains(f.Path, "/services/") {
			written++
		}
	}
	if written != services {
		t.Errorf("%d services written, want %d", written, services)
	}
	if n := srv.CallsOf("ecs:DescribeTaskDefinition"); n != families {
		t.Errorf("DescribeTaskDefinition called %d times for %d task definitions", n, families)
	}
	for key := range im.memo.m {
		if strings.HasPrefix(key, "td ") {
			t.Errorf("the memo still holds %q after the import", key)
		}
	}
	// The workers (2 per request in flight), the fake's connections and
	// the transport's: far below one per service.
	if most > 8*concurrency {
		t.Errorf("%d goroutines beyond the test's while reading %d services; the workers should be bounded by the concurrency (%d)", most, services, concurrency)
	}
	t.Logf("at most %d goroutines beyond the test's", most)
}
