package emit

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestStoreGathersWrites: held pieces read back while they wait to be
// written together, once written, and where the write failed (kept in
// memory); the file gets one write per storeChunk, not one per piece;
// nothing reads back once the Store is closed.
func TestStoreGathersWrites(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	piece := func(i int) []byte { return bytes.Repeat([]byte(fmt.Sprintf("piece %d;", i)), 1+i%50) }
	var held []Held
	var total int
	for i := 0; total < 3*storeChunk; i++ {
		held = append(held, s.Hold(piece(i)))
		total += len(piece(i))
	}
	if st, err := s.f.Stat(); err != nil || st.Size() >= int64(total) || st.Size() < 2*storeChunk {
		t.Fatalf("the file holds %v of %d bytes held (%v): want the full chunks only", st.Size(), total, err)
	}
	// Writes now fail: a file open for reading only.
	ro, err := os.Open(filepath.Join(s.Dir))
	if err != nil {
		t.Fatal(err)
	}
	good := s.f
	s.f = ro
	for range 2 * storeChunk / 100 {
		held = append(held, s.Hold(piece(len(held))))
	}
	if len(s.lost) == 0 {
		t.Fatal("no write failed")
	}
	s.f = good
	ro.Close()
	for i, h := range held {
		got, err := h.Bytes()
		if err != nil || !bytes.Equal(got, piece(i)) {
			t.Fatalf("piece %d reads back as %.30q, %v", i, got, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, len(held) - 1} {
		if _, err := held[i].Bytes(); err == nil {
			t.Errorf("piece %d reads back after Close", i)
		}
	}
}
