package kustomize

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync/atomic"

	k8sruntime "k8s.io/apimachinery/pkg/runtime"

	"github.com/eksport/eksport/emit"
)

// overlay is what one environment changes over the base.
type overlay struct {
	images   []image
	replicas []replica
	patches  map[string][]op // by base object ID
	local    []string        // IDs of objects only (some) environments have
}

func (p *overlay) hasEntries() bool { return len(p.images)+len(p.replicas) > 0 }

// compared is what comparing one base object across the environments
// found, per environment: the patches that turn the base object, after
// the overlay's entries, into the environment's (sorted; nil when there
// are none), whether they reproduce it, and the same patches stating the
// base's value at every path another environment replaces (more; nil
// when they already state every such path), with whether those
// reproduce it.
// Most objects are the same everywhere: their compared is empty (nil
// slices), so that a large run holds little per object.
type compared struct {
	ops    [][]op // nil when no environment needs a patch
	failed []bool // nil when every environment's ops reproduce it
	more   [][]op
	okMore []bool
}

func (c *compared) opsOf(i int) []op {
	if c.ops == nil {
		return nil
	}
	return c.ops[i]
}

func (c *compared) ok(i int) bool { return c.failed == nil || !c.failed[i] }

// planOverlays decides every overlay: images: and replicas: entries where
// they reproduce the environment exactly, JSON patches for the rest, and the
// same set of varying fields in every overlay. It goes object by object
// (same ID across environments), reading each environment's text of the
// object once, on every core; base, when not nil, gets each base object's
// file as soon as the object is read, in base order.
func planOverlays(es []*env, baseIDs []string, base emit.Put) ([]overlay, error) {
	plans := make([]overlay, len(es))
	imgs, err := imageEntries(es, baseIDs)
	if err != nil {
		return nil, err
	}
	reps := replicaEntries(es, baseIDs)
	inBase := make(map[string]bool, len(baseIDs))
	for _, id := range baseIDs {
		inBase[id] = true
	}
	for i, e := range es {
		for _, id := range e.ids {
			if !inBase[id] {
				plans[i].local = append(plans[i].local, id)
			}
		}
		plans[i].images, plans[i].replicas = imgs[i], reps[i]
	}
	// Without entries, nothing reads a base object's text again once it
	// is compared: the plan lets it go then (text held in memory, where
	// emit.Store could not make its file).
	release := true
	for i := range plans {
		release = release && !plans[i].hasEntries()
	}
	res, err := compareAll(es, baseIDs, plans, base, release)
	if err != nil {
		return nil, err
	}
	// failing holds, per environment, the base objects its overlay does
	// not reproduce ("" for its own objects).
	failing, err := failingSets(es, baseIDs, plans, res)
	if err != nil {
		return nil, err
	}
	redo := false
	for i := range plans {
		if len(failing[i]) > 0 && plans[i].hasEntries() {
			// Some entry reached further than intended: say it all
			// with patches, which touch exactly what they name.
			plans[i].images, plans[i].replicas = nil, nil
			redo = true
		}
	}
	if redo {
		if res, err = compareAll(es, baseIDs, plans, nil, false); err != nil {
			return nil, err
		}
		if failing, err = failingSets(es, baseIDs, plans, res); err != nil {
			return nil, err
		}
	}
	choosePatches(plans, baseIDs, res, failing)
	return plans, nil
}

// choosePatches gives each overlay its patches: every overlay names every
// field that varies, the unchanged value where another overlay replaces it
// (the compared's more), when that still reproduces the object and every
// other object of the overlay is reproduced too. An overlay whose only
// unreproduced object is reproduced by stating the values is whole once it
// does: that is decided before any object is visited, so that each object's
// answer is the same whatever its place among baseIDs (deciding it on the
// way, the objects before that one kept their patches without the stated
// values and the objects after it got them).
func choosePatches(plans []overlay, baseIDs []string, res []compared, failing []map[string]bool) {
	takesMore := func(c *compared, i int) bool { return c.more != nil && c.more[i] != nil && c.okMore[i] }
	for i := range plans {
		if len(failing[i]) != 1 {
			continue
		}
		for k, id := range baseIDs {
			if failing[i][id] {
				if takesMore(&res[k], i) {
					delete(failing[i], id)
				}
				break
			}
		}
	}
	for i := range plans {
		plans[i].patches = map[string][]op{}
	}
	for k, id := range baseIDs {
		c := &res[k]
		for i := range plans {
			ops := c.opsOf(i)
			if len(failing[i]) == 0 && takesMore(c, i) {
				ops = c.more[i]
			}
			if len(ops) > 0 {
				plans[i].patches[id] = ops
			}
		}
	}
}

