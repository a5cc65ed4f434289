package ecs

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/eksport/eksport/internal/kname"
	"github.com/eksport/eksport/translate/ir"
)

// volumesDecl declares the task's volumes as pod volumes. Which kind of
// volume each becomes decides what data the workload sees, so every choice
// that is not exact is reported.
func (t *tx) volumesDecl() {
	seen := map[string]string{}
	for i, v := range t.td.Volumes {
		p := fmt.Sprintf("volumes[%d]", i)
		name := deref(v.Name)
		if name == "" {
			t.diags.Errorf(t.pos(p), "ecs/missing-field", "volume has no name")
			continue
		}
		kn := kname.Label(name)
		if kn == "" {
			t.diags.Errorf(t.pos(p+".name"), "ecs/invalid-name", "volume name %q has no letters or digits", name)
			continue
		}
		if prev, dup := seen[kn]; dup {
			t.diags.Errorf(t.pos(p+".name"), "ecs/duplicate-volume", "volume %q has the same Kubernetes name %q as volume %q", name, kn, prev)
			continue
		}
		seen[kn] = name
		t.volumes[name] = kn
		if kn != name {
			t.diags.Infof(t.pos(p+".name"), "ecs/name-sanitized", "volume %q becomes %q", name, kn)
		}
		vol := corev1.Volume{Name: kn}
		switch {
		case v.EfsVolumeConfiguration != nil:
			// The storage rule swaps this for the file system's claim.
			vol.EmptyDir = &corev1.EmptyDirVolumeSource{}
			t.efs(p, kn, v.EfsVolumeConfiguration)
		case deref(v.ConfiguredAtLaunch):
			// The service's volumeConfigurations give the EBS settings; a task
			// definition run alone keeps an empty volume.
			vol.EmptyDir = &corev1.EmptyDirVolumeSource{}
			t.w.LaunchVolume = kn
			t.launchVolume = name
		case v.FsxWindowsFileServerVolumeConfiguration != nil:
			vol.EmptyDir = &corev1.EmptyDirVolumeSource{}
			fsx := v.FsxWindowsFileServerVolumeConfiguration
			t.diags.Warnf(t.pos(p+".fsxWindowsFileServerVolumeConfiguration"), "ecs/fsx-windows", "FSx for Windows File Server %s is not translated: the volume is an empty placeholder; mount the SMB share through the SMB CSI driver (smb.csi.k8s.io, which runs on Windows nodes) with a credentials Secret, or keep this workload on ECS", deref(fsx.FileSystemId))
		case v.S3filesVolumeConfiguration != nil:
			vol.EmptyDir = &corev1.EmptyDirVolumeSource{}
			t.diags.Warnf(t.pos(p+".s3filesVolumeConfiguration"), "ecs/volume-placeholder", "volume %q is mounted as an empty placeholder (emptyDir): S3 Files volumes are not translated; the data it held on ECS is not there", name)
		case v.DockerVolumeConfiguration != nil:
			t.dockerVolume(p, name, v.DockerVolumeConfiguration, &vol)
		case v.Host != nil && deref(v.Host.SourcePath) != "":
			vol.HostPath = &corev1.HostPathVolumeSource{Path: deref(v.Host.SourcePath)}
			if t.windows {
				vol.HostPath.Path = strings.ReplaceAll(vol.HostPath.Path, `\`, "/")
			}
			if dockerSocket(vol.HostPath.Path) {
				t.dockerSocketMount(p+".host.sourcePath", vol.HostPath)
				break
			}
			t.diags.Warnf(t.pos(p+".host.sourcePath"), "ecs/host-path", "bind mount of %q becomes a hostPath volume: the pod sees the node's files, is tied to what each node holds, and needs a privileged Pod Security level; EKS Fargate does not allow it", deref(v.Host.SourcePath))
		default:
			// A host volume without sourcePath, or a bare name: Docker picks a
			// path that lives as long as the task, which is an emptyDir.
			vol.EmptyDir = &corev1.EmptyDirVolumeSource{}
		}
		t.spec.Volumes = append(t.spec.Volumes, vol)
	}
}

func (t *tx) dockerVolume(p, name string, dv *DockerVolumeConfiguration, vol *corev1.Volume) {
	driver := deref(dv.Driver)
	if t.nfsVolume(p, dv, vol) || t.existingVolume(p, name, dv, vol) {
		return
	}
	if driver != "" && driver != "local" {
		t.diags.Warnf(t.pos(p+".dockerVolumeConfiguration.driver"), "ecs/docker-volume-driver", "Docker volume driver %q has no Kubernetes equivalent; use a CSI driver for the same storage", driver)
	}
	if len(dv.DriverOpts) > 0 {
		t.diags.Warnf(t.pos(p+".dockerVolumeConfiguration.driverOpts"), "ecs/docker-volume-driver-opts", "Docker driver options are not carried over; configure the equivalent StorageClass parameters")
	}
	switch scope := deref(dv.Scope); scope {
	case "", "task":
		vol.EmptyDir = &corev1.EmptyDirVolumeSource{}
		t.diags.Warnf(t.pos(p+".dockerVolumeConfiguration"), "ecs/docker-volume-copy", "task-scoped Docker volume %q becomes an emptyDir, which starts empty: Docker fills a new volume with the image's files at the mount path; if the image ships files there, copy them in with an init container", name)
	case "shared":
		claim := ir.Claim{
			Name:        kname.Join(t.w.Name, vol.Name),
			AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			Size:        "1Gi",
			Origin:      t.pos(p),
		}
		keys := slices.AppendSeq(make([]string, 0, len(dv.Labels)), maps.Keys(dv.Labels))
		slices.Sort(keys)
		for _, k := range keys {
			v := dv.Labels[k]
			if len(validation.IsQualifiedName(k)) == 0 && len(validation.IsValidLabelValue(v)) == 0 {
				if claim.Labels == nil {
					claim.Labels = map[string]string{}
				}
				claim.Labels[k] = v
			} else {
				t.diags.Warnf(t.pos(p+".dockerVolumeConfiguration.labels."+k), "ecs/label-invalid", "volume label %q=%q is not a valid Kubernetes label; dropped", k, v)
			}
		}
		t.w.Claims = append(t.w.Claims, claim)
		vol.PersistentVolumeClaim = &corev1.PersistentVolumeClaimVolumeSource{ClaimName: claim.Name}
		t.diags.Warnf(t.pos(p+".dockerVolumeConfiguration.scope"), "ecs/shared-volume", "shared Docker volume %q becomes PersistentVolumeClaim %q with a placeholder size of 1Gi on the default StorageClass; set the size and class, and copy the data from the container instances", name, claim.Name)
	default:
		t.diags.Errorf(t.pos(p+".dockerVolumeConfiguration.scope"), "ecs/invalid-value", "unknown Docker volume scope %q (expected task or shared)", scope)
		vol.EmptyDir = &corev1.EmptyDirVolumeSource{}
	}
}

// nfsVolume turns Docker's local driver mounting NFS (driverOpts type nfs,
// o addr=SERVER,..., device :/PATH) into the pod's nfs volume, which
// mounts the same export. It reports whether it did.
func (t *tx) nfsVolume(p string, dv *DockerVolumeConfiguration, vol *corev1.Volume) bool {
	driver, typ := deref(dv.Driver), dv.DriverOpts["type"]
	if (driver != "" && driver != "local") || (typ != "nfs" && typ != "nfs4") {
		return false
	}
	op := p + ".dockerVolumeConfiguration.driverOpts"
	var server string
	var dropped []string
	readOnly := false
	for _, o := range strings.Split(dv.DriverOpts["o"], ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(o), "=")
		switch k {
		case "":
		case "addr":
			server = v
		case "ro":
			readOnly = true
		case "rw":
		default:
			dropped = append(dropped, o)
		}
	}
	device := dv.DriverOpts["device"]
	path := device
	if i := strings.Index(device, ":"); i >= 0 {
		if server == "" {
			server = device[:i]
		}
		path = device[i+1:]
	}
	if server == "" || !strings.HasPrefix(path, "/") {
		t.diags.Errorf(t.pos(op), "ecs/invalid-value", "NFS Docker volume needs a server (o: addr=SERVER or device SERVER:/PATH) and an absolute export path (device :/PATH); found o %q, device %q", dv.DriverOpts["o"], device)
		vol.EmptyDir = &corev1.EmptyDirVolumeSource{}
		return true
	}
	vol.NFS = &corev1.NFSVolumeSource{Server: server, Path: path, ReadOnly: readOnly}
	t.diags.Infof(t.pos(op), "ecs/nfs-volume", "Docker's local driver mounting NFS becomes an nfs volume of %s:%s; the nodes need an NFS client and a route to the server", server, path)
	if len(dropped) > 0 {
		t.diags.Warnf(t.pos(op+".o"), "ecs/nfs-options", "NFS mount options %s are not carried over: a pod's nfs volume takes none; put them in a PersistentVolume's mountOptions if the server needs them", strings.Join(dropped, ","))
	}
	if len(dv.Labels) > 0 {
		t.diags.Warnf(t.pos(p+".dockerVolumeConfiguration.labels"), "ecs/label-invalid", "labels of an NFS Docker volume have no object to go on (the nfs volume is part of the pod); dropped")
	}
	return true
}

// existingVolume keeps the data of a Docker volume plugin whose options
// name an existing EBS volume (rexray/ebs with volumeID vol-...): the
// storage rule binds a static ebs.csi.aws.com volume to it. Options that
// name another existing store (an EFS file system) are reported, since
// an emptyDir or a new claim would start without the data. It reports
// whether the volume is settled.
func (t *tx) existingVolume(p, name string, dv *DockerVolumeConfiguration, vol *corev1.Volume) bool {
	op := p + ".dockerVolumeConfiguration.driverOpts"
	keys := slices.AppendSeq(make([]string, 0, len(dv.DriverOpts)), maps.Keys(dv.DriverOpts))
	slices.Sort(keys)
	for _, k := range keys {
		v := dv.DriverOpts[k]
		switch {
		case strings.HasPrefix(v, "vol-"):
			t.w.Existing = append(t.w.Existing, ir.ExistingVolume{Volume: vol.Name, VolumeID: v, FSType: dv.DriverOpts["fsType"], Origin: t.pos(op + "." + k)})
			// The storage rule replaces it with the claim.
			vol.EmptyDir = &corev1.EmptyDirVolumeSource{}
			if driver := deref(dv.Driver); driver != "" && driver != "local" {
				t.diags.Infof(t.pos(p+".dockerVolumeConfiguration.driver"), "ecs/docker-volume-driver", "Docker volume driver %q mounted EBS volume %s: the Amazon EBS CSI driver (ebs.csi.aws.com) mounts it instead", driver, v)
			}
			for _, other := range keys {
				if other != k && other != "fsType" {
					t.diags.Warnf(t.pos(op+"."+other), "ecs/docker-volume-driver-opts", "Docker driver option %s is not carried over to the EBS CSI volume", other)
				}
			}
			return true
		case strings.HasPrefix(v, "fs-"):
			t.diags.Warnf(t.pos(op+"."+k), "ecs/docker-volume-existing-data", "Docker volume %q names existing file system %s through its driver options; the volume below starts empty: write it as an efsVolumeConfiguration (the EFS CSI driver then mounts the same file system)", name, v)
			return false
		}
	}
	return false
}

// dockerSocket tells whether a host path is Docker's API socket.
func dockerSocket(path string) bool {
	switch strings.TrimRight(path, "/") {
	case "/var/run/docker.sock", "/run/docker.sock":
		return true
	}
	// Docker's named pipe on Windows, as written or with the slashes a
	// Windows task's host paths get.
	return strings.EqualFold(path, `\\.\pipe\docker_engine`) || strings.EqualFold(path, "//./pipe/docker_engine")
}

// dockerSocketMount reports a bind mount of Docker's socket. EKS nodes run
// containerd without Docker, so the socket is not there, and an untyped
// hostPath would mount an empty directory in its place: the agent that
// needed it starts and finds nothing. That is an error by default; lowered
// (--diag ecs/docker-socket=warning), the hostPath says type Socket, so
// that the kubelet refuses to start the pod where the socket is missing
// rather than mount a directory.
func (t *tx) dockerSocketMount(p string, hp *corev1.HostPathVolumeSource) {
	containerd, kept := "/run/containerd/containerd.sock", "a hostPath of type Socket"
	if strings.HasPrefix(hp.Path, "/") && !strings.HasPrefix(hp.Path, "//") {
		socket := corev1.HostPathSocket
		hp.Type = &socket
	} else {
		containerd, kept = `\\.\pipe\containerd-containerd`, "a hostPath of the pipe"
	}
	d := t.diags.Errorf(t.pos(p), "ecs/docker-socket", "bind mount of Docker's socket %s: EKS nodes run containerd, not Docker, so the socket does not exist there and the container would find an empty directory", hp.Path)
	d.Notes = []string{
		"containerd's socket is " + containerd + "; it speaks the CRI and containerd APIs, not Docker's",
		"monitoring and log agents (Datadog, New Relic, Dynatrace, Sysdig, Fluent Bit and the like) have a containerd mode: configure it and mount containerd's socket instead, or use the agent's Kubernetes DaemonSet",
		"--diag ecs/docker-socket=warning keeps the mount as " + kept + ", for nodes that do run Docker",
	}
}
