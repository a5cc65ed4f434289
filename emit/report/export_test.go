package report

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/internal/udiff"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
	"github.com/eksport/eksport/translate/kube"
)

// CheckWrites holds every JSON file Files writes, until stop is called,
// to what encoding/json makes of the same value, and counts them. Tests
// that call it must not run in parallel with other tests of Files.
func CheckWrites(tb testing.TB) (checked *atomic.Int64, stop func()) {
	checked = new(atomic.Int64)
	written = func(v any, data []byte) {
		checked.Add(1)
		want, err := marshal(v)
		if err != nil {
			tb.Error(err)
			return
		}
		if !bytes.Equal(data, want) {
			tb.Errorf("the writer differs from encoding/json on a %T:\n%s", v, udiff.Diff("encoding/json", want, "writer", data))
		}
	}
	return checked, func() { written = nil }
}

// DiagString is how the checklist prints a diagnostic, d.String().
func DiagString(d diag.Diagnostic) string { return diagString(d) }

// LegacyChecklist is the migration checklist (Markdown, JSON) as the
// report made it before the Collector: every rule and every lookup run
// over the whole list of objects, add-ons matched on the objects' printed
// form. Tests hold the Collector to it.
func LegacyChecklist(in Input) (md, js []byte, err error) {
	objs := in.Objects
	in.Objects, in.Collected = nil, nil
	c := build(in, false) // roles, warnings, counts and the Pod Identity agent
	var addOns []addOn
	for _, r := range legacyRules {
		var ids []string
		for _, o := range objs {
			if r.match(o) {
				ids = append(ids, o.ID())
			}
		}
		if len(ids) > 0 {
			why := r.why
			if r.name == "External Secrets Operator" {
				why += "; create the stores the ExternalSecrets name (provider aws): " + strings.Join(legacyStores(objs), ", ")
			}
			addOns = append(addOns, addOn{Name: r.name, Why: why, Objects: ids})
		}
	}
	c.AddOns = append(append([]addOn{}, addOns...), c.AddOns...)
	seen := map[string]bool{}
	for _, o := range objs {
		if o.Kind != "ExternalSecret" && o.Kind != "SecretProviderClass" {
			continue
		}
		for _, k := range remoteKeys(o.Value) {
			if !seen[k] {
				seen[k] = true
				c.Secrets = append(c.Secrets, k)
			}
		}
	}
	slices.Sort(c.Secrets)
	if missing := legacyMissingSecrets(objs); len(missing) > 0 {
		c.Create = missing
	}
	js, err = marshal(c)
	return c.markdown(), js, err
}

var legacyRules = []struct {
	name, why string
	match     func(emit.Object) bool
}{
	{"AWS Load Balancer Controller", "registers pods in target groups and provisions load balancers", func(o emit.Object) bool {
		return o.Kind == "TargetGroupBinding" || (o.Kind == "Ingress" && legacyIngressClass(o) == "alb") || (o.Kind == "Service" && strings.Contains(fmt.Sprint(o.Value), "service.k8s.aws/nlb"))
	}},
	{"Karpenter", "provisions nodes for the NodePools (their EC2NodeClass must exist)", func(o emit.Object) bool {
		return o.Kind == "NodePool" && strings.HasPrefix(o.APIVersion, "karpenter.sh/")
	}},
	{"KEDA", "runs the ScaledObjects' scalers", func(o emit.Object) bool { return strings.HasPrefix(o.APIVersion, "keda.sh/") }},
	{"metrics-server", "feeds CPU and memory utilization to the HorizontalPodAutoscalers", func(o emit.Object) bool { return o.Kind == "HorizontalPodAutoscaler" }},
	{"External Secrets Operator", "fills Secrets from Secrets Manager and Parameter Store; its identity needs read access to the secrets listed below", func(o emit.Object) bool { return o.Kind == "ExternalSecret" }},
	{"Secrets Store CSI driver with the AWS provider", "mounts the SecretProviderClasses' secrets and syncs them into Secrets (install the driver with secret syncing on: Helm value syncSecret.enabled=true)", func(o emit.Object) bool { return o.Kind == "SecretProviderClass" }},
	{"Amazon EFS CSI driver", "mounts the EFS file systems", func(o emit.Object) bool {
		return o.Kind == "PersistentVolume" && strings.Contains(fmt.Sprint(o.Value), "efs.csi.aws.com")
	}},
	{"Amazon EBS CSI driver", "provisions the EBS volumes", func(o emit.Object) bool {
		return (o.Kind == "StorageClass" || o.Kind == "PersistentVolume") && strings.Contains(fmt.Sprint(o.Value), "ebs.csi.aws.com")
	}},
}

