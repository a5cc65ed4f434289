package helm

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"

	"github.com/eksport/eksport/emit"
)

// schemaNode is one object of the values schema, built key by key as the
// objects are slotted and written out without a tree of generic maps: a
// batch's schema has tens of thousands of keys, and a map per keyword of
// each was most of what a chart held at the end.
//
// Keywords are set as JSON Schema's tree of maps would hold them: a key
// below a node makes it an object with properties (type "object"), and a
// leaf schema's keywords overwrite the node's, later ones winning. A
// chart's keys are never below one another (schema_test.go checks the
// writer against the maps on such keys).
type schemaNode struct {
	typ any // the "type" keyword; nil when unset
	// attrs holds the other keywords: a leaf schema, shared (read-only)
	// until a second one is applied to the node, which makes it owned.
	attrs    map[string]any
	owned    bool
	children map[string]*schemaNode // properties; nil when none
	// doc is the comment of the values key in values.yaml.
	doc string
	// held, when set, is the node's text as the writer writes it at a
	// workload's indentation, and the node holds nothing else but doc
	// (holdSchema).
	held *emit.Held
}

// set applies leaf at key below n, making the nodes on the way objects,
// and returns the key's node.
func (n *schemaNode) set(key []string, leaf map[string]any) *schemaNode {
	cur := n
	for _, k := range key {
		if cur.children == nil {
			cur.children = map[string]*schemaNode{}
			cur.typ = "object"
		}
		next := cur.children[k]
		if next == nil {
			next = &schemaNode{}
			cur.children[k] = next
		}
		cur = next
	}
	cur.apply(leaf)
	return cur
}

// docOf returns the comment of a values key, joined with "\x00": the
// documentation of the chart's own maps, and else of the key's node.
func (n *schemaNode) docOf(key []byte) string {
	switch string(key) {
	case "workloads":
		return "One entry per workload (ECS service or task definition family)."
	case "fields":
		return "Fields of shared objects that differ between environments and have no value of\ntheir own, by object and JSON pointer."
	}
	if rest, ok := bytes.CutPrefix(key, []byte("workloads\x00")); ok {
		if i := bytes.IndexByte(rest, 0); i >= 0 && string(rest[i+1:]) == "fields" {
			return groupFieldsDoc
		}
	}
	cur := n
	for len(key) > 0 && cur != nil {
		k := key
		if i := bytes.IndexByte(key, 0); i >= 0 {
			k, key = key[:i], key[i+1:]
		} else {
			key = nil
		}
		cur = cur.children[string(k)]
	}
	if cur == nil {
		return ""
	}
	return cur.doc
}

// apply sets every keyword of leaf on n.
func (n *schemaNode) apply(leaf map[string]any) {
	if t, ok := leaf["type"]; ok {
		n.typ = t
	}
	if n.attrs == nil {
		n.attrs = leaf // "type" in it is read from n.typ
		return
	}
	for k, v := range leaf {
		n.put(k, v)
	}
}

// put sets one keyword.
func (n *schemaNode) put(k string, v any) {
	if k == "type" {
		n.typ = v
		return
	}
	if !n.owned {
		attrs := make(map[string]any, len(n.attrs)+1)
		for ak, av := range n.attrs {
			if ak != "type" {
				attrs[ak] = av
			}
		}
		n.attrs, n.owned = attrs, true
	}
	n.attrs[k] = v
}

// get returns a keyword other than "type".
func (n *schemaNode) get(k string) (any, bool) {
	v, ok := n.attrs[k]
	return v, ok
}

// hasProperties says whether the node holds properties, from keys below
// it or from a leaf schema's own.
func (n *schemaNode) hasProperties() bool {
	if n.children != nil {
		return true
	}
	_, ok := n.attrs["properties"].(map[string]any)
	return ok
}

// schemaWriter writes a schema as indented JSON (as json.Encoder with two
// spaces and no HTML escaping writes the same tree of maps), handing what
// it has to w every few kilobytes.
type schemaWriter struct {
	b    []byte
	w    io.Writer
	err  error
	keys []string // the sorted keywords of the nodes being written, innermost last
}

// flush hands the text written so far to w.
func (sw *schemaWriter) flush() {
	if sw.err == nil && len(sw.b) > 0 {
		_, sw.err = sw.w.Write(sw.b)
	}
	sw.b = sw.b[:0]
}

