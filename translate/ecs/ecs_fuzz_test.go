package ecs_test

import (
	"bytes"
	"context"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/golden"
)

// Application Auto Scaling and CloudWatch inputs only mean something next
// to the task definitions and services they scale, so these targets take
// two inputs: the rest of a golden case (as a txtar archive, mutated too)
// and the one file of the fuzzed shape. The invariants are FuzzECS's.

var (
	aasKeys   = []string{`ScalableTargets`, `ScalingPolicies`, `ScheduledActions`, `PolicyName`, `ScheduledActionName`, `ResourceId`}
	alarmKeys = []string{`MetricAlarms`, `CompositeAlarms`, `AlarmName`}
)

func FuzzAAS(f *testing.F)        { fuzzWithContext(f, aasKeys) }
func FuzzCloudWatch(f *testing.F) { fuzzWithContext(f, alarmKeys) }

func fuzzWithContext(f *testing.F, keys []string) {
	seeded := 0
	for _, c := range golden.AllCases(f) {
		for i, in := range c.Inputs {
			if !containsAny(in.Data, keys) {
				continue
			}
			ar := &txtar.Archive{}
			for j, o := range c.Inputs {
				if j != i {
					ar.Files = append(ar.Files, txtar.File{Name: o.Name, Data: o.Data})
				}
			}
			f.Add(txtar.Format(ar), in.Data)
			seeded++
		}
	}
	if seeded == 0 {
		f.Fatal("no golden input of this shape to seed from")
	}
	f.Fuzz(func(t *testing.T, others, data []byte) {
		golden.CountExec()
		var in eksport.Input
		for _, o := range txtar.Parse(others).Files {
			in.Files = append(in.Files, eksport.File{Name: "ctx/" + o.Name, Data: o.Data})
		}
		in.Files = append(in.Files, eksport.File{Name: "in.json", Data: data})
		res, err := eksport.Translate(context.Background(), in, eksport.Options{})
		if err != nil {
			t.Fatalf("internal error: %v", err)
		}
		golden.CheckResult(t, res)
	})
}

func containsAny(data []byte, keys []string) bool {
	for _, k := range keys {
		if bytes.Contains(data, []byte(k)) {
			return true
		}
	}
	return false
}
