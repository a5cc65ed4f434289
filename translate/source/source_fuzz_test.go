package source_test

import (
	"bytes"
	"encoding/json"
	"testing"

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
	for _, s := range []string{"", "\xef\xbb\xbf{}", "{\"a\": 1e400}", "a: &a [*a]", "- [[[[", "{\"a\":1,\"a\":2}", "\r\n{\r\n}", "%YAML 1.1\n---\na: !!binary aGk=\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
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
				if s.Pos.Line <= 0 {
					t.Errorf("field %s seen without a position", s.Path)
				}
				_ = dec.Pos(s.Path)
			}
		}
	})
}
