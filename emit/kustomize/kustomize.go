package kustomize

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"sigs.k8s.io/yaml"

	"github.com/eksport/eksport/emit"
)

// DefaultOverlay names the overlay of a run without environments.
const DefaultOverlay = "default"

// kustomizationHeader is the apiVersion and kind every kustomization.yaml
// declares.
const kustomizationHeader = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"

// env is one environment's objects by ID, in install order.
type env struct {
	name string
	ids  []string
	objs map[string]*object
}

// Emit returns base/kustomization.yaml with the shared objects and
// overlays/<env>/kustomization.yaml for each environment (one named
// "default" when the run has no environments).
func Emit(envs []emit.Env) (*emit.FileSet, error) {
	if len(envs) == 0 {
		return nil, fmt.Errorf("kustomize: no environments")
	}
	// The objects' text waits in a file, gone when Emit returns.
	store := &emit.Store{}
	defer store.Close()
	var es []*env
	for _, e := range envs {
		ce := &env{name: e.Name, objs: map[string]*object{}}
		for _, o := range e.Objects {
			id := o.ID()
			if _, dup := ce.objs[id]; dup {
				return nil, fmt.Errorf("kustomize: environment %s has %s twice", e.Name, id)
			}
			obj, err := newObject(store, o)
			if err != nil {
				return nil, err
			}
			ce.ids = append(ce.ids, obj.id)
			ce.objs[obj.id] = obj
		}
		es = append(es, ce)
	}
	out := &emit.FileSet{}
	err := emitEnvs(es, func(f emit.File) error {
		out.Add(f)
		return nil
	})
	return out, err
}

// emitEnvs writes the layout of environments whose objects are known.
func emitEnvs(es []*env, put emit.Put) error {
	var all [][]emit.Object
	for _, e := range es {
		if e.name == "" {
			e.name = DefaultOverlay
		}
		objs := make([]emit.Object, len(e.ids))
		for i, id := range e.ids {
			objs[i] = e.objs[id].Object
		}
		all = append(all, objs)
	}
	byNS := emit.SpansNamespaces(all...)

	// The base: objects every environment has, with the first
	// environment's content.
	var baseIDs []string
	for _, id := range es[0].ids {
		if !slices.ContainsFunc(es, func(e *env) bool { return e.objs[id] == nil }) {
			baseIDs = append(baseIDs, id)
		}
	}
	resources := make([]string, len(baseIDs))
	for k, id := range baseIDs {
		resources[k] = emit.FileName(es[0].objs[id].Object, byNS)
	}
	// The plan reads each base object once, and writes its file then.
	plans, err := planOverlays(es, baseIDs, func(f emit.File) error {
		f.Path = "base/" + emit.FileName(f.Objects[0], byNS)
		return put(f)
	})
	if err != nil {
		return err
	}
	k := kustomization{Resources: resources}
	comment := singleBaseComment
	if len(es) > 1 {
		comment = fmt.Sprintf("# The objects every environment has. Where environments differ, they hold\n# %s's values, and each overlays/<env> sets its own.\n", es[0].name)
	}
	data, err := k.marshal(comment)
	if err != nil {
		return err
	}
	if err := put(emit.File{Path: "base/kustomization.yaml", Data: data}); err != nil {
		return err
	}
	// The overlays' files, made on every core and put in order.
	var files []fileMaker
	for i, e := range es {
		files = append(files, overlayFiles(e, plans[i], es[0], baseIDs, byNS)...)
	}
	return putOrdered(len(files), func(i int) (emit.File, error) { return files[i]() }, put)
}

// withTree is an object's identity with its tree as its value, for a
// written file's Objects.
func withTree(o emit.Object, t map[string]any) emit.Object {
	o.Value = t
	return o
}

const (
	singleBaseComment   = "# The objects of this run; overlays/default builds on it, and so can\n# overlays of your own.\n"
	plainOverlayComment = "# The base as it is. Build your own overlays on this one or on ../../base.\n"
)

// SingleRun returns the kustomizations of a run without environments
// whose objects were written as base/<resources[i]>, in install order:
// what Emit writes besides the objects, for a run that writes its objects
// as it makes them (eksport.Stream).
func SingleRun(resources []string) ([]emit.File, error) {
	base, err := kustomization{Resources: resources}.marshal(singleBaseComment)
	if err != nil {
		return nil, err
	}
	overlay, err := kustomization{Resources: []string{"../../base"}}.marshal(plainOverlayComment)
	if err != nil {
		return nil, err
	}
	return []emit.File{
		{Path: "base/kustomization.yaml", Data: base},
		{Path: "overlays/" + DefaultOverlay + "/kustomization.yaml", Data: overlay},
	}, nil
}

// fileMaker makes one file.
type fileMaker func() (emit.File, error)

