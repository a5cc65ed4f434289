package cli

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// gcHeadroom is the least the heap may grow past what the last
// collection found live before the next collection starts.
//
// With GOGC's default of 100 the heap grows by what is live: a batch of
// 1,000 task definitions holds about 9 MiB live, and collected every 25 ms
// or so (16 times), marking was a tenth of its CPU. Past gcHeadroom live
// (a batch of several thousand inputs) the default applies unchanged, so
// the largest runs keep their peak memory; below it a run's peak grows by
// at most gcHeadroom.
const gcHeadroom = 20 << 20

// TuneGC sets the collector's percentage after each collection so that
// the heap may grow by gcHeadroom, or by what is live when that is more
// (GOGC=100). A GOGC set in the environment is left alone. It is for the
// command's own process: it changes the process's collector, which a
// caller of Main (a test) may not want.
func TuneGC() {
	if os.Getenv("GOGC") != "" {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	set := func() {
		metrics.Read(sample)
		debug.SetGCPercent(gcPercent(sample[0].Value.Uint64()))
	}
	var arm func()
	arm = func() {
		// A finalizer runs once the collection that found its object
		// unreachable is done: once per collection.
		runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
			set()
			arm()
		})
	}
	set()
	arm()
}

// gcSentinel is big enough not to share a block with other small
// objects, whose finalizers might then never run.
type gcSentinel struct{ _ [32]byte }

// gcPercent is the GOGC that lets a heap with live bytes live grow by
// gcHeadroom (the heap of a run that has not been collected yet counts as
// the runtime's least, 4 MiB), and never less than the default 100.
func gcPercent(live uint64) int {
	return int(max(100, 100*gcHeadroom/max(live, 4<<20)))
}
