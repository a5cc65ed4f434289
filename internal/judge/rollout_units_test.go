package judge

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// ConfigNodeGroups reads the groups as translate/config declares them,
// with the judge's defaults for what a configuration does not say.
func TestConfigNodeGroups(t *testing.T) {
	gs := ConfigNodeGroups("testdata/rollout/good/declared-node-group.eksport.yaml")
	if len(gs) != 1 {
		t.Fatalf("got %d groups, want 1", len(gs))
	}
	g := gs[0]
	if g.Name != "batch-arm" || g.Arch != "arm64" || g.OS != "linux" || g.InstanceType != "m6g.xlarge" || g.Nodes != 0 || g.MaxNodes != 20 ||
		g.Labels["workload"] != "batch" || len(g.Taints) != 1 || g.Taints[0] != (corev1.Taint{Key: "dedicated", Value: "batch", Effect: corev1.TaintEffectNoSchedule}) {
		t.Errorf("got %+v", g)
	}
	if gs := ConfigNodeGroups("testdata/rollout/good/no-such.eksport.yaml"); gs != nil {
		t.Errorf("a missing configuration gives %v, want none", gs)
	}
}
