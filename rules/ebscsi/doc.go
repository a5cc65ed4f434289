// Package ebscsi holds the rule that moves in-tree AWS EBS storage to the
// Amazon EBS CSI driver (ebs.csi.aws.com), which is the only way EKS
// attaches EBS volumes now that the in-tree plugin is gone.
//
// # Rule ebscsi
//
// Moves kubernetes.io/aws-ebs StorageClasses to ebs.csi.aws.com (gp3 by
// default, parameters mapped) and in-tree awsElasticBlockStore
// PersistentVolumes to static CSI volumes that keep the volume ID, Retain
// and the claim binding.
//
//   - StorageClasses with provisioner kubernetes.io/aws-ebs keep their name
//     (claims and StatefulSet templates refer to it) and get the CSI
//     provisioner, with parameters mapped as Kubernetes' own CSI migration
//     maps them: fsType becomes csi.storage.k8s.io/fstype, zone and zones
//     become allowedTopologies, iopsPerGB allows the driver to raise IOPS
//     to the volume type's minimum. A class that named no type gets gp3,
//     the CSI driver's default, where the in-tree plugin used gp2.
//   - PersistentVolumes with an in-tree awsElasticBlockStore source become
//     static CSI volumes with the same volume ID, so existing data is
//     re-bound rather than recreated: persistentVolumeReclaimPolicy Retain
//     (deleting a claim must never delete the data during a migration), a
//     node affinity on the volume's zone, and the claim binding kept (the
//     claimRef without the old cluster's uid, or one made from the claim
//     that names the volume). Each volume is reported with the snapshot
//     and re-binding steps.
//   - Claims lose the binding annotations the old cluster's controllers
//     wrote (they name its provisioner and nodes).
//   - Inline awsElasticBlockStore pod volumes are reported: they work only
//     through CSI migration and pin the pod to the volume's zone.
package ebscsi

import _ "embed" // the rule's documentation is this file's package comment

//go:embed doc.go
var doc string
