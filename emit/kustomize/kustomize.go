package kustomize

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
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

// object is one object of one environment: its identity, and its
// generic tree (emit.Tree) kept as JSON text, read back each time it is
// needed, so that environments of thousands of objects are held as text
// rather than as trees.
type object struct {
	obj emit.Object // Value nil
	js  []byte
}

func newObject(o emit.Object) (*object, error) {
	k, err := emit.Keep(o)
	if err != nil {
		return nil, err
	}
	return &object{obj: k.Object, js: k.JSON}, nil
}

// tree returns a fresh copy of the object's tree, numbers as json.Number.
func (o *object) tree() map[string]any {
	t, err := emit.DecodeTree(o.js, true)
	if err != nil {
		panic(fmt.Sprintf("kustomize: %s: the JSON of a tree does not read back: %v", o.obj.ID(), err))
	}
	return t
}

// file is the object's manifest, as emit.Marshal writes it (numbers read
// as float64, as Marshal's tree has them).
func (o *object) file() (emit.File, map[string]any, error) {
	t, err := emit.DecodeTree(o.js, false)
	if err != nil {
		return emit.File{}, nil, fmt.Errorf("%s: %w", o.obj.ID(), err)
	}
	body, err := emit.MarshalTree(t)
	if err != nil {
		return emit.File{}, nil, fmt.Errorf("%s: %w", o.obj.ID(), err)
	}
	return emit.File{Data: append([]byte(emit.Header), body...)}, t, nil
}

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
	var es []*env
	for _, e := range envs {
		ce := &env{name: e.Name, objs: map[string]*object{}}
		for _, o := range e.Objects {
			id := o.ID()
			if _, dup := ce.objs[id]; dup {
				return nil, fmt.Errorf("kustomize: environment %s has %s twice", e.Name, id)
			}
			obj, err := newObject(o)
			if err != nil {
				return nil, err
			}
			ce.ids = append(ce.ids, id)
			ce.objs[id] = obj
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
			objs[i] = e.objs[id].obj
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
	base := map[string]*object{}
	var resources []string
	for _, id := range baseIDs {
		o := es[0].objs[id]
		base[id] = o
		f, t, err := o.file()
		if err != nil {
			return err
		}
		name := emit.FileName(o.obj, byNS)
		resources = append(resources, name)
		f.Path, f.Objects = "base/"+name, []emit.Object{withTree(o.obj, t)}
		if err := put(f); err != nil {
			return err
		}
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

	plans := planOverlays(es, baseIDs, base)
	for i, e := range es {
		files, err := overlayFiles(e, plans[i], base, baseIDs, byNS)
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := put(f); err != nil {
				return err
			}
		}
	}
	return nil
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

// overlay is what one environment changes over the base.
type overlay struct {
	images   []image
	replicas []replica
	patches  map[string][]op // by base object ID
	local    []string        // IDs of objects only (some) environments have
}

// planOverlays decides every overlay: images: and replicas: entries where
// they reproduce the environment exactly, JSON patches for the rest, and the
// same set of varying fields in every overlay. It goes object by object
// (same ID across environments), reading each object's trees when it gets
// to it.
func planOverlays(es []*env, baseIDs []string, base map[string]*object) []overlay {
	plans := make([]overlay, len(es))
	imgs := imageEntries(es, baseIDs, base)
	reps := replicaEntries(es, baseIDs, base)
	// failing holds, per environment, the base objects its overlay does
	// not reproduce ("" for its own objects).
	failing := make([]map[string]bool, len(es))
	for i, e := range es {
		for _, id := range e.ids {
			if base[id] == nil {
				plans[i].local = append(plans[i].local, id)
			}
		}
		p := &plans[i]
		p.images, p.replicas = imgs[i], reps[i]
		failing[i] = p.patchAll(e, baseIDs, base)
		if len(failing[i]) > 0 {
			// Some entry reached further than intended: say it all
			// with patches, which touch exactly what they name.
			p.images, p.replicas = nil, nil
			failing[i] = p.patchAll(e, baseIDs, base)
		}
	}
	// Every overlay names every field that varies: add the unchanged
	// value where another overlay replaces it. An added value changes one
	// object's patches, so only that object is checked again: the overlay
	// reproduces its environment when that object does and every other
	// one already did.
	for _, id := range baseIDs {
		paths := map[string]bool{}
		for i := range plans {
			for _, o := range plans[i].patches[id] {
				if o.Op == "replace" {
					paths[o.Path] = true
				}
			}
		}
		var bt map[string]any // the base object's tree, read when needed
		for i, e := range es {
			if len(failing[i]) > 1 || (len(failing[i]) == 1 && !failing[i][id]) {
				continue
			}
			if bt == nil {
				bt = base[id].tree()
			}
			extra := explicitOps(plans[i].patches[id], paths, bt)
			if len(extra) == 0 {
				continue
			}
			ops := sortOps(append(slices.Clone(plans[i].patches[id]), extra...))
			if plans[i].reproducesObject(e, id, ops, base) {
				plans[i].patches[id] = ops
				delete(failing[i], id)
			}
		}
	}
	return plans
}

// patchAll sets the patches that turn each base object, after the
// overlay's replicas and images entries, into the environment's, and
// returns the objects the overlay then does not reproduce (with "" when
// the entries change an object only the environment has).
func (p *overlay) patchAll(e *env, baseIDs []string, base map[string]*object) map[string]bool {
	p.patches = map[string][]op{}
	failing := map[string]bool{}
	for _, id := range baseIDs {
		t := base[id].tree()
		p.transform(base[id].obj.Kind, t)
		// Neither diff nor the check changes the environment's tree.
		want := e.objs[id].tree()
		ops := diff("", t, want)
		if len(ops) > 0 {
			p.patches[id] = sortOps(ops)
		}
		if !p.reproduces(base[id], p.patches[id], want) {
			failing[id] = true
		}
	}
	if !p.reproducesLocal(e) {
		failing[""] = true
	}
	return failing
}

// transform applies the overlay's replicas and images entries to one
// object, as kustomize's ReplicaCountTransformer and ImageTagTransformer do.
func (p *overlay) transform(kind string, t map[string]any) {
	for _, r := range p.replicas {
		r.apply(kind, t)
	}
	for _, im := range p.images {
		im.apply(kind, t)
	}
}

// objectChecks counts reproducesObject's calls, for the test that an
// overlay's plan checks each object a bounded number of times.
var objectChecks atomic.Int64

// reproducesObject applies the patches ops and the overlay's entries to
// one base object, as kustomize orders them (patches, replicas, images),
// and compares the result with the environment's.
func (p *overlay) reproducesObject(e *env, id string, ops []op, base map[string]*object) bool {
	return p.reproduces(base[id], ops, e.objs[id].tree())
}

// reproduces tells whether the patches ops and the overlay's entries turn
// the base object b into want.
func (p *overlay) reproduces(b *object, ops []op, want map[string]any) bool {
	objectChecks.Add(1)
	var t any = b.tree()
	var err error
	for _, o := range ops {
		if t, err = o.apply(t); err != nil {
			return false
		}
	}
	m, ok := t.(map[string]any)
	if !ok {
		return false
	}
	p.transform(b.obj.Kind, m)
	return reflect.DeepEqual(m, want)
}

// reproducesLocal tells whether the overlay's entries leave the objects
// only the environment has as they are.
func (p *overlay) reproducesLocal(e *env) bool {
	for _, id := range p.local {
		o := e.objs[id]
		t := o.tree()
		p.transform(o.obj.Kind, t)
		if !reflect.DeepEqual(t, o.tree()) {
			return false
		}
	}
	return true
}

func overlayFiles(e *env, p overlay, base map[string]*object, baseIDs []string, byNS bool) ([]emit.File, error) {
	dir := "overlays/" + e.name + "/"
	var files []emit.File
	k := kustomization{Resources: []string{"../../base"}, Images: p.images, Replicas: p.replicas}
	for _, id := range p.local {
		o := e.objs[id]
		f, t, err := o.file()
		if err != nil {
			return nil, err
		}
		name := emit.FileName(o.obj, byNS)
		k.Resources = append(k.Resources, name)
		f.Path, f.Objects = dir+name, []emit.Object{withTree(o.obj, t)}
		files = append(files, f)
	}
	for _, id := range baseIDs {
		ops := p.patches[id]
		if len(ops) == 0 {
			continue
		}
		o := base[id].obj
		name := "patches/" + emit.FileName(o, byNS)
		data, err := yaml.Marshal(ops)
		if err != nil {
			return nil, err
		}
		files = append(files, emit.File{Path: dir + name, Data: append([]byte(emit.Header), data...)})
		k.Patches = append(k.Patches, patchRef{Path: name, Target: targetOf(o)})
	}
	comment := fmt.Sprintf("# The %s environment: the base with %s's own images, replica counts and\n# patches, and the objects only %s has.\n", e.name, e.name, e.name)
	if e.name == DefaultOverlay && len(p.images)+len(p.replicas)+len(p.patches)+len(p.local) == 0 {
		comment = plainOverlayComment
	}
	data, err := k.marshal(comment)
	if err != nil {
		return nil, err
	}
	files = append(files, emit.File{Path: dir + "kustomization.yaml", Data: data})
	return files, nil
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
	Path   string `json:"path"`
	Target target `json:"target"`
}

type target struct {
	Group     string `json:"group,omitempty"`
	Version   string `json:"version"`
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Namespace string `json:"namespace,omitempty"`
}

func targetOf(o emit.Object) target {
	group, version, ok := strings.Cut(o.APIVersion, "/")
	if !ok {
		group, version = "", o.APIVersion
	}
	return target{Group: group, Version: version, Kind: o.Kind, Name: o.Name, Namespace: o.Namespace}
}

func (k kustomization) marshal(comment string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(emit.Header)
	b.WriteString(comment)
	b.WriteString(kustomizationHeader)
	for _, sec := range []struct {
		key string
		v   any
		n   int
	}{{"resources", k.Resources, len(k.Resources)}, {"images", k.Images, len(k.Images)}, {"replicas", k.Replicas, len(k.Replicas)}, {"patches", k.Patches, len(k.Patches)}} {
		if sec.n == 0 {
			continue
		}
		data, err := yaml.Marshal(map[string]any{sec.key: sec.v})
		if err != nil {
			return nil, err
		}
		b.Write(data)
	}
	return b.Bytes(), nil
}

// Emitter writes the Kustomize layout. A run with at most one
// environment is the raw layout under base/, each file written as its
// object comes, and the kustomizations at the end. Two environments or
// more need every object before the first file (what they share goes to
// the base): each object is kept as the JSON text of its tree, not as the
// object, until Finish compares them object by object.
type Emitter struct {
	// Environments is how many environments the run has (0 or 1: the
	// objects are written as they come).
	Environments int
	byNS         atomic.Bool // the base's files are named by namespace

	mu   sync.Mutex
	objs map[string]map[string]*object // by environment, by ID
}

// Object writes o under base/ in a run of one environment or none, and
// keeps it otherwise.
func (k *Emitter) Object(env string, byNamespace bool, o emit.Object, file []byte, put emit.Put) error {
	if k.Environments <= 1 {
		if byNamespace {
			k.byNS.Store(true)
		}
		return put(emit.File{Path: "base/" + emit.FileName(o, byNamespace), Data: file, Objects: []emit.Object{o}})
	}
	obj, err := newObject(o)
	if err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.objs == nil {
		k.objs = map[string]map[string]*object{}
	}
	if k.objs[env] == nil {
		k.objs[env] = map[string]*object{}
	}
	k.objs[env][o.ID()] = obj
	return nil
}

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
			if files, err = overlayFiles(&env{name: name}, overlay{}, nil, nil, false); err != nil {
				return err
			}
			base, err := kustomization{Resources: resources}.marshal(singleBaseComment)
			if err != nil {
				return err
			}
			files = append(files, emit.File{Path: "base/kustomization.yaml", Data: base})
		}
		return putAll(files, put)
	}
	es := make([]*env, len(envs))
	for i, e := range envs {
		es[i] = &env{name: e.Name, objs: k.objs[e.Name]}
		for _, o := range e.Objects {
			es[i].ids = append(es[i].ids, o.ID())
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
