package eksport

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/emit/helm"
	"github.com/eksport/eksport/emit/kustomize"
	"github.com/eksport/eksport/emit/lower"
	"github.com/eksport/eksport/emit/raw"
	"github.com/eksport/eksport/emit/report"
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/rules/registry"
	"github.com/eksport/eksport/translate"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ecs"
	"github.com/eksport/eksport/translate/ir"
)

// Put receives one generated file of a Stream run. It may be called from
// several goroutines at once, and must not keep f.Data or f.Objects past
// its return if the run is to stay small.
type Put = emit.Put

// Stream is the engine: it hands every generated file to put as soon as
// the file is made and keeps neither the objects nor the files, except
// where the layout needs every object before it can write one (a chart,
// Kustomize with environments: see emit.Emitter). It returns the
// diagnostics, sorted. Translate is Stream into memory.
//
// Files reach put before the run knows whether a later object has a
// problem, so when the diagnostics hold an error the files already put
// must be thrown away (the command line writes them under temporary names
// and renames them into place only when the run succeeded).
func Stream(ctx context.Context, in Input, opts Options, put Put) (diag.List, error) {
	diags, _, err := newEngine(ctx, opts, put, false).run(in)
	return diags, err
}

// engine is one run over every environment of an input.
type engine struct {
	ctx    context.Context
	opts   Options
	policy diag.Policy
	lopts  lower.Options
	em     emit.Emitter
	put    Put
	// keep makes each environment keep its objects (Translate's
	// Result.Objects).
	keep bool
}

func newEngine(ctx context.Context, opts Options, put Put, keep bool) *engine {
	opts, policy := settle(opts)
	return &engine{ctx: ctx, opts: opts, policy: policy, lopts: lowerOptions(opts), put: put, keep: keep}
}

// emitterFor is the emitter of the run's format for a run of the
// environments envs, in the order the run takes them (nil for an unknown
// format).
func emitterFor(opts Options, envs []Environment) emit.Emitter {
	switch opts.Format {
	case Raw, "":
		if opts.Ordered {
			return &raw.Ordered{}
		}
		return raw.Emitter{}
	case Kustomize:
		k := &kustomize.Emitter{Environments: len(envs)}
		if len(envs) > 0 {
			k.Base = envs[0].Name
		}
		return k
	case Helm:
		cfg := opts.Config
		return &helm.Emitter{
			Options: helm.Options{Name: cfg.Chart.Name, Version: cfg.Chart.Version, Description: cfg.Chart.Description},
			Name:    func(objs []emit.Object) string { return chartName(cfg, objs) },
		}
	}
	return nil
}

// run translates every environment (one without a name when the input
// has none) in name order, each as its own run feeding the emitter, and
// finishes the emitter when none has an error. It returns the
// diagnostics of every environment, sorted, and with keep each
// environment's objects in install order.
func (e *engine) run(in Input) (diag.List, []emit.Env, error) {
	envs := slices.Clone(in.Environments)
	slices.SortStableFunc(envs, func(a, b Environment) int { return strings.Compare(a.Name, b.Name) })
	if e.em = emitterFor(e.opts, envs); e.em == nil {
		return nil, nil, fmt.Errorf("unknown format %q", e.opts.Format)
	}
	if c, ok := e.em.(io.Closer); ok {
		// An emitter that holds objects' text in an emit.Store (stdout,
		// Helm, Kustomize with environments) lets go of its file however
		// the run ends.
		defer c.Close()
	}
	if len(envs) == 0 {
		envs = []Environment{{}}
	}
	var (
		all    diag.List
		order  []emit.Env // identities, for the emitter's Finish
		kept   []emit.Env
		failed bool
	)
	for _, env := range envs {
		r := &envRun{engine: e, name: env.Name, drop: newInfoDrop(e.opts, e.policy)}
		files := append(slices.Clone(in.Files), env.Files...)
		// Once an environment has an error nothing will be written: the
		// others only say what they find.
		if err := r.translate(files, failed); err != nil {
			return nil, nil, err
		}
		all = append(all, r.diags...)
		failed = failed || r.diags.HasErrors()
		order = append(order, emit.Env{Name: env.Name, Objects: r.ids})
		kept = append(kept, emit.Env{Name: env.Name, Objects: r.objects})
		r.objects = nil
		if !failed && !e.opts.NoReport {
			// The environment's checklist is written now, so that the run
			// lets go of what it knows of this environment before the
			// next; a later error throws it away with the rest.
			if err := r.report(); err != nil {
				return nil, nil, err
			}
		}
	}
	all = all.Sorted()
	if all.HasErrors() {
		return all, kept, nil
	}
	if err := e.em.Finish(order, e.put); err != nil {
		return nil, nil, err
	}
	return all, kept, nil
}

