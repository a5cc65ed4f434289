package translate_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
)

// nothingLeft lists the error codes whose subject is the workload itself:
// with one of them there is no workload to write, lowered or not (no
// family or containers to build it from, a name that is a template, an
// input eksport cannot read, a service whose task definition is not
// there). Every other error is about one field, and lowering it
// (--diag CODE=warning) must keep the workload.
var nothingLeft = map[string]string{
	"ecs/missing-family":                "the family names the workload",
	"ecs/no-containers":                 "a pod needs a container",
	"ecs/invalid-name":                  "no name to give the workload",
	"ecs/template":                      "the name is a template, not a name",
	"ecs/unresolved-task-definition":    "the service has no pod to run",
	"events/unresolved-task-definition": "the scheduled task has no pod to run",
	"events/invalid-name":               "no name to give the CronJob",
	"ecs/missing-field":                 "some missing fields are the workload's own (serviceName, taskDefinition, a container's image)",
	"ecs/missing-image":                 "a container without an image cannot run",
	"input/unknown-shape":               "eksport cannot read the input",
	"source/empty":                      "there is no input",
	"source/truncated-json":             "eksport cannot read the input",
	"source/merge-conflict":             "eksport cannot read the input",
	"source/duplicate-key":              "eksport will not guess which value wins",
	"kube/duplicate":                    "the same object twice",
	"apiupgrade/removed":                "the manifest's API is gone, with nothing to move it to",
	"ecs/duplicate-container":           "the pod cannot hold two containers of one name",
	"ecs/dependency-cycle":              "no start order exists",
	"ecs/name-collision":                "another workload took the name",
	"kube/invalid":                      "the manifest has no name",
	"kube/template":                     "the manifest is a template",
	"aas/unresolved-service":            "scaling data without its service",
	"ecs/internal":                      "a bug in eksport",
	"events/target-without-rule":        "a target without its rule",
	"events/unknown-rule":               "a target without its rule",
}

// workloadKinds are the kinds a workload is written as.
var workloadKinds = []string{"Deployment", "DaemonSet", "StatefulSet", "CronJob", "Job"}

// TestLoweredErrorKeepsWorkload runs every golden case that reports an
// error again with each of its error codes lowered to a warning: the run
// must then succeed and still write its workloads. Before, a lowered
// error (an App Mesh task definition with ecs/proxy-configuration-unsupported
// lowered) made the workload vanish with exit 0: the most silent drop.
func TestLoweredErrorKeepsWorkload(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range golden.AllCases(t) {
		opts := c.Case.Options
		if c.Case.Config != nil {
			var cd diag.List
			opts.Config, cd = config.Parse("eksport.yaml", c.Case.Config)
			if cd.HasErrors() {
				continue
			}
		}
		in := translate.Input{Files: c.Case.Inputs, Environments: c.Case.Environments}
		res, err := translate.Translate(context.Background(), in, opts)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		codes := map[string]bool{}
		for _, d := range res.Diagnostics {
			if d.Severity == diag.Error {
				codes[d.Code] = true
			}
		}
		if len(codes) == 0 {
			continue
		}
		lowered := opts
		lowered.Policy.Override = maps.Clone(opts.Policy.Override)
		if lowered.Policy.Override == nil {
			lowered.Policy.Override = map[string]string{}
		}
		for code := range codes {
			lowered.Policy.Override[code] = "warning"
		}
		res, err = translate.Translate(context.Background(), in, lowered)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if res.Files == nil {
			t.Errorf("%s: with %s lowered, the run still fails: %v", c.Name, strings.Join(slices.Sorted(maps.Keys(codes)), ", "), res.Diagnostics)
			continue
		}
		lowerable := false
		for code := range codes {
			if _, ok := nothingLeft[code]; !ok {
				lowerable = true
				tested[code] = true
			}
		}
		if !lowerable {
			continue
		}
		if !slices.ContainsFunc(res.Objects, func(o emit.Object) bool { return slices.Contains(workloadKinds, o.Kind) }) {
			t.Errorf("%s: with %s lowered to a warning, no workload is written", c.Name, strings.Join(slices.Sorted(maps.Keys(codes)), ", "))
		}
	}
	// The codes of the issue that asked for this must be among the tested.
	for _, code := range []string{"ecs/proxy-configuration-unsupported", "ecs/load-balancer-ambiguous"} {
		if !tested[code] {
			t.Errorf("no case lowers %s", code)
		}
	}
	t.Logf("lowered error codes tested: %s", strings.Join(slices.Sorted(maps.Keys(tested)), ", "))
}
