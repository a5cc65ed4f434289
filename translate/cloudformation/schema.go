package cloudformation

import (
	_ "embed"
	"encoding/json"
	"strings"
	"sync"
)

// schemaJSON is every property path of the resource types eksport reads,
// extracted from the pinned CloudFormation resource schema by
// internal/genschema.
//
//go:embed schema.json
var schemaJSON []byte

var schemaOnce = sync.OnceValue(func() map[string]map[string]bool {
	var s struct {
		Types map[string][]string `json:"types"`
	}
	if err := json.Unmarshal(schemaJSON, &s); err != nil {
		panic("cloudformation: schema.json: " + err.Error())
	}
	out := map[string]map[string]bool{}
	for t, paths := range s.Types {
		m := map[string]bool{}
		for _, p := range paths {
			m[p] = true
		}
		out[t] = m
	}
	return out
})

// schemaPath normalises a concrete property path (A[2].B) to the
// schema's form (A[].B).
func schemaPath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '[' {
			j := strings.IndexByte(p[i:], ']')
			if j > 0 {
				b.WriteString("[]")
				i += j
				continue
			}
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// inSchema reports whether a property path is one of the type's, and the
// names of the properties beside it, for suggestions.
func inSchema(typ, path string) (ok bool, siblings []string) {
	m := schemaOnce()[typ]
	if m == nil {
		return true, nil // a type the schema does not list is not checked
	}
	p := schemaPath(path)
	if m[p] {
		return true, nil
	}
	parent := ""
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		parent = p[:i+1]
	}
	for q := range m {
		if rest, ok := strings.CutPrefix(q, parent); ok && !strings.ContainsAny(rest, ".[") {
			siblings = append(siblings, rest)
		}
	}
	return false, siblings
}