// envRun is one environment's run, stage by stage: build reads the inputs
// into the model, prepare readies the rules, lowerAll lowers and emits
// every workload as the rules see it and then the other objects, check
// checks what was emitted, and report writes the checklist.
type envRun struct {
	*engine
	name  string
	drop  *infoDrop
	model *ir.Model
	diags diag.List
	// steps is set when every rule that touches workloads decides one
	// workload at a time; otherwise the rules have run on the whole model.
	steps *rules.Stepwise
	// read and made are the objects outside workloads: read from
	// manifests, and made by the rules.
	read, made []emit.Object
	spans      namespaceSpan
	byNS       bool
	collector  *report.Collector
	stubs      []stub

	mu      sync.Mutex
	ids     []emit.Object // what was emitted, as identities; in install order after check
	keys    []lower.InstallKey
	objects []emit.Object // with keep, the objects themselves, in install order after check

	// unresolved are the deploy-time values found in emitted objects
	// (guarded by mu).
	unresolved diag.List

	failed   atomic.Bool
	errOnce  sync.Once
	firstErr error
}

// translate runs every stage; with failed (an earlier environment has an
// error) or when its own inputs have one, it only finds the diagnostics.
func (r *envRun) translate(files []File, failed bool) error {
	if err := r.build(files); err != nil {
		return err
	}
	if failed || r.policy.HasErrors(r.diags) {
		// Nothing will be written, but the run says all it finds: the
		// rules' findings and the objects' checks.
		if err := runRules(r.model, r.opts, &r.diags, r.drop); err != nil {
			return err
		}
		r.checkedFailure()
		return nil
	}
	if err := r.prepare(); err != nil {
		return err
	}
	if r.steps == nil && r.policy.HasErrors(r.diags) {
		r.checkedFailure()
		return nil
	}
	if err := r.lowerAll(); err != nil {
		return err
	}
	r.check()
	return nil
}

// build reads the inputs into the model, as the front-ends and linking
// leave it.
func (r *envRun) build(files []File) error {
	model, diags, err := translate.Build(r.ctx, files, translate.Options{
		Config: r.opts.Config, Namespace: namespace(r.opts), Filter: r.drop.filter,
		Policy: r.policy, CloudFormation: cloudFormationOptions(r.opts, r.policy),
		Terraform: r.opts.Terraform, Placeholders: r.opts.Placeholders,
	})
	if err != nil {
		return err
	}
	r.model, r.diags = model, diags
	return nil
}

// prepare readies the rules. With only ECS inputs, every rule that
// touches workloads decides one workload at a time: each is lowered and
// emitted as soon as the rules have seen it, and the model never holds
// them all with what the rules add. Manifests from kOps go through rules
// that need every object at once: the rules run here, on the whole model.
func (r *envRun) prepare() error {
	m := r.model
	if len(m.Objects) == 0 && len(m.Kops.Clusters) == 0 && len(m.Kops.InstanceGroups) == 0 {
		steps, err := rules.NewStepwise(registry.Rules(), m, r.opts.Config, &r.diags, r.drop.after(&r.diags))
		r.steps = steps
		return err
	}
	if err := runRules(m, r.opts, &r.diags, r.drop); err != nil {
		return err
	}
	if !r.policy.HasErrors(r.diags) {
		r.read, r.made = lower.Rest(m, r.lopts)
	}
	return nil
}

