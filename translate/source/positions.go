package source

import (
	"cmp"
	"slices"
	"strconv"
	"sync"
)

// A decoder records the line and column of every field, list element and
// map key it decodes, keyed by the field's concrete path, and a run keeps
// every decoder until its diagnostics are written. Keying a map by the
// path strings kept every path alive besides the map's own 40 bytes or so
// an entry. Positions are kept instead as a sorted slice of 16-byte
// entries, {hash of the path, line, column}, searched by hashing the path
// asked for; the path strings are not retained.
//
// The hash is 64-bit FNV-1a. It is computed as the decoder descends, from
// the parent's hash and the bytes the child adds (".name", "[3]"), so
// recording costs a few multiplications rather than hashing a whole path,
// and the lookup hashes the asked path once, in one pass, for it and every
// enclosing path at once. FNV-1a is deterministic, so a position never
// depends on the run; it is not collision-resistant, and the table does
// not keep the strings that would rule a collision out. A collision is a
// 64-bit coincidence between two paths of one document: for a document of
// n recorded paths, each path a lookup tries (the asked one and those
// enclosing it) matches an unrecorded one with a probability of about
// n/2^64 (n = 10^6, the most a document may hold, gives 5·10^-14), and
// two recorded paths collide with one of about n²/2^65. The only effect
// would be a diagnostic that points at the wrong line of the right
// document; an input crafted to collide (map keys are the user's) can do
// no more than that either. Tests hold the table to a map of the paths
// on every input of the suites.
//
// Positions are appended to pending as they are recorded and sorted into
// pos when Decode returns, so a decoder is only read once it is complete
// and may then be read from several goroutines. When two recordings have
// the same hash (the same path recorded twice, as a map key holding a dot
// can make happen: "a.b" under map "m" and field "b" of key "a" are both
// "m.a.b"), the last recorded wins, as with a map.

// pendingPool keeps the buffers positions are recorded into: each decoder
// fills one and copies it, sorted, into a slice of the exact size.
var pendingPool sync.Pool // *[]posEntry

// maxPooledPending bounds the buffers kept in pendingPool (entries).
const maxPooledPending = 1 << 16

// posEntry is one recorded position.
type posEntry struct {
	hash      uint64
	line, col int32
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// pathHash is the hash of the empty path.
const pathHash uint64 = fnvOffset

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func hashByte(h uint64, c byte) uint64 {
	return (h ^ uint64(c)) * fnvPrime
}

// hashJoin is the hash of join(path, key) given h, the hash of path.
func hashJoin(h uint64, path, key string) uint64 {
	if path != "" {
		h = hashByte(h, '.')
	}
	return hashString(h, key)
}

// hashIndex is the hash of path[i] given h, the hash of path.
func hashIndex(h uint64, i int) uint64 {
	var buf [20]byte
	h = hashByte(h, '[')
	for _, c := range strconv.AppendInt(buf[:0], int64(i), 10) {
		h = hashByte(h, c)
	}
	return hashByte(h, ']')
}

// record records the position of path, whose hash is h.
func (d *Decoder) record(path string, h uint64, line, col int) {
	if recordHook != nil {
		recordHook(path, h, line, col)
	}
	d.pending = append(d.pending, posEntry{hash: h, line: int32(line), col: int32(col)})
}

// recordHook, when set (by tests), sees every recording, path included.
var recordHook func(path string, h uint64, line, col int)

// lookup returns the position recorded for a path hash.
func (d *Decoder) lookup(h uint64) (posEntry, bool) {
	// Recorded during a Decode that has not returned yet, later than
	// everything in pos: the last one wins.
	for i := len(d.pending) - 1; i >= 0; i-- {
		if d.pending[i].hash == h {
			return d.pending[i], true
		}
	}
	lo, hi := 0, len(d.pos)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if d.pos[m].hash < h {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(d.pos) && d.pos[lo].hash == h {
		return d.pos[lo], true
	}
	return posEntry{}, false
}

func byHash(a, b posEntry) int { return cmp.Compare(a.hash, b.hash) }

// sortPositions moves the pending positions into pos, sorted by hash and
// with one entry a hash, into a slice of exactly that length.
func (d *Decoder) sortPositions() {
	if len(d.pending) == 0 {
		return
	}
	// pos has one entry a hash and was all recorded before pending:
	// together they are in recording order as far as equal hashes go.
	all := make([]posEntry, 0, len(d.pos)+len(d.pending))
	all = append(append(all, d.pos...), d.pending...)
	slices.SortFunc(all, byHash)
	dup := false
	for i := 1; i < len(all); i++ {
		if all[i].hash == all[i-1].hash {
			dup = true
			break
		}
	}
	if dup {
		// Rare: sort again, stably, and keep the last of each hash.
		all = append(append(all[:0], d.pos...), d.pending...)
		slices.SortStableFunc(all, byHash)
		out := all[:0]
		for i, e := range all {
			if i+1 < len(all) && all[i+1].hash == e.hash {
				continue
			}
			out = append(out, e)
		}
		all = slices.Clip(out)
	}
	d.pos = all
	if cap(d.pending) <= maxPooledPending {
		p := d.pending[:0]
		pendingPool.Put(&p)
	}
	d.pending = nil
}
