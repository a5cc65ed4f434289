package emit

import (
	"bytes"
	"encoding/json"

	"go.yaml.in/yaml/v2"
)

// TreeBothWays returns an object's tree by reflection (ok false when that
// path declines) and by the JSON round trip it stands for.
func TreeBothWays(o Object, useNumber bool) (fast map[string]any, ok bool, slow map[string]any, err error) {
	fast, ok = valueTree(o.Value, useNumber)
	js, err := json.Marshal(o.Value)
	if err != nil {
		return fast, ok, nil, err
	}
	slow, err = decodeTree(js, useNumber)
	return fast, ok, slow, err
}

// The encoders and tree makers beside the libraries they stand for, for
// BenchmarkLibraries.

// ValueTree is the reflection walk (tree.go).
func ValueTree(o Object) (map[string]any, bool) { return valueTree(o.Value, true) }

// JSONRoundTrip is what ValueTree stands for: encoding/json there and back.
func JSONRoundTrip(o Object) (map[string]any, error) {
	js, err := json.Marshal(o.Value)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var m map[string]any
	err = dec.Decode(&m)
	return m, err
}

// JSONTree is the round trip with the hand-written decoder (jsontree.go).
func JSONTree(o Object) (map[string]any, error) {
	js, err := json.Marshal(o.Value)
	if err != nil {
		return nil, err
	}
	return decodeTree(js, true)
}

// YAMLFast is the hand-written tree encoder (yamlfast.go).
func YAMLFast(t map[string]any) ([]byte, bool) { return appendFast(nil, t) }

// YAMLLibrary is the go.yaml.in/yaml/v2 encoder on the same tree.
func YAMLLibrary(t map[string]any) ([]byte, error) { return yaml.Marshal(yamlValue(t)) }
