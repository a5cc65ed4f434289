package nodes

import (
	"fmt"
	"slices"
	"strings"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// addonsOnEKS says what each kOps add-on switch becomes on EKS.
var addonsOnEKS = map[string]string{
	"awsLoadBalancerController":   "install the AWS Load Balancer Controller (Helm chart eks/aws-load-balancer-controller) with an IRSA role",
	"certManager":                 "install cert-manager (EKS community add-on or Helm)",
	"clusterAutoscaler":           "use Karpenter, or install the Cluster Autoscaler with an IRSA role and node group auto-discovery tags",
	"karpenter":                   "install Karpenter for EKS (its NodePools can come from the instance groups: nodes.karpenter)",
	"metricsServer":               "install the metrics-server EKS add-on",
	"nodeProblemDetector":         "use the EKS node monitoring agent add-on",
	"nodeTerminationHandler":      "managed node groups and Karpenter's interruption queue drain nodes themselves; keep the handler only for self-managed node groups",
	"podIdentityWebhook":          "built into EKS: IRSA needs no webhook of your own",
	"snapshotController":          "install the snapshot-controller EKS add-on",
	"cloudConfig.awsEBSCSIDriver": "install the aws-ebs-csi-driver EKS add-on with an IRSA role (AmazonEBSCSIDriverPolicy)",
	"externalDns":                 "install external-dns with an IRSA role allowed to change the Route 53 zones",
}

// cluster reports what a kOps cluster ran that the EKS cluster must
// provide.
func cluster(p *rules.Pass, c *ir.KopsCluster) {
	var notes []string
	if c.Networking != "" && c.Networking != "amazonvpc" {
		cni := c.Networking
		if cni == "cni" {
			cni = "a CNI plugin installed outside kOps"
		}
		notes = append(notes, "networking: kOps ran "+cni+"; EKS uses the Amazon VPC CNI, which gives pods VPC addresses (enable its network policy agent, or run Calico for policy, if NetworkPolicies matter)")
	}
	for _, a := range c.Addons {
		if what, ok := addonsOnEKS[a]; ok {
			notes = append(notes, a+": "+what)
		}
	}
	if c.IRSA {
		notes = append(notes, "the kOps cluster already served IRSA; roles that trust its OIDC provider must trust the EKS cluster's instead")
	}
	version := c.KubernetesVersion
	if version == "" {
		version = "unknown"
	}
	d := p.Reportf(c.Origin, diag.Warning, "kops-cluster", "kOps cluster %q (Kubernetes %s) is not converted; create the EKS cluster and add-ons it needs separately", c.Name, version)
	d.Notes = notes
}

// report describes an instance group and what replaces it.
func report(p *rules.Pass, ig *ir.InstanceGroup, mapped map[string]string) {
	if !nodeRole(ig.Role) {
		what := "EKS runs the control plane itself"
		if ig.Role == "Bastion" {
			what = "reach nodes through AWS Systems Manager Session Manager instead, or keep a bastion outside the cluster"
		}
		p.Reportf(ig.Origin, diag.Info, "instance-group", "instance group %q (role %s) has no EKS counterpart: %s", ig.Name, ig.Role, what)
		return
	}
	var facts []string
	types := "no instance type"
	if len(ig.MachineTypes) > 0 {
		types = strings.Join(ig.MachineTypes, ", ")
	}
	facts = append(facts, "instance types "+types)
	if ig.Spot {
		facts = append(facts, "spot capacity")
	}
	facts = append(facts, "size "+size(ig.MinSize)+"-"+size(ig.MaxSize))
	if len(ig.Labels) > 0 {
		var l []string
		for _, kv := range ig.Labels {
			l = append(l, kv.Key+"="+kv.Value)
		}
		facts = append(facts, "labels "+strings.Join(l, ", "))
	}
	if len(ig.Taints) > 0 {
		facts = append(facts, "taints "+strings.Join(ig.Taints, ", "))
	}
	if len(ig.Subnets) > 0 {
		facts = append(facts, "subnets "+strings.Join(ig.Subnets, ", "))
	}
	target := "an EKS managed node group or a Karpenter NodePool with the same instance types, labels and taints"
	if p.Config.Nodes.Karpenter != nil {
		target = "Karpenter NodePool " + ig.Name
	}
	d := p.Reportf(ig.Origin, diag.Warning, "instance-group", "instance group %q (%s) needs %s", ig.Name, strings.Join(facts, "; "), target)
	if mapped != nil {
		d.Notes = append(d.Notes, "pods that selected it now select "+selectorText(mapped))
	} else {
		d.Notes = append(d.Notes, "pods that select it need a mapping: nodes.instanceGroups."+ig.Name+".nodeSelector in the configuration")
	}
}

func size(v *int64) string {
	if v == nil {
		return "?"
	}
	return fmt.Sprint(*v)
}

// restrictedDomains are label domains Karpenter refuses in a NodePool's
// template (it or the kubelet owns them).
var restrictedDomains = []string{"kubernetes.io", "k8s.io", "karpenter.sh", "karpenter.k8s.aws"}

func restricted(key string) bool {
	domain, _, ok := strings.Cut(key, "/")
	if !ok {
		return false
	}
	for _, r := range restrictedDomains {
		if domain == r || strings.HasSuffix(domain, "."+r) {
			return true
		}
	}
	return false
}

// nodePool emits a Karpenter NodePool for an instance group.
func nodePool(p *rules.Pass, ig *ir.InstanceGroup, mapped map[string]string) {
	class := p.Config.Nodes.Karpenter.NodeClass
	if class == "" {
		class = "default"
	}
	labels := map[string]any{}
	var skipped []string
	add := func(k, v string) {
		if restricted(k) {
			if !slices.Contains(skipped, k) {
				skipped = append(skipped, k)
			}
			return
		}
		labels[k] = v
	}
	for _, kv := range ig.Labels {
		add(kv.Key, kv.Value)
	}
	for k, v := range mapped {
		if k != nodePoolLabel {
			add(k, v)
		}
	}
	capacity := []any{"on-demand"}
	if ig.Spot {
		capacity = []any{"spot", "on-demand"}
	}
	reqs := []any{map[string]any{"key": "karpenter.sh/capacity-type", "operator": "In", "values": capacity}}
	if len(ig.MachineTypes) > 0 {
		var types []any
		for _, t := range ig.MachineTypes {
			types = append(types, t)
		}
		reqs = append(reqs, map[string]any{"key": "node.kubernetes.io/instance-type", "operator": "In", "values": types})
	}
	tspec := map[string]any{
		"nodeClassRef": map[string]any{"group": "karpenter.k8s.aws", "kind": "EC2NodeClass", "name": class},
		"requirements": reqs,
	}
	var taints []any
	for _, t := range ig.Taints {
		if tm := taint(t); tm != nil {
			taints = append(taints, tm)
		} else {
			p.Reportf(ig.Origin, diag.Warning, "taint", "instance group %q: taint %q is not key[=value]:Effect and is left out of the NodePool", ig.Name, t)
		}
	}
	if len(taints) > 0 {
		tspec["taints"] = taints
	}
	template := map[string]any{"spec": tspec}
	if len(labels) > 0 {
		template["metadata"] = map[string]any{"labels": labels}
	}
	obj := map[string]any{
		"apiVersion": "karpenter.sh/v1",
		"kind":       "NodePool",
		"metadata":   map[string]any{"name": ig.Name, "labels": map[string]any{"app.kubernetes.io/managed-by": "eksport"}},
		"spec":       map[string]any{"template": template},
	}
	p.Model.Objects = append(p.Model.Objects, &ir.KubeObject{Object: obj, Origin: ig.Origin, Generated: true, Order: len(p.Model.Objects)})
	d := p.Reportf(ig.Origin, diag.Info, "nodepool", "instance group %q becomes Karpenter NodePool %q on EC2NodeClass %q", ig.Name, ig.Name, class)
	if len(skipped) > 0 {
		d.Notes = append(d.Notes, "labels in domains Karpenter reserves are left out of the template: "+strings.Join(skipped, ", "))
	}
	if ig.MaxSize != nil {
		d.Notes = append(d.Notes, fmt.Sprintf("the group had at most %d nodes; set spec.limits (cpu, memory) to cap the NodePool likewise", *ig.MaxSize))
	}
}

// taint parses kOps's key[=value]:Effect.
func taint(s string) map[string]any {
	kv, effect, ok := strings.Cut(s, ":")
	if !ok || !slices.Contains([]string{"NoSchedule", "PreferNoSchedule", "NoExecute"}, effect) {
		return nil
	}
	k, v, _ := strings.Cut(kv, "=")
	t := map[string]any{"key": k, "effect": effect}
	if v != "" {
		t["value"] = v
	}
	return t
}
