package ebscsi

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Rule is the EBS CSI rule.
var Rule = &rules.Rule{
	Name: "ebscsi",
	Doc:  rules.MustDoc(doc, "ebscsi"),
	Run:  run,
}

const (
	inTree = "kubernetes.io/aws-ebs"
	driver = "ebs.csi.aws.com"
	// topologyKey is the zone key the CSI driver provisions against (as
	// Kubernetes' CSI migration writes it).
	topologyKey = "topology.ebs.csi.aws.com/zone"
	// zoneLabel is the well-known zone label every EKS node carries.
	zoneLabel = "topology.kubernetes.io/zone"
)

var legacyZoneKeys = []string{"failure-domain.beta.kubernetes.io/zone", zoneLabel, topologyKey}

func run(p *rules.Pass) error {
	for _, o := range p.Model.Objects {
		if o.Drop {
			continue
		}
		switch {
		case o.Kind() == "StorageClass" && ir.Str(o.Object["provisioner"]) == inTree:
			storageClass(p, o)
		case o.Kind() == "PersistentVolume" && ir.MapAt(o.Object, "spec", "awsElasticBlockStore") != nil:
			volume(p, o)
		case o.Kind() == "PersistentVolumeClaim":
			claim(p, o)
		}
		if tmpl, path := o.PodTemplate(); tmpl != nil {
			inline(p, o, tmpl, path)
		}
	}
	return nil
}

// storageClass rewrites an in-tree EBS class for the CSI driver.
func storageClass(p *rules.Pass, o *ir.KubeObject) {
	o.Object["provisioner"] = driver
	params := ir.MapAt(o.Object, "parameters")
	out := map[string]any{}
	var zones []any
	var notes []string
	for _, k := range slices.Sorted(maps.Keys(params)) {
		v := params[k]
		switch strings.ToLower(k) {
		case "fstype":
			out["csi.storage.k8s.io/fstype"] = v
		case "zone":
			zones = append(zones, v)
		case "zones":
			for _, z := range strings.Split(ir.Str(v), ",") {
				if z = strings.TrimSpace(z); z != "" {
					zones = append(zones, z)
				}
			}
		case "iopspergb":
			out["iopsPerGB"] = v
			out["allowAutoIOPSPerGBIncrease"] = "true"
			notes = append(notes, "iopsPerGB: the driver may raise IOPS to the volume type's minimum (allowAutoIOPSPerGBIncrease), where the in-tree plugin capped them")
		case "type", "encrypted", "kmskeyid":
			out[k] = v
		default:
			out[k] = v
			p.Reportf(o.At(ir.Path("parameters", k)), diag.Warning, "unknown-parameter", "StorageClass %q: parameter %q is not one the in-tree plugin documented; the CSI driver refuses unknown parameters when it provisions", o.Name(), k)
		}
	}
	if _, ok := out["type"]; !ok {
		out["type"] = "gp3"
		notes = append(notes, "type gp3, the CSI driver's default, where the in-tree plugin created gp2")
	}
	o.Object["parameters"] = out
	if len(zones) > 0 {
		if len(ir.Slice(o.Object["allowedTopologies"])) > 0 {
			p.Reportf(o.At("parameters"), diag.Error, "zones-and-topologies", "StorageClass %q sets both zone(s) and allowedTopologies", o.Name())
		}
		o.Object["allowedTopologies"] = []any{map[string]any{"matchLabelExpressions": []any{map[string]any{"key": topologyKey, "values": zones}}}}
		notes = append(notes, "zone(s) became allowedTopologies on "+topologyKey)
	} else {
		for _, t := range ir.Slice(o.Object["allowedTopologies"]) {
			tm, _ := t.(map[string]any)
			for _, e := range ir.Slice(tm["matchLabelExpressions"]) {
				if em, ok := e.(map[string]any); ok && slices.Contains(legacyZoneKeys, ir.Str(em["key"])) {
					em["key"] = topologyKey
				}
			}
		}
	}
	d := p.Reportf(o.At("provisioner"), diag.Info, "storage-class", "StorageClass %q now provisions through the Amazon EBS CSI driver (%s)", o.Name(), driver)
	d.Notes = notes
}

