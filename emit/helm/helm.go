package helm

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/translate/ir"
)

// Options name and version the chart.
type Options struct {
	Name        string // chart name; required
	Version     string // chart version; default 0.1.0
	Description string
}

// DefaultVersion is the chart version when the configuration sets none.
const DefaultVersion = "0.1.0"

// Emit returns the chart for the environments' objects: Chart.yaml,
// values.yaml, values-<env>.yaml per named environment, values.schema.json,
// templates/_helpers.tpl, templates/NOTES.txt, a template folder per
// workload (shared objects such as ServiceAccounts directly in
// templates/), and .helmignore.
func Emit(envs []emit.Env, opts Options) (*emit.FileSet, error) {
	kept := make([]keptEnv, len(envs))
	for i, e := range envs {
		kept[i] = keptEnv{name: e.Name, objs: map[string]*held{}}
		for _, o := range e.Objects {
			k, err := keep(nil, o)
			if err != nil {
				return nil, err
			}
			if _, dup := kept[i].objs[o.ID()]; dup {
				return nil, fmt.Errorf("helm: environment %q has %s twice", e.Name, o.ID())
			}
			kept[i].ids = append(kept[i].ids, o.ID())
			kept[i].objs[o.ID()] = k
		}
	}
	out := &emit.FileSet{}
	err := write(kept, opts, nil, func(f emit.File) error {
		if f.Write != nil {
			data, err := f.Content()
			if err != nil {
				return err
			}
			f.Data, f.Write = data, nil
		}
		out.Add(f)
		return nil
	})
	return out, err
}

// keptEnv is one environment's objects, kept as text (held), by ID in
// install order.
type keptEnv struct {
	name string
	ids  []string
	objs map[string]*held
}

// held is one object kept until the chart is written: its identity and
// the text of its value (an emit.Kept, in the emitter's emit.Store), and
// what the first pass over every object needs of its tree, read from the
// value (an emit.Cursor) when the object arrives so that the pass reads
// no tree.
type held struct {
	*emit.Kept
	label  string // its app.kubernetes.io/name label, else its app label
	ns     string // metadata.namespace
	tokens bool   // whether the text holds ir.Unresolved tokens
}

// keep makes o's held, its text in store (in memory for a nil store).
func keep(store *emit.Store, o emit.Object) (*held, error) {
	k, err := store.Keep(o)
	if err != nil {
		return nil, err
	}
	text, err := k.Text()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.ID(), err)
	}
	h := &held{Kept: k, tokens: ir.HasUnresolved(string(text))}
	if h.note(emit.At(o).Key("metadata")) {
		return h, nil
	}
	// The value does not say: its tree does.
	t, err := h.tree()
	if err != nil {
		return nil, err
	}
	md, _ := t["metadata"].(map[string]any)
	h.ns, _ = md["namespace"].(string)
	labels, _ := md["labels"].(map[string]any)
	h.label = ""
	for _, name := range groupLabels {
		if g, _ := labels[name].(string); g != "" {
			h.label = g
			break
		}
	}
	return h, nil
}

// note notes the object's namespace and group label from a Cursor at its
// metadata; false where the Cursor cannot tell.
func (h *held) note(md emit.Cursor) bool {
	ns, ok := stringAt(md.Key("namespace"))
	if !ok {
		return false
	}
	h.ns = ns
	labels := md.Key("labels")
	for _, name := range groupLabels {
		g, ok := stringAt(labels.Key(name))
		if !ok {
			return false
		}
		if g != "" {
			h.label = g
			break
		}
	}
	return true
}

// stringAt is the string a Cursor is at ("" where it is missing or at
// something else), false where the Cursor cannot tell.
func stringAt(c emit.Cursor) (string, bool) {
	switch c.Shape() {
	case emit.Unknown:
		return "", false
	case emit.Scalar:
		v, ok := c.Scalar()
		if !ok {
			return "", false
		}
		s, _ := v.(string)
		return s, true
	}
	return "", true
}

// groupLabels name the workload an object belongs to, the first set one
// winning.
var groupLabels = []string{"app.kubernetes.io/name", "app"}

