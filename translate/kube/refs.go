package kube

import (
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// CheckReferences warns about each ServiceAccount, Secret and ConfigMap a
// pod template names that is neither among the run's objects (read or
// made by a rule) nor one eksport creates for a workload: such an input
// is part of an application whose other manifests were not given, and
// its pods would not start on the new cluster until the object exists
// there (the API server refuses a pod whose ServiceAccount is missing; a
// kubelet does not start one whose Secret or ConfigMap is). The
// migration checklist lists the same objects under the ones to create
// (emit/report). The ServiceAccount "default" exists in every namespace
// and is never reported; references marked optional are not either.
func CheckReferences(m *ir.Model, diags *diag.List) {
	have := map[string]bool{}
	for _, o := range m.Objects {
		if !o.Drop {
			have[o.Kind()+" "+o.Namespace()+"/"+o.Name()] = true
		}
	}
	for _, sa := range m.ServiceAccounts {
		have["ServiceAccount "+sa.Namespace+"/"+sa.Name] = true
	}
	for _, o := range m.Objects {
		if o.Drop {
			continue
		}
		t, base := o.PodTemplate()
		if t == nil {
			continue
		}
		seen := map[string]bool{}
		PodReferences(ir.MapAt(t, "spec"), func(kind, name, path string) {
			id := kind + " " + o.Namespace() + "/" + name
			if have[id] || seen[id] {
				return
			}
			seen[id] = true
			d := diags.Warnf(o.At(ir.Path(base, "spec")+"."+path), "kube/missing-reference",
				"%s: its pods use %s %q, which is not among the inputs: it must exist on the new cluster before they can start", o.ID(), kind, name)
			d.Notes = []string{"the migration checklist lists it under \"Objects to create yourself\""}
			d.Fix = "apply the manifest that defines it with these, or create it on the new cluster"
		})
	}
}

// PodReferences calls fn for each ServiceAccount, Secret and ConfigMap a
// pod spec (generic form) names and needs, with the path of the field
// under the spec: the ServiceAccount (not "default"), image pull Secrets,
// secret and configMap volumes (projected ones too), and the containers'
// envFrom and env valueFrom. Optional references are skipped.
func PodReferences(spec map[string]any, fn func(kind, name, path string)) {
	if spec == nil {
		return
	}
	optional := func(m map[string]any) bool { b, _ := m["optional"].(bool); return b }
	if sa := ir.Str(spec["serviceAccountName"]); sa != "" && sa != "default" {
		fn("ServiceAccount", sa, "serviceAccountName")
	} else if sa := ir.Str(spec["serviceAccount"]); sa != "" && sa != "default" && ir.Str(spec["serviceAccountName"]) == "" {
		fn("ServiceAccount", sa, "serviceAccount")
	}
	for i, s := range ir.Slice(spec["imagePullSecrets"]) {
		if m, ok := s.(map[string]any); ok && ir.Str(m["name"]) != "" {
			fn("Secret", ir.Str(m["name"]), ir.Path("imagePullSecrets", i, "name"))
		}
	}
	for i, v := range ir.Slice(spec["volumes"]) {
		vm, _ := v.(map[string]any)
		if s, ok := vm["secret"].(map[string]any); ok && !optional(s) && ir.Str(s["secretName"]) != "" {
			fn("Secret", ir.Str(s["secretName"]), ir.Path("volumes", i, "secret", "secretName"))
		}
		if c, ok := vm["configMap"].(map[string]any); ok && !optional(c) && ir.Str(c["name"]) != "" {
			fn("ConfigMap", ir.Str(c["name"]), ir.Path("volumes", i, "configMap", "name"))
		}
		if p, ok := vm["projected"].(map[string]any); ok {
			for j, src := range ir.Slice(p["sources"]) {
				sm, _ := src.(map[string]any)
				if s, ok := sm["secret"].(map[string]any); ok && !optional(s) && ir.Str(s["name"]) != "" {
					fn("Secret", ir.Str(s["name"]), ir.Path("volumes", i, "projected", "sources", j, "secret", "name"))
				}
				if c, ok := sm["configMap"].(map[string]any); ok && !optional(c) && ir.Str(c["name"]) != "" {
					fn("ConfigMap", ir.Str(c["name"]), ir.Path("volumes", i, "projected", "sources", j, "configMap", "name"))
				}
			}
		}
	}
	for _, list := range []string{"initContainers", "containers"} {
		for i, c := range ir.Slice(spec[list]) {
			cm, _ := c.(map[string]any)
			for j, ef := range ir.Slice(cm["envFrom"]) {
				em, _ := ef.(map[string]any)
				if s, ok := em["secretRef"].(map[string]any); ok && !optional(s) && ir.Str(s["name"]) != "" {
					fn("Secret", ir.Str(s["name"]), ir.Path(list, i, "envFrom", j, "secretRef", "name"))
				}
				if s, ok := em["configMapRef"].(map[string]any); ok && !optional(s) && ir.Str(s["name"]) != "" {
					fn("ConfigMap", ir.Str(s["name"]), ir.Path(list, i, "envFrom", j, "configMapRef", "name"))
				}
			}
			for j, e := range ir.Slice(cm["env"]) {
				em, _ := e.(map[string]any)
				vf, _ := em["valueFrom"].(map[string]any)
				if s, ok := vf["secretKeyRef"].(map[string]any); ok && !optional(s) && ir.Str(s["name"]) != "" {
					fn("Secret", ir.Str(s["name"]), ir.Path(list, i, "env", j, "valueFrom", "secretKeyRef", "name"))
				}
				if s, ok := vf["configMapKeyRef"].(map[string]any); ok && !optional(s) && ir.Str(s["name"]) != "" {
					fn("ConfigMap", ir.Str(s["name"]), ir.Path(list, i, "env", j, "valueFrom", "configMapKeyRef", "name"))
				}
			}
		}
	}
}
