package emit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"os"
	"runtime"
	"sync"
)

// Kept is one object that an emitter needing every object before it can
// write keeps until then: its identity and its value as JSON text, read
// back as its tree (Tree) each time it is needed, so that thousands of
// objects are held as text rather than as values and trees. The text is
// in JSON, or, when the object was kept by a Store, in the Store's file.
type Kept struct {
	Object Object // Value nil
	JSON   []byte // nil when the text is in a Store's file

	held Held // the text, when a Store keeps it in its file

	// sum is the text's hash (textSeed), when summed (a Kept made by
	// Keep): SameText tells most different texts apart without reading
	// them.
	sum    uint64
	summed bool
}

// textSeed seeds the hash of kept texts. It is chosen afresh by each
// process: the hash only ever tells texts of one run apart, never
// decides an output.
var textSeed = maphash.MakeSeed()

// SameText tells whether k and o have the same text, and so the same
// tree: by their lengths and hashes first, and by the texts themselves
// only where those are equal.
func (k *Kept) SameText(o *Kept) (bool, error) {
	if k.textLen() != o.textLen() || k.summed && o.summed && k.sum != o.sum {
		return false, nil
	}
	a, err := k.Text()
	if err != nil {
		return false, fmt.Errorf("%s: %w", k.Object.ID(), err)
	}
	b, err := o.Text()
	if err != nil {
		return false, fmt.Errorf("%s: %w", o.Object.ID(), err)
	}
	return bytes.Equal(a, b), nil
}

func (k *Kept) textLen() int {
	if k.held.store == nil {
		return len(k.JSON)
	}
	return k.held.n
}

// Keep makes o's Kept, with its text in memory.
func Keep(o Object) (*Kept, error) {
	var s *Store
	return s.Keep(o)
}

// Text returns the JSON text of the object's tree.
func (k *Kept) Text() ([]byte, error) {
	if k.held.store == nil {
		return k.JSON, nil
	}
	return k.held.Bytes()
}

// Tree reads the object's tree back, the tree Tree makes of the object,
// a fresh copy each time (numbers as json.Number, as Tree makes them).
func (k *Kept) Tree() (map[string]any, error) {
	return k.TreeNumbers(true)
}

// TreeNumbers is Tree with numbers as json.Number (useNumber) or float64,
// as DecodeTree reads them.
func (k *Kept) TreeNumbers(useNumber bool) (map[string]any, error) {
	if k.held.store == nil {
		return k.decode(k.JSON, useNumber)
	}
	buf, err := k.held.store.readPooled(k.held.off, k.held.n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", k.Object.ID(), err)
	}
	defer k.held.store.bufs.Put(buf)
	// The tree's strings are copies (decodeTree): the buffer can go
	// back.
	return k.decode(*buf, useNumber)
}

// decode reads the text (encoding/json's of the object's value) as
// Tree reads it: status and what Clean drops left out.
func (k *Kept) decode(js []byte, useNumber bool) (map[string]any, error) {
	t, err := decodeTree(js, useNumber)
	if err != nil {
		return nil, fmt.Errorf("%s: the JSON of its value does not read back: %w", k.Object.ID(), err)
	}
	delete(t, "status")
	Clean(t)
	return t, nil
}

// Store keeps the text of Kept objects in a temporary file rather than in
// memory, for an emitter that keeps every object of a large run (the
// page cache holds what memory allows, and the process does not). The
// file is removed from its folder as soon as it is made, so that it goes
// when the Store is closed or the process ends, on every path; a Store
// no longer referenced is closed when the garbage collector finds it.
// Where the file cannot be made or written, objects are kept in memory.
// A nil *Store keeps every object in memory. Its methods may be called
// from several goroutines at once.
type Store struct {
	// Dir is the folder of the file (os.TempDir when empty).
	Dir string

	mu   sync.Mutex
	f    *os.File
	size int64 // the bytes held, pend included
	// pend is the last bytes held, [size-len(pend), size), gathered to
	// be written together once they are storeChunk: one system call for
	// many objects rather than one each (9,000 writes were 4% of a
	// two-environment run's CPU).
	pend   []byte
	lost   []lostChunk // gathered bytes whose write failed, kept in memory
	failed bool        // the file could not be made: keep in memory
	closed bool
	bufs   sync.Pool // *[]byte read buffers
}

// storeChunk is how many bytes a Store gathers before it writes them.
const storeChunk = 256 << 10

// lostChunk is gathered bytes at off that could not be written.
type lostChunk struct {
	off  int64
	data []byte
}