// checkedFailure finishes a failed run once the rules have run: the
// objects' checks, the policy applied, sorted.
func (r *envRun) checkedFailure() {
	objs := lower.Lower(r.model, r.lopts)
	if r.model.Unresolved {
		// The deploy-time values a successful run reports where they
		// reach the objects.
		resolveObjects(objs, r.opts.Placeholders, r.opts.Format == Helm, &r.diags)
		translate.ReadableDiags(r.diags)
	}
	checkObjects(objs, &r.diags)
	r.diags = r.policy.ApplyInPlace(r.diags).SortInPlace()
	if r.keep {
		r.objects = objs
	}
}

// lowerAll lowers every workload, in the rules' order, and the objects
// outside workloads, on every core, emitting each object as it is made.
func (r *envRun) lowerAll() error {
	// File names depend on whether the objects span namespaces, which
	// must be known before the first file is named: the workloads'
	// namespaces tell it, with the other objects' when they are known
	// (stepwise, the rules make them after the last workload, in the
	// workloads' namespaces or none; that is checked below).
	for _, w := range r.model.Workloads {
		r.spans.add(lower.Namespace(w, r.lopts))
	}
	r.addSpans(&r.spans)
	r.byNS = r.spans.many
	r.collector = report.NewCollector()
	r.stubs = make([]stub, len(r.model.Workloads))
	r.parallel(func(jobs chan<- int) {
		r.feedRest(jobs)
		r.feedWorkloads(jobs)
	})
	if r.steps != nil && r.ctx.Err() == nil && !r.failed.Load() {
		// What the rules decided for several workloads (accounts,
		// volumes) is final once they have seen the last one.
		if err := r.steps.Finish(); err != nil {
			return err
		}
		r.read, r.made = lower.Rest(r.model, r.lopts)
		after := r.spans
		r.addSpans(&after)
		if after.many != r.byNS {
			return fmt.Errorf("the objects made after the workloads span namespaces the workloads do not (%s)", after.seen)
		}
		r.parallel(r.feedRest)
	}
	if err := r.ctx.Err(); err != nil {
		return err
	}
	return r.firstErr
}

func (r *envRun) addSpans(s *namespaceSpan) {
	for _, o := range r.read {
		s.add(o.Namespace)
	}
	for _, o := range r.made {
		s.add(o.Namespace)
	}
}

// parallel runs feed's jobs on every core. A job is a workload's index,
// or an object outside workloads (negative: -1-i for read[i],
// -1-len(read)-i for made[i]).
func (r *envRun) parallel(feed func(jobs chan<- int)) {
	jobs := make(chan int, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() { r.work(jobs) })
	}
	feed(jobs)
	close(jobs)
	wg.Wait()
}

// feedRest hands the workers the objects outside workloads.
func (r *envRun) feedRest(jobs chan<- int) {
	for i := range r.read {
		jobs <- -1 - i
	}
	for i := range r.made {
		jobs <- -1 - len(r.read) - i
	}
}

// feedWorkloads hands the workers the workloads. The rules see them in
// order, here, while the workers lower the ones they have seen; the Info
// diagnostics they make are dropped after each.
func (r *envRun) feedWorkloads(jobs chan<- int) {
	seen := len(r.diags)
	for i, w := range r.model.Workloads {
		if r.ctx.Err() != nil || r.failed.Load() {
			return
		}
		if r.steps != nil {
			// A task definition no service runs waited packed.
			if err := ecs.Unpack(w); err != nil {
				r.fail(err)
				return
			}
			ok := r.steps.Workload(w)
			if r.drop != nil {
				r.diags = append(r.diags[:seen], r.drop.filter(r.diags[seen:])...)
				seen = len(r.diags)
			}
			if !ok {
				r.model.Workloads[i] = nil // another workload has its name: an error
				continue
			}
		}
		jobs <- i
	}
}

