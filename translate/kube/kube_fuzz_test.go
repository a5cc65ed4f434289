package kube_test

import (
	"context"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/golden"
)

// FuzzKube runs the whole pipeline on one arbitrary YAML input, seeded with
// Kubernetes manifests (and every other golden input, since detection is
// part of what is fuzzed). The invariants are FuzzECS's.
func FuzzKube(f *testing.F) {
	for _, s := range []string{
		"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n      annotations:\n        iam.amazonaws.com/role: arn:aws:iam::123456789012:role/web\n    spec:\n      containers:\n      - name: web\n        image: nginx\n",
		"apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {k: v}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: b}\n  spec:\n    ports: [{port: 80}]\n",
		"apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: x\n  annotations:\n    kubernetes.io/ingress.class: nginx\nspec:\n  backend: {serviceName: a, servicePort: 80}\n---\napiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\n",
		"base: &b {apiVersion: v1, kind: ConfigMap}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: *b}\n",
	} {
		f.Add([]byte(s))
	}
	for _, c := range golden.AllCases(f) {
		for _, in := range c.Inputs {
			f.Add(in.Data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		golden.CountExec()
		in := eksport.Input{Files: []eksport.File{{Name: "in.yaml", Data: data}}}
		res, err := eksport.Translate(context.Background(), in, eksport.Options{})
		if err != nil {
			t.Fatalf("internal error: %v", err)
		}
		golden.CheckResult(t, res)
	})
}