// write writes the chart of the kept environments. Its chart-wide
// decisions (template names, values keys, the common namespace, which
// objects render behind a flag) come from a first pass over the objects
// (plan); then each object in turn is read, given its values slots, adds
// its values and has its template written, and its trees are let go.
//
// A workload's values and schema wait for the end as text in store (in
// memory for a nil store).
func write(envs []keptEnv, opts Options, store *emit.Store, put emit.Put) error {
	if opts.Name == "" {
		return fmt.Errorf("helm: the chart needs a name")
	}
	if opts.Version == "" {
		opts.Version = DefaultVersion
	}
	if opts.Description == "" {
		opts.Description = "Kubernetes manifests converted by eksport."
	}
	req, err := requiredOf(envs)
	if err != nil {
		return err
	}
	names := make([]emit.Env, len(envs)) // the environments' names, for the texts
	var idents [][]emit.Object
	for i, e := range envs {
		names[i].Name = e.name
		objs := make([]emit.Object, len(e.ids))
		for j, id := range e.ids {
			objs[j] = e.objs[id].Object
		}
		idents = append(idents, objs)
	}
	byNS := emit.SpansNamespaces(idents...)
	idents = nil
	items, ns, err := plan(envs)
	if err != nil {
		return err
	}
	for i := range envs {
		// The items hold the objects now, each until it is read.
		envs[i].objs, envs[i].ids = nil, nil
	}
	if err := put(emit.File{Path: "Chart.yaml", Data: chartYAML(opts)}); err != nil {
		return err
	}
	if err := put(emit.File{Path: ".helmignore", Data: []byte(emit.Header + helmignore)}); err != nil {
		return err
	}

	// Templates are made on every core while this goroutine slots the
	// next objects; a worker lets an object's trees go once its template
	// is made, and the templates are handed over in the objects' order.
	type job struct {
		it   *item
		done chan emit.File
	}
	jobs := make(chan job, runtime.GOMAXPROCS(0))
	order := make(chan chan emit.File, 2*runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range jobs {
				scratch := scratchBufs.Get().(*[]byte)
				*scratch = appendTemplate((*scratch)[:0], opts.Name, j.it, req)
				dir := "templates/"
				if j.it.group != "" {
					dir += j.it.group + "/"
				}
				j.done <- emit.File{Path: dir + emit.FileName(j.it.obj, byNS), Data: slices.Clone(*scratch)}
				scratchBufs.Put(scratch)
				j.it.unload()
			}
		})
	}
	putErr := make(chan error, 1)
	go func() {
		var first error
		for done := range order {
			if f := <-done; first == nil {
				first = put(f)
			}
		}
		putErr <- first
	}()
	envValues := make([]map[string]any, len(envs))
	for i := range envValues {
		envValues[i] = map[string]any{}
	}
	// The values schema, which holds the documentation of each key.
	schema := newSchema()
	used := map[string]string{}
	groupKeys := map[string][]string{}
	docs := map[string]*containerDocs{}
	// The values of a workload are written as text once its last object
	// is slotted (doneGroup): each environment's tree of maps for it was
	// most of what a chart with several environments held at the end.
	envFiles := len(envs) > 1 || envs[0].name != ""
	last := lastOfGroups(items)
	patches := make([]map[string]*frozen, len(envs)) // per environment, by workload
	for i := range patches {
		patches[i] = map[string]*frozen{}
	}
	for i, it := range items {
		if err = it.load(); err != nil {
			break
		}
		s := &slotter{it: it, used: used, groupKeys: groupKeys, tokens: len(req.names) > 0, docs: docs}
		s.named(ns)
		base := []string{}
		if it.group != "" {
			base = []string{"workloads", it.group}
		}
		s.fallbacks(base)
		if s.err != nil {
			err = s.err
			break
		}
		addSchema(schema, it)
		addAllValues(envValues, it, schema.docOf)
		if it.group != "" && last[it.group] == i {
			doneGroup(store, envValues, it.group, envFiles, patches, schema.docOf)
			if err = holdSchema(store, schema, it.group); err != nil {
				break
			}
			// Only the workload's objects use keys below its values.
			for _, k := range groupKeys[it.group] {
				delete(used, k)
			}
			delete(groupKeys, it.group)
		}
		items[i] = nil // the worker lets it go
		done := make(chan emit.File, 1)
		order <- done
		jobs <- job{it, done}
	}
	close(jobs)
	wg.Wait()
	close(order)
	if perr := <-putErr; err == nil {
		err = perr
	}
	if err != nil {
		return err
	}

	// Values of each environment.
	req.values(envValues)
	req.schema(schema)
	base := envValues[0]
	head := []byte(emit.Header + valuesIntro(opts.Name, names))
	if err := put(emit.File{Path: "values.yaml", Write: func(w io.Writer) error {
		return (&valuesWriter{docs: schema.docOf}).writeTo(w, head, base)
	}}); err != nil {
		return err
	}

	if envFiles {
		leaves := envLeaves(base, envValues)
		for i, e := range envs {
			patch, err := envFile(base, envValues[i], leaves, i)
			if err != nil {
				return err
			}
			withGroups(patch, patches[i])
			patches[i] = nil
			if i > 0 {
				envValues[i] = nil // the first is base
			}
			w := &valuesWriter{}
			w.b = append(w.b, emit.Header...)
			w.b = fmt.Appendf(w.b, "# The %s environment: every value that differs between environments.\n", e.name)
			w.b = fmt.Appendf(w.b, "#   helm upgrade --install %s . -f values-%s.yaml [-f your-own-values.yaml]\n", opts.Name, e.name)
			if len(patch) == 0 {
				w.b = append(w.b, "{}\n"...)
			}
			w.mapBody(patch, 0, false)
			if w.err != nil {
				return w.err
			}
			if err := put(emit.File{Path: "values-" + e.name + ".yaml", Data: w.b}); err != nil {
				return err
			}
		}
	}

	for _, f := range []emit.File{
		{Path: "values.schema.json", Write: func(w io.Writer) error { return writeSchema(w, schema) }},
		{Path: "templates/_helpers.tpl", Data: []byte(emit.TemplateHeader + strings.ReplaceAll(helpers, "CHART", opts.Name))},
		{Path: "templates/NOTES.txt", Data: []byte(emit.TemplateHeader + notes(opts.Name, names))},
	} {
		if err := put(f); err != nil {
			return err
		}
	}
	return nil
}