func (r *envRun) fail(err error) {
	r.errOnce.Do(func() { r.firstErr = err })
	r.failed.Store(true)
}

// work lowers and emits the jobs' objects. Each slot is cleared once
// emitted, so that nothing emitted is kept.
func (r *envRun) work(jobs <-chan int) {
	for i := range jobs {
		if r.ctx.Err() != nil || r.failed.Load() {
			continue // drain
		}
		var err error
		switch {
		case i >= 0:
			w := r.model.Workloads[i]
			// The workload is dropped once lowered: its objects take its
			// template without a copy.
			for _, o := range lower.WorkloadTaken(w, r.lopts) {
				if err = r.emit(o, lower.KeyOf(o, false, 0)); err != nil {
					break
				}
			}
			// The checklist needs only the name and the sources.
			r.stubs[i] = stub{w.Name, w.Sources}
			r.model.Workloads[i] = nil
		case -1-i < len(r.read):
			j := -1 - i
			err = r.emit(r.read[j], lower.KeyOf(r.read[j], true, j))
			r.read[j] = emit.Object{}
		default:
			j := -1 - i - len(r.read)
			err = r.emit(r.made[j], lower.KeyOf(r.made[j], false, 0))
			r.made[j] = emit.Object{}
		}
		if err != nil {
			r.fail(err)
		}
	}
}

// emit hands one object to the emitter and keeps its identity (checked
// for collisions at the end) and what the checklist needs.
func (r *envRun) emit(o emit.Object, key lower.InstallKey) error {
	// Whether the object may hold a token is looked at outside the lock:
	// the lock is only for what is reported.
	if r.model.Unresolved && mayHoldToken(reflect.ValueOf(o.Value), 0) {
		r.mu.Lock()
		resolveObject(&o, r.opts.Placeholders, r.opts.Format == Helm, &r.unresolved)
		r.mu.Unlock()
	}
	if !writable(o) {
		// check says why, and the run writes nothing.
		r.record(o, key)
		return nil
	}
	var data []byte
	var tree map[string]any
	if u, ok := r.em.(emit.FileUser); !ok || u.UsesFiles(r.name) {
		var err error
		if data, tree, err = emit.MarshalObjectFile(o); err != nil {
			return fmt.Errorf("%s: %w", o.ID(), err)
		}
	}
	r.record(o, key)
	r.mu.Lock()
	r.collector.Add(o, tree)
	r.mu.Unlock()
	return r.em.Object(r.name, r.byNS, o, data, r.put)
}

func (r *envRun) record(o emit.Object, key lower.InstallKey) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.keep {
		r.objects = append(r.objects, o)
	}
	id := o
	id.Value = nil
	r.ids = append(r.ids, id)
	r.keys = append(r.keys, key)
}

// check puts what was emitted in install order and checks it; the run's
// diagnostics are sorted meanwhile (the check rarely finds anything, and
// when it does everything is sorted again).
func (r *envRun) check() {
	sorted := make(chan diag.List, 1)
	go func() { sorted <- r.policy.ApplyInPlace(r.diags).SortInPlace() }()
	order := installOrder(r.keys)
	if r.keep {
		r.objects = permute(r.objects, slices.Clone(order))
	}
	r.ids = permute(r.ids, order)
	r.keys = nil
	r.collector.Reorder(r.ids)
	checked := r.unresolved
	checkObjects(r.ids, &checked)
	if r.diags = <-sorted; len(checked) > 0 {
		r.diags = append(r.diags, r.policy.Apply(checked)...).SortInPlace()
	}
	if r.model.Unresolved {
		translate.ReadableDiags(r.diags)
	}
}

