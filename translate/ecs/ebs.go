package ecs

import (
	"fmt"

	"github.com/eksport/eksport/translate/ir"
)

// volumes reads the service's volumeConfigurations (from the PRIMARY
// deployment in describe-services output) for the task's volume that is
// configured at launch.
func (t *svcTx) volumes() {
	vcs := t.svc.VolumeConfigurations
	base := "volumeConfigurations"
	if len(vcs) == 0 {
		if p := primary(t.svc); p != nil && len(p.VolumeConfigurations) > 0 {
			vcs = p.VolumeConfigurations
			for i := range t.svc.Deployments {
				if deref(t.svc.Deployments[i].Status) == "PRIMARY" {
					base = fmt.Sprintf("deployments[%d].volumeConfigurations", i)
				}
			}
		}
	}
	if t.def.launchVolume != "" && len(vcs) == 0 {
		t.l.diags.Warnf(t.pos(""), "ecs/launch-volume", "task definition volume %q is configured at launch, but the service has no volumeConfigurations for it: the pods get an empty volume", t.def.launchVolume)
	}
	for i, vc := range vcs {
		p := fmt.Sprintf("%s[%d]", base, i)
		name := deref(vc.Name)
		if t.def.launchVolume == "" || name != t.def.launchVolume {
			t.l.diags.Errorf(t.pos(p+".name"), "ecs/unknown-volume", "volume configuration %q names no volume of the task definition that is configured at launch", name)
			continue
		}
		ebs := vc.ManagedEBSVolume
		if ebs == nil {
			t.l.diags.Errorf(t.pos(p), "ecs/missing-field", "volume configuration %q has no managedEBSVolume", name)
			continue
		}
		v := ir.EBSVolume{
			Volume: t.def.w.LaunchVolume, SizeGiB: deref(ebs.SizeInGiB), Type: deref(ebs.VolumeType),
			IOPS: ebs.Iops, Throughput: ebs.Throughput, Encrypted: ebs.Encrypted, KMSKeyID: deref(ebs.KmsKeyId),
			FSType: deref(ebs.FilesystemType), SnapshotID: deref(ebs.SnapshotId), InitRate: ebs.VolumeInitializationRate, Origin: t.pos(p + ".managedEBSVolume"),
		}
		for _, spec := range ebs.TagSpecifications {
			for _, tag := range spec.Tags {
				v.Tags = append(v.Tags, ir.KeyValue{Key: deref(tag.Key), Value: deref(tag.Value)})
			}
			if pt := deref(spec.PropagateTags); pt != "" && pt != "NONE" {
				t.l.diags.Warnf(t.pos(p+".managedEBSVolume.tagSpecifications"), "ecs/ebs-propagate-tags", "propagating %s tags to EBS volumes is not carried over; list the tags explicitly", pt)
			}
		}
		if t.onFargate() {
			t.l.diags.Warnf(t.pos(p), "ecs/ebs-fargate", "EBS volumes cannot be attached to pods on EKS Fargate; run this workload on EC2 nodes")
		}
		t.w.EBS = append(t.w.EBS, v)
	}
}

// onFargate says whether the service's tasks ran on Fargate: its launch
// type, or its capacity providers (describe-services keeps both in the
// PRIMARY deployment too).
func (t *svcTx) onFargate() bool {
	lt, strategy := deref(t.svc.LaunchType), t.svc.CapacityProviderStrategy
	if p := primary(t.svc); p != nil {
		if lt == "" {
			lt = deref(p.LaunchType)
		}
		if len(strategy) == 0 {
			strategy = p.CapacityProviderStrategy
		}
	}
	if lt == "FARGATE" {
		return true
	}
	for _, c := range strategy {
		if cp := deref(c.CapacityProvider); cp == "FARGATE" || cp == "FARGATE_SPOT" {
			return true
		}
	}
	return false
}