// scratchBufs holds buffers to write templates in.
var scratchBufs = sync.Pool{New: func() any { return new([]byte) }}

// plan is the first pass: every object across environments, in install
// order, with the workload it belongs to, its key and its presence flag,
// and the namespace every namespaced object is in ("" when they differ).
// It reads no tree: keep read what it needs of each.
func plan(envs []keptEnv) ([]*item, string, error) {
	byID := map[string]*item{}
	var all []emit.Object
	for e, env := range envs {
		for _, id := range env.ids {
			k := env.objs[id]
			it := byID[id]
			if it == nil {
				it = &item{obj: k.Object, id: id, kept: make([]*held, len(envs)), label: k.label}
				byID[id] = it
				all = append(all, k.Object)
			}
			it.kept[e] = k
		}
	}
	ns, many := "", false
	for _, o := range all {
		for _, k := range byID[o.ID()].kept {
			if k == nil || k.ns == "" {
				continue
			}
			if ns != "" && k.ns != ns {
				many = true
			}
			ns = k.ns
		}
	}
	if many {
		ns = ""
	}
	emit.Sort(all)
	groups(byID)
	items := make([]*item, len(all))
	keys := map[string]int{}
	for i, o := range all {
		items[i] = byID[o.ID()]
		keys[items[i].group+"\x00"+o.Kind+"/"+o.Name]++
	}
	for _, it := range items {
		it.key = it.obj.Kind + "/" + it.obj.Name
		if keys[it.group+"\x00"+it.key] > 1 {
			it.key = it.obj.ID()
		}
	}
	presence(items)
	return items, ns, nil
}

// groups sets the workload each object belongs to ("" for shared
// objects): its app.kubernetes.io/name label, else its app label (as
// manifests written by hand often have), else the name of the workload
// that has its name.
func groups(byID map[string]*item) {
	workloads := map[string]bool{}
	for _, it := range byID {
		it.group = it.label
		if _, ok := podTemplate[it.obj.Kind]; ok {
			if it.group == "" {
				it.group = it.obj.Name
			}
			workloads[it.group] = true
		}
	}
	for _, it := range byID {
		if it.group == "" && workloads[it.obj.Name] {
			it.group = it.obj.Name
		}
	}
}

const groupFieldsDoc = "Fields that differ between environments and have no value of their own, by\nobject and JSON pointer."

// autoscalerKinds render behind autoscaling.enabled.
var autoscalerKinds = []string{"HorizontalPodAutoscaler", "ScaledObject", "TriggerAuthentication"}

