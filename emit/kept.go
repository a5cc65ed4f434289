package emit

import (
	"encoding/json"
	"fmt"
)

// Kept is one object that an emitter needing every object before it can
// write keeps until then: its identity and its tree (Tree) as JSON text,
// read back each time it is needed, so that thousands of objects are held
// as text rather than as values and trees.
type Kept struct {
	Object Object // Value nil
	JSON   []byte
}

// Keep makes o's Kept.
func Keep(o Object) (*Kept, error) {
	k, _, err := KeepTree(o)
	return k, err
}

// KeepTree is Keep that also returns the tree it made the text of, for an
// emitter that notes something of it while the tree is at hand (the
// tree's strings are as the object has them, which the text may write
// otherwise: encoding/json replaces invalid UTF-8).
func KeepTree(o Object) (*Kept, map[string]any, error) {
	t, err := Tree(o)
	if err != nil {
		return nil, nil, err
	}
	js, err := json.Marshal(t)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", o.ID(), err)
	}
	o.Value = nil
	return &Kept{Object: o, JSON: js}, t, nil
}

// Tree reads the object's tree back, a fresh copy each time (numbers as
// json.Number, as Tree makes them).
func (k *Kept) Tree() (map[string]any, error) {
	t, err := decodeTree(k.JSON, true)
	if err != nil {
		return nil, fmt.Errorf("%s: the JSON of its tree does not read back: %w", k.Object.ID(), err)
	}
	return t, nil
}
