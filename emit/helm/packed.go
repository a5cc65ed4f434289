package helm

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"sync"

	"github.com/eksport/eksport/emit"
)

// With several environments, an object waits for the chart as its tree's
// JSON text compressed with DEFLATE at its fastest: the first
// environment's objects wait through the next environments' runs, and
// their text was the largest thing a run held then (11 MiB of 36 for two
// environments of 3,000 task definitions; packed, 3.5 MiB: the peak fell
// from 111 to 103 MiB, median of 5). With one environment the peak comes
// after the objects have been read, and packing only cost time (a fifth of
// the chart's CPU): the text is kept as it is.

var (
	packers   = sync.Pool{New: func() any { w, _ := flate.NewWriter(nil, flate.BestSpeed); return w }}
	unpackers = sync.Pool{New: func() any { return flate.NewReader(bytes.NewReader(nil)) }}
)

// pack compresses js.
func pack(js []byte) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(js)/4 + 64)
	w := packers.Get().(*flate.Writer)
	defer packers.Put(w)
	w.Reset(&b)
	if _, err := w.Write(js); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return bytes.Clone(b.Bytes()), nil
}

// unpack is the JSON text pack compressed, of an object of size n.
func unpack(z []byte, n int) ([]byte, error) {
	r := unpackers.Get().(io.ReadCloser)
	defer unpackers.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(z), nil); err != nil {
		return nil, err
	}
	js := make([]byte, n)
	if _, err := io.ReadFull(r, js); err != nil {
		return nil, err
	}
	return js, nil
}

// json is the object's tree as JSON text.
func (h *held) json() ([]byte, error) {
	if !h.packed {
		return h.z, nil
	}
	js, err := unpack(h.z, h.n)
	if err != nil {
		return nil, fmt.Errorf("%s: the text kept of it does not read back: %w", h.obj.ID(), err)
	}
	return js, nil
}

// tree reads the object's tree back (numbers as json.Number, as
// emit.Tree makes them).
func (h *held) tree() (map[string]any, error) {
	js, err := h.json()
	if err != nil {
		return nil, err
	}
	k := emit.Kept{Object: h.obj, JSON: js}
	return k.Tree()
}
