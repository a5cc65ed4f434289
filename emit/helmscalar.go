package emit

// AppendScalarYAML appends a string as sigs.k8s.io/yaml.Marshal writes it
// as a document of its own, without the final newline: plain,
// single-quoted or double-quoted as the encoder chooses, and folded as it
// folds, at a space past column 80 (the text then holds a newline). It
// reports false, having appended nothing, for a string the direct encoder
// is not certain about (anything but printable ASCII), which the caller
// must give to the encoder itself.
func AppendScalarYAML(b []byte, s string) ([]byte, bool) {
	start := len(b)
	// As a mapping value one column left of the margin: the space that
	// appendScalar writes before a value takes column -1, so the scalar
	// starts at column 0, where a document's root scalar starts.
	b, ok := appendScalar(b, s, -1, 0, true)
	if !ok {
		return b[:start], false
	}
	copy(b[start:], b[start+1:]) // drop that space
	return b[:len(b)-1], true
}