// presence gives a flag to every object some environment lacks, and one to
// every autoscaler, which users switch off by convention.
func presence(items []*item) {
	pattern := func(it *item) string {
		var b strings.Builder
		for _, k := range it.kept {
			b.WriteByte("01"[boolInt(k != nil)])
		}
		return b.String()
	}
	autoscaling := map[string]string{} // group -> presence pattern of its autoscaler
	for _, it := range items {
		if it.group != "" && it.obj.Name == it.group && slices.Contains(autoscalerKinds[:2], it.obj.Kind) {
			if _, seen := autoscaling[it.group]; !seen {
				autoscaling[it.group] = pattern(it)
			}
		}
	}
	for _, it := range items {
		p := pattern(it)
		if want, ok := autoscaling[it.group]; ok && it.obj.Name == it.group && slices.Contains(autoscalerKinds, it.obj.Kind) && want == p {
			it.presence = []string{"workloads", it.group, "autoscaling", "enabled"}
			continue
		}
		if !strings.Contains(p, "0") {
			continue
		}
		if it.group != "" {
			it.presence = []string{"workloads", it.group, "include", it.key}
		} else {
			it.presence = []string{"include", it.key}
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func chartYAML(o Options) []byte {
	return []byte(emit.Header + "apiVersion: v2\n" +
		"name: " + scalarText(o.Name) + "\n" +
		"description: " + scalarText(o.Description) + "\n" +
		"type: application\n" +
		"version: " + scalarText(o.Version) + "\n")
}

const helmignore = `# Files eksport writes beside the chart that are not part of it.
migration-checklist.*
iam/
environments/
.eksport-manifest
`

const helpers = `{{/*
CHART.image writes a container image from its repository, tag and digest.
*/}}
{{- define "CHART.image" -}}
{{- .repository -}}
{{- with .tag }}:{{ . }}{{ end -}}
{{- with .digest }}@{{ . }}{{ end -}}
{{- end }}
`

func valuesIntro(name string, envs []emit.Env) string {
	s := "# Values of the " + name + " chart, written by eksport.\n" +
		"#\n" +
		"# eksport rewrites this file: do not edit it. Put your own settings in a file of\n" +
		"# your own and pass it last:\n"
	if len(envs) > 1 || envs[0].Name != "" {
		s += fmt.Sprintf("#   helm upgrade --install %s . -f values-%s.yaml -f my-values.yaml\n", name, envs[0].Name)
		s += "# These defaults are the " + envs[0].Name + " environment's; values-<env>.yaml holds what each\n# environment changes.\n"
	} else {
		s += fmt.Sprintf("#   helm upgrade --install %s . -f my-values.yaml\n", name)
	}
	return s + "\n"
}

func notes(name string, envs []emit.Env) string {
	where := "migration-checklist.md beside this chart"
	if len(envs) > 1 || envs[0].Name != "" {
		where = "environments/<env>/migration-checklist.md beside this chart"
	}
	return "{{ .Chart.Name }} is installed as release {{ .Release.Name }} in namespace {{ .Release.Namespace }}.\n\n" +
		"These objects were converted to EKS by eksport. Before traffic moves,\n" +
		"work through the migration checklist in " + where + ":\n" +
		"add-ons to install, IAM trust policies to change, secrets to grant, and every\n" +
		"warning about what did not carry over.\n\n" +
		"eksport rewrites values.yaml, values-<env>.yaml and templates/; keep your own\n" +
		"settings in a values file of your own, passed last with -f.\n"
}

// appendJSON appends v as a json.Encoder that escapes no HTML and
// indents by two spaces writes it, for the types a schema holds; it
// reports false at any other.
func appendJSON(b []byte, v any, indent int) ([]byte, bool) {
	return emit.AppendTreeJSON(b, v, indent)
}

// appendJSONString appends a string as JSON, escaping no HTML.
func appendJSONString(b []byte, s string) []byte { return emit.AppendJSONString(b, s) }

// Emitter writes a chart. Its values and template names depend on every
// object, so each object is kept as text (held) until Finish.
type Emitter struct {
	Options Options
	// Name, when set, names the chart from every object (in install
	// order, environment after environment) when Options.Name is empty.
	Name  func(objs []emit.Object) string
	mu    sync.Mutex
	store *emit.Store                 // the objects' text, until Finish
	objs  map[string]map[string]*held // by environment, by ID
}

// Object keeps o.
func (h *Emitter) Object(env string, _ bool, o emit.Object, _ []byte, _ emit.Put) error {
	h.mu.Lock()
	if h.store == nil {
		h.store = &emit.Store{}
	}
	store := h.store
	h.mu.Unlock()
	k, err := keep(store, o)
	if err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.objs == nil {
		h.objs = map[string]map[string]*held{}
	}
	if h.objs[env] == nil {
		h.objs[env] = map[string]*held{}
	}
	h.objs[env][o.ID()] = k
	return nil
}

// Finish writes the chart.
func (h *Emitter) Finish(envs []emit.Env, put emit.Put) error {
	opts := h.Options
	if opts.Name == "" && h.Name != nil {
		var all []emit.Object
		for _, e := range envs {
			all = append(all, e.Objects...)
		}
		opts.Name = h.Name(all)
	}
	kept := make([]keptEnv, len(envs))
	for i, e := range envs {
		kept[i] = keptEnv{name: e.Name, objs: h.objs[e.Name]}
		for _, o := range e.Objects {
			kept[i].ids = append(kept[i].ids, o.ID())
		}
	}
	h.objs = nil
	defer h.Close()
	return write(kept, opts, h.store, put)
}

// Close lets go of the objects' text; a run closes its emitter on every
// path, Finish when it is done.
func (h *Emitter) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.objs = nil
	return h.store.Close()
}

// tree reads the object's tree back (numbers as json.Number, as
// emit.Tree makes them).
func (h *held) tree() (map[string]any, error) {
	t, err := h.Kept.Tree()
	if err != nil {
		return nil, fmt.Errorf("helm: %w", err)
	}
	return t, nil
}