// Keep makes o's Kept, with its text in the Store's file. The text is
// what encoding/json writes of o's value: the tree Tree makes is that
// text read back (valueTree stands for the round trip), less status and
// what Clean drops, which Kept.Tree leaves out as it reads the text.
// Writing the text from the value, without the tree, takes a third of
// the time and a fifth of the memory of making the tree and writing it;
// an emitter that needs a few fields of the tree at once reads them
// with a Cursor.
func (s *Store) Keep(o Object) (*Kept, error) {
	js, err := json.Marshal(o.Value)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.ID(), err)
	}
	o.Value = nil
	k := &Kept{Object: o, JSON: js, sum: maphash.Bytes(textSeed, js), summed: true}
	if s != nil {
		s.put(k)
	}
	return k, nil
}

// put moves k's text to the file, or leaves it in memory where the file
// cannot take it.
func (s *Store) put(k *Kept) {
	if h := s.Hold(k.JSON); h.store != nil {
		k.held, k.JSON = h, nil
	}
}

// Held is bytes an emitter holds until it can write them: in a Store's
// file, or in memory (where the Store has no file, or for a nil Store).
type Held struct {
	data  []byte // in memory
	store *Store // in the store's file, at off
	off   int64
	n     int
}

// Hold keeps b, in the Store's file when it can, else in memory (b is
// then kept as it is). It copies b where it goes to the file: b may then
// be reused.
func (s *Store) Hold(b []byte) Held {
	if s == nil {
		return Held{data: b}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil && !s.failed && !s.closed {
		s.open()
	}
	if s.f == nil || s.closed {
		return Held{data: b}
	}
	off := s.size
	s.pend = append(s.pend, b...)
	s.size += int64(len(b))
	if len(s.pend) >= storeChunk {
		s.flush()
	}
	return Held{store: s, off: off, n: len(b)}
}

// flush writes the gathered bytes to the file (s.mu held); where that
// fails they stay in memory, where reads find them.
func (s *Store) flush() {
	start := s.size - int64(len(s.pend))
	if _, err := s.f.WriteAt(s.pend, start); err != nil {
		s.lost = append(s.lost, lostChunk{off: start, data: s.pend})
		s.pend = nil
		return
	}
	s.pend = s.pend[:0]
}

// Bytes returns what was held (a fresh copy when it was in the file).
func (h Held) Bytes() ([]byte, error) {
	if h.store == nil {
		return h.data, nil
	}
	return h.store.read(h.off, h.n)
}

// InFile tells whether the Store keeps what it holds in its file (false
// for a nil Store, before the first Hold, and where no file could be made).
func (s *Store) InFile() bool {
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.f != nil && !s.closed
}

// Len is the length of what is held.
func (h Held) Len() int {
	if h.store == nil {
		return len(h.data)
	}
	return h.n
}

// open makes the file and removes its name (s.mu held).
func (s *Store) open() {
	f, err := os.CreateTemp(s.Dir, "eksport-kept-*")
	if err != nil {
		s.failed = true
		return
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		os.Remove(f.Name())
		s.failed = true
		return
	}
	s.f = f
	runtime.AddCleanup(s, func(f *os.File) { f.Close() }, f)
}

// readAt reads the held bytes at off into b: from the gathered bytes not
// written yet, from those whose write failed, or from the file. A piece
// held is never split between them.
func (s *Store) readAt(b []byte, off int64) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return errors.New("the store of kept objects is closed")
	}
	if start := s.size - int64(len(s.pend)); off >= start {
		copy(b, s.pend[off-start:])
		s.mu.Unlock()
		return nil
	}
	for _, c := range s.lost {
		if off >= c.off && off < c.off+int64(len(c.data)) {
			copy(b, c.data[off-c.off:])
			s.mu.Unlock()
			return nil
		}
	}
	f := s.f
	s.mu.Unlock()
	// Written bytes are never written again: the read needs no lock.
	if _, err := f.ReadAt(b, off); err != nil {
		return fmt.Errorf("reading a kept object back: %w", err)
	}
	return nil
}

func (s *Store) read(off int64, n int) ([]byte, error) {
	b := make([]byte, n)
	if err := s.readAt(b, off); err != nil {
		return nil, err
	}
	return b, nil
}

func (s *Store) readPooled(off int64, n int) (*[]byte, error) {
	buf, _ := s.bufs.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	if cap(*buf) < n {
		*buf = make([]byte, n)
	}
	*buf = (*buf)[:n]
	if err := s.readAt(*buf, off); err != nil {
		s.bufs.Put(buf)
		return nil, err
	}
	return buf, nil
}

// Close closes the Store's file (its objects can no longer be read back,
// except those kept in memory). Closing a nil or closed Store does
// nothing.
func (s *Store) Close() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.f == nil {
		return nil
	}
	return s.f.Close()
}
