package report

import (
	"maps"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	storagev1 "k8s.io/api/storage/v1"

	"github.com/eksport/eksport/emit"
)

// Collector gathers, one object at a time, what the report needs from the
// objects, so that a run need not keep them: the IDs of the objects each
// add-on serves, the secret stores and remote keys the secret objects
// name, the Secrets that are filled and the Secret keys pods read. It
// keeps only such strings (copied, so that none pins an object's or an
// input's memory), never an object or a tree.
//
// A Collector is not safe for concurrent use: Add is called by one
// goroutine at a time, in the run's order of objects, since the report
// lists each add-on's objects in the order they were added (or call
// Reorder before the report). The zero value is ready to use.
type Collector struct {
	addOns  [][]string // per addOnRules entry, the IDs of the objects it matched
	stores  map[string]bool
	secrets map[string]bool
	filled  map[string]bool     // "namespace/name" of the Secrets some object fills
	wanted  map[string][]string // "namespace/name" of a Secret pods read → its keys
	// made and used hold "Kind namespace/name" of the ServiceAccounts
	// and ConfigMaps the objects are, and of those that the pods of
	// objects read from manifests use (kube/missing-reference).
	made, used map[string]bool
}

// NewCollector returns an empty Collector.
func NewCollector() *Collector { return &Collector{} }

// Add records what the report needs from o. tree, when not nil, is o's
// generic tree (as emit.Tree returns it, i.e. what will be marshaled) so
// the collector need not build it again; nil means build it only if
// needed. Neither o nor tree is kept or changed.
func (c *Collector) Add(o emit.Object, tree map[string]any) {
	if c.addOns == nil {
		c.addOns = make([][]string, len(addOnRules))
		c.stores, c.secrets, c.filled, c.wanted = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string][]string{}
		c.made, c.used = map[string]bool{}, map[string]bool{}
	}
	v := &view{Object: o, tree: tree, built: tree != nil}
	id := ""
	for i, r := range addOnRules {
		if r.match(v) {
			if id == "" {
				id = o.ID()
			}
			c.addOns[i] = append(c.addOns[i], id)
		}
	}
	switch o.Kind {
	case "ServiceAccount", "ConfigMap":
		c.made[o.Kind+" "+o.Namespace+"/"+o.Name] = true
		return
	case "ExternalSecret", "SecretProviderClass", "Secret":
		c.filled[o.Namespace+"/"+o.Name] = true
		if o.Kind == "Secret" {
			return
		}
		for _, k := range remoteKeys(o.Value) {
			if !c.secrets[k] {
				c.secrets[strings.Clone(k)] = true
			}
		}
		if s := store(o); s != "" {
			c.stores[s] = true // built by concatenation: a copy
		}
		return
	}
	c.keyRefs(v)
	c.podRefs(o)
}

// podRefs records the ServiceAccounts, ConfigMaps and Secrets (volumes,
// envFrom, image pull Secrets) that the pods of an object read from a
// manifest (a generic tree) use, as translate/kube's CheckReferences
// warns about them: the ones no object makes are to be created. Optional
// references and the ServiceAccount "default" are not listed.
func (c *Collector) podRefs(o emit.Object) {
	m, ok := o.Value.(map[string]any)
	if !ok {
		return
	}
	spec := genericPodSpec(o.Kind, m)
	if spec == nil {
		return
	}
	str := func(v any) string { s, _ := v.(string); return s }
	list := func(v any) []any { l, _ := v.([]any); return l }
	obj := func(v any) map[string]any { m, _ := v.(map[string]any); return m }
	needed := func(r map[string]any) bool { b, _ := r["optional"].(bool); return r != nil && !b }
	use := func(kind, name string) {
		if name == "" {
			return
		}
		if kind == "Secret" {
			id := o.Namespace + "/" + name
			if _, ok := c.wanted[id]; !ok {
				c.wanted[strings.Clone(id)] = nil
			}
			return
		}
		c.used[kind+" "+o.Namespace+"/"+name] = true
	}
	sa := str(spec["serviceAccountName"])
	if sa == "" {
		sa = str(spec["serviceAccount"])
	}
	if sa != "default" {
		use("ServiceAccount", sa)
	}
	for _, s := range list(spec["imagePullSecrets"]) {
		use("Secret", str(obj(s)["name"]))
	}
	for _, v := range list(spec["volumes"]) {
		vm := obj(v)
		if s := obj(vm["secret"]); needed(s) {
			use("Secret", str(s["secretName"]))
		}
		if cm := obj(vm["configMap"]); needed(cm) {
			use("ConfigMap", str(cm["name"]))
		}
		for _, src := range list(obj(vm["projected"])["sources"]) {
			if s := obj(obj(src)["secret"]); needed(s) {
				use("Secret", str(s["name"]))
			}
			if cm := obj(obj(src)["configMap"]); needed(cm) {
				use("ConfigMap", str(cm["name"]))
			}
		}
	}
	for _, field := range []string{"initContainers", "containers"} {
		for _, ct := range list(spec[field]) {
			for _, ef := range list(obj(ct)["envFrom"]) {
				if s := obj(obj(ef)["secretRef"]); needed(s) {
					use("Secret", str(s["name"]))
				}
				if cm := obj(obj(ef)["configMapRef"]); needed(cm) {
					use("ConfigMap", str(cm["name"]))
				}
			}
			for _, e := range list(obj(ct)["env"]) {
				if cm := obj(obj(obj(e)["valueFrom"])["configMapKeyRef"]); needed(cm) {
					use("ConfigMap", str(cm["name"]))
				}
			}
		}
	}
}

