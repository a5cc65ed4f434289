package emit

// MarshalDirect is the direct encoder MarshalObject tries first; ok false
// when it leaves the object to the tree.
func MarshalDirect(o Object) (body []byte, ok bool) { return marshalDirect(o.Value) }

// WritesFast reports whether MarshalTree writes a tree itself rather than
// with the YAML encoder.
func WritesFast(tree map[string]any) bool {
	_, ok := appendFast(nil, tree)
	return ok
}
