package source

import "gopkg.in/yaml.v3"

// reused is the Arena BothJSONParsers gives the fast parser, reset before
// each call: every call after the first builds its tree from nodes that
// held another file's, as in a parse worker.
var reused Arena

// BothJSONParsers runs the fast and the checked JSON parser on data (as
// Parse would, after the byte-order mark), for tests that hold them equal.
// The fast tree is valid until the next call.
func BothJSONParsers(data []byte) (fast *yaml.Node, fastOK bool, checked *yaml.Node, err error) {
	lines := []int{0}
	for i, c := range data {
		if c == '\n' {
			lines = append(lines, i+1)
		}
	}
	reused.Reset()
	fast, fastOK = parseJSONFast(data, lines, &reused)
	checked, err = parseJSONChecked(data, lines)
	return fast, fastOK, checked, err
}

// SetRecordHook makes every decoder call f with each path it records and
// the hash it records it under, until the returned function is called.
func SetRecordHook(f func(path string, hash uint64, line, col int)) (restore func()) {
	recordHook = f
	return func() { recordHook = nil }
}

// HashPath hashes a whole path as Decoder.Pos does.
func HashPath(path string) uint64 { return hashString(pathHash, path) }