// genericPodSpec is the pod spec of a workload built as a generic tree,
// nil for other kinds.
func genericPodSpec(kind string, m map[string]any) map[string]any {
	obj := func(v any) map[string]any { m, _ := v.(map[string]any); return m }
	switch kind {
	case "Pod":
		return obj(m["spec"])
	case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job":
		return obj(obj(obj(m["spec"])["template"])["spec"])
	case "CronJob":
		return obj(obj(obj(obj(obj(m["spec"])["jobTemplate"])["spec"])["template"])["spec"])
	}
	return nil
}

// collect feeds objs to a new Collector, in parts on every core for a
// long list: each part to a Collector of its own, merged in the order of
// the parts, which gives what feeding them all to one would.
func collect(objs []emit.Object) *Collector {
	parts := min(runtime.GOMAXPROCS(0), len(objs)/collectPart)
	if parts < 2 {
		c := NewCollector()
		for _, o := range objs {
			c.Add(o, nil)
		}
		return c
	}
	cols := make([]*Collector, parts)
	var wg sync.WaitGroup
	for i := range cols {
		part := objs[i*len(objs)/parts : (i+1)*len(objs)/parts]
		cols[i] = NewCollector()
		wg.Go(func() {
			for _, o := range part {
				cols[i].Add(o, nil)
			}
		})
	}
	wg.Wait()
	for _, c := range cols[1:] {
		cols[0].merge(c)
	}
	return cols[0]
}

// collectPart is the fewest objects worth a goroutine of collect.
const collectPart = 256

// merge adds what o collected after what c did, as if the objects added
// to o had been added to c.
func (c *Collector) merge(o *Collector) {
	switch {
	case o.addOns == nil:
		return
	case c.addOns == nil:
		*c = *o
		return
	}
	for i, ids := range o.addOns {
		c.addOns[i] = append(c.addOns[i], ids...)
	}
	maps.Copy(c.stores, o.stores)
	maps.Copy(c.secrets, o.secrets)
	maps.Copy(c.filled, o.filled)
	maps.Copy(c.made, o.made)
	maps.Copy(c.used, o.used)
	for id, keys := range o.wanted {
		have, ok := c.wanted[id]
		if !ok {
			c.wanted[id] = keys
			continue
		}
		for _, k := range keys {
			if !slices.Contains(have, k) {
				have = append(have, k)
			}
		}
		c.wanted[id] = have
	}
}

// Reorder lists each add-on's objects in the order of objs, whose IDs
// alone are read (Value may be nil), for a run that could not add the
// objects in its order (several goroutines taking turns): the rest of
// what the report lists is sorted and does not depend on the order of
// Add. Objects that objs does not name follow, in the order they were
// added.
func (c *Collector) Reorder(objs []emit.Object) {
	rank := make(map[string]int, len(objs))
	for i, o := range objs {
		if _, seen := rank[o.ID()]; !seen {
			rank[o.ID()] = i
		}
	}
	at := func(id string) int {
		if r, ok := rank[id]; ok {
			return r
		}
		return len(objs)
	}
	for _, ids := range c.addOns {
		slices.SortStableFunc(ids, func(a, b string) int { return at(a) - at(b) })
	}
}

