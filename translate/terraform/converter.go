package terraform

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/source"
	"gopkg.in/yaml.v3"
)

// converter makes the documents of evaluated resources on goroutines of
// its own, while evaluation goes on: making a document reads only the
// resource's evaluated instances, which evaluation no longer changes (the
// arguments evaluation left pending are evaluated here first), and the
// module's account and region, set before any resource.
//
// Resources are handed over in order and made on every core, each on its
// own: what depends on the order (the documents' indexes, the names
// reported, the out-of-scope lines) is done one resource at a time, in
// the order the resources were handed over, as one goroutine would do
// it, so that nothing depends on scheduling. No worker waits for that:
// a resource made before its turn waits in ready, and the worker that
// makes the resource whose turn it is does the turns of those after it
// that are ready, and hands their documents to Options.Made. What making them reports
// stays apart until the run ends (diagnostics are sorted), except while a
// resource is being evaluated (a module call's resources, evaluated
// because the resource reads them): evalResource may then rewrite the
// diagnostics added meanwhile, so convert waits for the document and adds
// its diagnostics at once, as before.
type converter struct {
	main *run
	// r holds the converting side's ordered state: docs, docIndex,
	// outOfScope, nameTokens, nameSeen and unresolved; it shares main's
	// options and files. A job changes it only in its turn.
	r    *run
	jobs chan *convJob
	wg   sync.WaitGroup
	// mu guards r, ready and next: next is the number of the job whose
	// turn it is, ready the jobs made before their turn.
	mu    sync.Mutex
	ready map[int]*convJob
	next  int
	// moved is signalled when next moves on: a worker whose resource
	// leaves maxReady made ones waiting (a long resource holds their turn)
	// waits for it rather than making more.
	moved *sync.Cond
	// count numbers the jobs handed over.
	count int
	// pending are the jobs whose diagnostics are not in main's yet.
	pending []*convJob
	// released counts the pending jobs whose resources main has let go
	// of (release).
	released int
	// made are Options.Made's results, one per document (nil when the
	// documents changed after they were made).
	made []any
	// holdsTokens is set when a document released once Made read it held
	// an unresolved value (docsHoldTokens).
	holdsTokens atomic.Bool
	all         []*convJob
}

type convJob struct {
	m     *module
	res   *resource
	seq   int
	diags diag.List
	// s is the job's own state while it is made; trees what it made,
	// until its turn; docs its documents.
	s     *run
	trees madeTrees
	docs  []*source.Doc
	// made is closed when the job is done; madeVals are Options.Made's
	// results for its documents.
	made     chan struct{}
	madeVals []any
}

func newConverter(main *run) *converter {
	c := &converter{main: main, r: &run{opts: main.opts, files: main.files, docIndex: map[string]int{},
		outOfScope: map[string]bool{}, nameSeen: map[string]bool{}}}
	c.jobs = make(chan *convJob, 64)
	c.ready = map[int]*convJob{}
	c.moved = sync.NewCond(&c.mu)
	for range max(1, runtime.GOMAXPROCS(0)) {
		c.wg.Go(func() {
			for j := range c.jobs {
				c.work(j)
			}
		})
	}
	return c
}

// work makes a job's documents: the pending arguments and the documents'
// trees on any goroutine; then, in the job's turn, what depends on the
// order (turns), and Options.Made.
func (c *converter) work(j *convJob) {
	j.s = &run{opts: c.r.opts, files: c.r.files}
	j.trees = j.s.build(j.m, j.res)
	c.mu.Lock()
	c.ready[j.seq] = j
	var done []*convJob
	for {
		n := c.ready[c.next]
		if n == nil {
			break
		}
		delete(c.ready, c.next)
		c.next++
		c.turn(n)
		done = append(done, n)
	}
	if len(done) > 0 {
		c.moved.Broadcast()
	}
	// The resource whose turn it is is being made by another worker
	// (jobs are taken in order), so the wait ends.
	for len(c.ready) >= maxReady {
		c.moved.Wait()
	}
	c.mu.Unlock()
	for _, n := range done {
		c.finishJob(n)
	}
}

// maxReady bounds the resources made that wait for their turn.
const maxReady = 256

// turn does what depends on the order for a job made (c.mu held).
func (c *converter) turn(j *convJob) {
	r, s := c.r, j.s
	if k := j.trees.outOfScope; k != "" && !r.outOfScope[k] {
		r.outOfScope[k] = true
		s.diags.Infof(rangePos(j.res.block.DefRange), "terraform/out-of-scope", "resource type %s is out of scope: it does not describe how a workload runs; not translated", j.res.typ)
	}
	j.docs = make([]*source.Doc, len(j.trees.roots))
	for i, root := range j.trees.roots {
		r.noteNames(j.trees.names[i])
		j.docs[i] = r.addDoc(j.res.block.DefRange, root)
	}
	r.unresolved = r.unresolved || s.unresolved
	j.trees = madeTrees{}
}

// finishJob hands a job's documents, which have had their turn, to
// Options.Made.
func (c *converter) finishJob(j *convJob) {
	opts := c.r.opts
	if f := opts.Made; f != nil {
		for _, d := range j.docs {
			j.madeVals = append(j.madeVals, f(d))
			if !opts.Placeholders {
				// Nothing changes the document any more
				// (finishNames only puts placeholders in): what
				// Made read stands for it, so its tree goes now
				// rather than when the run ends.
				if !c.holdsTokens.Load() && docsHoldTokens([]*source.Doc{d}) {
					c.holdsTokens.Store(true)
				}
				d.Release()
			}
		}
	}
	j.diags, j.s, j.docs = j.s.diags, nil, nil
	close(j.made)
}

// convert hands a resource over.
func (c *converter) convert(m *module, res *resource) {
	j := &convJob{m: m, res: res, seq: c.count, made: make(chan struct{})}
	c.count++
	c.all = append(c.all, j)
	c.jobs <- j
	if c.main.evaluating > 0 {
		<-j.made
		c.main.diags = append(c.main.diags, j.diags...)
		c.main.release(m, res)
		return
	}
	c.pending = append(c.pending, j)
	// Let go of the resources whose documents are made, in order, without
	// waiting for the others.
	for c.released < len(c.pending) {
		j := c.pending[c.released]
		select {
		case <-j.made:
		default:
			return
		}
		c.main.release(j.m, j.res)
		c.released++
	}
}

// finish waits for the last document and gives main what the converting
// side made: the documents, their diagnostics, the name tokens reported
// (finishNames) and whether an unresolved value was found.
func (c *converter) finish() {
	close(c.jobs)
	c.wg.Wait()
	for _, j := range c.pending {
		c.main.diags = append(c.main.diags, j.diags...)
	}
	for _, j := range c.pending[c.released:] {
		c.main.release(j.m, j.res)
	}
	c.pending, c.released = nil, 0
	r := c.r
	if r.opts.Made != nil {
		for _, j := range c.all {
			c.made = append(c.made, j.madeVals...)
		}
	}
	c.all = nil
	if len(r.nameTokens) > 0 && r.opts.Placeholders {
		c.made = nil // finishNames puts the placeholders in the documents
	}
	r.diags = nil
	r.finishNames()
	c.main.diags = append(c.main.diags, r.diags...)
	c.main.docs = append(c.main.docs, r.docs...)
	c.main.unresolved = c.main.unresolved || r.unresolved
}

// madeTrees are the document trees of one resource, before their turn.
type madeTrees struct {
	roots []*yaml.Node
	// names are the name tokens of each tree (collectNames).
	names [][]namedToken
	// outOfScope is the key of an out-of-scope type's line.
	outOfScope string
}
