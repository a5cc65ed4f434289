package kustomize

import (
	"encoding/json"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// image is an images: entry of a kustomization.
type image struct {
	Name    string `json:"name"`
	NewName string `json:"newName,omitempty"`
	NewTag  string `json:"newTag,omitempty"`
	Digest  string `json:"digest,omitempty"`
}

// replica is a replicas: entry of a kustomization.
type replica struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

// splitImage separates name, tag and digest as kustomize does
// (api/internal/image.Split).
func splitImage(s string) (name, tag, digest string) {
	search := s
	slash := strings.Index(s, "/")
	if slash > 0 {
		search = s[slash:]
	} else {
		slash = 0
	}
	id := strings.Index(search, "@")
	ic := strings.Index(search, ":")
	switch {
	case ic < 0 && id < 0:
		return s, "", ""
	case id >= 0 && (id < ic || ic < 0):
		id += slash
		return s[:id], "", s[id+1:]
	case id >= 0 && ic >= 0:
		id += slash
		ic += slash
		return s[:ic], s[ic+1 : id], s[id+1:]
	}
	ic += slash
	return s[:ic], s[ic+1:], ""
}

// matches says whether the entry applies to an image reference
// (api/internal/image.IsImageMatched: the name is used as a pattern).
func (im image) matches(ref string) bool {
	re, err := regexp.Compile("^" + im.Name + `(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?$`)
	return err == nil && re.MatchString(ref)
}

// rewrite returns what the entry makes of a matching reference.
func (im image) rewrite(ref string) string {
	name, tag, digest := splitImage(ref)
	if im.NewName != "" {
		name = im.NewName
	}
	switch {
	case im.NewTag != "" && im.Digest != "":
		tag, digest = im.NewTag, im.Digest
	case im.NewTag != "":
		tag, digest = im.NewTag, ""
	case im.Digest != "":
		tag, digest = "", im.Digest
	}
	if tag != "" {
		name += ":" + tag
	}
	if digest != "" {
		name += "@" + digest
	}
	return name
}

// apply rewrites every matching image of an object where kustomize's
// ImageTagTransformer looks: the image of every element of any list named
// containers or initContainers, and image volume references.
func (im image) apply(kind string, t map[string]any) {
	if kind == "CustomResourceDefinition" {
		return
	}
	set := func(m map[string]any, key string) {
		if ref, ok := m[key].(string); ok && im.matches(ref) {
			m[key] = im.rewrite(ref)
		}
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(e)
				if k != "containers" && k != "initContainers" {
					continue
				}
				if l, ok := e.([]any); ok {
					for _, c := range l {
						if cm, ok := c.(map[string]any); ok {
							set(cm, "image")
						}
					}
				}
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(t)
	for _, spec := range podSpecs(t) {
		vols, _ := spec["volumes"].([]any)
		for _, v := range vols {
			if vm, ok := v.(map[string]any); ok {
				if img, ok := vm["image"].(map[string]any); ok {
					set(img, "reference")
				}
			}
		}
	}
}

// podSpecs returns the pod specs of an object at the paths kustomize's
// image field specs name.
func podSpecs(t map[string]any) []map[string]any {
	var out []map[string]any
	for _, path := range [][]string{{"spec"}, {"spec", "template", "spec"}, {"spec", "jobTemplate", "spec", "template", "spec"}} {
		var cur any = t
		for _, k := range path {
			m, _ := cur.(map[string]any)
			cur = m[k]
		}
		if m, ok := cur.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// containerImages lists the images of an object's pod template containers,
// keyed by their JSON pointer.
func containerImages(t map[string]any) map[string]string {
	out := map[string]string{}
	for _, p := range []string{"/spec/template/spec", "/spec/jobTemplate/spec/template/spec", "/spec"} {
		spec, ok := lookup(t, p)
		if !ok {
			continue
		}
		sm, _ := spec.(map[string]any)
		for _, list := range []string{"initContainers", "containers"} {
			cs, _ := sm[list].([]any)
			for i, c := range cs {
				cm, _ := c.(map[string]any)
				if ref, ok := cm["image"].(string); ok {
					out[p+"/"+list+"/"+strconv.Itoa(i)+"/image"] = ref
				}
			}
		}
	}
	return out
}

// imageEntries proposes, per environment, one images: entry per base
// image name whose references differ between environments: the
// environment's name, tag and digest for it, when every container of the
// base that uses the name gets the same image in that environment. The
// overlay's self-check rejects entries that reach too far.
func imageEntries(es []*env, baseIDs []string) ([][]image, error) {
	// A use is one container's image in the base, with the reference at
	// its place in each environment ("" when there is none).
	type use struct {
		ref  string
		refs []string
	}
	// The uses of each image name, in base order; names in the order
	// first seen. (A batch has thousands of names: each looks only at its
	// own uses.) The images are those each object noted when it was
	// kept; only an odd object's text is read.
	uses := map[string][]use{}
	var names []string
	trees := make([]map[string]any, len(es))
	for _, id := range baseIDs {
		b := es[0].objs[id]
		clear(trees)
		for i, e := range es {
			if o := e.objs[id]; o.odd {
				t, err := o.tree()
				if err != nil {
					return nil, err
				}
				trees[i] = t
			}
		}
		imgs := b.images
		if b.odd {
			m := containerImages(trees[0])
			imgs = nil
			for _, p := range sortedKeys(m) {
				imgs = append(imgs, imageAt{p, m[p]})
			}
		}
		for _, im := range imgs {
			n, _, _ := splitImage(im.ref)
			if _, seen := uses[n]; !seen {
				names = append(names, n)
			}
			u := use{ref: im.ref, refs: make([]string, len(es))}
			for i, e := range es {
				u.refs[i] = e.objs[id].containerImage(trees[i], im.path)
			}
			uses[n] = append(uses[n], u)
		}
	}
	out := make([][]image, len(es))
	for _, n := range names {
		targets := make([]string, len(es)) // the image of n in each environment, "" when not one
		varies := false
		for i := range es {
			for _, u := range uses[n] {
				ref := u.refs[i]
				if ref == "" || (targets[i] != "" && targets[i] != ref) {
					targets[i] = "-"
					break
				}
				targets[i] = ref
				if ref != u.ref {
					varies = true
				}
			}
		}
		if !varies {
			continue
		}
		for i, ref := range targets {
			if ref == "-" || ref == "" {
				continue
			}
			name, tag, digest := splitImage(ref)
			im := image{Name: n, NewTag: tag, Digest: digest}
			if name != n {
				im.NewName = name
			}
			if tag == "" && digest == "" {
				// An entry cannot take a tag away; a patch can.
				continue
			}
			out[i] = append(out[i], im)
		}
	}
	return out, nil
}

// replicaEntries proposes, per environment, a replicas: entry for every
// base Deployment, StatefulSet, ReplicaSet or ReplicationController whose
// replica count differs between environments, from the counts the
// objects noted when they were kept.
func replicaEntries(es []*env, baseIDs []string) [][]replica {
	out := make([][]replica, len(es))
	for _, id := range baseIDs {
		o := es[0].objs[id]
		if !replicaKinds[o.Object.Kind] {
			continue
		}
		counts := make([]*int64, len(es))
		varies := false
		was := o.replicas
		for i, e := range es {
			counts[i] = e.objs[id].replicas
			if !reflect.DeepEqual(counts[i], was) {
				varies = true
			}
		}
		if !varies {
			continue
		}
		for i, c := range counts {
			if c != nil {
				out[i] = append(out[i], replica{Name: o.Object.Name, Count: *c})
			}
		}
	}
	return out
}

// replicaKinds are the kinds kustomize's replicas: entries set.
var replicaKinds = map[string]bool{"Deployment": true, "StatefulSet": true, "ReplicaSet": true, "ReplicationController": true}

func replicasOf(t map[string]any) *int64 {
	v, ok := lookup(t, "/spec/replicas")
	if !ok {
		return nil
	}
	n, ok := v.(json.Number)
	if !ok {
		return nil
	}
	i, err := n.Int64()
	if err != nil {
		return nil
	}
	return &i
}

// apply sets spec.replicas of every object of a replicas kind with the
// entry's name, creating the field, as kustomize does.
func (r replica) apply(kind string, t map[string]any) {
	if !replicaKinds[kind] {
		return
	}
	md, _ := t["metadata"].(map[string]any)
	if md["name"] != r.Name {
		return
	}
	spec, ok := t["spec"].(map[string]any)
	if !ok {
		spec = map[string]any{}
		t["spec"] = spec
	}
	spec["replicas"] = json.Number(strconv.FormatInt(r.Count, 10))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := slices.AppendSeq(make([]string, 0, len(m)), maps.Keys(m))
	slices.Sort(keys)
	return keys
}