func legacyStores(objs []emit.Object) []string {
	var out []string
	for _, o := range objs {
		m, ok := o.Value.(map[string]any)
		if o.Kind != "ExternalSecret" || !ok {
			continue
		}
		spec, _ := m["spec"].(map[string]any)
		ref, _ := spec["secretStoreRef"].(map[string]any)
		name, _ := ref["name"].(string)
		kind, _ := ref["kind"].(string)
		id := kind + "/" + name
		if kind == "SecretStore" && o.Namespace != "" {
			id = kind + "/" + o.Namespace + "/" + name
		}
		if name != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func legacyMissingSecrets(objs []emit.Object) []string {
	filled := map[string]bool{}
	wanted := map[string][]string{}
	for _, o := range objs {
		if o.Kind == "ExternalSecret" || o.Kind == "SecretProviderClass" || o.Kind == "Secret" {
			filled[o.Namespace+"/"+o.Name] = true
			continue
		}
		if _, generic := o.Value.(map[string]any); !generic && noKeyRefs[o.APIVersion+"/"+o.Kind] {
			continue
		}
		v, err := emit.Tree(o)
		if err != nil {
			continue
		}
		walk(v, func(ref map[string]any) {
			name, _ := ref["name"].(string)
			key, _ := ref["key"].(string)
			id := o.Namespace + "/" + name
			if !slices.Contains(wanted[id], key) {
				wanted[id] = append(wanted[id], key)
			}
		})
	}
	// The objects read from manifests: what translate/kube warns about
	// (kube/missing-reference), with the walker that makes the warnings.
	made, used := map[string]bool{}, map[string]bool{}
	for _, o := range objs {
		if o.Kind == "ServiceAccount" || o.Kind == "ConfigMap" {
			made[o.Kind+" "+o.Namespace+"/"+o.Name] = true
		}
		m, ok := o.Value.(map[string]any)
		if !ok {
			continue
		}
		t, _ := (&ir.KubeObject{Object: m}).PodTemplate()
		kube.PodReferences(ir.MapAt(t, "spec"), func(kind, name, _ string) {
			if kind != "Secret" {
				used[kind+" "+o.Namespace+"/"+name] = true
			} else if _, ok := wanted[o.Namespace+"/"+name]; !ok {
				wanted[o.Namespace+"/"+name] = nil
			}
		})
	}
	var out []string
	for id, keys := range wanted {
		if filled[id] {
			continue
		}
		if len(keys) == 0 {
			out = append(out, "Secret "+strings.TrimPrefix(id, "/"))
			continue
		}
		slices.Sort(keys)
		out = append(out, "Secret "+strings.TrimPrefix(id, "/")+": "+strings.Join(keys, ", "))
	}
	for id := range used {
		if !made[id] {
			kind, ref, _ := strings.Cut(id, " ")
			out = append(out, kind+" "+strings.TrimPrefix(ref, "/"))
		}
	}
	slices.Sort(out)
	return out
}

func legacyIngressClass(o emit.Object) string {
	t, err := emit.Tree(o)
	if err != nil {
		return ""
	}
	spec, _ := t["spec"].(map[string]any)
	if c, ok := spec["ingressClassName"].(string); ok {
		return c
	}
	md, _ := t["metadata"].(map[string]any)
	ann, _ := md["annotations"].(map[string]any)
	if c, ok := ann["kubernetes.io/ingress.class"].(string); ok {
		return c
	}
	return "alb"
}

// ChecklistJSON returns the checklist of in written as JSON by the
// report's writer and by encoding/json, for BenchmarkJSONWriter.
func ChecklistJSON(in Input) (direct func() []byte, library func() ([]byte, error)) {
	c := build(in, false)
	return func() []byte { return writeChecklist(&c) }, func() ([]byte, error) { return marshal(&c) }
}
