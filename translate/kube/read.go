package kube

import (
	"encoding/json"
	"fmt"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
	"github.com/eksport/eksport/translate/source"
)

// Detect reports whether a document is a Kubernetes object (it has
// apiVersion and kind).
func Detect(doc *source.Doc) bool {
	n := doc.Root
	if n.Kind != yaml.MappingNode {
		return false
	}
	var api, kind bool
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch n.Content[i].Value {
		case "apiVersion":
			api = true
		case "kind":
			kind = true
		}
	}
	return api && kind
}

// Set collects the Kubernetes objects of a run in input order.
type Set struct {
	Objects []*ir.KubeObject
}

// Add reads a document: an object, or a List whose items are objects.
func (s *Set) Add(doc *source.Doc, diags *diag.List) {
	obj, err := toValue(doc.Root, 0)
	if err != nil {
		diags.Errorf(doc.Pos(doc.Root, ""), "kube/invalid", "%v", err)
		return
	}
	m, _ := obj.(map[string]any)
	if kind, _ := m["kind"].(string); kind == "List" || (len(kind) > 4 && kind[len(kind)-4:] == "List" && m["items"] != nil) {
		items, _ := m["items"].([]any)
		itemsNode := child(doc.Root, "items")
		for i, it := range items {
			im, ok := it.(map[string]any)
			pos := doc.Pos(doc.Root, fmt.Sprintf("items[%d]", i))
			if itemsNode != nil && i < len(itemsNode.Content) {
				pos = doc.Pos(itemsNode.Content[i], fmt.Sprintf("items[%d]", i))
			}
			if !ok {
				diags.Errorf(pos, "kube/invalid", "List item is not an object")
				continue
			}
			s.add(im, pos, diags)
		}
		return
	}
	s.add(m, doc.Pos(doc.Root, ""), diags)
}

func (s *Set) add(m map[string]any, pos diag.Pos, diags *diag.List) {
	if _, ok := m["apiVersion"].(string); !ok {
		diags.Errorf(pos, "kube/invalid", "object has no apiVersion")
		return
	}
	if _, ok := m["kind"].(string); !ok {
		diags.Errorf(pos, "kube/invalid", "object has no kind")
		return
	}
	s.Objects = append(s.Objects, &ir.KubeObject{Object: m, Origin: pos, Order: len(s.Objects)})
}

func child(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// toValue converts a node into JSON-compatible Go values, resolving
// aliases and keeping numbers exact.
func toValue(n *yaml.Node, depth int) (any, error) {
	if depth > source.MaxDepth {
		return nil, fmt.Errorf("document nests deeper than %d levels", source.MaxDepth)
	}
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Tag == "!!merge" {
				return nil, fmt.Errorf("line %d: YAML merge keys (<<) are not supported in manifests", k.Line)
			}
			if _, dup := m[k.Value]; dup {
				return nil, fmt.Errorf("line %d: duplicate key %q", k.Line, k.Value)
			}
			v, err := toValue(n.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := toValue(c, depth+1)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			err := n.Decode(&b)
			return b, err
		case "!!int":
			if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
				return i, nil
			}
			var i int64
			err := n.Decode(&i)
			return i, err
		case "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return nil, err
			}
			return json.Number(strconv.FormatFloat(f, 'f', -1, 64)), nil
		}
		return n.Value, nil
	}
	return nil, fmt.Errorf("line %d: unsupported YAML node", n.Line)
}
