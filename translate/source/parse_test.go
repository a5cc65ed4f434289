package source

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/diag"
)

func firstError(t *testing.T, name, data string) diag.Diagnostic {
	t.Helper()
	_, diags := Parse(name, []byte(data))
	for _, d := range diags {
		if d.Severity == diag.Error {
			return d
		}
	}
	t.Fatalf("%s: no error for %q", name, data)
	return diag.Diagnostic{}
}

func TestParseErrorsArePositioned(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"empty.json", "", "empty.json:1:1: error: file is empty [source/empty]"},
		{"blank.yaml", "  \n\n", "blank.yaml:1:1: error: file is empty [source/empty]"},
		{"truncated.json", "{\n  \"family\": \"a\",\n  \"containerDefinitions\": [\n", "truncated.json:4:1: error: JSON ends too early: a value, bracket or brace is missing (is the file truncated?) [source/truncated-json]"},
		{"dup.json", "{\"a\": 1,\n \"a\": 2}", "dup.json:2:2: error: duplicate key \"a\" in the same object; JSON readers disagree on which one wins [source/duplicate-key]"},
		{"trailing.json", "{}\n{}", "trailing.json:2:1: error: unexpected data after the end of the JSON value [source/invalid-json]"},
		{"bad.json", "{\"a\": tru}", "bad.json:1:8: error: invalid JSON: invalid character '}' in literal true (expecting 'e') [source/invalid-json]"},
		{"latin1.json", "{\"a\": \"caf\xe9\"}", "latin1.json:1:11: error: file is not valid UTF-8 (byte 0xe9 at offset 10); save it as UTF-8 [source/not-utf8]"},
		{"bad.yaml", "a: b\n  c: d\n", "bad.yaml:2:1: error: invalid YAML: mapping values are not allowed in this context [source/invalid-yaml]"},
	} {
		got := firstError(t, tc.name, tc.data).String()
		if got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestParseJSONPositions(t *testing.T) {
	// Tabs, CRLF and a byte-order mark must not shift positions.
	data := "\xef\xbb\xbf{\r\n\t\"family\": \"web\",\r\n\t\"list\": [1, {\"x\": true}]\r\n}\r\n"
	docs, diags := Parse("t.json", []byte(data))
	if len(diags) > 0 || len(docs) != 1 {
		t.Fatalf("diags %v docs %d", diags, len(docs))
	}
	root := docs[0].Root
	if k := root.Content[0]; k.Line != 2 || k.Column != 2 || k.Value != "family" {
		t.Errorf("family at %d:%d", k.Line, k.Column)
	}
	list := root.Content[3]
	if x := list.Content[1].Content[0]; x.Line != 3 || x.Column != 15 {
		t.Errorf("x at %d:%d, want 3:15", x.Line, x.Column)
	}
}

func TestParseYAMLStream(t *testing.T) {
	docs, diags := Parse("m.yaml", []byte("a: 1\n---\n---\nb: 2\n"))
	if len(diags) > 0 || len(docs) != 2 {
		t.Fatalf("diags %v, %d docs", diags, len(docs))
	}
	if docs[1].Index != 2 || docs[1].Root.Line != 4 {
		t.Errorf("second document: index %d line %d", docs[1].Index, docs[1].Root.Line)
	}
}

func TestDeepNesting(t *testing.T) {
	deep := strings.Repeat("[", 500) + strings.Repeat("]", 500)
	if d := firstError(t, "deep.json", deep); d.Code != "source/too-deep" {
		t.Errorf("got %v", d)
	}
	deepY := strings.Repeat("- ", 300) + "x\n"
	if d := firstError(t, "deep.yaml", deepY); d.Code != "source/too-deep" {
		t.Errorf("got %v", d)
	}
}

type sample struct {
	Name     *string    `json:"name"`
	Count    *int64     `json:"count"`
	On       *bool      `json:"on"`
	Items    []item     `json:"items"`
	Labels   StringMap  `json:"labels"`
	Size     FlexString `json:"size"`
	Memory   *int64     `json:"memoryReservation"`
	Strings  []string   `json:"strings"`
	Nullable *string    `json:"nullable"`
}

type item struct {
	Port *int64 `json:"port"`
}

func decode(t *testing.T, src string) (sample, *Decoder, diag.List) {
	t.Helper()
	docs, diags := Parse("s.yaml", []byte(src))
	if diags.HasErrors() {
		t.Fatalf("parse: %v", diags)
	}
	var s sample
	d := NewDecoder(docs[0], &diags, "test")
	d.Decode(docs[0].Root, "", "", &s)
	return s, d, diags
}

func TestDecode(t *testing.T) {
	s, d, diags := decode(t, "name: web\ncount: 3\non: true\nitems:\n  - port: 80\nlabels: {a: b}\nsize: 512\nstrings: [x, y]\nnullable: null\n")
	if len(diags) > 0 {
		t.Fatalf("diags: %v", diags)
	}
	if *s.Name != "web" || *s.Count != 3 || !*s.On || *s.Items[0].Port != 80 || s.Labels["a"] != "b" || s.Size.Value != "512" || !s.Size.Number || len(s.Strings) != 2 || s.Nullable != nil {
		t.Errorf("decoded %+v", s)
	}
	if p := d.Pos("items[0].port"); p.Line != 5 || p.Col != 5 {
		t.Errorf("items[0].port at %v", p)
	}
	var norms []string
	for _, seen := range d.Seen {
		norms = append(norms, seen.Norm)
	}
	if got := strings.Join(norms, " "); got != "name count on items[] items[].port labels{} size strings[]" {
		t.Errorf("seen: %s", got)
	}
}

func TestDecodeDiagnostics(t *testing.T) {
	_, _, diags := decode(t, "name: 5\ncount: \"3\"\nmemoryReservaton: 5\non: yes please\nitems: {port: 1}\ncount2: 1\nname: again\n")
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	want := []string{
		`s.yaml:1:7: error: name: expected a string, found the number 5; put it in quotes [test/wrong-type]`,
		`s.yaml:2:8: error: count: expected a whole number, found the string "3" [test/wrong-type]`,
		`s.yaml:3:1: warning: unknown field "memoryReservaton"; did you mean memoryReservation? [test/unknown-field]`,
		`s.yaml:4:5: error: on: expected true or false, found the string "yes please" [test/wrong-type]`,
		`s.yaml:5:8: error: items: expected a list, found an object [test/wrong-type]`,
		`s.yaml:6:1: warning: unknown field "count2"; did you mean count? [test/unknown-field]`,
		`s.yaml:7:1: error: duplicate key "name" [test/duplicate-key]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestAliasBomb(t *testing.T) {
	// Each level doubles the size; expanded, this is 2^30 nodes. Parse
	// stops it, in bounded time, where the expansion crosses the budget.
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x]\n")
	for i := 1; i < 30; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [*a" + itoa(i-1) + ", *a" + itoa(i-1) + "]\n")
	}
	b.WriteString("items: *a29\n")
	start := time.Now()
	if d := firstError(t, "bomb.yaml", b.String()); d.Code != "source/too-large" || d.Pos.Line != 18 {
		t.Errorf("got %v", d)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("took %v", el)
	}
	// An anchor that contains an alias of itself is an infinite document.
	if d := firstError(t, "self.yaml", "a: &a [x, *a]\n"); d.Code != "source/too-deep" {
		t.Errorf("got %v", d)
	}
}

func TestDecoderBudget(t *testing.T) {
	// The decoder keeps its own budget for trees that did not come from
	// Parse.
	docs, diags := Parse("b.yaml", []byte("items: [[], []]\n"))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	root := docs[0].Root
	list := root.Content[1]
	for range 21 {
		list = &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{{Kind: yaml.AliasNode, Alias: list}, {Kind: yaml.AliasNode, Alias: list}}}
	}
	root.Content[1] = list
	var v struct {
		Items tree `json:"items"`
	}
	d := NewDecoder(docs[0], &diags, "test")
	d.Decode(root, "", "", &v)
	if len(diags) != 1 || diags[0].Code != "test/too-large" {
		t.Fatalf("decoding 2^23 nodes: %v", diags)
	}
}

type tree []tree

func itoa(i int) string { return strconv.Itoa(i) }
