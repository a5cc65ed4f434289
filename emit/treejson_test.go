package emit

import (
	"bytes"
	"encoding/json"
	"testing"
)

// treeJSONCases are trees whose text AppendTreeJSON must write as
// encoding/json does: strings it escapes (quotes, controls, HTML
// characters, U+2028, invalid UTF-8), keys in byte order, nil and empty
// maps and lists, and numbers it writes, rejects or writes as 0.
var treeJSONCases = []map[string]any{
	{},
	{"b": "x", "a": json.Number("-1.5e+3"), "A": true, "_": false, "": nil, "é": "é"},
	{"s": "say \"hi\" \\ <b> & </b>\n\t\x01\x7f", "u": "line\u2028sep\u2029", "bad": "a\xffb", "k\xfe": "v"},
	{"m": map[string]any{}, "l": []any{}, "nm": map[string]any(nil), "nl": []any(nil),
		"deep": []any{map[string]any{"x": []any{json.Number("0"), "y", nil, true}}}},
	{"n": json.Number("")},
	{"n": json.Number("01")},
	{"n": json.Number("1.")},
	{"n": json.Number("abc")},
	{"f": 1.5},
	{"i": 3},
}

func checkTreeJSON(t *testing.T, tree map[string]any) {
	t.Helper()
	// Indented without HTML escaping, as Helm's values schema is written,
	// the tree nested once: an Encoder's text with SetIndent("", "  ").
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	werr := enc.Encode(map[string]any{"t": tree})
	ind, ok := AppendTreeJSON([]byte(`{
  "t": `), tree, 2)
	ind = append(ind, "\n}\n"...)
	if werr == nil && ok && !bytes.Equal(ind, buf.Bytes()) {
		t.Fatalf("AppendTreeJSON(%#v, indented) = %s; encoding/json writes %s", tree, ind, buf.Bytes())
	}
	if werr != nil && ok {
		t.Fatalf("AppendTreeJSON(%#v, indented) writes %s where encoding/json fails: %v", tree, ind, werr)
	}
	if werr == nil && !ok && !hasBadNumber(tree) {
		t.Fatalf("AppendTreeJSON(%#v) leaves to encoding/json a tree it should write", tree)
	}
}

// hasBadNumber says whether a tree holds a json.Number that is not a JSON
// number (encoding/json writes "" as 0), or a value a tree does not hold.
func hasBadNumber(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if hasBadNumber(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasBadNumber(e) {
				return true
			}
		}
	case json.Number:
		return !validNumber(string(x))
	case string, bool, int, nil:
	default:
		return true
	}
	return false
}

// TestTreeJSONIsEncodingJSON: the text AppendTreeJSON writes of a tree is
// encoding/json's, byte for byte, and it declines what encoding/json
// refuses.
func TestTreeJSONIsEncodingJSON(t *testing.T) {
	for _, tree := range treeJSONCases {
		checkTreeJSON(t, tree)
	}
}

// FuzzTreeJSON holds AppendTreeJSON to encoding/json on the trees of
// arbitrary JSON documents, as Tree and a Kept's read back make them.
func FuzzTreeJSON(f *testing.F) {
	for _, tree := range treeJSONCases {
		if js, err := json.Marshal(tree); err == nil {
			f.Add(js)
		}
	}
	f.Add([]byte(`{"a": {"b": [1, 2.5, -0, 1e400, "\u003c\ud800x", null, {}, []]}, "z": "\u2028"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tree, err := decodeTree(data, true)
		if err != nil {
			return
		}
		checkTreeJSON(t, tree)
	})
}
