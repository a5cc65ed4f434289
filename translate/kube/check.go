package kube

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// checkObject refuses objects that cannot be applied as they stand: no
// name, or template syntax where the output would carry it verbatim. It
// reports whether the object is usable.
func checkObject(o *ir.KubeObject, diags *diag.List) bool {
	md, isMap := o.Object["metadata"].(map[string]any)
	if !isMap || (o.Name() == "" && ir.Str(md["generateName"]) == "") {
		diags.Errorf(o.At("metadata.name"), "kube/invalid", "%s has no metadata.name", o.Kind())
		return false
	}
	var found []placeholder
	walkStrings(o.Object, "", func(path, s string) {
		if marker := templateMarker(s, templated(o, path)); marker != "" {
			found = append(found, placeholder{path, s, marker})
		}
	})
	if len(found) == 0 {
		return true
	}
	sort.SliceStable(found, func(i, j int) bool {
		a, b := o.At(found[i].path), o.At(found[j].path)
		return a.Line < b.Line || (a.Line == b.Line && a.Col < b.Col)
	})
	f := found[0]
	d := diags.Errorf(o.At(f.path), "kube/template", "%q holds %s template syntax, which would reach the cluster verbatim", f.value, f.marker)
	d.Notes = []string{"render the template (helm template, erb, your own tool) and convert its output"}
	if len(found) > 1 {
		d.Notes = append(d.Notes, plural(len(found)-1, "further placeholder")+" in this object")
	}
	return false
}

type placeholder struct{ path, value, marker string }

// templated says whether Go-template braces in a field are suspicious:
// in names, labels, annotations, images and account names they cannot be
// meant literally, while config files in ConfigMaps and container
// arguments often hold {{ }} on purpose (alerting templates, kubectl
// -o go-template).
func templated(o *ir.KubeObject, path string) bool {
	if (o.Kind() == "ConfigMap" || o.Kind() == "Secret") && (strings.HasPrefix(path, "data") || strings.HasPrefix(path, "stringData") || strings.HasPrefix(path, "binaryData")) {
		return false
	}
	for _, seg := range []string{"metadata.name", "metadata.namespace", "metadata.generateName", "metadata.labels", "metadata.annotations"} {
		if path == seg || strings.HasPrefix(path, seg+".") || strings.HasPrefix(path, seg+"[") || strings.Contains(path, "."+seg) {
			return true
		}
	}
	return strings.HasSuffix(path, ".image") || strings.HasSuffix(path, ".serviceAccountName")
}

// templateMarker names the template language a string is written in, or
// "" when it looks literal. ERB markers are never literal outside
// ConfigMap and Secret data; Go-template braces and ${VAR} only where
// braces says they cannot be meant.
func templateMarker(s string, braces bool) string {
	switch {
	case strings.Contains(s, "<%") && strings.Contains(s, "%>"):
		return "ERB"
	case !braces:
		return ""
	case strings.Contains(s, "{{") && strings.Contains(s, "}}"):
		return "Go/Helm"
	case strings.Contains(s, "${") && strings.Contains(s, "}"):
		return "shell/envsubst"
	}
	return ""
}

// walkStrings calls fn for every string value and map key under v, in
// sorted key order.
func walkStrings(v any, path string, fn func(path, s string)) {
	switch x := v.(type) {
	case map[string]any:
		keys := slices.AppendSeq(make([]string, 0, len(x)), maps.Keys(x))
		slices.Sort(keys)
		for _, k := range keys {
			p := ir.Path(path, k)
			fn(p, k)
			walkStrings(x[k], p, fn)
		}
	case []any:
		for i, e := range x {
			walkStrings(e, ir.Path(path, i), fn)
		}
	case string:
		fn(path, x)
	}
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// serverMeta are metadata fields the API server fills in; copied from an
// export (kubectl get -o yaml), they belong to the old cluster and some
// would make the new one refuse or misread the object.
var serverMeta = []string{"uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"}

// serverAnnotations are annotations the old cluster's tools wrote. The
// last applied configuration in particular repeats the whole object in its
// old apiVersion.
var serverAnnotations = []string{"kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision", "control-plane.alpha.kubernetes.io/leader"}

// clean removes what the old cluster's API server and tools added to an
// exported object, and reports it once per object.
func clean(o *ir.KubeObject, diags *diag.List) {
	var removed []string
	md := o.Metadata()
	for _, k := range serverMeta {
		if _, ok := md[k]; ok {
			delete(md, k)
			removed = append(removed, "metadata."+k)
		}
	}
	if refs, ok := md["ownerReferences"]; ok {
		delete(md, "ownerReferences")
		diags.Warnf(o.At("metadata.ownerReferences"), "kube/owner-references", "%s: ownerReferences name objects of the old cluster by uid; they are removed (kept, the new cluster's garbage collector would delete the object), %d reference(s)", o.ID(), len(ir.Slice(refs)))
	}
	ann := o.Annotations()
	for _, k := range serverAnnotations {
		if _, ok := ann[k]; ok {
			delete(ann, k)
			removed = append(removed, ir.Path("metadata.annotations", k))
		}
	}
	ir.DeleteEmpty(o.Object, "metadata", "annotations")
	if _, ok := o.Object["status"]; ok {
		delete(o.Object, "status")
		removed = append(removed, "status")
	}
	spec := ir.MapAt(o.Object, "spec")
	switch o.Kind() {
	case "Service":
		if ip := ir.Str(spec["clusterIP"]); ip != "" && ip != "None" {
			delete(spec, "clusterIP")
			delete(spec, "clusterIPs")
			removed = append(removed, "spec.clusterIP (an address of the old cluster's service range)")
		}
	case "Pod":
		if _, ok := spec["nodeName"]; ok {
			delete(spec, "nodeName")
			removed = append(removed, "spec.nodeName")
		}
	}
	if len(removed) > 0 {
		diags.Infof(o.Origin, "kube/server-fields", "%s: fields the old cluster filled in are removed: %s", o.ID(), strings.Join(removed, ", "))
	}
}
