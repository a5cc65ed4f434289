package storage

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/eksport/eksport/internal/kname"
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// Rule is the storage rule.
var Rule = &rules.Rule{
	Name:  "storage",
	Doc:   rules.MustDoc(doc, "storage"),
	Start: start,
}

// Handle builds the EFS CSI volume handle fs-id[:path][:fsap-id].
func Handle(v ir.EFSVolume) string {
	root := v.RootDirectory
	if root == "/" {
		root = ""
	}
	switch {
	case v.AccessPointID != "":
		return v.FileSystemID + ":" + root + ":" + v.AccessPointID
	case root != "":
		return v.FileSystemID + ":" + root
	}
	return v.FileSystemID
}

// storage gives each EFS volume a PersistentVolume, shared by the
// workloads that mount the same file system the same way, and each EBS
// volume an ephemeral claim.
type storage struct {
	p   *rules.Pass
	pvs map[string]int // namespace|handle|encryption|options -> index in Model.PersistentVolumes
}

func start(p *rules.Pass) rules.Stepper { return &storage{p: p, pvs: map[string]int{}} }

func (r *storage) Workload(w *ir.Workload) bool {
	p := r.p
	for _, v := range w.EFS {
		handle := Handle(v)
		var opts []string
		if v.IAM {
			opts = append(opts, "iam")
		}
		// The port is the TLS tunnel's; without TLS the mount helper
		// would take it for the NFS connection itself.
		if v.Port > 0 && v.Encrypt {
			opts = append(opts, "tlsport="+strconv.FormatInt(v.Port, 10))
		}
		enc := strconv.FormatBool(v.Encrypt)
		key := w.Namespace + "|" + handle + "|" + enc + "|" + strings.Join(opts, ",")
		i, ok := r.pvs[key]
		if !ok {
			// PersistentVolumes are cluster-wide: the namespace keeps
			// two runs into different namespaces apart.
			name := kname.Join("efs", handle)
			if w.Namespace != "" {
				name = kname.Join("efs", w.Namespace, handle)
			}
			for slices.ContainsFunc(p.Model.PersistentVolumes, func(pv ir.PersistentVolume) bool { return pv.Name == name }) {
				name = kname.Shorten(kname.Join(name, kname.Hash(key)), 63)
			}
			i = len(p.Model.PersistentVolumes)
			r.pvs[key] = i
			p.Model.PersistentVolumes = append(p.Model.PersistentVolumes, ir.PersistentVolume{
				Name: name, Namespace: w.Namespace, Driver: "efs.csi.aws.com", Handle: handle,
				// ECS leaves transit encryption off unless asked; the
				// driver turns it on unless told: always say which.
				Attributes:   map[string]string{"encryptInTransit": enc},
				MountOptions: opts,
				// EFS is elastic; Kubernetes requires a size, which the
				// driver ignores.
				Capacity: "5Gi",
				Origin:   v.Origin,
			})
			if v.IAM {
				p.Reportf(v.Origin, diag.Warning, "efs-iam", "EFS IAM authorization: the mount authenticates as the EFS CSI driver's node identity, not as the task role; allow that identity in the file system policy of %s", v.FileSystemID)
			}
			if !v.Encrypt {
				d := p.Reportf(v.Origin, diag.Info, "efs-unencrypted", "EFS %s was mounted without transit encryption on ECS; encryptInTransit is written as false to match (the driver's default is true)", v.FileSystemID)
				if v.Port > 0 {
					d.Notes = append(d.Notes, fmt.Sprintf("transitEncryptionPort %d is not written: it is the port of the TLS tunnel, which this mount does not use", v.Port))
				}
			}
		}
		pv := &p.Model.PersistentVolumes[i]
		if !slices.Contains(pv.Workloads, w.Name) {
			pv.Workloads = append(pv.Workloads, w.Name)
		}
		setVolume(w, v.Volume, corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: pv.Name}})
	}
	for _, v := range w.EBS {
		ebs(p, w, v)
	}
	for _, v := range w.Existing {
		r.existing(w, v)
	}
	return true
}

// existing binds an EBS volume that a Docker volume plugin mounted by id
// to a static ebs.csi.aws.com PersistentVolume and its claim, as the
// ebscsi rule does for kOps volumes: the data is re-bound, never
// recreated. An EBS volume attaches to one node at a time (ReadWriteOnce)
// and its reclaim policy is Retain.
func (r *storage) existing(w *ir.Workload, v ir.ExistingVolume) {
	p := r.p
	key := w.Namespace + "|ebs|" + v.VolumeID
	i, ok := r.pvs[key]
	if !ok {
		name := kname.Join("ebs", v.VolumeID)
		if w.Namespace != "" {
			name = kname.Join("ebs", w.Namespace, v.VolumeID)
		}
		i = len(p.Model.PersistentVolumes)
		r.pvs[key] = i
		p.Model.PersistentVolumes = append(p.Model.PersistentVolumes, ir.PersistentVolume{
			Name: name, Namespace: w.Namespace, Driver: "ebs.csi.aws.com", Handle: v.VolumeID,
			AccessMode: corev1.ReadWriteOnce, FSType: v.FSType,
			// The size is the volume's own, which no input says; a
			// claim binds to a volume at least as large as it asks.
			Capacity: "1Gi",
			Origin:   v.Origin,
		})
		d := p.Reportf(v.Origin, diag.Warning, "ebs-existing", "EBS volume %s becomes static PersistentVolume %q (ebs.csi.aws.com, Retain) with its claim, so %q keeps its data; its capacity 1Gi is a placeholder: set the volume's size", v.VolumeID, name, w.Name)
		d.Notes = []string{
			"an EBS volume lives in one availability zone: add a nodeAffinity on topology.kubernetes.io/zone to the PersistentVolume, or pods may land where it cannot attach",
			"snapshot the volume before the cutover, and detach it from the container instance before a pod mounts it",
		}
	}
	pv := &p.Model.PersistentVolumes[i]
	if !slices.Contains(pv.Workloads, w.Name) {
		pv.Workloads = append(pv.Workloads, w.Name)
	}
	setVolume(w, v.Volume, corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: pv.Name}})
}