// keyRefs records the Secret keys an object's pods read (secretKeyRef).
func (c *Collector) keyRefs(v *view) {
	o := v.Object
	want := func(name, key string) {
		id := o.Namespace + "/" + name
		keys, ok := c.wanted[id]
		if !ok {
			id = strings.Clone(id)
		}
		if !slices.Contains(keys, key) {
			c.wanted[id] = append(keys, strings.Clone(key))
		}
	}
	if _, generic := o.Value.(map[string]any); !generic && noKeyRefs[o.APIVersion+"/"+o.Kind] {
		return
	}
	if spec, ok := podSpec(o.Value); ok {
		// Typed workloads hold secretKeyRef only in their containers'
		// environment: read it there rather than in a tree.
		env := func(vars []corev1.EnvVar) {
			for _, e := range vars {
				if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
					want(e.ValueFrom.SecretKeyRef.Name, e.ValueFrom.SecretKeyRef.Key)
				}
			}
		}
		for _, ct := range spec.InitContainers {
			env(ct.Env)
		}
		for _, ct := range spec.Containers {
			env(ct.Env)
		}
		for _, ct := range spec.EphemeralContainers {
			env(ct.Env)
		}
		return
	}
	t, ok := v.Tree()
	if !ok {
		return
	}
	walk(t, func(ref map[string]any) {
		name, _ := ref["name"].(string)
		key, _ := ref["key"].(string)
		want(name, key)
	})
}

// podSpec returns the pod spec of the typed workloads eksport makes.
func podSpec(v any) (*corev1.PodSpec, bool) {
	switch x := v.(type) {
	case *appsv1.Deployment:
		if x != nil {
			return &x.Spec.Template.Spec, true
		}
	case *appsv1.StatefulSet:
		if x != nil {
			return &x.Spec.Template.Spec, true
		}
	case *appsv1.DaemonSet:
		if x != nil {
			return &x.Spec.Template.Spec, true
		}
	case *appsv1.ReplicaSet:
		if x != nil {
			return &x.Spec.Template.Spec, true
		}
	case *batchv1.Job:
		if x != nil {
			return &x.Spec.Template.Spec, true
		}
	case *batchv1.CronJob:
		if x != nil {
			return &x.Spec.JobTemplate.Spec.Template.Spec, true
		}
	case *corev1.Pod:
		if x != nil {
			return &x.Spec, true
		}
	}
	return nil, false
}

// store names the secret store an ExternalSecret reads through, as
// Kind/name or Kind/namespace/name for a namespaced SecretStore; "" when
// it names none.
func store(o emit.Object) string {
	m, ok := o.Value.(map[string]any)
	if o.Kind != "ExternalSecret" || !ok {
		return ""
	}
	spec, _ := m["spec"].(map[string]any)
	ref, _ := spec["secretStoreRef"].(map[string]any)
	name, _ := ref["name"].(string)
	kind, _ := ref["kind"].(string)
	if name == "" {
		return ""
	}
	if kind == "SecretStore" && o.Namespace != "" {
		return kind + "/" + o.Namespace + "/" + name
	}
	return kind + "/" + name
}

// sortedKeys returns a set's members in order, never nil.
func sortedKeys(set map[string]bool) []string {
	out := slices.AppendSeq(make([]string, 0, len(set)), maps.Keys(set))
	slices.Sort(out)
	return out
}

// missing lists the Secrets that pods read but that no object fills (for
// example the credentials eksport kept out of the output), as
// "namespace/name: key, key" ("namespace/name" when no key is read by
// name: a volume, envFrom, an image pull Secret), and the ServiceAccounts
// and ConfigMaps that the pods of manifests use but no object makes, as
// "ServiceAccount namespace/name" and "ConfigMap namespace/name".
func (c *Collector) missing() []string {
	var out []string
	for id, keys := range c.wanted {
		if c.filled[id] {
			continue
		}
		if len(keys) == 0 {
			out = append(out, strings.TrimPrefix(id, "/"))
			continue
		}
		keys = slices.Clone(keys)
		slices.Sort(keys)
		out = append(out, strings.TrimPrefix(id, "/")+": "+strings.Join(keys, ", "))
	}
	for id := range c.used {
		if !c.made[id] {
			kind, ref, _ := strings.Cut(id, " ")
			out = append(out, kind+" "+strings.TrimPrefix(ref, "/"))
		}
	}
	slices.Sort(out)
	return out
}

// view is an object being added, with its generic tree built at most once
// and only when a question needs it.
type view struct {
	emit.Object
	tree  map[string]any
	built bool // tree is known: given, built, or failed (nil)
}

// Tree returns the object's generic tree; false when it cannot be built.
func (v *view) Tree() (map[string]any, bool) {
	if !v.built {
		v.built = true
		v.tree, _ = emit.Tree(v.Object)
	}
	return v.tree, v.tree != nil
}