// failingSets lists, per environment, the base objects its patches and
// entries do not reproduce, with "" when the entries change an object
// only the environment has.
func failingSets(es []*env, baseIDs []string, plans []overlay, res []compared) ([]map[string]bool, error) {
	failing := make([]map[string]bool, len(es))
	for i, e := range es {
		failing[i] = map[string]bool{}
		for k, id := range baseIDs {
			if !res[k].ok(i) {
				failing[i][id] = true
			}
		}
		ok, err := plans[i].reproducesLocal(e)
		if err != nil {
			return nil, err
		}
		if !ok {
			failing[i][""] = true
		}
	}
	return failing, nil
}

// compareAll compares each base object across the environments
// (compareOne) on every core (putOrdered), and hands base each base
// object's file, in base order; with release, it lets each object's text
// go once it is compared.
func compareAll(es []*env, baseIDs []string, plans []overlay, base emit.Put, release bool) ([]compared, error) {
	res := make([]compared, len(baseIDs))
	put := base
	if put == nil {
		put = func(emit.File) error { return nil }
	}
	err := putOrdered(len(baseIDs), func(k int) (emit.File, error) {
		r, bt, err := compareOne(es, baseIDs[k], plans)
		var f emit.File
		if err == nil && base != nil {
			o := es[0].objs[baseIDs[k]]
			f, err = o.baseFile(bt)
			o.manifest, o.hasManifest = emit.Held{}, false // written
		}
		res[k] = r
		if release {
			for _, e := range es {
				e.objs[baseIDs[k]].JSON = nil
			}
		}
		return f, err
	}, put)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// compareOne reads each environment's tree of the base object id once and
// compares them (compared); it returns the base's tree (the first
// environment's), which it leaves as it read it. An environment whose
// text of the object is the base's (emit.Kept.SameText) has the base's
// tree: its text is not read, and where no entry changes the base it
// needs nothing and reproduces the base as it is. Where that holds of
// every environment and the base's file is kept (object.manifest), no
// tree is read at all, and the tree returned is nil.
func compareOne(es []*env, id string, plans []overlay) (compared, map[string]any, error) {
	n := len(es)
	trees := make([]map[string]any, n)
	same := make([]bool, n)
	base := es[0].objs[id]
	alike := true // every environment has the base's text, and no entries
	for i, e := range es {
		if plans[i].hasEntries() {
			alike = false
		}
		if i == 0 {
			continue
		}
		var err error
		if same[i], err = base.SameText(e.objs[id].Kept); err != nil {
			return compared{}, nil, fmt.Errorf("kustomize: %w", err)
		}
		alike = alike && same[i]
	}
	if alike && base.hasManifest {
		// Nothing to compare, and the base's file is kept: no tree.
		return compared{}, nil, nil
	}
	for i, e := range es {
		if same[i] {
			trees[i] = trees[0]
			continue
		}
		t, err := e.objs[id].tree()
		if err != nil {
			return compared{}, nil, err
		}
		trees[i] = t
	}
	bt, kind := trees[0], base.Object.Kind
	var c compared
	for i := range es {
		if (i == 0 || same[i]) && !plans[i].hasEntries() {
			// Its tree is the base's, which diff and reproduces
			// find equal to itself: no patch, reproduced.
			continue
		}
		t := bt
		if plans[i].hasEntries() {
			t = k8sruntime.DeepCopyJSONValue(bt).(map[string]any)
			plans[i].transform(kind, t)
		}
		// Neither diff nor the check changes the environment's tree.
		if ops := diff("", t, trees[i]); len(ops) > 0 {
			if c.ops == nil {
				c.ops = make([][]op, n)
			}
			c.ops[i] = sortOps(ops)
		}
		if !plans[i].reproduces(kind, bt, c.opsOf(i), trees[i]) {
			if c.failed == nil {
				c.failed = make([]bool, n)
			}
			c.failed[i] = true
		}
	}
	paths := map[string]bool{}
	for i := range c.ops {
		for _, o := range c.ops[i] {
			if o.Op == "replace" {
				paths[o.Path] = true
			}
		}
	}
	if len(paths) == 0 {
		return c, bt, nil
	}
	for i := range es {
		extra := explicitOps(c.opsOf(i), paths, bt)
		if len(extra) == 0 {
			continue
		}
		if c.more == nil {
			c.more, c.okMore = make([][]op, n), make([]bool, n)
		}
		c.more[i] = sortOps(append(slices.Clone(c.opsOf(i)), extra...))
		if (i == 0 || same[i]) && c.opsOf(i) == nil && !plans[i].hasEntries() {
			// The environment's tree is the base's, and the extra
			// operations replace values of the base with themselves
			// (explicitOps reads them from it): they reproduce it.
			c.okMore[i] = true
			continue
		}
		c.okMore[i] = plans[i].reproduces(kind, bt, c.more[i], trees[i])
	}
	return c, bt, nil
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

// objectChecks counts reproduces's calls, for the test that an overlay's
// plan checks each object a bounded number of times.
var objectChecks atomic.Int64

// reproduces tells whether the patches ops and the overlay's entries turn
// the base object's tree bt (which it leaves as it is) into want, as
// kustomize orders them (patches, replicas, images).
func (p *overlay) reproduces(kind string, bt map[string]any, ops []op, want map[string]any) bool {
	objectChecks.Add(1)
	entries := p.hasEntries()
	if len(ops) == 0 && !entries {
		return equalTrees(bt, want)
	}
	var t any = bt
	if entries {
		// The entries may change anything: work on a copy.
		t = k8sruntime.DeepCopyJSONValue(bt)
	}
	var err error
	for _, o := range ops {
		if !entries {
			// Copy only what the operation changes.
			toks := tokens(o.Path)
			t = ownPath(t, toks[:max(len(toks)-1, 0)])
		}
		if t, err = o.apply(t); err != nil {
			return false
		}
	}
	m, ok := t.(map[string]any)
	if !ok {
		return false
	}
	p.transform(kind, m)
	return equalTrees(m, want)
}

// reproducesLocal tells whether the overlay's entries leave the objects
// only the environment has as they are.
func (p *overlay) reproducesLocal(e *env) (bool, error) {
	if !p.hasEntries() {
		return true, nil // nothing changes them
	}
	for _, id := range p.local {
		o := e.objs[id]
		want, err := o.tree()
		if err != nil {
			return false, err
		}
		t := k8sruntime.DeepCopyJSONValue(want).(map[string]any)
		p.transform(o.Object.Kind, t)
		if !equalTrees(t, want) {
			return false, nil
		}
	}
	return true, nil
}

// equalTrees is emit.EqualTrees for the trees Kustomize compares.
func equalTrees(a, b any) bool { return emit.EqualTrees(a, b, nil) }

// ownPath returns a copy of the tree t that shares everything with t but
// the maps and lists on the path toks (as far as it leads), which are
// copies that an operation on the path's end may change.
func ownPath(t any, toks []string) any {
	root := shallowCopy(t)
	cur := root
	for _, tok := range toks {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[tok]
			if !ok {
				return root
			}
			v = shallowCopy(v)
			c[tok], cur = v, v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return root
			}
			v := shallowCopy(c[i])
			c[i], cur = v, v
		default:
			return root
		}
	}
	return root
}

func shallowCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return maps.Clone(x)
	case []any:
		return slices.Clone(x)
	}
	return v
}