// Finish reports the volumes that several workloads share.
func (r *storage) Finish() error {
	p := r.p
	for _, pv := range p.Model.PersistentVolumes {
		if len(pv.Workloads) > 1 && pv.Driver == "ebs.csi.aws.com" {
			p.Reportf(pv.Origin, diag.Warning, "ebs-shared", "%s mount EBS volume %s, which attaches to one node at a time: their pods must run on the same node, or one at a time", strings.Join(pv.Workloads, " and "), pv.Handle)
		} else if len(pv.Workloads) > 1 {
			p.Reportf(pv.Origin, diag.Info, "efs-shared", "%s share EFS volume %q (%s), as their tasks shared the file system", strings.Join(pv.Workloads, " and "), pv.Name, pv.Handle)
		}
	}
	return nil
}

func setVolume(w *ir.Workload, name string, src corev1.VolumeSource) {
	for i := range w.Template.Spec.Volumes {
		if w.Template.Spec.Volumes[i].Name == name {
			w.Template.Spec.Volumes[i].VolumeSource = src
		}
	}
}

func ebs(p *rules.Pass, w *ir.Workload, v ir.EBSVolume) {
	params := map[string]string{}
	typ := v.Type
	if typ == "" {
		typ = "gp3"
	}
	params["type"] = typ
	if v.IOPS != nil {
		params["iops"] = strconv.FormatInt(*v.IOPS, 10)
	}
	if v.Throughput != nil {
		params["throughput"] = strconv.FormatInt(*v.Throughput, 10)
	}
	if v.Encrypted != nil {
		params["encrypted"] = strconv.FormatBool(*v.Encrypted)
	}
	if v.InitRate != nil {
		params["volumeInitializationRate"] = strconv.FormatInt(*v.InitRate, 10)
	}
	if v.KMSKeyID != "" {
		params["kmsKeyId"] = v.KMSKeyID
	}
	fs := v.FSType
	if fs == "" {
		// ECS formats service-managed volumes as xfs; the EBS CSI driver
		// would use ext4.
		fs = "xfs"
	}
	params["csi.storage.k8s.io/fstype"] = fs
	for i, t := range v.Tags {
		params[fmt.Sprintf("tagSpecification_%d", i+1)] = t.Key + "=" + t.Value
	}
	// StorageClasses are cluster-wide and their parameters immutable: the
	// namespace keeps two runs into different namespaces apart.
	name := kname.Join(w.Name, v.Volume)
	if w.Namespace != "" {
		name = kname.Join(w.Namespace, w.Name, v.Volume)
	}
	if k := slices.IndexFunc(p.Model.StorageClasses, func(sc ir.StorageClass) bool { return sc.Name == name }); k >= 0 {
		if !maps.Equal(p.Model.StorageClasses[k].Parameters, params) {
			p.Reportf(v.Origin, diag.Error, "storage-class-clash", "two EBS configurations want StorageClass %q with different settings", name)
			return
		}
	} else {
		p.Model.StorageClasses = append(p.Model.StorageClasses, ir.StorageClass{Name: name, Provisioner: "ebs.csi.aws.com", Parameters: params, Origin: v.Origin})
	}
	size := v.SizeGiB
	if size <= 0 {
		p.Reportf(v.Origin, diag.Error, "ebs-size", "EBS volume %q needs sizeInGiB (or a snapshotId, whose size eksport cannot look up)", v.Volume)
		return
	}
	sc := name
	setVolume(w, v.Volume, corev1.VolumeSource{Ephemeral: &corev1.EphemeralVolumeSource{VolumeClaimTemplate: &corev1.PersistentVolumeClaimTemplate{
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes:      []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			StorageClassName: &sc,
			Resources:        corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse(strconv.FormatInt(size, 10) + "Gi")}},
		},
	}}})
	if v.SnapshotID != "" {
		p.Reportf(v.Origin, diag.Warning, "ebs-snapshot", "EBS snapshot %s: each pod's volume starts empty; to start from the snapshot, create a VolumeSnapshotContent and VolumeSnapshot for it and add it as the claim template's dataSource", v.SnapshotID)
	}
	if v.KMSKeyID != "" {
		p.Reportf(v.Origin, diag.Warning, "ebs-kms", "EBS volume %q is encrypted with KMS key %s: the EBS CSI driver's controller identity needs kms:CreateGrant, kms:Decrypt, kms:GenerateDataKeyWithoutPlaintext and kms:DescribeKey on it (the ECS infrastructure role had them), or the volumes are not created", v.Volume, v.KMSKeyID)
	}
	p.Reportf(v.Origin, diag.Info, "ebs", "EBS volume %q becomes a generic ephemeral volume on StorageClass %q: one volume per pod, deleted with it, as on ECS (not available on EKS Fargate)", v.Volume, name)
}
