package kustomize

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/eksport/eksport/emit"
)

// orderedChunk is how many files putOrdered makes at a time.
const orderedChunk = 256

// putOrdered makes n files (file(i) is the i-th; a zero File, which is
// not put, when there is none) on every core, a chunk at a time, and puts
// each chunk's files in order from another goroutine while the next
// chunk is made: the files arrive in the same order on every run
// (emit's in-memory sink keeps files other than objects' in the order
// they come), and a run holds at most three chunks of them (one being
// made, one waiting, one being put). It stops at
// the first error, make's or put's, in order.
func putOrdered(n int, file func(i int) (emit.File, error), put emit.Put) error {
	type chunk struct {
		files []emit.File
		errs  []error
	}
	chunks := make(chan chunk, 1)
	var failed atomic.Bool
	var werr error
	written := make(chan struct{})
	go func() {
		defer close(written)
		for c := range chunks {
			for j := range c.errs {
				if werr != nil {
					break
				}
				if werr = c.errs[j]; werr == nil && (c.files[j].Path != "" || c.files[j].Data != nil) {
					werr = put(c.files[j])
				}
				c.files[j] = emit.File{}
			}
			if werr != nil {
				failed.Store(true)
			}
		}
	}()
	workers := runtime.GOMAXPROCS(0)
	for start := 0; start < n && !failed.Load(); start += orderedChunk {
		end := min(start+orderedChunk, n)
		c := chunk{files: make([]emit.File, end-start), errs: make([]error, end-start)}
		var next atomic.Int64
		next.Store(int64(start))
		var wg sync.WaitGroup
		for range min(workers, end-start) {
			wg.Go(func() {
				for {
					k := int(next.Add(1) - 1)
					if k >= end {
						return
					}
					c.files[k-start], c.errs[k-start] = file(k)
				}
			})
		}
		wg.Wait()
		chunks <- c
	}
	close(chunks)
	<-written
	return werr
}