// volume rewrites an in-tree EBS PersistentVolume as a static CSI volume
// over the same EBS volume.
func volume(p *rules.Pass, o *ir.KubeObject) {
	spec := ir.MapAt(o.Object, "spec")
	ebs := ir.MapAt(spec, "awsElasticBlockStore")
	delete(spec, "awsElasticBlockStore")
	id, zone := volumeID(ir.Str(ebs["volumeID"]))
	if !strings.HasPrefix(id, "vol-") {
		p.Reportf(o.At("spec.awsElasticBlockStore.volumeID"), diag.Error, "volume-id", "PersistentVolume %q: %q is not an EBS volume ID (vol-... or aws://ZONE/vol-...)", o.Name(), ir.Str(ebs["volumeID"]))
		return
	}
	csi := map[string]any{"driver": driver, "volumeHandle": id}
	if fs := ir.Str(ebs["fsType"]); fs != "" {
		csi["fsType"] = fs
	}
	if ebs["readOnly"] == true {
		csi["readOnly"] = true
	}
	if part, ok := ebs["partition"].(int64); ok && part != 0 {
		csi["volumeAttributes"] = map[string]any{"partition": fmt.Sprint(part)}
	}
	spec["csi"] = csi
	if zone == "" {
		labels := ir.MapAt(o.Object, "metadata", "labels")
		for _, k := range legacyZoneKeys {
			if z := ir.Str(labels[k]); z != "" {
				zone = z
				break
			}
		}
	}
	zone = affinity(spec, zone)
	if zone == "" {
		p.Reportf(o.At("spec"), diag.Warning, "volume-zone", "PersistentVolume %q: the volume's zone is unknown (no aws://ZONE/ volume ID, zone label or node affinity); pods may be scheduled where it cannot attach", o.Name()).Fix = "add a node affinity on " + zoneLabel + " for the volume's availability zone"
	}
	reclaim := ir.Str(spec["persistentVolumeReclaimPolicy"])
	spec["persistentVolumeReclaimPolicy"] = "Retain"
	claimant := bindClaim(p, o, spec)
	ann := o.Annotations()
	delete(ann, "pv.kubernetes.io/bound-by-controller")
	delete(ann, "pv.kubernetes.io/migrated-to")
	if ir.Str(ann["pv.kubernetes.io/provisioned-by"]) == inTree {
		ann["pv.kubernetes.io/provisioned-by"] = driver
	}
	ir.DeleteEmpty(o.Object, "metadata", "annotations")
	where := "in its zone"
	if zone != "" {
		where = "in " + zone
	}
	d := p.Reportf(o.At("spec"), diag.Warning, "rebind", "PersistentVolume %q now mounts EBS volume %s through the CSI driver with reclaim policy Retain%s; the data is re-bound, not copied: follow the steps before moving the workload", o.Name(), id, claimant)
	if reclaim != "" && reclaim != "Retain" {
		d.Notes = append(d.Notes, "its reclaim policy was "+reclaim+"; on EKS it is Retain, so deleting the claim keeps the volume (delete it in EC2 when it is no longer needed)")
	}
	d.Notes = append(d.Notes,
		"on the kOps cluster, set the old volume's reclaim policy to Retain first, so deleting its claim there cannot delete the data: kubectl patch pv "+o.Name()+` -p '{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}'`,
		"snapshot it: aws ec2 create-snapshot --volume-id "+id+" --description 'before EKS migration'",
		"stop the pods that mount it on the kOps cluster (scale to 0) and wait until the volume is available (detached); an EBS volume attaches to one node at a time",
		"apply this PersistentVolume before its claim; the claim binds to it by name and nothing new is provisioned",
		"the EKS cluster needs nodes "+where+" and the EBS CSI driver with permission to attach the volume (AmazonEBSCSIDriverPolicy; kms:CreateGrant on a customer-managed key if it is encrypted with one)",
	)
}

// volumeID splits aws://zone/vol-id into the volume ID and its zone.
func volumeID(v string) (string, string) {
	rest, ok := strings.CutPrefix(v, "aws://")
	if !ok {
		return v, ""
	}
	zone, id, ok := strings.Cut(rest, "/")
	if !ok {
		return strings.Trim(rest, "/"), ""
	}
	return strings.Trim(id, "/"), zone
}