// report writes the environment's checklist and IAM documents.
func (r *envRun) report() error {
	// A workload a rule dropped (a name collision lowered to a warning)
	// left no stub.
	stubs := slices.DeleteFunc(r.stubs, func(s stub) bool { return s.name == "" })
	rin := reportInput(r.model, stubs, nil, r.diags, r.opts.Config)
	rin.Collected = r.collector
	rin.DroppedInfo = r.drop.count()
	dir := reportDir(r.opts.Format, r.name)
	put := r.put
	if dir != "" {
		put = func(f emit.File) error {
			f.Path = dir + f.Path
			return r.put(f)
		}
	}
	files, err := report.IAMFiles(rin)
	if err != nil {
		return err
	}
	if r.keep {
		// In order, so that Translate's files come in one order.
		for _, f := range files {
			if err := put(f); err != nil {
				return err
			}
		}
		return report.Checklist(rin, put)
	}
	// A trust policy per role: a batch's report is hundreds of files,
	// handed over on every core, while the checklist's two documents
	// (megabytes each) are written beside them and beside each other: the
	// report is the end of a run, where nothing else is left to do.
	errs := make([]error, len(files)+2)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(files); i = int(next.Add(1)) - 1 {
				errs[i] = put(files[i])
				files[i] = emit.File{}
			}
		})
	}
	n := len(files)
	err = report.Checklist(rin, func(f emit.File) error {
		if n == len(errs) {
			return put(f)
		}
		i := n
		n++
		wg.Go(func() { errs[i] = put(f) })
		return nil
	})
	wg.Wait()
	for _, e := range append(errs, err) {
		if e != nil {
			return e
		}
	}
	return nil
}

// namespaceSpan tells whether namespaces seen differ (emit.SpansNamespaces
// over objects one at a time).
type namespaceSpan struct {
	seen string
	many bool
}

func (s *namespaceSpan) add(ns string) {
	switch {
	case ns == "" || ns == s.seen:
	case s.seen == "":
		s.seen = ns
	default:
		s.many = true
	}
}

// installOrder returns the indexes of keys in install order.
func installOrder(keys []lower.InstallKey) []int {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return lower.CompareInstallKeys(keys[a], keys[b]) })
	return idx
}

// permute puts objs in the order of idx (objs[i] becomes the old
// objs[idx[i]]) in place, following each cycle of the permutation, so
// that a batch's identities are not held twice; idx is used up.
func permute(objs []emit.Object, idx []int) []emit.Object {
	for start := range idx {
		if idx[start] < 0 {
			continue
		}
		// Walk the cycle through start: each slot takes the object of
		// the slot idx names, and the first object goes to the last slot.
		first := objs[start]
		i := start
		for {
			j := idx[i]
			idx[i] = -1
			if j == start {
				objs[i] = first
				break
			}
			objs[i] = objs[j]
			i = j
		}
	}
	return objs
}

// memory is the sink of Translate: it keeps every file put, and orders
// them as the emitters of a whole run would, the objects' files in
// install order (environment after environment) and the others by path.
type memory struct {
	mu    sync.Mutex
	files []emit.File
	err   error
}

func (m *memory) put(f emit.File) error {
	if f.Write != nil {
		data, err := f.Content()
		if err != nil {
			return err
		}
		f.Data, f.Write = data, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files = append(m.files, f)
	return nil
}

// set returns the files kept, ordered: the objects' files in install
// order (environment after environment), the others as they came.
func (m *memory) set(envs []emit.Env) *emit.FileSet {
	rank := map[string]int{}
	n := 0
	for _, e := range envs {
		for _, o := range e.Objects {
			if _, seen := rank[o.ID()]; !seen {
				rank[o.ID()] = n
			}
			n++
		}
	}
	ranks := make([]int, len(m.files))
	for i, f := range m.files {
		ranks[i] = n + i
		if len(f.Objects) > 0 {
			if r, ok := rank[f.Objects[0].ID()]; ok {
				ranks[i] = r
			}
		}
	}
	idx := make([]int, len(m.files))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Or(cmp.Compare(ranks[a], ranks[b]), strings.Compare(m.files[a].Path, m.files[b].Path))
	})
	out := &emit.FileSet{Files: make([]emit.File, len(idx))}
	for i, j := range idx {
		out.Files[i] = m.files[j]
	}
	return out
}
