package translate

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/emit/lower"
	"github.com/eksport/eksport/emit/report"
	"github.com/eksport/eksport/translate/diag"
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
// A run with environments, and the Kustomize and Helm layouts, need every
// object before the first file can be written (what environments share,
// what values a chart has): for them Stream is Translate, then put.
func Stream(ctx context.Context, in Input, opts Options, put Put) (diag.List, error) {
	if len(in.Environments) > 0 || (opts.Format != Raw && opts.Format != "") {
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
	model, diags, err := buildModel(ctx, in.Files, opts, drop)
	if err != nil {
		return nil, err
	}
	if policy.HasErrors(diags) {
		return policy.ApplyInPlace(diags).SortInPlace(), nil
	}
	lopts := lowerOptions(opts)
	read, made := lower.Rest(model, lopts)
	// File names depend on whether the objects span namespaces, which the
	// workloads' namespaces and the other objects tell before any object
	// is made.
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
	write := func(o emit.Object, key lower.InstallKey) error {
		if !writable(o) {
			// checkObjects says why, and the run writes nothing.
			record(o, key)
			return nil
		}
		body, tree, err := emit.MarshalObject(o)
		if err != nil {
			return fmt.Errorf("%s: %w", o.ID(), err)
		}
		record(o, key)
		mu.Lock()
		collector.Add(o, tree)
		mu.Unlock()
		return put(emit.File{Path: emit.FileName(o, byNS), Data: append([]byte(emit.Header), body...), Objects: []emit.Object{o}})
	}
	// Workers take the objects outside workloads first, then one workload
	// at a time; each slot is cleared once written, so that nothing
	// written is kept.
	var next atomic.Int64
	var wg sync.WaitGroup
	var errOnce sync.Once
	var failed atomic.Bool
	fail := func(err error) {
		errOnce.Do(func() { firstEr = err })
		failed.Store(true)
	}
	total := len(read) + len(made) + len(model.Workloads)
	stubs := make([]stub, len(model.Workloads))
	for range min(runtime.GOMAXPROCS(0), max(1, total)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= total || ctx.Err() != nil || failed.Load() {
					return
				}
				var err error
				switch {
				case i < len(read):
					err = write(read[i], lower.KeyOf(read[i], true, i))
					read[i] = emit.Object{}
				case i < len(read)+len(made):
					j := i - len(read)
					err = write(made[j], lower.KeyOf(made[j], false, 0))
					made[j] = emit.Object{}
				default:
					j := i - len(read) - len(made)
					w := model.Workloads[j]
					for _, o := range lower.Workload(w, lopts) {
						if err = write(o, lower.KeyOf(o, false, 0)); err != nil {
							break
						}
					}
					// The checklist needs only the name and the sources.
					stubs[j] = stub{w.Name, w.Sources}
					model.Workloads[j] = nil
				}
				if err != nil {
					fail(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if firstEr != nil {
		return nil, firstEr
	}
	// The run's diagnostics are sorted while the objects are checked; the
	// check rarely finds anything, and when it does everything is sorted
	// again.
	sorted := make(chan diag.List, 1)
	go func() { sorted <- policy.ApplyInPlace(diags).SortInPlace() }()
	// The identities in install order, as Translate checks its objects.
	sortByKeys(ids, keys)
	collector.Reorder(ids)
	var checked diag.List
	checkObjects(ids, &checked)
	if diags = <-sorted; len(checked) > 0 {
		diags = append(diags, policy.Apply(checked)...).SortInPlace()
	}
	if diags.HasErrors() || opts.NoReport {
		return diags, nil
	}
	rin := reportInput(model, stubs, nil, diags, opts.Config)
	rin.Collected = collector
	rin.DroppedInfo = drop.count()
	files, err := report.Files(rin)
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
			}
		})
	}
	fw.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return diags, nil
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
