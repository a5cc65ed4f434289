package translate

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/emit/kustomize"
	"github.com/eksport/eksport/emit/lower"
	"github.com/eksport/eksport/emit/report"
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/rules/registry"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ecs"
	"github.com/eksport/eksport/translate/ir"
)

// Put receives one generated file of a Stream run. It may be called from
// several goroutines at once, and must not keep f.Data or f.Objects past
// its return if the run is to stay small.
type Put func(f emit.File) error

// Stream is Translate for runs too large to hold at once: it hands every
// generated file to put as soon as the file is made and keeps neither the
// objects nor the files. The files are those Translate returns, in no
// particular order. It returns the diagnostics, sorted, as Translate does.
//
// Files reach put before the run knows whether a later object has a
// problem, so when the diagnostics hold an error the files already put
// must be thrown away (the command line writes them under temporary names
// and renames them into place only when the run succeeded).
//
// The Kustomize layout of a run without environments is the raw one
// under base/ with its kustomizations, which are written last. A run with
// environments, and the Helm layout, need every object before the first
// file can be written (what environments share, what values a chart has):
// for them Stream is Translate, then put.
func Stream(ctx context.Context, in Input, opts Options, put Put) (diag.List, error) {
	if len(in.Environments) > 0 || (opts.Format != Raw && opts.Format != "" && opts.Format != Kustomize) {
		res, err := Translate(ctx, in, opts)
		if err != nil {
			return nil, err
		}
		if res.Files != nil {
			for _, f := range res.Files.Files {
				if err := put(f); err != nil {
					return res.Diagnostics, err
				}
			}
		}
		return res.Diagnostics, nil
	}
	opts, policy := settle(opts)
	drop := newInfoDrop(opts, policy)
	model, diags, err := buildWorkloads(ctx, in.Files, opts, drop)
	if err != nil {
		return nil, err
	}
	lopts := lowerOptions(opts)
	if policy.HasErrors(diags) {
		// Nothing will be written, but the run says all it finds, as
		// Translate does: the rules' findings and the objects' checks.
		return failedRun(model, diags, opts, lopts, policy, drop)
	}
	// With only ECS inputs, every rule that touches workloads decides
	// one workload at a time: each is lowered and written as soon as the
	// rules have seen it, and the model never holds them all with what
	// the rules add. Manifests from kOps go through rules that need every
	// object at once: the rules run first, as Translate runs them.
	stepwise := len(model.Objects) == 0 && len(model.Kops.Clusters) == 0 && len(model.Kops.InstanceGroups) == 0
	var (
		read, made []emit.Object
		steps      *rules.Stepwise
	)
	if stepwise {
		if steps, err = rules.NewStepwise(registry.Rules(), model, opts.Config, &diags, drop.after(&diags)); err != nil {
			return nil, err
		}
	} else {
		if err := runRules(model, opts, &diags, drop); err != nil {
			return nil, err
		}
		if policy.HasErrors(diags) {
			return checkedFailure(model, diags, lopts, policy), nil
		}
		read, made = lower.Rest(model, lopts)
	}
	// File names depend on whether the objects span namespaces, which
	// must be known before the first file is named: the workloads'
	// namespaces tell it, with the other objects' when they are known
	// (stepwise, the rules make them after the last workload, in the
	// workloads' namespaces or none; that is checked below).
	spans := namespaceSpan{}
	for _, w := range model.Workloads {
		spans.add(lower.Namespace(w, lopts))
	}
	for _, o := range read {
		spans.add(o.Namespace)
	}
	for _, o := range made {
		spans.add(o.Namespace)
	}
	byNS := spans.many

	dir := "" // where the objects go
	if opts.Format == Kustomize {
		dir = "base/"
	}
	// Each worker lowers one workload at a time, writes its objects and
	// keeps only their identities (checked for collisions at the end, as
	// Translate checks them) and what the checklist needs.
	collector := report.NewCollector()
	var (
		mu      sync.Mutex
		ids     []emit.Object
		keys    []lower.InstallKey
		firstEr error
	)
	record := func(o emit.Object, key lower.InstallKey) {
		mu.Lock()
		defer mu.Unlock()
		id := o
		id.Value = nil
		ids = append(ids, id)
		keys = append(keys, key)
	}
	var unresolved diag.List // guarded by mu
	write := func(o emit.Object, key lower.InstallKey) error {
		if model.Unresolved {
			mu.Lock()
			resolveObject(&o, opts.Placeholders, &unresolved)
			mu.Unlock()
		}
		if !writable(o) {
			// checkObjects says why, and the run writes nothing.
			record(o, key)
			return nil
		}
		data, tree, err := emit.MarshalObjectFile(o)
		if err != nil {
			return fmt.Errorf("%s: %w", o.ID(), err)
		}
		record(o, key)
		mu.Lock()
		collector.Add(o, tree)
		mu.Unlock()
		return put(emit.File{Path: dir + emit.FileName(o, byNS), Data: data, Objects: []emit.Object{o}})
	}
	var errOnce sync.Once
	var failed atomic.Bool
	fail := func(err error) {
		errOnce.Do(func() { firstEr = err })
		failed.Store(true)
	}
	stubs := make([]stub, len(model.Workloads))
	// Workers take jobs: a workload's index, or an object outside
	// workloads (negative: -1-i for read[i], -1-len(read)-i for made[i]).
	// Each slot is cleared once written, so that nothing written is kept.
	work := func(jobs <-chan int) {
		for i := range jobs {
			if ctx.Err() != nil || failed.Load() {
				continue // drain
			}
			var err error
			switch {
			case i >= 0:
				w := model.Workloads[i]
				for _, o := range lower.Workload(w, lopts) {
					if err = write(o, lower.KeyOf(o, false, 0)); err != nil {
						break
					}
				}
				// The checklist needs only the name and the sources.
				stubs[i] = stub{w.Name, w.Sources}
				model.Workloads[i] = nil
			case -1-i < len(read):
				j := -1 - i
				err = write(read[j], lower.KeyOf(read[j], true, j))
				read[j] = emit.Object{}
			default:
				j := -1 - i - len(read)
				err = write(made[j], lower.KeyOf(made[j], false, 0))
				made[j] = emit.Object{}
			}
			if err != nil {
				fail(err)
			}
		}
	}
	run := func(feed func(jobs chan<- int)) {
		jobs := make(chan int, runtime.GOMAXPROCS(0))
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() { work(jobs) })
		}
		feed(jobs)
		close(jobs)
		wg.Wait()
	}
	// feedRest hands the workers the objects outside workloads.
	feedRest := func(jobs chan<- int) {
		for i := range read {
			jobs <- -1 - i
		}
		for i := range made {
			jobs <- -1 - len(read) - i
		}
	}
	run(func(jobs chan<- int) {
		feedRest(jobs)
		// The rules see the workloads in order, here, while the workers
		// lower the ones they have seen; the Info diagnostics they make
		// are dropped after each.
		seen := len(diags)
		for i, w := range model.Workloads {
			if ctx.Err() != nil || failed.Load() {
				return
			}
			if steps != nil {
				// A task definition no service runs waited packed.
				if err := ecs.Unpack(w); err != nil {
					fail(err)
					return
				}
				ok := steps.Workload(w)
				if drop != nil {
					diags = append(diags[:seen], drop.filter(diags[seen:])...)
					seen = len(diags)
				}
				if !ok {
					model.Workloads[i] = nil // another workload has its name: an error
					continue
				}
			}
			jobs <- i
		}
	})
	if steps != nil && ctx.Err() == nil && !failed.Load() {
		// What the rules decided for several workloads (accounts,
		// volumes) is final once they have seen the last one.
		if err := steps.Finish(); err != nil {
			return nil, err
		}
		read, made = lower.Rest(model, lopts)
		after := spans
		for _, o := range read {
			after.add(o.Namespace)
		}
		for _, o := range made {
			after.add(o.Namespace)
		}
		if after.many != byNS {
			return nil, fmt.Errorf("the objects made after the workloads span namespaces the workloads do not (%s)", after.seen)
		}
		run(feedRest)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if firstEr != nil {
		return nil, firstEr
	}
	// The run's diagnostics are sorted while the objects are checked; the
	// check rarely finds anything, and when it does everything is sorted
	// again.
	if model.Unresolved {
		readableDiags(diags)
		readableDiags(unresolved)
	}
	sorted := make(chan diag.List, 1)
	go func() { sorted <- policy.ApplyInPlace(diags).SortInPlace() }()
	// The identities in install order, as Translate checks its objects.
	sortByKeys(ids, keys)
	collector.Reorder(ids)
	checked := unresolved
	checkObjects(ids, &checked)
	if diags = <-sorted; len(checked) > 0 {
		diags = append(diags, policy.Apply(checked)...).SortInPlace()
	}
	if diags.HasErrors() {
		return diags, nil
	}
	if opts.Format == Kustomize {
		// The base lists its objects in install order.
		resources := make([]string, len(ids))
		for i, o := range ids {
			resources[i] = emit.FileName(o, byNS)
		}
		files, err := kustomize.SingleRun(resources)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if err := put(f); err != nil {
				return nil, err
			}
		}
	}
	if opts.NoReport {
		return diags, nil
	}
	// A workload a rule dropped (a name collision lowered to a warning)
	// left no stub.
	stubs = slices.DeleteFunc(stubs, func(s stub) bool { return s.name == "" })
	rin := reportInput(model, stubs, nil, diags, opts.Config)
	rin.Collected = collector
	rin.DroppedInfo = drop.count()
	files, err := report.IAMFiles(rin)
	if err != nil {
		return nil, err
	}
	// A trust policy per role: a batch's report is hundreds of files.
	errs := make([]error, len(files))
	var nextFile atomic.Int64
	var fw sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		fw.Go(func() {
			for i := int(nextFile.Add(1)) - 1; i < len(files); i = int(nextFile.Add(1)) - 1 {
				errs[i] = put(files[i])
				files[i] = emit.File{}
			}
		})
	}
	fw.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if err := report.Checklist(rin, put); err != nil {
		return nil, err
	}
	return diags, nil
}

// failedRun finishes a run whose inputs already have an error as
// Translate would, for its diagnostics: the rules, lowering and the
// objects' checks; nothing is handed over.
func failedRun(model *ir.Model, diags diag.List, opts Options, lopts lower.Options, policy diag.Policy, drop *infoDrop) (diag.List, error) {
	if err := runRules(model, opts, &diags, drop); err != nil {
		return nil, err
	}
	return checkedFailure(model, diags, lopts, policy), nil
}

// checkedFailure is the diagnostics of a failed run once the rules have
// run: with the objects' checks, the policy applied, sorted.
func checkedFailure(model *ir.Model, diags diag.List, lopts lower.Options, policy diag.Policy) diag.List {
	checkObjects(lower.Lower(model, lopts), &diags)
	return policy.ApplyInPlace(diags).SortInPlace()
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

// sortByKeys orders the objects by their install keys.
func sortByKeys(objs []emit.Object, keys []lower.InstallKey) {
	idx := make([]int, len(objs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return lower.CompareInstallKeys(keys[a], keys[b]) })
	sorted := make([]emit.Object, len(objs))
	for i, j := range idx {
		sorted[i] = objs[j]
	}
	copy(objs, sorted)
}
