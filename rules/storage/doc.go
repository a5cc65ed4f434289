// Package storage holds the rule that gives workloads the same data they had
// on ECS.
//
// # Rule storage
//
// EFS volumes become shared static PersistentVolumes (efs.csi.aws.com) with
// ReadWriteMany claims; service-managed EBS volumes become generic ephemeral
// volumes on an ebs.csi.aws.com StorageClass.
//
// EFS volumes become static PersistentVolumes on the EFS CSI driver
// (efs.csi.aws.com) with a ReadWriteMany claim; workloads in one namespace
// that mount the same file system, directory and access point share one
// volume and claim, so they see the same files, as tasks did. Transit
// encryption is always written out because the ECS default (off) and the
// driver's default (on) differ. Service-managed EBS volumes become generic
// ephemeral volumes on an ebs.csi.aws.com StorageClass that carries the
// volume type, IOPS, throughput, encryption, KMS key and file system type
// (xfs, ECS's default, where the service did not say).
package storage

import _ "embed" // the rule's documentation is this file's package comment

//go:embed doc.go
var doc string