// overlayFiles lists the makers of one environment's overlay files, in
// the order they are put: its own objects, its patches of base's objects
// and its kustomization.yaml.
func overlayFiles(e *env, p overlay, base *env, baseIDs []string, byNS bool) []fileMaker {
	dir := "overlays/" + e.name + "/"
	var files []fileMaker
	k := kustomization{Resources: []string{"../../base"}, Images: p.images, Replicas: p.replicas}
	for _, id := range p.local {
		o := e.objs[id]
		name := emit.FileName(o.Object, byNS)
		k.Resources = append(k.Resources, name)
		files = append(files, func() (emit.File, error) {
			f, err := o.baseFile(nil)
			f.Path = dir + name
			return f, err
		})
	}
	for _, id := range baseIDs {
		ops := p.patches[id]
		if len(ops) == 0 {
			continue
		}
		o := base.objs[id].Object
		name := "patches/" + emit.FileName(o, byNS)
		files = append(files, func() (emit.File, error) {
			data, err := marshalOps(ops)
			if err != nil {
				return emit.File{}, err
			}
			return emit.File{Path: dir + name, Data: append([]byte(emit.Header), data...)}, nil
		})
		k.Patches = append(k.Patches, patchRef{Path: name, Target: targetOf(o)})
	}
	comment := fmt.Sprintf("# The %s environment: the base with %s's own images, replica counts and\n# patches, and the objects only %s has.\n", e.name, e.name, e.name)
	if e.name == DefaultOverlay && len(p.images)+len(p.replicas)+len(p.patches)+len(p.local) == 0 {
		comment = plainOverlayComment
	}
	return append(files, func() (emit.File, error) {
		data, err := k.marshal(comment)
		return emit.File{Path: dir + "kustomization.yaml", Data: data}, err
	})
}

// kustomization is the part of kustomize's Kustomization type eksport
// writes, in the order kustomize documents it.
type kustomization struct {
	Resources []string
	Images    []image
	Replicas  []replica
	Patches   []patchRef
}

type patchRef struct {
	Path   string
	Target target
}

type target struct {
	Group, Version, Kind, Name, Namespace string
}

func targetOf(o emit.Object) target {
	group, version, ok := strings.Cut(o.APIVersion, "/")
	if !ok {
		group, version = "", o.APIVersion
	}
	return target{Group: group, Version: version, Kind: o.Kind, Name: o.Name, Namespace: o.Namespace}
}

// marshal writes the kustomization with emit's YAML writer, each section
// as the tree of its JSON form (fields tagged omitempty left out when
// empty), as sigs.k8s.io/yaml would write the section's struct.
func (k kustomization) marshal(comment string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(emit.Header)
	b.WriteString(comment)
	b.WriteString(kustomizationHeader)
	var sections []struct {
		key  string
		list []any
	}
	add := func(key string, list []any) {
		if len(list) > 0 {
			sections = append(sections, struct {
				key  string
				list []any
			}{key, list})
		}
	}
	add("resources", treeList(k.Resources, func(r string) any { return r }))
	add("images", treeList(k.Images, func(im image) any {
		m := map[string]any{"name": im.Name}
		setNonEmpty(m, "newName", im.NewName)
		setNonEmpty(m, "newTag", im.NewTag)
		setNonEmpty(m, "digest", im.Digest)
		return m
	}))
	add("replicas", treeList(k.Replicas, func(r replica) any {
		return map[string]any{"name": r.Name, "count": json.Number(strconv.FormatInt(r.Count, 10))}
	}))
	add("patches", treeList(k.Patches, func(p patchRef) any {
		t := map[string]any{"version": p.Target.Version, "kind": p.Target.Kind, "name": p.Target.Name}
		setNonEmpty(t, "group", p.Target.Group)
		setNonEmpty(t, "namespace", p.Target.Namespace)
		return map[string]any{"path": p.Path, "target": t}
	}))
	for _, sec := range sections {
		data, err := emit.MarshalTree(map[string]any{sec.key: sec.list})
		if err != nil {
			return nil, err
		}
		b.Write(data)
	}
	return b.Bytes(), nil
}

// marshalOps writes JSON patch operations as a YAML list, as
// sigs.k8s.io/yaml writes them (op's MarshalJSON): the list as the value
// of a key, which YAML writes at the key's own indentation, without the
// key's line.
func marshalOps(ops []op) ([]byte, error) {
	for _, o := range ops {
		if outOfRange(o.Value) {
			// emit's writer and the library part ways on a number
			// no float64 holds (1e400): the library's, as before.
			return yaml.Marshal(ops)
		}
	}
	const key = "ops:\n"
	list := treeList(ops, func(o op) any {
		m := map[string]any{"op": o.Op, "path": o.Path}
		if o.Op != "remove" {
			m["value"] = o.Value
		}
		return m
	})
	data, err := emit.MarshalTree(map[string]any{"ops": list})
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(data, []byte(key)) {
		return nil, fmt.Errorf("kustomize: patches written as %.20q", data)
	}
	return data[len(key):], nil
}

