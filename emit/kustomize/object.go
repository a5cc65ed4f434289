package kustomize

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/eksport/eksport/emit"
)

// object is one object of one environment: its identity, its value kept
// as JSON text (emit.Kept) and read back as its generic tree (emit.Tree)
// once, when the plan compares it with the other environments' (or
// writes it; again only when an overlay's entries fail and it falls back
// to patches), and what the images: and replicas: entries need of it,
// noted from its value (an emit.Cursor) when it was kept, so that
// proposing them reads no text.
type object struct {
	*emit.Kept
	id string // Object.ID(), made once

	images   []imageAt // its pod templates' container images, by pointer
	replicas *int64    // its spec.replicas
	// odd says that images may not be what the text reads back as (a
	// containers list that is a map, an image that is not UTF-8), so
	// that the entries read the text for this object.
	odd bool

	// manifest is the object's file as emit.MarshalObjectFile made it,
	// for the objects of the environment whose values the base holds
	// (Emitter.Base): the base writes it as it is, without reading the
	// object's tree where no environment differs, and without writing
	// the tree where one does.
	manifest    emit.Held
	hasManifest bool
}

// imageAt is the image of one container, at its JSON pointer.
type imageAt struct {
	path, ref string
}

func newObject(s *emit.Store, o emit.Object) (*object, error) {
	k, err := s.Keep(o)
	if err != nil {
		return nil, err
	}
	obj := &object{Kept: k, id: k.Object.ID()}
	if obj.note(emit.At(o)) {
		return obj, nil
	}
	// The value does not say: its tree does.
	obj.images, obj.replicas, obj.odd = nil, nil, false
	t, err := obj.tree()
	if err != nil {
		return nil, err
	}
	obj.replicas = replicasOf(t)
	imgs := containerImages(t)
	for _, p := range sortedKeys(imgs) {
		obj.images = append(obj.images, imageAt{p, imgs[p]})
		if !utf8.ValidString(imgs[p]) {
			obj.odd = true
		}
	}
	if oddContainers(t) {
		obj.odd = true
	}
	return obj, nil
}

// podSpecPaths are where containerImages looks for pod specs, as JSON
// pointers and as keys.
var podSpecPaths = []struct {
	pointer string
	keys    []string
}{
	{"/spec/template/spec", []string{"spec", "template", "spec"}},
	{"/spec/jobTemplate/spec/template/spec", []string{"spec", "jobTemplate", "spec", "template", "spec"}},
	{"/spec", []string{"spec"}},
}

// note notes the object's replica count and images (as replicasOf,
// containerImages and oddContainers find them in its tree) from a Cursor
// at its value, without the tree; false where the Cursor cannot tell.
func (obj *object) note(root emit.Cursor) bool {
	switch n := root.Key("spec").Key("replicas"); n.Shape() {
	case emit.Unknown:
		return false
	case emit.Scalar:
		v, ok := n.Scalar()
		if !ok {
			return false
		}
		obj.replicas = replicasOf(map[string]any{"spec": map[string]any{"replicas": v}})
	}
	for _, p := range podSpecPaths {
		spec := root
		for _, k := range p.keys {
			spec = spec.Key(k)
		}
		for _, list := range []string{"initContainers", "containers"} {
			cs := spec.Key(list)
			switch cs.Shape() {
			case emit.Unknown:
				return false
			case emit.Mapping:
				obj.odd = true // lookup finds images in it, containerImages does not
				continue
			}
			for i := range cs.Len() {
				img := cs.Index(i).Key("image")
				switch img.Shape() {
				case emit.Missing:
					continue
				case emit.Unknown:
					return false
				}
				v, ok := img.Scalar()
				if !ok {
					return false
				}
				if ref, isString := v.(string); isString {
					obj.images = append(obj.images, imageAt{p.pointer + "/" + list + "/" + strconv.Itoa(i) + "/image", ref})
				}
			}
		}
	}
	slices.SortFunc(obj.images, func(a, b imageAt) int { return strings.Compare(a.path, b.path) })
	return true
}

// oddContainers says whether a pod spec where containerImages looks has
// a containers or initContainers that is a map: lookup finds an image in
// it at a list's pointer, containerImages does not.
func oddContainers(t map[string]any) bool {
	for _, p := range podSpecPaths {
		spec, _ := lookup(t, p.pointer)
		sm, _ := spec.(map[string]any)
		for _, list := range []string{"initContainers", "containers"} {
			if _, isMap := sm[list].(map[string]any); isMap {
				return true
			}
		}
	}
	return false
}

// treeReads counts the trees read back from text, for the test that a
// plan reads each object's text once.
var treeReads atomic.Int64

// tree reads the object's tree back, numbers as json.Number.
func (o *object) tree() (map[string]any, error) {
	treeReads.Add(1)
	t, err := o.Kept.Tree()
	if err != nil {
		return nil, fmt.Errorf("kustomize: %w", err)
	}
	return t, nil
}

// containerImage is the image at pointer p of one of an environment's
// objects, what lookup finds there in its tree: t is the tree when the
// object is odd (nil otherwise, when its noted images are the answer).
func (o *object) containerImage(t map[string]any, p string) string {
	if o.odd {
		got, _ := lookup(t, p)
		s, _ := got.(string)
		return s
	}
	for _, im := range o.images {
		if im.path == p {
			return im.ref
		}
	}
	return ""
}

// baseFile is the object's manifest, as emit.Marshal writes it: the one
// kept when it was made, else written from its tree t (nil: read back).
func (o *object) baseFile(t map[string]any) (emit.File, error) {
	if !o.hasManifest {
		if t == nil {
			var err error
			if t, err = o.tree(); err != nil {
				return emit.File{}, err
			}
		}
		return o.file(t)
	}
	data, err := o.manifest.Bytes()
	if err != nil {
		return emit.File{}, fmt.Errorf("%s: %w", o.Object.ID(), err)
	}
	return emit.File{Data: data, Objects: []emit.Object{o.Object}}, nil
}

// file is the object's manifest from its tree t (numbers as json.Number,
// as read), which it leaves as it is and gives the file's object: what
// emit.MarshalObjectFile writes of the object, and so what a run without
// environments writes (integers past 2^53 exact, as in the input).
func (o *object) file(t map[string]any) (emit.File, error) {
	body, err := emit.MarshalTree(t)
	if err != nil {
		return emit.File{}, fmt.Errorf("%s: %w", o.Object.ID(), err)
	}
	return emit.File{Data: append([]byte(emit.Header), body...), Objects: []emit.Object{withTree(o.Object, t)}}, nil
}
