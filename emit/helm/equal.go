package helm

import "github.com/eksport/eksport/emit"

// equal is emit.EqualTrees for the trees a chart compares, where a value
// every environment shares (*frozen) is one pointer.
func equal(a, b any) bool { return emit.EqualTrees(a, b, sameFrozen) }

func sameFrozen(a, b any) (equal, ok bool) {
	x, ok := a.(*frozen)
	if !ok {
		return false, false
	}
	y, ok := b.(*frozen)
	return ok && x == y, true
}
