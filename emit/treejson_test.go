package emit

import (
	"bytes"
	"encoding/json"
	"testing"
)

// treeJSONCases are trees whose text marshalTreeJSON must write as
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
	want, werr := json.Marshal(tree)
	got, gerr := marshalTreeJSON(tree)
	if (werr == nil) != (gerr == nil) || !bytes.Equal(got, want) {
		t.Fatalf("marshalTreeJSON(%#v) = %s, %v; encoding/json writes %s, %v", tree, got, gerr, want, werr)
	}
	// Indented without HTML escaping, as Helm's values schema is written,
	// the tree nested once: an Encoder's text with SetIndent("", "  ").
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	werr = enc.Encode(map[string]any{"t": tree})
	ind, ok := AppendTreeJSON([]byte(`{
  "t": `), tree, JSONStyle{Indent: 2})
	ind = append(ind, "\n}\n"...)
	if werr == nil && ok && !bytes.Equal(ind, buf.Bytes()) {
		t.Fatalf("AppendTreeJSON(%#v, indented) = %s; encoding/json writes %s", tree, ind, buf.Bytes())
	}
	if werr != nil && ok {
		t.Fatalf("AppendTreeJSON(%#v, indented) writes %s where encoding/json fails: %v", tree, ind, werr)
	}
}

// TestTreeJSONIsEncodingJSON: a Store's text of a tree is encoding/json's,
// byte for byte, errors included.
func TestTreeJSONIsEncodingJSON(t *testing.T) {
	for _, tree := range treeJSONCases {
		checkTreeJSON(t, tree)
	}
}

// FuzzTreeJSON holds marshalTreeJSON to encoding/json on the trees of
// arbitrary JSON documents, as Tree and a Store's read back make them.
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
