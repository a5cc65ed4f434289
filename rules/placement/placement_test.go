package placement

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/eksport/eksport/translate/config"
)

func TestFits(t *testing.T) {
	def := config.Config{}.TargetNodeGroups()
	amd, arm := def[0], def[1]
	fargate := config.NodeGroup{Name: "fp", Arch: "amd64", OS: "linux", Fargate: true}
	win := config.NodeGroup{Name: "win", Arch: "amd64", OS: "windows", Labels: map[string]string{"node.kubernetes.io/windows-build": "10.0.17763"}}
	affinity := func(key string, op corev1.NodeSelectorOperator, values ...string) *corev1.Affinity {
		return &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
			NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: []corev1.NodeSelectorRequirement{{Key: key, Operator: op, Values: values}}}}}}}
	}
	for _, tc := range []struct {
		name string
		spec corev1.PodSpec
		g    config.NodeGroup
		want string // "" fits, else a substring of the reason
	}{
		{"amd64 on amd64", corev1.PodSpec{NodeSelector: map[string]string{"kubernetes.io/arch": "amd64"}}, amd, ""},
		{"amd64 on arm64", corev1.PodSpec{NodeSelector: map[string]string{"kubernetes.io/arch": "amd64"}}, arm, "no kubernetes.io/arch=amd64"},
		{"windows on linux", corev1.PodSpec{NodeSelector: map[string]string{"kubernetes.io/os": "windows"}}, amd, "no kubernetes.io/os=windows"},
		{"windows 2019", corev1.PodSpec{NodeSelector: map[string]string{"kubernetes.io/os": "windows", "node.kubernetes.io/windows-build": "10.0.17763"}}, win, ""},
		{"affinity zone", corev1.PodSpec{Affinity: affinity("topology.kubernetes.io/zone", corev1.NodeSelectorOpIn, "us-east-1a")}, amd, "node affinity: topology.kubernetes.io/zone In"},
		{"affinity not arm", corev1.PodSpec{Affinity: affinity("kubernetes.io/arch", corev1.NodeSelectorOpNotIn, "arm64")}, amd, ""},
		{"fargate untolerated", corev1.PodSpec{}, fargate, "not tolerated"},
		{"fargate tolerated", corev1.PodSpec{Tolerations: []corev1.Toleration{{Key: "eks.amazonaws.com/compute-type", Operator: corev1.TolerationOpExists}}}, fargate, ""},
		{"node group label", corev1.PodSpec{NodeSelector: map[string]string{"eks.amazonaws.com/nodegroup": "general-arm64"}}, arm, ""},
	} {
		got := Fits(&tc.spec, tc.g)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: Fits = %q, want %q", tc.name, got, tc.want)
		}
	}
}