// csiDriver is a PersistentVolume's spec.csi.driver, "" for none.
func csiDriver(v *view) string {
	if pv, ok := v.Value.(*corev1.PersistentVolume); ok && pv != nil {
		if pv.Spec.CSI == nil {
			return ""
		}
		return pv.Spec.CSI.Driver
	}
	t, _ := v.Tree()
	spec, _ := t["spec"].(map[string]any)
	csi, _ := spec["csi"].(map[string]any)
	d, _ := csi["driver"].(string)
	return d
}

// provisioner is a StorageClass's provisioner.
func provisioner(v *view) string {
	if sc, ok := v.Value.(*storagev1.StorageClass); ok && sc != nil {
		return sc.Provisioner
	}
	t, _ := v.Tree()
	p, _ := t["provisioner"].(string)
	return p
}

// ingressClass reads an Ingress's class, from spec.ingressClassName or the
// older annotation; "" when it names none (the cluster's default class,
// which is alb for the Ingresses eksport makes for ECS services).
func ingressClass(v *view) string {
	if ing, ok := v.Value.(*networkingv1.Ingress); ok && ing != nil {
		if ing.Spec.IngressClassName != nil {
			return *ing.Spec.IngressClassName
		}
		if c, ok := ing.Annotations["kubernetes.io/ingress.class"]; ok {
			return c
		}
		return "alb"
	}
	t, ok := v.Tree()
	if !ok {
		return ""
	}
	spec, _ := t["spec"].(map[string]any)
	if c, ok := spec["ingressClassName"].(string); ok {
		return c
	}
	md, _ := t["metadata"].(map[string]any)
	ann, _ := md["annotations"].(map[string]any)
	if c, ok := ann["kubernetes.io/ingress.class"].(string); ok {
		return c
	}
	return "alb"
}

// mentions reports whether a string of the object (a value, or a key of a
// map) outside its status contains s.
func mentions(v *view, s string) bool {
	if v.tree == nil {
		if rv := reflect.ValueOf(v.Value); rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().Kind() == reflect.Struct {
			return structMentions(rv.Elem(), s, true)
		}
	}
	t, _ := v.Tree()
	return treeMentions(t, s)
}

func treeMentions(v any, s string) bool {
	switch x := v.(type) {
	case string:
		return strings.Contains(x, s)
	case map[string]any:
		for k, e := range x {
			if strings.Contains(k, s) || treeMentions(e, s) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if treeMentions(e, s) {
				return true
			}
		}
	}
	return false
}

// structMentions is treeMentions for a typed value: its exported fields,
// Status left out at the top as the tree leaves it out.
func structMentions(v reflect.Value, s string, top bool) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.Contains(v.String(), s)
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && structMentions(v.Elem(), s, false)
	case reflect.Struct:
		for _, f := range fieldsOf(v.Type()) {
			if !(top && f.status) && structMentions(v.Field(f.index), s, false) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if ss, ok := v.Interface().([]string); ok {
			for _, e := range ss {
				if strings.Contains(e, s) {
					return true
				}
			}
			return false
		}
		for i := range v.Len() {
			if structMentions(v.Index(i), s, false) {
				return true
			}
		}
	case reflect.Map:
		if m, ok := v.Interface().(map[string]string); ok {
			for k, e := range m {
				if strings.Contains(k, s) || strings.Contains(e, s) {
					return true
				}
			}
			return false
		}
		for it := v.MapRange(); it.Next(); {
			if structMentions(it.Key(), s, false) || structMentions(it.Value(), s, false) {
				return true
			}
		}
	}
	return false
}

// field is an exported field of a struct type that can hold a string.
type field struct {
	index  int
	status bool // named Status
}

var fieldCache sync.Map // reflect.Type → []field

// fieldsOf lists the fields of a struct type that structMentions visits.
func fieldsOf(t reflect.Type) []field {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]field)
	}
	var fs []field
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && holdsString(f.Type, map[reflect.Type]bool{}) {
			fs = append(fs, field{i, f.Name == "Status"})
		}
	}
	fieldCache.Store(t, fs)
	return fs
}

// holdsString reports whether a value of type t can hold a string.
func holdsString(t reflect.Type, seen map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.String, reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return holdsString(t.Elem(), seen)
	case reflect.Map:
		return holdsString(t.Key(), seen) || holdsString(t.Elem(), seen)
	case reflect.Struct:
		if seen[t] {
			return false // the fields are being looked at further up
		}
		seen[t] = true
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && holdsString(f.Type, seen) {
				return true
			}
		}
	}
	return false
}
