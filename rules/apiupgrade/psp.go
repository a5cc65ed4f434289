package apiupgrade

import (
	"fmt"
	"slices"
	"strings"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// psp drops a PodSecurityPolicy (removed in Kubernetes 1.25) and suggests
// the Pod Security Admission level that allows what it allowed, as labels
// on the namespaces whose accounts were granted its use.
func psp(p *rules.Pass, o *ir.KubeObject, from string) bool {
	o.Drop = true
	spec := ir.MapAt(o.Object, "spec")
	level, why := pssLevel(spec)
	d := p.Reportf(o.At("apiVersion"), diag.Warning, "podsecuritypolicy", "%s: PodSecurityPolicy (%s) was removed in Kubernetes 1.25 and is left out; what it allowed matches the %s Pod Security Standard%s", o.ID(), from, level, why)
	label := "pod-security.kubernetes.io/enforce=" + level
	if ns := pspNamespaces(p.Model.Objects, o.Name()); len(ns) > 0 {
		d.Fix = fmt.Sprintf("label the namespace(s) %s with %s (and warn=%s to see violations first)", strings.Join(ns, ", "), label, level)
	} else {
		d.Fix = fmt.Sprintf("label the namespaces whose pods it admitted with %s (and warn=%s to see violations first)", label, level)
	}
	return true
}

var baselineCaps = []string{"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"}

var restrictedVolumes = []string{"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"}

// pssLevel maps a PodSecurityPolicy spec to the most restrictive Pod
// Security Standard that still admits what the policy admitted, and says
// why it is not stricter.
func pssLevel(spec map[string]any) (string, string) {
	var priv []string
	for _, f := range []string{"privileged", "hostNetwork", "hostPID", "hostIPC"} {
		if spec[f] == true {
			priv = append(priv, f)
		}
	}
	if len(ir.Slice(spec["hostPorts"])) > 0 {
		priv = append(priv, "hostPorts")
	}
	vols := strs(spec["volumes"])
	if slices.Contains(vols, "hostPath") || slices.Contains(vols, "*") {
		priv = append(priv, "hostPath volumes")
	}
	caps := strs(spec["allowedCapabilities"])
	for _, c := range caps {
		if !slices.Contains(baselineCaps, strings.TrimPrefix(strings.ToUpper(c), "CAP_")) {
			priv = append(priv, "capability "+c)
			break
		}
	}
	if len(ir.Slice(spec["allowedUnsafeSysctls"])) > 0 {
		priv = append(priv, "unsafe sysctls")
	}
	if slices.Contains(strs(spec["allowedProcMountTypes"]), "Unmasked") {
		priv = append(priv, "unmasked /proc")
	}
	if len(priv) > 0 {
		return "privileged", " (it allows " + strings.Join(priv, ", ") + ")"
	}
	var base []string
	if !slices.Contains(strs(spec["requiredDropCapabilities"]), "ALL") {
		base = append(base, "capabilities are not all dropped")
	}
	if spec["allowPrivilegeEscalation"] != false {
		base = append(base, "privilege escalation is allowed")
	}
	if rule := ir.Str(ir.MapAt(spec, "runAsUser")["rule"]); rule != "MustRunAsNonRoot" {
		base = append(base, "root users are allowed")
	}
	for _, v := range vols {
		if !slices.Contains(restrictedVolumes, v) {
			base = append(base, "volume type "+v+" is allowed")
			break
		}
	}
	if len(base) > 0 {
		return "baseline", " (not restricted: " + strings.Join(base, ", ") + ")"
	}
	return "restricted", ""
}

// pspNamespaces returns the namespaces whose service accounts were bound
// to a role that may use the named policy.
func pspNamespaces(objs []*ir.KubeObject, name string) []string {
	roles := map[string]bool{} // kind/namespace/name
	for _, o := range objs {
		if o.Kind() != "Role" && o.Kind() != "ClusterRole" {
			continue
		}
		for _, r := range ir.Slice(o.Object["rules"]) {
			rm, _ := r.(map[string]any)
			if slices.Contains(strs(rm["resources"]), "podsecuritypolicies") && (slices.Contains(strs(rm["verbs"]), "use") || slices.Contains(strs(rm["verbs"]), "*")) {
				if names := strs(rm["resourceNames"]); len(names) == 0 || slices.Contains(names, name) {
					roles[o.Kind()+"/"+o.Namespace()+"/"+o.Name()] = true
				}
			}
		}
	}
	var out []string
	addNS := func(ns string) {
		if ns == "" {
			ns = "default"
		}
		if !slices.Contains(out, ns) {
			out = append(out, ns)
		}
	}
	for _, o := range objs {
		if o.Kind() != "RoleBinding" && o.Kind() != "ClusterRoleBinding" {
			continue
		}
		ref := ir.MapAt(o.Object, "roleRef")
		refNS := ""
		if ir.Str(ref["kind"]) == "Role" {
			refNS = o.Namespace()
		}
		if !roles[ir.Str(ref["kind"])+"/"+refNS+"/"+ir.Str(ref["name"])] {
			continue
		}
		for _, s := range ir.Slice(o.Object["subjects"]) {
			sm, _ := s.(map[string]any)
			switch ir.Str(sm["kind"]) {
			case "ServiceAccount":
				ns := ir.Str(sm["namespace"])
				if ns == "" {
					ns = o.Namespace()
				}
				addNS(ns)
			case "Group":
				if g := ir.Str(sm["name"]); strings.HasPrefix(g, "system:serviceaccounts:") {
					addNS(strings.TrimPrefix(g, "system:serviceaccounts:"))
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

func strs(v any) []string {
	var out []string
	for _, e := range ir.Slice(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
