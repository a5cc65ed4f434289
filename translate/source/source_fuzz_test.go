package source_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/source"
)

// fuzzShape exercises every path of the strict decoder: scalars of each
// kind, lists, nested objects, maps of strings and of objects, and the
// self-decoding types.
type fuzzShape struct {
	Family     *string                `json:"family"`
	Cpu        source.FlexString      `json:"cpu"`
	Count      *int64                 `json:"count"`
	Ratio      *float64               `json:"ratio"`
	On         *bool                  `json:"on"`
	Labels     source.StringMap       `json:"dockerLabels"`
	Nested     map[string]fuzzShape   `json:"nested"`
	Containers []fuzzContainer        `json:"containerDefinitions"`
	Raw        source.Raw             `json:"registeredAt"`
	Objects    map[string]fuzzPortMap `json:"capacityProviders"`
}

type fuzzContainer struct {
	Name    *string         `json:"name"`
	Ports   []fuzzPortMap   `json:"portMappings"`
	Env     []fuzzPair      `json:"environment"`
	Command []string        `json:"command"`
	Nested  []fuzzContainer `json:"containers"`
}

type fuzzPortMap struct {
	ContainerPort *int64  `json:"containerPort"`
	Protocol      *string `json:"protocol"`
}

type fuzzPair struct {
	Name  *string `json:"name"`
	Value *string `json:"value"`
}

// sameJSONTrees holds the fast JSON parser to the checked one: when the
// fast one accepts an input, the checked one accepts it too and builds the
// same tree, positions included.
func sameJSONTrees(t *testing.T, data []byte) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if trimmed := bytes.TrimLeft(data, " \t\r\n"); len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') || !utf8.Valid(data) {
		return
	}
	fast, ok, checked, err := source.BothJSONParsers(data)
	if !ok {
		return
	}
	if err != nil {
		t.Fatalf("fast parser accepts what the checked one rejects: %v", err)
	}
	if a, b := dumpNode(fast), dumpNode(checked); a != b {
		t.Fatalf("trees differ:\nfast:\n%s\nchecked:\n%s", a, b)
	}
}

func dumpNode(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		fmt.Fprintf(&b, "%*s%d %s %q %d:%d\n", depth, "", n.Kind, n.Tag, n.Value, n.Line, n.Column)
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// FuzzParse feeds arbitrary bytes to the JSON/YAML reader and the strict
// decoder. Invariants: no panic; every diagnostic has a file, a line and a
// code; no documents come back with an error; a JSON text that
// encoding/json accepts is never called invalid JSON.
func FuzzParse(f *testing.F) {
	for _, c := range golden.AllCases(f) {
		for _, in := range c.Inputs {
			f.Add(in.Data)
		}
		if c.Config != nil {
			f.Add(c.Config)
		}
	}
	for _, s := range []string{"{\"a\": [1, -0, 1.5e3, 2E-2, true, false, null, \"\\u00e9\\n\\ud83d\\ude00\", {}], \"b\": {\"c\": \"caf\u00e9 x\"}}\n,:", "[1 ,2\t,\r\n3]", "", "\xef\xbb\xbf{}", "{\"a\": 1e400}", "a: &a [*a]", "- [[[[", "{\"a\":1,\"a\":2}", "\r\n{\r\n}", "%YAML 1.1\n---\na: !!binary aGk=\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		golden.CountExec()
		sameJSONTrees(t, data)
		docs, diags := source.Parse("in.json", data)
		golden.CheckDiagnostics(t, diags)
		if diags.HasErrors() {
			if docs != nil {
				t.Errorf("documents returned with errors: %v", diags)
			}
			t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
			if len(t) > 0 && (t[0] == '{' || t[0] == '[') && json.Valid(data) {
				for _, d := range diags {
					if d.Code == "source/invalid-json" || d.Code == "source/truncated-json" {
						panic("valid JSON reported as invalid: " + d.String())
					}
				}
			}
			return
		}
		for _, doc := range docs {
			var v fuzzShape
			var dl diag.List
			dec := source.NewDecoder(doc, &dl, "fuzz")
			dec.Decode(doc.Root, "", "", &v)
			golden.CheckDiagnostics(t, dl)
			for _, s := range dec.Seen {
				if s.Pos().Line <= 0 {
					t.Errorf("field %s seen without a position", s.Path)
				}
				_ = dec.Pos(s.Path)
			}
		}
	})
}
