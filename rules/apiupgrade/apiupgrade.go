package apiupgrade

import (
	"slices"
	"strconv"
	"strings"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Rule is the API upgrade rule.
var Rule = &rules.Rule{
	Name: "apiupgrade",
	Doc:  rules.MustDoc(doc, "apiupgrade"),
	Run:  run,
}

// move is one removed group/version/kind and where it goes.
type move struct {
	to        string // apiVersion it moves to; "" drops the object
	removedIn string // Kubernetes release that stopped serving it
	// fix makes the field changes; it reports false when the object
	// cannot be moved (and has said why).
	fix func(p *rules.Pass, o *ir.KubeObject, from string) bool
}

// removedVersions are group/versions Kubernetes serves no kind of any
// more; an object on one of them that moves has no entry is an error.
var removedVersions = map[string]string{
	"extensions/v1beta1":                      "1.22",
	"apps/v1beta1":                            "1.16",
	"apps/v1beta2":                            "1.16",
	"batch/v1beta1":                           "1.25",
	"batch/v2alpha1":                          "1.21",
	"policy/v1beta1":                          "1.25",
	"autoscaling/v2beta1":                     "1.25",
	"autoscaling/v2beta2":                     "1.26",
	"rbac.authorization.k8s.io/v1beta1":       "1.22",
	"rbac.authorization.k8s.io/v1alpha1":      "1.22",
	"scheduling.k8s.io/v1beta1":               "1.22",
	"scheduling.k8s.io/v1alpha1":              "1.22",
	"apiextensions.k8s.io/v1beta1":            "1.22",
	"apiregistration.k8s.io/v1beta1":          "1.22",
	"coordination.k8s.io/v1beta1":             "1.22",
	"certificates.k8s.io/v1beta1":             "1.22",
	"node.k8s.io/v1beta1":                     "1.25",
	"node.k8s.io/v1alpha1":                    "1.22",
	"discovery.k8s.io/v1beta1":                "1.25",
	"events.k8s.io/v1beta1":                   "1.25",
	"flowcontrol.apiserver.k8s.io/v1alpha1":   "1.21",
	"flowcontrol.apiserver.k8s.io/v1beta1":    "1.26",
	"flowcontrol.apiserver.k8s.io/v1beta2":    "1.29",
	"flowcontrol.apiserver.k8s.io/v1beta3":    "1.32",
	"settings.k8s.io/v1alpha1":                "1.20",
	"authentication.k8s.io/v1beta1":           "1.22",
	"authorization.k8s.io/v1beta1":            "1.22",
	"admissionregistration.k8s.io/v1beta1/MW": "", // placeholder, see moves
}

// moves lists every removed group/version/kind eksport moves, keyed by
// "apiVersion/Kind".
var moves = map[string]move{}

func add(from []string, kinds []string, to, removedIn string, fix func(*rules.Pass, *ir.KubeObject, string) bool) {
	for _, f := range from {
		for _, k := range kinds {
			moves[f+"/"+k] = move{to: to, removedIn: removedIn, fix: fix}
		}
	}
}

func init() {
	add([]string{"extensions/v1beta1", "apps/v1beta1", "apps/v1beta2"}, []string{"Deployment", "DaemonSet", "ReplicaSet", "StatefulSet"}, "apps/v1", "1.16", workload)
	add([]string{"apps/v1beta1", "apps/v1beta2"}, []string{"ControllerRevision"}, "apps/v1", "1.16", nil)
	add([]string{"extensions/v1beta1"}, []string{"NetworkPolicy"}, "networking.k8s.io/v1", "1.16", nil)
	add([]string{"extensions/v1beta1", "networking.k8s.io/v1beta1"}, []string{"Ingress"}, "networking.k8s.io/v1", "1.22", ingress)
	add([]string{"networking.k8s.io/v1beta1"}, []string{"IngressClass"}, "networking.k8s.io/v1", "1.22", nil)
	add([]string{"batch/v1beta1", "batch/v2alpha1"}, []string{"CronJob"}, "batch/v1", "1.25", nil)
	add([]string{"policy/v1beta1"}, []string{"PodDisruptionBudget"}, "policy/v1", "1.25", pdb)
	add([]string{"extensions/v1beta1", "policy/v1beta1"}, []string{"PodSecurityPolicy"}, "", "1.25", psp)
	add([]string{"autoscaling/v2beta1"}, []string{"HorizontalPodAutoscaler"}, "autoscaling/v2", "1.25", hpaV2beta1)
	add([]string{"autoscaling/v2beta2"}, []string{"HorizontalPodAutoscaler"}, "autoscaling/v2", "1.26", nil)
	add([]string{"rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1"}, []string{"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}, "rbac.authorization.k8s.io/v1", "1.22", rbac)
	add([]string{"storage.k8s.io/v1beta1"}, []string{"StorageClass", "VolumeAttachment", "CSIDriver", "CSINode"}, "storage.k8s.io/v1", "1.22", nil)
	add([]string{"storage.k8s.io/v1beta1"}, []string{"CSIStorageCapacity"}, "storage.k8s.io/v1", "1.27", nil)
	add([]string{"scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1alpha1"}, []string{"PriorityClass"}, "scheduling.k8s.io/v1", "1.22", nil)
	add([]string{"apiextensions.k8s.io/v1beta1"}, []string{"CustomResourceDefinition"}, "apiextensions.k8s.io/v1", "1.22", crd)
	add([]string{"admissionregistration.k8s.io/v1beta1"}, []string{"MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"}, "admissionregistration.k8s.io/v1", "1.22", webhooks)
	add([]string{"apiregistration.k8s.io/v1beta1"}, []string{"APIService"}, "apiregistration.k8s.io/v1", "1.22", nil)
	add([]string{"coordination.k8s.io/v1beta1"}, []string{"Lease"}, "coordination.k8s.io/v1", "1.22", nil)
	add([]string{"node.k8s.io/v1beta1"}, []string{"RuntimeClass"}, "node.k8s.io/v1", "1.25", nil)
	add([]string{"discovery.k8s.io/v1beta1"}, []string{"EndpointSlice"}, "discovery.k8s.io/v1", "1.25", endpointSlice)
}

// Removed reports whether the API server no longer serves a kind at an
// apiVersion (the tests check that no output carries one).
func Removed(apiVersion, kind string) bool {
	if _, ok := moves[apiVersion+"/"+kind]; ok {
		return true
	}
	_, ok := removedVersions[apiVersion]
	return ok
}

func run(p *rules.Pass) error {
	for _, o := range p.Model.Objects {
		upgrade(p, o)
		if !o.Drop {
			references(p, o)
			rbacGroups(p, o)
		}
	}
	return nil
}

// upgrade moves one object to the version that replaced its own.
func upgrade(p *rules.Pass, o *ir.KubeObject) {
	from := o.APIVersion()
	m, ok := moves[from+"/"+o.Kind()]
	if !ok {
		if release, gone := removedVersions[from]; gone {
			// The target cluster's version says whether it still serves
			// the API: cluster.version below the release keeps it.
			if minor := p.Config.Cluster.Minor(); release != "" && minor < releaseMinor(release) {
				p.Reportf(o.At("apiVersion"), diag.Warning, "removed-later", "%s: %s is still served by Kubernetes 1.%d (cluster.version) and is kept, but it was removed in Kubernetes %s: rewrite it for a served version before the cluster is upgraded", o.ID(), from, minor, release)
			} else {
				p.Reportf(o.At("apiVersion"), diag.Error, "removed", "%s: %s was removed in Kubernetes %s and eksport has no upgrade for this kind; rewrite it for a served version", o.ID(), from, release)
			}
		}
		alphaAnnotations(p, o)
		return
	}
	if m.to == "" {
		if m.fix != nil {
			m.fix(p, o, from)
		}
		return
	}
	if m.fix != nil && !m.fix(p, o, from) {
		return
	}
	o.Object["apiVersion"] = m.to
	p.Reportf(o.At("apiVersion"), diag.Info, "upgraded", "%s: %s (removed in Kubernetes %s) is now %s", o.ID(), from, m.removedIn, m.to)
	alphaAnnotations(p, o)
}

// alphaAnnotations reports scheduler annotations from before Kubernetes
// 1.6 that old kOps add-ons still carry: they have long had no effect.
func alphaAnnotations(p *rules.Pass, o *ir.KubeObject) {
	tmpl, path := o.PodTemplate()
	if tmpl == nil {
		return
	}
	ann := ir.MapAt(tmpl, "metadata", "annotations")
	keys := make([]string, 0, len(ann))
	for k := range ann {
		if strings.HasPrefix(k, "scheduler.alpha.kubernetes.io/") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		at := o.At(ir.Path(path, "metadata", "annotations", k))
		switch k {
		case "scheduler.alpha.kubernetes.io/critical-pod":
			d := p.Reportf(at, diag.Warning, "critical-pod", "%s: the critical-pod annotation has had no effect since Kubernetes 1.16; the pods are not protected from eviction", o.ID())
			d.Fix = "set spec.priorityClassName: system-cluster-critical (or system-node-critical for per-node agents)"
		default:
			p.Reportf(at, diag.Info, "alpha-annotation", "%s: %s has had no effect since Kubernetes 1.6; spec fields (tolerations, affinity) replaced it", o.ID(), k)
		}
	}
}

// releaseMinor reads the minor version of a release ("1.32" -> 32).
func releaseMinor(release string) int {
	_, minor, _ := strings.Cut(release, ".")
	n, _ := strconv.Atoi(minor)
	return n
}
