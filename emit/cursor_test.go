package emit_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/eksport/eksport/emit"
)

// TestCursorAgreesWithTree walks the objects of a generated batch and
// thousands of random objects (FuzzMarshalDirect's) with a Cursor beside
// their trees (Tree): wherever the Cursor says what is there, it is what
// the tree holds; every key the value's JSON has and the tree drops
// (nulls, status, Clean's empty mappings) is Missing (or, for the empty
// mappings Clean drops, a Mapping with nothing below); a key no value has
// is Missing, and so is an index past a list's end. Unknown is allowed
// anywhere (the caller then makes the tree), and counted: on the batch's
// objects, which are what a run keeps, there is none.
func TestCursorAgreesWithTree(t *testing.T) {
	var objs []emit.Object
	objs = append(objs, genObjects(t, 100, 7)...)
	batch := len(objs)
	rng := rand.New(rand.NewPCG(5, 6))
	n := 3000
	if testing.Short() {
		n = 500
	}
	for i := range n {
		data := make([]byte, 16+rng.IntN(64<<(i%7)))
		for j := range data {
			data[j] = byte(rng.Uint32())
		}
		objs = append(objs, randomObject(&fuzzSource{data: data}))
	}
	var c cursorCheck
	for i, o := range objs {
		tree, err := emit.Tree(o)
		if err != nil {
			continue
		}
		js, err := json.Marshal(o.Value)
		if err != nil {
			t.Fatalf("%s: %v", o.ID(), err)
		}
		var raw map[string]any
		dec := json.NewDecoder(bytes.NewReader(js))
		dec.UseNumber()
		if err := dec.Decode(&raw); err != nil {
			t.Fatal(err)
		}
		c.t, c.id = t, o.ID()
		c.walk("", emit.At(o), tree, raw, true)
		if i == batch-1 {
			c.batchNodes, c.batchUnknown = c.nodes, c.unknown
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("%d objects, %d nodes, %d unknown (the batch's %d objects: %d of %d)", len(objs), c.nodes, c.unknown, batch, c.batchUnknown, c.batchNodes)
	if c.batchUnknown > 0 {
		t.Errorf("the Cursor cannot tell %d of the batch's %d nodes", c.batchUnknown, c.batchNodes)
	}
}

type cursorCheck struct {
	t                        *testing.T
	id                       string
	nodes, unknown           int
	batchNodes, batchUnknown int
}

// cleaned are the keys whose empty mappings Clean drops.
var cleaned = []string{"status", "metadata", "resources", "strategy", "securityContext"}

func (c *cursorCheck) walk(path string, cur emit.Cursor, tree, raw any, root bool) {
	c.nodes++
	fail := func(format string, args ...any) {
		c.t.Helper()
		c.t.Errorf("%s at %q: "+format, append([]any{c.id, path}, args...)...)
	}
	if cur.Shape() == emit.Unknown {
		c.unknown++
		return
	}
	switch x := tree.(type) {
	case map[string]any:
		if cur.Shape() != emit.Mapping {
			fail("Cursor says %v, the tree has a mapping", cur.Shape())
			return
		}
		rawMap, _ := raw.(map[string]any)
		for k, e := range x {
			c.walk(path+"/"+k, cur.Key(k), e, rawMap[k], false)
		}
		for k := range rawMap {
			if _, kept := x[k]; kept {
				continue
			}
			got := cur.Key(k)
			switch {
			case got.Shape() == emit.Missing, got.Shape() == emit.Unknown:
			case got.Shape() == emit.Mapping && slices.Contains(cleaned, k) && !(root && k == "status"):
				if got.Key("name").Shape() != emit.Missing && got.Key("name").Shape() != emit.Unknown {
					fail("the tree drops %s, the Cursor finds a name below it", k)
				}
			default:
				fail("the tree drops %s, the Cursor says %v", k, got.Shape())
			}
		}
		if got := cur.Key("no-such-key-anywhere"); got.Shape() != emit.Missing {
			fail("an absent key is %v", got.Shape())
		}
	case []any:
		if cur.Shape() != emit.List || cur.Len() != len(x) {
			fail("Cursor says %v of %d, the tree has a list of %d", cur.Shape(), cur.Len(), len(x))
			return
		}
		rawList, _ := raw.([]any)
		for i, e := range x {
			var r any
			if i < len(rawList) {
				r = rawList[i]
			}
			c.walk(path+"/"+strconv.Itoa(i), cur.Index(i), e, r, false)
		}
		if got := cur.Index(len(x)); got.Shape() != emit.Missing {
			fail("the index past the end is %v", got.Shape())
		}
	case nil:
		// A null in a list: Clean keeps it; the Cursor finds nothing.
		if cur.Shape() != emit.Missing {
			fail("Cursor says %v, the tree has null", cur.Shape())
		}
	default:
		if cur.Shape() != emit.Scalar {
			fail("Cursor says %v, the tree has %#v", cur.Shape(), x)
			return
		}
		got, ok := cur.Scalar()
		if !ok {
			c.unknown++
			return
		}
		if !reflect.DeepEqual(got, x) {
			fail("Cursor reads %#v, the tree has %#v", got, x)
		}
	}
}

// byteMarshaler is a byte that writes itself: encoding/json writes a list
// of them as a list, not as base64.
type byteMarshaler byte

func (b byteMarshaler) MarshalJSON() ([]byte, error) { return []byte(strconv.Itoa(int(b) + 100)), nil }

// TestCursorBytesThatMarshal: a slice of bytes whose type marshals itself
// is Unknown to the Cursor (the tree holds a list), not a base64 scalar.
func TestCursorBytesThatMarshal(t *testing.T) {
	v := map[string]any{"apiVersion": "v1", "kind": "Thing", "data": []byteMarshaler{1, 2}, "plain": []byte{1, 2}}
	o := emit.Object{APIVersion: "v1", Kind: "Thing", Name: "x", Value: v}
	tree, err := emit.Tree(o)
	if err != nil {
		t.Fatal(err)
	}
	if _, isList := tree["data"].([]any); !isList {
		t.Fatalf("the tree holds %#v", tree["data"])
	}
	if got := emit.At(o).Key("data").Shape(); got != emit.Unknown {
		t.Errorf("data is %v to the Cursor, want Unknown", got)
	}
	if s, ok := emit.At(o).Key("plain").Scalar(); !ok || s != tree["plain"] {
		t.Errorf("plain reads %v, %v; the tree has %v", s, ok, tree["plain"])
	}
}
