package kube_test

import (
	"context"
	"slices"
	"testing"

	"github.com/eksport/eksport"
)

// TestOrder checks how input order and install order combine: kinds in
// install order (namespaces first, custom resources last), input order
// within a kind, objects eksport made after the ones read, whatever order
// the files are given in.
func TestOrder(t *testing.T) {
	files := []eksport.File{
		{Name: "b.yaml", Data: []byte(`apiVersion: v1
kind: ConfigMap
metadata: {name: zz, namespace: app}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      annotations: {iam.amazonaws.com/role: "arn:aws:iam::111122223333:role/web"}
    spec: {containers: [{name: web, image: nginx}]}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: zz-reader, namespace: app}
`)},
		{Name: "a.yaml", Data: []byte(`apiVersion: v1
kind: ConfigMap
metadata: {name: mm, namespace: app}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web, namespace: app}
spec: {scaleTargetRef: {name: web}, triggers: [{type: cpu, metricType: Utilization, metadata: {value: "60"}}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: aa, namespace: app}
---
apiVersion: v1
kind: Namespace
metadata: {name: app}
`)},
	}
	want := []string{
		"Namespace//app",
		"ServiceAccount/app/zz-reader", // read
		"ServiceAccount/app/web",       // made by kube2iam
		"ConfigMap/app/mm",             // a.yaml, in file order
		"ConfigMap/app/aa",
		"ConfigMap/app/zz", // b.yaml
		"Deployment/app/web",
		"ScaledObject/app/web", // custom resources last
	}
	for _, order := range [][]eksport.File{files, {files[1], files[0]}} {
		res, err := eksport.Translate(context.Background(), eksport.Input{Files: order}, eksport.Options{NoReport: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range res.Objects {
			got = append(got, o.Kind+"/"+o.Namespace+"/"+o.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("order:\n got %v\nwant %v\ndiagnostics: %v", got, want, res.Diagnostics)
		}
	}
}