// outOfRange says whether a value holds a number beyond float64's range.
func outOfRange(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if outOfRange(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if outOfRange(e) {
				return true
			}
		}
	case json.Number:
		_, err := x.Float64()
		return err != nil
	}
	return false
}

func treeList[T any](s []T, f func(T) any) []any {
	out := make([]any, len(s))
	for i, e := range s {
		out[i] = f(e)
	}
	return out
}

func setNonEmpty(m map[string]any, key, v string) {
	if v != "" {
		m[key] = v
	}
}

// Emitter writes the Kustomize layout. A run with at most one
// environment is the raw layout under base/, each file written as its
// object comes, and the kustomizations at the end. Two environments or
// more need every object before the first file (what they share goes to
// the base): each object is kept as the JSON text of its value (an
// emit.Kept, in a temporary file: emit.Store), with the images and
// replica count the entries need, and, for the environment whose values
// the base holds (Base), its manifest; Finish compares them object by
// object (same ID in every environment), reading each one's tree at most
// once, on every core, and writes each base object's file as soon as it
// is compared.
type Emitter struct {
	// Environments is how many environments the run has (0 or 1: the
	// objects are written as they come).
	Environments int
	// Base names the environment whose values the base holds where
	// environments differ: the first of Finish's. Its objects' files
	// are kept beside their text and written as they are into the base.
	// (When it names no environment, the base's files are written from
	// the objects' trees: the same files, more slowly.)
	Base string
	byNS atomic.Bool // the base's files are named by namespace

	store     *emit.Store // the objects' text, until Finish
	storeOnce sync.Once

	mu   sync.Mutex
	objs map[string]map[string]*object // by environment, by ID
}

// UsesFiles says whether Object uses the file content of env's objects:
// with two environments or more it keeps the text of each object's value
// instead, and the files only of Base's (emit.FileUser).
func (k *Emitter) UsesFiles(env string) bool { return k.Environments <= 1 || env == k.Base }

// Object writes o under base/ in a run of one environment or none, and
// keeps it otherwise (file is then unused, and may be nil).
func (k *Emitter) Object(env string, byNamespace bool, o emit.Object, file []byte, put emit.Put) error {
	if k.Environments <= 1 {
		if byNamespace {
			k.byNS.Store(true)
		}
		return put(emit.File{Path: "base/" + emit.FileName(o, byNamespace), Data: file, Objects: []emit.Object{o}})
	}
	k.storeOnce.Do(func() { k.store = &emit.Store{} })
	obj, err := newObject(k.store, o)
	if err != nil {
		// What the run says when it makes the object's file fails.
		return fmt.Errorf("%s: %w", o.ID(), err)
	}
	if env == k.Base && file != nil {
		obj.manifest, obj.hasManifest = k.store.Hold(file), true
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.objs == nil {
		k.objs = map[string]map[string]*object{}
	}
	if k.objs[env] == nil {
		k.objs[env] = map[string]*object{}
	}
	k.objs[env][obj.id] = obj
	return nil
}

// Close lets go of the objects' text (emit.Store); a run closes its
// emitter on every path.
func (k *Emitter) Close() error { return k.store.Close() }

// Finish writes the kustomizations, and with environments every file.
func (k *Emitter) Finish(envs []emit.Env, put emit.Put) error {
	if len(envs) == 1 && k.Environments <= 1 {
		resources := make([]string, len(envs[0].Objects))
		for i, o := range envs[0].Objects {
			resources[i] = emit.FileName(o, k.byNS.Load())
		}
		files, err := SingleRun(resources)
		if err != nil {
			return err
		}
		if name := envs[0].Name; name != "" {
			// The environment's overlay is the base as it is, with
			// Emit's words for an environment.
			own, err := overlayFiles(&env{name: name}, overlay{}, nil, nil, false)[0]()
			if err != nil {
				return err
			}
			files = []emit.File{own}
			base, err := kustomization{Resources: resources}.marshal(singleBaseComment)
			if err != nil {
				return err
			}
			files = append(files, emit.File{Path: "base/kustomization.yaml", Data: base})
		}
		return putAll(files, put)
	}
	// The file of the objects' text goes when Finish returns, whatever
	// it returns (and, in a run that never calls Finish, when the run
	// closes the Emitter).
	defer k.store.Close()
	es := make([]*env, len(envs))
	for i, e := range envs {
		es[i] = &env{name: e.Name, objs: k.objs[e.Name]}
		es[i].ids = make([]string, len(e.Objects))
		for j, o := range e.Objects {
			id := o.ID()
			if obj := es[i].objs[id]; obj != nil {
				id = obj.id // the string the map holds already
			}
			es[i].ids[j] = id
		}
		if es[i].objs == nil {
			es[i].objs = map[string]*object{}
		}
	}
	k.objs = nil
	return emitEnvs(es, put)
}

func putAll(files []emit.File, put emit.Put) error {
	for _, f := range files {
		if err := put(f); err != nil {
			return err
		}
	}
	return nil
}
