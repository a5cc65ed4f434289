package ecs

import (
	"go/ast"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/scheduler"
)

// The Scheduler's disposition table (fields_scheduler.go) against the
// decoding structs (scheduler_types.go) and against the AWS SDK: by
// reflection over GetScheduleOutput and CreateScheduleInput, ignoring
// letter case, and exactly against the member names the SDK's rest-JSON
// deserializers match (the Scheduler SDK has no schemas package). The
// helpers are in fields_elbv2_test.go.

// schedulerSDKExcluded are fields of the operation structs that are not
// members of the JSON document.
var schedulerSDKExcluded = map[string]string{
	"ResultMetadata": "smithy middleware metadata of the call, never serialized",
}

func TestScheduleFieldsWellFormed(t *testing.T) {
	tablecheckWellFormed(t, ScheduleTable)
}

func TestScheduleFieldsMatchDecodingTypes(t *testing.T) {
	tablecheckRows(t, ScheduleTable, tablecheckDecoder(t, reflect.TypeFor[Schedule]()), false, "scheduler_types.go Schedule")
}

// TestScheduleSharedRowsAreTheRules holds the target rows a schedule shares
// with an EventBridge target to the same disposition, so that the two forms
// of a scheduled task cannot drift apart.
func TestScheduleSharedRowsAreTheRules(t *testing.T) {
	n := 0
	for _, f := range ScheduleFields {
		p, ok := strings.CutPrefix(f.Path, "Target.")
		if !ok {
			continue
		}
		ev, ok := EventTargetTable.Lookup(p)
		if !ok || slices.ContainsFunc(scheduleOwnFields, func(o Field) bool { return o.Path == f.Path }) {
			continue
		}
		n++
		if ev.Disp != f.Disp || ev.Kube != f.Kube || ev.Why != f.Why {
			t.Errorf("%s: %s %q %q, but the EventBridge target's %s is %s %q %q", f.Path, f.Disp, f.Kube, f.Why, p, ev.Disp, ev.Kube, ev.Why)
		}
	}
	if n < 30 {
		t.Errorf("only %d target rows shared with EventBridge's; the walk is broken", n)
	}
}

func TestScheduleFieldsMatchSDK(t *testing.T) {
	scheduleCheckSDK(t, nil)
}

func TestScheduleFieldsMatchSDKWireNames(t *testing.T) {
	dir := sdkSourceDir(t, reflect.TypeFor[scheduler.GetScheduleOutput]().PkgPath())
	scheduleCheckSDK(t, schedulerWireNames(t, filepath.Join(dir, "deserializers.go")))
}

// scheduleCheckSDK holds the table and the decoding struct against the
// union of GetScheduleOutput and CreateScheduleInput; with wire names the
// comparison is exact, without it ignores case.
func scheduleCheckSDK(t *testing.T, wire map[string]map[string]string) {
	t.Helper()
	fold := wire == nil
	if wire != nil {
		// CreateScheduleInput is serialized, not deserialized: its one
		// member GetScheduleOutput lacks is named here.
		create := map[string]string{"ClientToken": "ClientToken"}
		ct := reflect.TypeFor[scheduler.CreateScheduleInput]()
		for k, v := range wire["GetScheduleOutput"] {
			if _, ok := ct.FieldByName(k); ok {
				create[k] = v
			}
		}
		wire["CreateScheduleInput"] = create
	}
	w := &tablecheckSDK{unions: map[reflect.Type][]reflect.Type{}, wire: wire}
	all := w.walk(reflect.TypeFor[scheduler.GetScheduleOutput](), schedulerSDKExcluded)
	for p, k := range w.walk(reflect.TypeFor[scheduler.CreateScheduleInput](), schedulerSDKExcluded) {
		if old, ok := all[p]; ok && old != k {
			t.Errorf("SDK CreateScheduleInput.%s is a %s, GetScheduleOutput.%s a %s", p, k, p, old)
		}
		all[p] = k
	}
	name := "SDK GetScheduleOutput+CreateScheduleInput"
	dec := tablecheckDecoder(t, reflect.TypeFor[Schedule]())
	tablecheckRows(t, ScheduleTable, all, fold, name)
	tablecheckSameKeys(t, dec, all, fold, "scheduler_types.go Schedule", name)
	tablecheckKinds(t, dec, all, fold, "scheduler_types.go Schedule", name)
	sdkReport(t, w.errs)
}

// schedulerWireNames reads the SDK's rest-JSON deserializers: the
// case "Name": clauses of awsRestjson1_deserializeDocument<Shape> and
// awsRestjson1_deserializeOpDocument<Operation>Output (see sdkWireNames).
func schedulerWireNames(t *testing.T, file string) map[string]map[string]string {
	return sdkWireNames(t, file, "awsRestjson1", stringLiteral)
}

// stringLiteral returns "X" from the expression "X".
func stringLiteral(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}