// writeSchema writes the schema whose root is n; the root is left open
// to keys of values the chart does not lay out.
func writeSchema(w io.Writer, root *schemaNode) error {
	sw := &schemaWriter{b: make([]byte, 0, 64<<10), w: w}
	sw.node(root, 0, true)
	sw.b = append(sw.b, '\n')
	sw.flush()
	return sw.err
}

// node writes n at indent; top says n is the root, which closeObjects
// leaves open.
func (sw *schemaWriter) node(n *schemaNode, indent int, top bool) {
	if n.held != nil {
		text, err := n.held.Bytes()
		if err != nil && sw.err == nil {
			sw.err = err
		}
		sw.b = append(sw.b, text...)
		if len(sw.b) >= 32<<10 {
			sw.flush()
		}
		return
	}
	start := len(sw.keys)
	for k := range n.attrs {
		if k == "type" || (k == "properties" && n.children != nil) {
			continue
		}
		sw.keys = append(sw.keys, k)
	}
	if n.typ != nil {
		sw.keys = append(sw.keys, "type")
	}
	if n.children != nil {
		sw.keys = append(sw.keys, "properties")
	}
	closing := !top && n.hasProperties()
	if _, set := n.attrs["additionalProperties"]; closing && !set {
		sw.keys = append(sw.keys, "additionalProperties")
	}
	keys := sw.keys[start:]
	if len(keys) == 0 {
		sw.b = append(sw.b, "{}"...)
		sw.keys = sw.keys[:start]
		return
	}
	slices.Sort(keys)
	sw.b = append(sw.b, '{')
	for i, k := range keys {
		sw.member(i, k, indent)
		switch {
		case k == "type":
			sw.value(n.typ, indent+2)
		case k == "properties" && n.children != nil:
			sw.properties(n.children, indent+2)
		case k == "additionalProperties":
			if v, set := n.attrs[k]; set {
				sw.value(v, indent+2)
			} else {
				sw.b = append(sw.b, "false"...)
			}
		case k == "properties":
			// A leaf schema's own properties (an image's), closed as
			// closeObjects closes them.
			p := n.attrs[k].(map[string]any)
			for _, c := range p {
				if m, ok := c.(map[string]any); ok {
					closeObjects(m, false)
				}
			}
			sw.value(p, indent+2)
		default:
			sw.value(n.attrs[k], indent+2)
		}
		if len(sw.b) >= 32<<10 {
			sw.flush()
		}
	}
	sw.b = append(appendPad(append(sw.b, '\n'), indent), '}')
	sw.keys = sw.keys[:start]
}

// member starts the i-th member, k, of an object written indent spaces
// in.
func (sw *schemaWriter) member(i int, k string, indent int) {
	if i > 0 {
		sw.b = append(sw.b, ',')
	}
	sw.b = appendPad(append(sw.b, '\n'), indent+2)
	sw.b = append(appendJSONString(sw.b, k), ": "...)
}

func (sw *schemaWriter) properties(children map[string]*schemaNode, indent int) {
	if len(children) == 0 {
		sw.b = append(sw.b, "{}"...)
		return
	}
	start := len(sw.keys)
	for k := range children {
		sw.keys = append(sw.keys, k)
	}
	keys := sw.keys[start:]
	slices.Sort(keys)
	sw.b = append(sw.b, '{')
	for i, k := range keys {
		sw.member(i, k, indent)
		sw.node(children[k], indent+2, false)
	}
	sw.b = append(appendPad(append(sw.b, '\n'), indent), '}')
	sw.keys = sw.keys[:start]
}

// value writes a keyword's value: the types a schema holds, and any
// other as json.Encoder writes it.
func (sw *schemaWriter) value(v any, indent int) {
	if b, ok := appendJSON(sw.b, v, indent); ok {
		sw.b = b
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(pad(indent), "  ")
	if err := enc.Encode(v); err != nil && sw.err == nil {
		sw.err = err
	}
	sw.b = append(sw.b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// newSchema is the root of a chart's values schema.
func newSchema() *schemaNode {
	root := &schemaNode{typ: "object"}
	root.put("$comment", emit.Marker)
	root.put("$schema", "https://json-schema.org/draft-07/schema#")
	return root
}
