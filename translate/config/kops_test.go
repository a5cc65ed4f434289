package config

import (
	"strings"
	"testing"
)

// TestKopsSettings reads the settings of the kOps rules: an empty
// karpenter object still turns NodePools on, and a misspelt key is a
// positioned error.
func TestKopsSettings(t *testing.T) {
	cfg, diags := Parse("eksport.yaml", []byte(`nodes:
  karpenter: {}
  instanceGroups:
    nodes:
      nodeSelector: {eks.amazonaws.com/nodegroup: general}
kube2iam:
  baseRoleARN: arn:aws:iam::111122223333:role/platform/
  keep: true
ingressClasses:
  nginx: alb
`))
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if cfg.Nodes.Karpenter == nil || cfg.Nodes.InstanceGroups["nodes"].NodeSelector["eks.amazonaws.com/nodegroup"] != "general" {
		t.Errorf("nodes: %+v", cfg.Nodes)
	}
	if !cfg.Kube2iam.Keep || cfg.Kube2iam.BaseRoleARN != "arn:aws:iam::111122223333:role/platform/" || cfg.IngressClasses["nginx"] != "alb" {
		t.Errorf("kube2iam %+v, ingress classes %v", cfg.Kube2iam, cfg.IngressClasses)
	}
	for _, bad := range []struct{ doc, want string }{
		{"kube2iam:\n  kep: true\n", `eksport.yaml:2:3: error: kube2iam.kep: unknown key "kep"`},
		{"kube2iam:\n  baseRoleARN: my-role\n", "eksport.yaml:2:16: error:"},
		{"nodes:\n  instanceGroups:\n    nodes: {}\n", "eksport.yaml:3:12: error:"},
	} {
		_, diags := Parse("eksport.yaml", []byte(bad.doc))
		if len(diags) == 0 || !strings.HasPrefix(diags[0].String(), bad.want) {
			t.Errorf("%q: got %v, want %s...", bad.doc, diags, bad.want)
		}
	}
}
