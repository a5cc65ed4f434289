package awsimport_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/awsfake"
	"github.com/eksport/eksport/internal/awsimport"
)

// TestScheduleRoundTrip imports the shop cluster's Scheduler schedule
// (testdata/shop/schedule.json, in Europe/Paris) with the task definition
// it runs, and converts the import: the schedule becomes a CronJob in its
// time zone.
func TestScheduleRoundTrip(t *testing.T) {
	srv := awsfake.Start(load(t, filepath.Join(goldenApp, "input"), "testdata/shop"))
	defer srv.Close()
	res := run(t, srv, awsimport.Options{Clusters: []string{"shop"}})
	var in []eksport.File
	for _, f := range res.Files {
		if strings.HasPrefix(f.Path, "shop/schedules/") || strings.HasPrefix(f.Path, "shop/task-definitions/web-") {
			in = append(in, eksport.File{Name: f.Path, Data: f.Data})
		}
	}
	if len(in) != 2 {
		t.Fatalf("want the schedule and its task definition, got %d files", len(in))
	}
	out, err := eksport.Translate(context.Background(), eksport.Input{Files: in}, eksport.Options{NoReport: true})
	if err != nil {
		t.Fatal(err)
	}
	var cj string
	if out.Files != nil {
		for _, f := range out.Files.Files {
			if f.Path == "shop-report-cronjob.yaml" {
				cj = string(f.Data)
			}
		}
	}
	for _, want := range []string{"kind: CronJob\n", "schedule: 0 6 * * *\n", "timeZone: Europe/Paris\n"} {
		if !strings.Contains(cj, want) {
			t.Errorf("the converted schedule lacks %q:\n%s\n%v", want, cj, out.Diagnostics)
		}
	}
}
