package kube

import (
	"github.com/eksport/eksport/internal/kcheck"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Validate checks every object read from input manifests, as the rules
// leave it, with apimachinery's validations and a strict decoding into its
// k8s.io/api type (internal/kcheck): a port protocol "tcp", an Ingress
// host "<HOSTNAME>", a misspelt field or a bad quantity would otherwise be
// written unchanged and refused by the API server. Each problem is an
// error at its field's position in the input. Custom resources are left
// to the judge, which has their CRDs.
func Validate(objs []*ir.KubeObject, diags *diag.List) {
	for _, o := range objs {
		if o.Drop || !kcheck.Known(o.APIVersion(), o.Kind()) {
			continue
		}
		for _, p := range kcheck.Object(o.Object) {
			d := diags.Errorf(o.At(p.Path), "kube/invalid-field", "%s %q: %s", o.Kind(), o.Name(), p.Msg)
			d.Notes = []string{"the API server would refuse the object; fix it in the input"}
		}
	}
}
