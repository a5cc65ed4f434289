package source

import "gopkg.in/yaml.v3"

// Arena hands out the nodes of parsed JSON documents from slabs it keeps.
// A parse worker drops each file's tree once the file is decoded; with an
// Arena reset between files it reuses the same nodes instead of
// allocating a third of what reading a batch allocates, and the garbage
// collector has that much less to keep up with.
//
// Reset invalidates every node the Arena handed out: only a caller that
// holds no tree, and no node of one, may call it.
type Arena struct {
	slabs [][]yaml.Node
	slab  int // the slab being handed out
	next  int // its next free node
	// The same for the nodes' Content lists.
	lists    [][]*yaml.Node
	list     int
	nextItem int
	// Scratch space a parse reuses: the offsets of lines, and the items of
	// the mappings and sequences being read.
	lines []int
	stack []*yaml.Node
}

// arenaList is the items of one slab of Content lists.
const arenaList = 4096

// arenaSlab is the nodes of one slab.
const arenaSlab = 256

// ArenaKeep bounds the nodes an Arena keeps for reuse: after a large
// file, Kept says to drop it rather than hold that much.
const ArenaKeep = 16 * arenaSlab

func (a *Arena) node() *yaml.Node {
	for a.slab < len(a.slabs) {
		if s := a.slabs[a.slab]; a.next < len(s) {
			a.next++
			return &s[a.next-1]
		}
		a.slab, a.next = a.slab+1, 0
	}
	a.slabs = append(a.slabs, make([]yaml.Node, arenaSlab))
	a.next = 1
	return &a.slabs[a.slab][0]
}

// content returns a Content list holding items, of exactly their length
// and capacity (an append to it cannot reach the next list).
func (a *Arena) content(items []*yaml.Node) []*yaml.Node {
	n := len(items)
	if n > arenaList {
		return append([]*yaml.Node(nil), items...)
	}
	for a.list < len(a.lists) && a.nextItem+n > arenaList {
		a.list, a.nextItem = a.list+1, 0
	}
	if a.list == len(a.lists) {
		a.lists = append(a.lists, make([]*yaml.Node, arenaList))
		a.nextItem = 0
	}
	l := a.lists[a.list][a.nextItem : a.nextItem+n : a.nextItem+n]
	a.nextItem += n
	copy(l, items)
	return l
}

// Reset makes every node and list handed out free for reuse.
func (a *Arena) Reset() { a.slab, a.next, a.list, a.nextItem = 0, 0, 0, 0 }

// Kept tells whether the Arena is small enough to keep for reuse.
func (a *Arena) Kept() bool {
	return len(a.slabs)*arenaSlab <= ArenaKeep && len(a.lists) <= 4 && cap(a.lines) <= 1<<16 && cap(a.stack) <= 1<<14
}
