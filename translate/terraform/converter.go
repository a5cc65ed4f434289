package terraform

import (
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/source"
)

// converter makes the documents of evaluated resources on a goroutine of
// its own, while evaluation goes on: making a document reads only the
// resource's evaluated instances, which evaluation no longer changes, and
// the module's account and region, set before any resource.
//
// The documents are made in the order the resources are handed over, as
// one goroutine would make them, so their order and indexes do not depend
// on scheduling. What making them reports stays apart until the run ends
// (diagnostics are sorted), except while a resource is being evaluated (a
// module call's resources, evaluated because the resource reads them):
// evalResource may then rewrite the diagnostics added meanwhile, so
// convert waits for the document and adds its diagnostics at once, as
// before.
type converter struct {
	main *run
	// r holds the converting side's own state: docs, docIndex,
	// outOfScope, nameTokens, nameSeen, unresolved and diags; it shares
	// main's options and files.
	r    *run
	jobs chan *convJob
	done chan struct{}
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
	holdsTokens bool
}

type convJob struct {
	m     *module
	res   *resource
	diags diag.List
	made  chan struct{}
}

func newConverter(main *run) *converter {
	c := &converter{main: main, r: &run{opts: main.opts, files: main.files, docIndex: map[string]int{},
		outOfScope: map[string]bool{}, nameSeen: map[string]bool{}}}
	c.jobs = make(chan *convJob, 64)
	c.done = make(chan struct{})
	go func() {
		defer close(c.done)
		for j := range c.jobs {
			c.r.diags = nil
			before := len(c.r.docs)
			c.r.convert(j.m, j.res)
			j.diags = c.r.diags
			close(j.made)
			if f := c.r.opts.Made; f != nil {
				for _, d := range c.r.docs[before:] {
					c.made = append(c.made, f(d))
					if !c.r.opts.Placeholders {
						// Nothing changes the document any more
						// (finishNames only puts placeholders in): what
						// Made read stands for it, so its tree goes now
						// rather than when the run ends.
						c.holdsTokens = c.holdsTokens || docsHoldTokens([]*source.Doc{d})
						d.Release()
					}
				}
			}
		}
	}()
	return c
}

// convert hands a resource over.
func (c *converter) convert(m *module, res *resource) {
	j := &convJob{m: m, res: res, made: make(chan struct{})}
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
	<-c.done
	for _, j := range c.pending {
		c.main.diags = append(c.main.diags, j.diags...)
	}
	for _, j := range c.pending[c.released:] {
		c.main.release(j.m, j.res)
	}
	c.pending, c.released = nil, 0
	r := c.r
	if len(r.nameTokens) > 0 && r.opts.Placeholders {
		c.made = nil // finishNames puts the placeholders in the documents
	}
	r.diags = nil
	r.finishNames()
	c.main.diags = append(c.main.diags, r.diags...)
	c.main.docs = append(c.main.docs, r.docs...)
	c.main.unresolved = c.main.unresolved || r.unresolved
}
