package source

import (
	"gopkg.in/yaml.v3"
)

// FlexString is a string that the API documents as a string but that people
// often write as a number, such as task-level cpu ("1024", 1024, "1 vCPU").
type FlexString struct {
	Value  string
	Number bool // written as a JSON/YAML number
}

func (f *FlexString) decodeNode(d *Decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		f.Value, f.Number = n.Value, true
		return
	}
	if s, ok := d.str(n, path); ok {
		f.Value = s
	}
}

// Raw keeps a value undecoded, for fields eksport only needs to notice
// (timestamps that come as numbers or strings, for example).
type Raw struct {
	Node *yaml.Node
}

func (r *Raw) decodeNode(_ *Decoder, n *yaml.Node, _ string) { r.Node = n }

// StringMap is a JSON object of string values (docker labels, driver
// options). Output code sorts its keys; Go map order never reaches output.
type StringMap map[string]string
