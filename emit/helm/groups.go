package helm

import (
	"bytes"
	"slices"

	"github.com/eksport/eksport/emit"
)

// lastOfGroups returns the index of each workload's last item.
func lastOfGroups(items []*item) map[string]int {
	last := map[string]int{}
	for i, it := range items {
		if it.group != "" {
			last[it.group] = i
		}
	}
	return last
}

// doneGroup writes the values of workload g, whose last object is
// slotted, as the text the values files will hold: values.yaml's (the
// first environment's values, with comments) shared by every environment,
// so that the values files see no difference there, and each
// environment's patch of it (envFiles' for the workload alone) in
// patches. A workload whose values a patch does not simply reproduce
// (Helm's merge would read some of them as deletions) keeps its maps for
// envFile's slower path over the whole tree.
func doneGroup(store *emit.Store, envValues []map[string]any, g string, envFiles bool, patches []map[string]*frozen, docs func([]byte) string) {
	subs := make([]map[string]any, len(envValues))
	for e, v := range envValues {
		wl, ok := v["workloads"].(map[string]any)
		if !ok {
			return
		}
		if subs[e], ok = wl[g].(map[string]any); !ok {
			return
		}
	}
	key := []string{"workloads", g}
	var texts []*frozen
	if envFiles {
		base := subs[0]
		for _, s := range subs {
			if !patchedEqual(base, mergePatch(base, s), s) {
				return
			}
		}
		leaves := envLeaves(base, subs)
		texts = make([]*frozen, len(subs))
		for e, s := range subs {
			p, err := envFile(base, s, leaves, e)
			if err != nil {
				return
			}
			if len(p) > 0 {
				texts[e] = hold(store, freeze(key, p, nil))
			}
		}
	}
	f := hold(store, freeze(key, subs[0], docs))
	for e, v := range envValues {
		v["workloads"].(map[string]any)[g] = f
		if texts != nil && texts[e] != nil {
			patches[e][g] = texts[e]
		}
	}
}

// withGroups adds the workloads' patches (doneGroup) to an environment's
// values file.
func withGroups(patch map[string]any, groups map[string]*frozen) {
	if len(groups) == 0 {
		return
	}
	wl, ok := patch["workloads"].(map[string]any)
	if !ok {
		wl = map[string]any{}
		patch["workloads"] = wl
	}
	for g, f := range groups {
		wl[g] = f
	}
}

// hold moves a frozen value's text to store.
func hold(store *emit.Store, f *frozen) *frozen {
	h := store.Hold(f.text)
	return &frozen{held: &h}
}

// holdSchema writes the schema of workload g, whose last object is
// slotted, as the text writeSchema writes for it, into store: nothing
// is added below it any more, and only its comment (doc) is read.
func holdSchema(store *emit.Store, root *schemaNode, g string) error {
	wl := root.children["workloads"]
	if wl == nil || wl.children[g] == nil {
		return nil
	}
	n := wl.children[g]
	var buf bytes.Buffer
	sw := &schemaWriter{w: &buf}
	// The root at 0, its properties at 2, workloads at 4, its
	// properties at 6, each workload at 8.
	sw.node(n, 8, false)
	sw.flush()
	if sw.err != nil {
		return sw.err
	}
	h := store.Hold(slices.Clone(buf.Bytes()))
	*n = schemaNode{doc: n.doc, held: &h}
	return nil
}
