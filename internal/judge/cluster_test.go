package judge

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// TestDefaultCluster: cluster.yaml reads, and its nodes carry the labels
// and taints EKS puts on managed node group and Fargate nodes.
func TestDefaultCluster(t *testing.T) {
	c, err := DefaultCluster()
	if err != nil {
		t.Fatal(err)
	}
	arch := map[string]bool{}
	var fargate, windows bool
	for _, g := range c.NodeGroups {
		n := c.nodeFor(g, 4)
		if n.Labels["topology.kubernetes.io/zone"] != c.Zones[4%len(c.Zones)] {
			t.Errorf("%s: zone %q", n.Name, n.Labels["topology.kubernetes.io/zone"])
		}
		if n.Labels["kubernetes.io/arch"] != g.Arch || n.Status.NodeInfo.Architecture != g.Arch {
			t.Errorf("%s: arch label %q, nodeInfo %q, want %q", n.Name, n.Labels["kubernetes.io/arch"], n.Status.NodeInfo.Architecture, g.Arch)
		}
		if n.Annotations[nodeAnnotation] != "fake" {
			t.Errorf("%s: not marked for kwok", n.Name)
		}
		if g.Fargate {
			fargate = true
			if n.Labels["eks.amazonaws.com/compute-type"] != "fargate" || len(n.Spec.Taints) == 0 || n.Spec.Taints[0] != fargateTaint {
				t.Errorf("%s: Fargate node without its label or taint: %v %v", n.Name, n.Labels, n.Spec.Taints)
			}
			continue
		}
		arch[g.Arch] = true
		windows = windows || g.OS == "windows"
		if n.Labels["eks.amazonaws.com/nodegroup"] != g.Name {
			t.Errorf("%s: nodegroup label %q", n.Name, n.Labels["eks.amazonaws.com/nodegroup"])
		}
		if p := n.Status.Allocatable[corev1.ResourcePods]; p.Value() < 1 || p.Value() > 250 {
			t.Errorf("%s: allocatable pods %s", n.Name, p.String())
		}
	}
	if !arch["amd64"] || !arch["arm64"] || !fargate || !windows {
		t.Errorf("want amd64, arm64, Fargate and Windows nodes; have arch %v, Fargate %v, Windows %v", arch, fargate, windows)
	}
}

func TestParseClusterRejects(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"zones: [a]\nnodeGroups:\n- name: x\n  nodes: 1\n  allocatable: {cpu: 1, memory: 1Gi}\n", "allocatable.pods is required"},
		{"zones: [a]\nnodeGroups:\n- name: x\n  allocatable: {cpu: 1, memory: 1Gi, pods: 1}\n", "can never hold a pod"},
		{"zones: [a]\nnodeGroups:\n- name: x\n  alocatable: {}\n", "unknown field"},
		{"nodeGroups: []\n", "zones"},
		{"zones: [a]\nnodeGroups:\n- name: x\n  nodes: 1\n  allocatable: {cpu: lots, memory: 1Gi, pods: 1}\n", "allocatable.cpu"},
	} {
		_, err := ParseCluster("c.yaml", []byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

// TestPodFitsEmptyNode is what the judge's Cluster Autoscaler decides on.
func TestPodFitsEmptyNode(t *testing.T) {
	c, err := DefaultCluster()
	if err != nil {
		t.Fatal(err)
	}
	group := func(name string) NodeGroup {
		for _, g := range c.NodeGroups {
			if g.Name == name {
				return g
			}
		}
		t.Fatalf("no node group %s", name)
		return NodeGroup{}
	}
	pod := func(sel map[string]string, cpu string, tol ...corev1.Toleration) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p"}, Spec: corev1.PodSpec{NodeSelector: sel, Tolerations: tol,
			Containers: []corev1.Container{{Name: "c", Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu)}}}}}}
	}
	fargateTol := corev1.Toleration{Key: "eks.amazonaws.com/compute-type", Operator: corev1.TolerationOpEqual, Value: "fargate", Effect: corev1.TaintEffectNoSchedule}
	for _, tc := range []struct {
		pod   *corev1.Pod
		group string
		fits  bool
	}{
		{pod(map[string]string{"kubernetes.io/arch": "amd64"}, "1"), "general-amd64", true},
		{pod(map[string]string{"kubernetes.io/arch": "amd64"}, "1"), "general-arm64", false},
		{pod(nil, "8"), "general-amd64", false},
		{pod(nil, "8"), "large-amd64", true},
		{pod(nil, "16"), "large-arm64", true},
		{pod(nil, "64"), "large-amd64", false},
		{pod(nil, "1"), "fargate", false},
		{pod(nil, "1", fargateTol), "fargate", true},
		{pod(map[string]string{"kubernetes.io/os": "windows", "node.kubernetes.io/windows-build": "10.0.17763"}, "1"), "windows-2019", true},
		{pod(map[string]string{"kubernetes.io/os": "windows", "node.kubernetes.io/windows-build": "10.0.17763"}, "1"), "windows-2022", false},
	} {
		g := group(tc.group)
		if got, why := podFitsEmptyNode(tc.pod, podRequests(tc.pod), c.nodeFor(g, 0)); got != tc.fits {
			t.Errorf("pod %v cpu %v on %s: fits %v (%s), want %v", tc.pod.Spec.NodeSelector, tc.pod.Spec.Containers[0].Resources.Requests.Cpu(), tc.group, got, why, tc.fits)
		}
	}
}

func TestNodeGroupForNodePool(t *testing.T) {
	u := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "karpenter.sh/v1", "kind": "NodePool", "metadata": map[string]any{"name": "batch"},
		"spec": map[string]any{"template": map[string]any{
			"metadata": map[string]any{"labels": map[string]any{"team": "data"}},
			"spec": map[string]any{
				"requirements": []any{
					map[string]any{"key": "kubernetes.io/arch", "operator": "In", "values": []any{"arm64"}},
					map[string]any{"key": "karpenter.sh/capacity-type", "operator": "In", "values": []any{"spot"}},
				},
				"taints": []any{map[string]any{"key": "team", "value": "data", "effect": "NoSchedule"}},
			},
		}},
	}}
	g, err := nodeGroupForNodePool(3, u, []string{"us-east-1a"})
	if err != nil {
		t.Fatal(err)
	}
	n := ClusterSpec{Region: "us-east-1", Zones: []string{"us-east-1a"}}.nodeFor(g, 0)
	for k, v := range map[string]string{"karpenter.sh/nodepool": "batch", "kubernetes.io/arch": "arm64", "karpenter.sh/capacity-type": "spot", "team": "data"} {
		if n.Labels[k] != v {
			t.Errorf("label %s = %q, want %q", k, n.Labels[k], v)
		}
	}
	if _, ok := n.Labels["eks.amazonaws.com/nodegroup"]; ok {
		t.Errorf("a Karpenter node carries eks.amazonaws.com/nodegroup")
	}
	if len(n.Spec.Taints) != 1 || n.Spec.Taints[0].Key != "team" {
		t.Errorf("taints %v", n.Spec.Taints)
	}
}
