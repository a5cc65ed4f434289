package ecs

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/eksport/eksport/internal/kname"
)

// mounts translates mountPoints and the linuxParameters that are volumes in
// Kubernetes: tmpfs mounts, the /dev/shm size and host devices.
func (t *tx) mounts(i int, cd *ContainerDefinition, c *corev1.Container) {
	name := deref(cd.Name)
	for j, mp := range cd.MountPoints {
		p := cpath(i, fmt.Sprintf("mountPoints[%d]", j))
		src, path := deref(mp.SourceVolume), deref(mp.ContainerPath)
		vol, ok := t.volumes[src]
		switch {
		case src == "":
			t.diags.Errorf(t.pos(p), "ecs/missing-field", "mount point has no sourceVolume")
			continue
		case !ok:
			t.diags.Errorf(t.pos(p+".sourceVolume"), "ecs/unknown-volume", "container %q mounts volume %q, which the task definition does not declare", name, src)
			continue
		case path == "":
			t.diags.Errorf(t.pos(p), "ecs/missing-field", "mount point has no containerPath")
			continue
		}
		m := corev1.VolumeMount{Name: vol, MountPath: path, ReadOnly: deref(mp.ReadOnly)}
		t.addMount(c, m, p)
		t.shared[name] = append(t.shared[name], m)
	}
	lp := cd.LinuxParameters
	if lp == nil {
		return
	}
	if t.windows {
		t.linuxOnly(cpath(i, "linuxParameters"), "linuxParameters")
		return
	}
	for j, tf := range lp.Tmpfs {
		p := cpath(i, fmt.Sprintf("linuxParameters.tmpfs[%d]", j))
		path := deref(tf.ContainerPath)
		if path == "" {
			t.diags.Errorf(t.pos(p), "ecs/missing-field", "tmpfs mount has no containerPath")
			continue
		}
		vol := t.newVolumeName(kname.Join(c.Name, "tmpfs", strconv.Itoa(j)))
		ed := &corev1.EmptyDirVolumeSource{Medium: corev1.StorageMediumMemory}
		if sz := deref(tf.Size); sz > 0 {
			q := mebibytes(sz)
			ed.SizeLimit = &q
		}
		readOnly := false
		var dropped []string
		for _, o := range tf.MountOptions {
			switch o {
			case "ro":
				readOnly = true
			case "rw":
			default:
				dropped = append(dropped, o)
			}
		}
		if len(dropped) > 0 {
			t.diags.Warnf(t.pos(p+".mountOptions"), "ecs/mount-options-dropped", "tmpfs mount options dropped: %s (an emptyDir takes no mount options; only ro is kept, as a read-only mount)", strings.Join(dropped, ", "))
		}
		t.spec.Volumes = append(t.spec.Volumes, corev1.Volume{Name: vol, VolumeSource: corev1.VolumeSource{EmptyDir: ed}})
		t.addMount(c, corev1.VolumeMount{Name: vol, MountPath: path, ReadOnly: readOnly}, p)
	}
	if sz := deref(lp.SharedMemorySize); sz > 0 {
		vol := t.newVolumeName(kname.Join(c.Name, "dshm"))
		q := mebibytes(sz)
		t.spec.Volumes = append(t.spec.Volumes, corev1.Volume{Name: vol, VolumeSource: corev1.VolumeSource{
			EmptyDir: &corev1.EmptyDirVolumeSource{Medium: corev1.StorageMediumMemory, SizeLimit: &q},
		}})
		t.addMount(c, corev1.VolumeMount{Name: vol, MountPath: "/dev/shm"}, cpath(i, "linuxParameters.sharedMemorySize"))
	}
	for j, dev := range lp.Devices {
		p := cpath(i, fmt.Sprintf("linuxParameters.devices[%d]", j))
		host := deref(dev.HostPath)
		if host == "" {
			t.diags.Errorf(t.pos(p), "ecs/missing-field", "device has no hostPath")
			continue
		}
		target := deref(dev.ContainerPath)
		if target == "" {
			target = host
		}
		vol := t.newVolumeName(kname.Join(c.Name, "dev", strings.TrimPrefix(host, "/dev/")))
		t.spec.Volumes = append(t.spec.Volumes, corev1.Volume{Name: vol, VolumeSource: corev1.VolumeSource{
			HostPath: &corev1.HostPathVolumeSource{Path: host},
		}})
		t.addMount(c, corev1.VolumeMount{Name: vol, MountPath: target}, p)
		t.diags.Warnf(t.pos(p), "ecs/device", "device %s becomes a hostPath volume; without privileged: true or a device plugin the container may not be allowed to open it", host)
	}
}

// newVolumeName returns name, or name with a numeric suffix when the pod
// already has a volume of that name (a task volume called "web-dshm", or
// the same device mounted twice).
func (t *tx) newVolumeName(name string) string {
	taken := func(n string) bool {
		return slices.ContainsFunc(t.spec.Volumes, func(v corev1.Volume) bool { return v.Name == n })
	}
	out := name
	for k := 2; taken(out); k++ {
		out = kname.Join(name, strconv.Itoa(k))
	}
	return out
}

func (t *tx) addMount(c *corev1.Container, m corev1.VolumeMount, p string) {
	for _, old := range c.VolumeMounts {
		if old.MountPath == m.MountPath {
			t.diags.Errorf(t.pos(p), "ecs/duplicate-mount", "container %q mounts two volumes at %s", c.Name, m.MountPath)
			return
		}
	}
	c.VolumeMounts = append(c.VolumeMounts, m)
}

// volumesFrom copies the mounts of the source container, as Docker's
// --volumes-from does.
func (t *tx) volumesFrom() {
	for i, cd := range t.td.ContainerDefinitions {
		c := t.built[deref(cd.Name)]
		for j, vf := range cd.VolumesFrom {
			p := cpath(i, fmt.Sprintf("volumesFrom[%d]", j))
			if _, ok := t.built[deref(vf.SourceContainer)]; !ok {
				t.diags.Errorf(t.pos(p+".sourceContainer"), "ecs/unknown-container", "volumesFrom names container %q, which the task definition does not have", deref(vf.SourceContainer))
				continue
			}
			// Only task volumes travel with --volumes-from, not tmpfs or devices.
			for _, m := range t.shared[deref(vf.SourceContainer)] {
				if deref(vf.ReadOnly) {
					m.ReadOnly = true
				}
				// Docker applies --volumes-from first and lets the
				// container's own mounts replace those at the same path.
				if k := slices.IndexFunc(c.VolumeMounts, func(old corev1.VolumeMount) bool { return old.MountPath == m.MountPath }); k >= 0 {
					if c.VolumeMounts[k].Name != m.Name {
						t.diags.Warnf(t.pos(p), "ecs/volumes-from-shadowed", "container %q mounts its own volume at %s, which replaces the one volumesFrom copies from %q", c.Name, m.MountPath, deref(vf.SourceContainer))
					}
					continue
				}
				t.addMount(c, m, p)
			}
		}
	}
}
