package kube

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// isKops reports whether an object is kOps cluster state (kops.k8s.io,
// or the pre-1.6 "kops" group).
func isKops(o *ir.KubeObject) bool {
	g := o.Group()
	return g == "kops.k8s.io" || g == "kops"
}

// clusterAddons are the Cluster spec switches that install an add-on, in
// the order the report lists them.
var clusterAddons = []struct{ path []string }{
	{[]string{"awsLoadBalancerController"}},
	{[]string{"certManager"}},
	{[]string{"clusterAutoscaler"}},
	{[]string{"karpenter"}},
	{[]string{"metricsServer"}},
	{[]string{"nodeProblemDetector"}},
	{[]string{"nodeTerminationHandler"}},
	{[]string{"podIdentityWebhook"}},
	{[]string{"snapshotController"}},
	{[]string{"cloudConfig", "awsEBSCSIDriver"}},
}

// addKops reads a kOps Cluster or InstanceGroup. Other kOps kinds (SSH
// credentials, keysets) are state of the old cluster with nothing to
// carry over.
func (s *Set) addKops(o *ir.KubeObject, diags *diag.List) {
	spec, _ := o.Object["spec"].(map[string]any)
	switch o.Kind() {
	case "Cluster":
		c := &ir.KopsCluster{Name: o.Name(), KubernetesVersion: ir.Str(spec["kubernetesVersion"]), Origin: o.At("metadata.name")}
		if nw, ok := spec["networking"].(map[string]any); ok {
			for _, k := range sortedKeys(nw) {
				c.Networking = k
				break
			}
		}
		for _, a := range clusterAddons {
			if m := ir.MapAt(spec, a.path...); m != nil && m["enabled"] == true {
				c.Addons = append(c.Addons, strings.Join(a.path, "."))
			}
		}
		if ed := ir.MapAt(spec, "externalDns"); ed != nil {
			c.Addons = append(c.Addons, "externalDns")
		}
		c.IRSA = ir.MapAt(spec, "serviceAccountIssuerDiscovery")["enableAWSOIDCProvider"] == true
		s.Kops.Clusters = append(s.Kops.Clusters, c)
	case "InstanceGroup":
		ig := &ir.InstanceGroup{
			Name:    o.Name(),
			Cluster: ir.Str(ir.MapAt(o.Object, "metadata", "labels")["kops.k8s.io/cluster"]),
			Role:    ir.Str(spec["role"]),
			Manager: ir.Str(spec["manager"]),
			Origin:  o.At("metadata.name"),
		}
		for _, t := range strings.Split(ir.Str(spec["machineType"]), ",") {
			if t = strings.TrimSpace(t); t != "" && !slices.Contains(ig.MachineTypes, t) {
				ig.MachineTypes = append(ig.MachineTypes, t)
			}
		}
		mip := ir.MapAt(spec, "mixedInstancesPolicy")
		for _, t := range ir.Slice(mip["instances"]) {
			if t := ir.Str(t); t != "" && !slices.Contains(ig.MachineTypes, t) {
				ig.MachineTypes = append(ig.MachineTypes, t)
			}
		}
		ig.Spot = spec["maxPrice"] != nil || mip["spotAllocationStrategy"] != nil || (mip["onDemandAboveBase"] != nil && mip["onDemandAboveBase"] != int64(100))
		ig.MinSize = integer(spec["minSize"])
		ig.MaxSize = integer(spec["maxSize"])
		if labels, ok := spec["nodeLabels"].(map[string]any); ok {
			for _, k := range sortedKeys(labels) {
				ig.Labels = append(ig.Labels, ir.KeyValue{Key: k, Value: scalarString(labels[k])})
			}
		}
		for _, t := range ir.Slice(spec["taints"]) {
			if t := ir.Str(t); t != "" {
				ig.Taints = append(ig.Taints, t)
			}
		}
		for _, sn := range ir.Slice(spec["subnets"]) {
			ig.Subnets = append(ig.Subnets, ir.Str(sn))
		}
		s.Kops.InstanceGroups = append(s.Kops.InstanceGroups, ig)
	default:
		diags.Infof(o.Origin, "kube/kops-state", "kOps %s %q is state of the kOps cluster; EKS has no equivalent and it is not converted", o.Kind(), o.Name())
	}
}

func integer(v any) *int64 {
	if i, ok := v.(int64); ok {
		return &i
	}
	return nil
}

func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func sortedKeys(m map[string]any) []string {
	keys := slices.AppendSeq(make([]string, 0, len(m)), maps.Keys(m))
	slices.Sort(keys)
	return keys
}
