package ecs

import (
	"fmt"
	"slices"
	"sync"

	corev1 "k8s.io/api/core/v1"

	"github.com/eksport/eksport/translate/ir"
)

// Resource lists are shared. A batch holds every translated workload until
// the rules have run, and a ResourceList of one or two entries is a map
// whose smallest table takes 640 bytes: four or five of them per task
// definition were a third of a batch's memory. A batch repeats a handful
// of sizes, so each distinct list is kept once and every container and pod
// that asks for it points at that one map.
//
// The price is that no stage may change a list in place after translation:
// a change would reach every workload of the same size. Stages replace a
// list instead (a new map). ResourceListsIntact tells whether one did, and
// the golden and stream tests call it after every run.

// maxShared bounds the table, which lives as long as the process: a
// library caller converting inputs for days keeps at most this many lists
// (a few hundred KiB); lists beyond it are not shared.
const maxShared = 4096

var shared struct {
	sync.Mutex
	lists map[string]corev1.ResourceList
}

// listKey is a list's canonical text: names in order, each with its
// quantity's canonical form.
func listKey(l corev1.ResourceList) string {
	return string(appendListKey(nil, l))
}

// appendListKey appends listKey's text to b.
func appendListKey(b []byte, l corev1.ResourceList) []byte {
	var arr [4]string // a list has a handful of names
	names := arr[:0]
	for n := range l {
		names = append(names, string(n))
	}
	slices.Sort(names)
	for _, n := range names {
		q := l[corev1.ResourceName(n)]
		b = append(b, n...)
		b = append(b, '=')
		b = append(b, q.String()...)
		b = append(b, ';')
	}
	return b
}

// shareList returns the shared list equal to l (l itself when it is the
// first of its kind, or when the table is full).
func shareList(l corev1.ResourceList) corev1.ResourceList {
	if len(l) == 0 {
		return l
	}
	// The key is written on the stack and looked up without a string,
	// which is made only for a list kept: most lists are found.
	var buf [128]byte
	key := appendListKey(buf[:0], l)
	shared.Lock()
	defer shared.Unlock()
	if s, ok := shared.lists[string(key)]; ok {
		return s
	}
	if len(shared.lists) >= maxShared {
		return l
	}
	if shared.lists == nil {
		shared.lists = map[string]corev1.ResourceList{}
	}
	shared.lists[string(key)] = l
	return l
}

// shareResources points every resource list of a pod spec at the shared
// copies.
func shareResources(spec *corev1.PodSpec) {
	share := func(r *corev1.ResourceRequirements) {
		r.Requests = shareList(r.Requests)
		r.Limits = shareList(r.Limits)
	}
	if spec.Resources != nil {
		share(spec.Resources)
	}
	for i := range spec.InitContainers {
		share(&spec.InitContainers[i].Resources)
	}
	for i := range spec.Containers {
		share(&spec.Containers[i].Resources)
	}
}

// ResourceListsIntact reports an error when a shared resource list no
// longer holds what it held when it was shared: some stage changed a list
// in place, and with it every workload that shares it. Tests call it after
// their runs.
func ResourceListsIntact() error {
	shared.Lock()
	defer shared.Unlock()
	for key, l := range shared.lists {
		if now := listKey(l); now != key {
			return fmt.Errorf("a shared resource list was changed in place: it held %q and now holds %q", key, now)
		}
	}
	return nil
}

// pack encodes w's pod template (see ir.Workload.Packed); a template that
// does not encode is kept as it is.
func pack(w *ir.Workload) {
	b, err := w.Template.Marshal()
	if err != nil {
		return
	}
	w.Packed = b
	w.Template = nil
}

// unpacked decodes a packed template, with its resource lists shared.
func unpacked(b []byte) (*corev1.PodTemplateSpec, error) {
	t := &corev1.PodTemplateSpec{}
	if err := t.Unmarshal(b); err != nil {
		return nil, fmt.Errorf("decoding a packed pod template: %w", err)
	}
	shareResources(&t.Spec)
	return t, nil
}

// Unpack restores the pod template of a workload Prepare packed; it does
// nothing to one that is not packed. An error is a bug.
func Unpack(w *ir.Workload) error {
	if w.Packed == nil {
		return nil
	}
	t, err := unpacked(w.Packed)
	if err != nil {
		return err
	}
	w.Template, w.Packed = t, nil
	return nil
}