// affinity makes the volume's node affinity name its zone with the
// well-known label, converting the deprecated zone keys, and returns the
// zone it names.
func affinity(spec map[string]any, zone string) string {
	terms := ir.Slice(ir.MapAt(spec, "nodeAffinity", "required")["nodeSelectorTerms"])
	for _, t := range terms {
		tm, _ := t.(map[string]any)
		for _, e := range ir.Slice(tm["matchExpressions"]) {
			em, _ := e.(map[string]any)
			if slices.Contains(legacyZoneKeys, ir.Str(em["key"])) {
				em["key"] = zoneLabel
				if vals := ir.Slice(em["values"]); zone == "" && len(vals) == 1 {
					zone = ir.Str(vals[0])
				}
			}
		}
	}
	if len(terms) == 0 && zone != "" {
		spec["nodeAffinity"] = map[string]any{"required": map[string]any{"nodeSelectorTerms": []any{
			map[string]any{"matchExpressions": []any{map[string]any{"key": zoneLabel, "operator": "In", "values": []any{zone}}}},
		}}}
	}
	return zone
}

// bindClaim keeps the volume bound to its claim: the claimRef without the
// old cluster's uid and resourceVersion (which would never match), or one
// made from the claim among the inputs that names the volume. It returns
// a phrase naming the claim for the report.
func bindClaim(p *rules.Pass, o *ir.KubeObject, spec map[string]any) string {
	if ref := ir.MapAt(spec, "claimRef"); ref != nil {
		for _, k := range []string{"uid", "resourceVersion"} {
			delete(ref, k)
		}
		return fmt.Sprintf(", bound to claim %s/%s", orDefault(ir.Str(ref["namespace"])), ir.Str(ref["name"]))
	}
	for _, c := range p.Model.Objects {
		if c.Kind() == "PersistentVolumeClaim" && !c.Drop && ir.Str(ir.MapAt(c.Object, "spec")["volumeName"]) == o.Name() {
			ref := map[string]any{"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": c.Name()}
			if c.Namespace() != "" {
				ref["namespace"] = c.Namespace()
			}
			spec["claimRef"] = ref
			return fmt.Sprintf(", bound to claim %s/%s", orDefault(c.Namespace()), c.Name())
		}
	}
	p.Reportf(o.At("spec"), diag.Warning, "unclaimed-volume", "PersistentVolume %q has no claimRef and no claim among the inputs names it; any claim of its class and size may bind it", o.Name())
	return ""
}

func orDefault(ns string) string {
	if ns == "" {
		return "default"
	}
	return ns
}

// claim removes the old cluster's binding annotations from a claim and
// moves the deprecated class annotation into the spec.
func claim(p *rules.Pass, o *ir.KubeObject) {
	ann := o.Annotations()
	if ann == nil {
		return
	}
	var removed []string
	for _, k := range []string{"pv.kubernetes.io/bind-completed", "pv.kubernetes.io/bound-by-controller", "volume.beta.kubernetes.io/storage-provisioner", "volume.kubernetes.io/storage-provisioner", "volume.kubernetes.io/selected-node"} {
		if _, ok := ann[k]; ok {
			delete(ann, k)
			removed = append(removed, k)
		}
	}
	if c, ok := ann["volume.beta.kubernetes.io/storage-class"]; ok {
		spec := ir.Ensure(o.Object, "spec")
		if _, set := spec["storageClassName"]; !set {
			spec["storageClassName"] = c
		}
		delete(ann, "volume.beta.kubernetes.io/storage-class")
		removed = append(removed, "volume.beta.kubernetes.io/storage-class (now spec.storageClassName)")
	}
	ir.DeleteEmpty(o.Object, "metadata", "annotations")
	if len(removed) > 0 {
		p.Reportf(o.At("metadata.annotations"), diag.Info, "claim-annotations", "PersistentVolumeClaim %q: the old cluster's binding annotations are removed: %s", o.Name(), strings.Join(removed, ", "))
	}
}

// inline reports in-tree EBS volumes written straight into pod templates.
func inline(p *rules.Pass, o *ir.KubeObject, tmpl map[string]any, path string) {
	for i, v := range ir.Slice(ir.MapAt(tmpl, "spec")["volumes"]) {
		vm, _ := v.(map[string]any)
		ebs := ir.MapAt(vm, "awsElasticBlockStore")
		if ebs == nil {
			continue
		}
		d := p.Reportf(o.At(ir.Path(path, "spec", "volumes", i, "awsElasticBlockStore")), diag.Warning, "inline-volume", "%s mounts EBS volume %s inline; EKS serves it only through CSI migration to the EBS CSI driver, and the pod can run only in the volume's zone", o.ID(), ir.Str(ebs["volumeID"]))
		d.Fix = "move it to a PersistentVolume (csi driver " + driver + ", volumeHandle the volume ID, Retain) and a claim"
	}
}
