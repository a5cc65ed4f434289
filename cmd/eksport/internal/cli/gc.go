package cli

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// gcHeadroom is how much more than GOGC's default the heap may grow
// between collections: by what the last collection found live, as
// GOGC=100 lets it, and by gcHeadroom more.
//
// With the default alone, a batch of 1,000 task definitions (about 9 MiB
// live) was collected 16 times in 0.3 s and marking was a tenth of its
// CPU; two Kustomize environments of 3,000 task definitions (15 to 20 MiB
// live) were collected 47 times, and 10,000 task definitions 31 times.
// With the headroom: 6, 19 and 19 times. It is a constant, like a
// ballast: a run's peak grows by about gcHeadroom whatever its size.
const gcHeadroom = 20 << 20

// TuneGC sets the collector's percentage after each collection so that
// the heap may grow by what is live plus gcHeadroom. A GOGC set in the
// environment is left alone. It is for the command's own process: it
// changes the process's collector, which a caller of Main (a test) may not
// want.
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
// live plus gcHeadroom (the heap of a run that has not been collected yet
// counts as the runtime's least, 4 MiB).
func gcPercent(live uint64) int {
	return int(100 + 100*gcHeadroom/max(live, 4<<20))
}
