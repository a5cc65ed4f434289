package helm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/eksport/eksport/emit"
)

// tmplWriter writes one object as a Helm template: the object's YAML with
// its slots replaced by template actions.
type tmplWriter struct {
	b        []byte
	chart    string
	group    string
	slots    map[string]*slot   // by path
	children map[string][]*slot // by the path of the map holding them
	// path is the pathString of the node being written.
	path []byte
	// keys holds the sorted keys of the maps being written, innermost
	// last.
	keys []string
}

func newTmplWriter(chart string, it *item) *tmplWriter {
	w := &tmplWriter{chart: chart, group: it.group, slots: make(map[string]*slot, len(it.slots)), children: map[string][]*slot{}}
	for _, s := range it.slots {
		w.slots[pathString(s.path)] = s
		parent := pathString(s.path[:len(s.path)-1])
		w.children[parent] = append(w.children[parent], s)
	}
	return w
}

// appendTemplate appends the template file of an item to b.
func appendTemplate(b []byte, chart string, it *item, req *required) []byte {
	w := newTmplWriter(chart, it)
	if len(req.names) > 0 {
		// The tree is the item's own, let go once the template is written.
		req.actions(w, it.tmpl)
	}
	w.b = append(b, emit.TemplateHeader...)
	if it.group != "" {
		w.b = append(w.b, "{{- $w := index $.Values.workloads "...)
		w.b = append(w.b, quote(it.group)...)
		w.b = append(w.b, " }}\n"...)
	}
	if it.presence != nil {
		w.b = append(w.b, "{{- if "...)
		w.b = append(w.b, w.ref(it.presence)...)
		w.b = append(w.b, " }}\n"...)
	}
	w.mapBody(it.tmpl, 0, false)
	if it.presence != nil {
		w.b = append(w.b, "{{- end }}\n"...)
	}
	return w.b
}

// isIdentifier says whether a key can follow a dot in a template:
// ^[A-Za-z_][A-Za-z0-9_]*$.
func isIdentifier(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c == '_' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || i > 0 && '0' <= c && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// ref is the template expression of a values key.
func (w *tmplWriter) ref(key []string) string {
	base, rest := "$.Values", key
	if w.group != "" && len(key) >= 2 && key[0] == "workloads" && key[1] == w.group {
		base, rest = "$w", key[2:]
	}
	if len(rest) == 0 {
		return base
	}
	if !slices.ContainsFunc(rest, func(k string) bool { return !isIdentifier(k) }) {
		return base + "." + strings.Join(rest, ".")
	}
	q := make([]string, len(rest))
	for i, k := range rest {
		q[i] = quote(k)
	}
	return "(index " + base + " " + strings.Join(q, " ") + ")"
}

// quote writes a string as a template string literal.
func quote(s string) string {
	for i := 0; i < len(s); i++ {
		// json.Marshal escapes quotes, backslashes, control characters
		// and <, > and &; it writes other printable ASCII as it is.
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s)
			return string(b)
		}
	}
	return `"` + s + `"`
}

func pad(n int) string { return strings.Repeat(" ", n) }

// appendPad appends n spaces.
func appendPad(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}

func (w *tmplWriter) line(indent int, s string) {
	w.b = appendPad(w.b, indent)
	w.b = append(w.b, s...)
	w.b = append(w.b, '\n')
}

// push descends into a map key, pop(n) climbs back.
func (w *tmplWriter) push(k string) int {
	n := len(w.path)
	w.path = append(w.path, '/')
	for i := 0; i < len(k); i++ {
		switch k[i] {
		case '~':
			w.path = append(w.path, '~', '0')
		case '/':
			w.path = append(w.path, '~', '1')
		default:
			w.path = append(w.path, k[i])
		}
	}
	return n
}

// pushIndex descends into a list element.
func (w *tmplWriter) pushIndex(i int) int {
	n := len(w.path)
	w.path = strconv.AppendInt(append(w.path, '/'), int64(i), 10)
	return n
}

func (w *tmplWriter) pop(n int) { w.path = w.path[:n] }

// slotAt returns the slot at key k of the current map.
func (w *tmplWriter) slotAt(k string) *slot {
	n := w.push(k)
	s := w.slots[string(w.path)]
	w.pop(n)
	return s
}

// keys returns a map's keys with those of slots that add a key the map
// lacks, sorted; in a list item, a literal key comes first, so that it can
// share the line with the dash. The result lives on w.keys, which the
// caller truncates to its length before the call when done.
func (w *tmplWriter) sortedKeys(m map[string]any, dash bool) []string {
	start := len(w.keys)
	for k := range m {
		w.keys = append(w.keys, k)
	}
	for _, s := range w.children[string(w.path)] {
		if k := s.path[len(s.path)-1].(string); !slices.Contains(w.keys[start:], k) {
			w.keys = append(w.keys, k)
		}
	}
	keys := w.keys[start:]
	slices.Sort(keys)
	if dash {
		first := slices.IndexFunc(keys, func(k string) bool { return k == "name" && w.slotAt(k) == nil })
		if first < 0 {
			first = slices.IndexFunc(keys, func(k string) bool { return w.slotAt(k) == nil })
		}
		if first > 0 {
			k := keys[first]
			copy(keys[1:first+1], keys[:first])
			keys[0] = k
		}
	}
	return keys
}

// mapBody writes the entries of the map at w.path at indent; dash starts
// a list item.
func (w *tmplWriter) mapBody(m map[string]any, indent int, dash bool) {
	start := len(w.keys)
	keys := w.sortedKeys(m, dash)
	if dash && (len(keys) == 0 || w.slotAt(keys[0]) != nil) {
		w.line(indent-2, "-")
		dash = false
	}
	for i, k := range keys {
		n := w.push(k)
		if s := w.slots[string(w.path)]; s != nil {
			w.slot(s, k, indent)
		} else if dash && i == 0 {
			w.b = append(appendPad(w.b, indent-2), "- "...)
			w.entry(k, m[k], indent)
		} else {
			w.b = appendPad(w.b, indent)
			w.entry(k, m[k], indent)
		}
		w.pop(n)
	}
	w.keys = w.keys[:start]
}

// entry writes the rest of the line of the entry at w.path, after its
// indentation, and what follows.
func (w *tmplWriter) entry(key string, v any, indent int) {
	w.b = appendLiteral(w.b, key)
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 && len(w.children[string(w.path)]) == 0 {
			w.b = append(w.b, ": {}\n"...)
			return
		}
		w.b = append(w.b, ":\n"...)
		w.mapBody(x, indent+2, false)
	case []any:
		if len(x) == 0 {
			w.b = append(w.b, ": []\n"...)
			return
		}
		w.b = append(w.b, ":\n"...)
		w.list(x, indent)
	default:
		w.b = append(w.b, ": "...)
		w.b = append(appendLiteral(w.b, v), '\n')
	}
}

func (w *tmplWriter) list(l []any, indent int) {
	for i, e := range l {
		n := w.pushIndex(i)
		switch x := e.(type) {
		case map[string]any:
			if len(x) == 0 && len(w.children[string(w.path)]) == 0 {
				w.line(indent, "- {}")
				break
			}
			w.mapBody(x, indent+2, true)
		case []any:
			w.line(indent, "- "+escape(flow(x)))
		default:
			w.b = append(appendPad(w.b, indent), "- "...)
			w.b = append(appendLiteral(w.b, e), '\n')
		}
		w.pop(n)
	}
}

// slot writes the actions that render a slot's value at key; w.path is
// the slot's path.
func (w *tmplWriter) slot(s *slot, key string, indent int) {
	k := literal(key)
	r := w.ref(s.key)
	switch s.kind {
	case scalar:
		if s.optional {
			w.line(indent, `{{- if not (kindIs "invalid" `+r+`) }}`)
			w.line(indent, k+": {{ toJson "+r+" }}")
			w.line(indent, "{{- end }}")
			return
		}
		w.line(indent, k+": {{ toJson "+r+" }}")
	case imageRef:
		w.line(indent, fmt.Sprintf("%s: {{ include %s %s | toJson }}", k, quote(w.chart+".image"), r))
	case block:
		w.line(indent, "{{- with "+r+" }}")
		w.line(indent, k+":")
		w.line(indent+2, fmt.Sprintf("{{- toYaml . | nindent %d }}", indent+2))
		w.line(indent, "{{- end }}")
	case fallback:
		if s.optional {
			w.line(indent, `{{- if not (kindIs "invalid" `+r+`) }}`)
		}
		w.line(indent, k+":")
		w.line(indent+2, fmt.Sprintf("{{- toYaml %s | nindent %d }}", r, indent+2))
		if s.optional {
			w.line(indent, "{{- end }}")
		}
	case envMap:
		w.env(s, k, r, indent)
	}
}

// env writes a container's environment: the template's entries in their
// order, plain ones from the values map when it has them, then the map's
// other names.
func (w *tmplWriter) env(s *slot, k, r string, indent int) {
	w.line(indent, "{{- $env := "+r+" }}")
	hasOther := slices.ContainsFunc(s.env, func(e any) bool { return !plainEnv(e.(map[string]any)) })
	if !hasOther {
		w.line(indent, "{{- if $env }}")
	}
	w.line(indent, k+":")
	var known []string
	for i, e := range s.env {
		em := e.(map[string]any)
		if !plainEnv(em) {
			n := w.pushIndex(i)
			w.mapBody(em, indent+2, true)
			w.pop(n)
			continue
		}
		name := quote(em["name"].(string))
		known = append(known, name)
		w.b = appendPad(w.b, indent)
		w.b = append(w.b, "{{- if hasKey $env "...)
		w.b = append(w.b, name...)
		w.b = append(w.b, " }}\n"...)
		w.b = appendPad(w.b, indent)
		w.b = append(w.b, "- name: "...)
		w.b = append(appendLiteral(w.b, em["name"]), '\n')
		w.b = appendPad(w.b, indent)
		w.b = append(w.b, "{{- with index $env "...)
		w.b = append(w.b, name...)
		w.b = append(w.b, " | toString }}\n"...)
		w.line(indent+2, "value: {{ toJson . }}")
		w.line(indent, "{{- end }}")
		w.line(indent, "{{- end }}")
	}
	w.line(indent, "{{- range $name, $value := $env }}")
	w.line(indent, "{{- if not (has $name (list "+strings.Join(known, " ")+")) }}")
	w.line(indent, "- name: {{ toJson $name }}")
	w.line(indent, "{{- with toString $value }}")
	w.line(indent+2, "value: {{ toJson . }}")
	w.line(indent, "{{- end }}")
	w.line(indent, "{{- end }}")
	w.line(indent, "{{- end }}")
	if !hasOther {
		w.line(indent, "{{- end }}")
	}
}

// literal writes a scalar as YAML text inside a template.
func literal(v any) string {
	return escape(scalarText(v))
}

// appendLiteral appends literal(v).
func appendLiteral(b []byte, v any) []byte {
	if a, ok := v.(action); ok {
		return append(b, a...)
	}
	start := len(b)
	b = appendScalarText(b, v)
	if bytes.Contains(b[start:], []byte("{{")) {
		s := escape(string(b[start:]))
		b = append(b[:start], s...)
	}
	return b
}

// escape keeps template delimiters in data from being read as actions.
func escape(s string) string {
	return strings.ReplaceAll(s, "{{", `{{ "{{" }}`)
}

// scalarText writes a scalar as YAML: plain or quoted as YAML needs, and
// as a JSON string when YAML would need more than one line.
func scalarText(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		if x {
			return "true"
		}
		return "false"
	case json.Number:
		return string(x)
	case string:
		b, ok := emit.AppendScalarYAML(nil, x)
		s := string(b)
		if !ok {
			s, ok = encoderScalar(x)
		}
		if ok && !strings.Contains(s, "\n") {
			return s
		}
		return flow(x)
	}
	return flow(v)
}

// appendScalarText appends scalarText(v).
func appendScalarText(b []byte, v any) []byte {
	switch x := v.(type) {
	case string:
		start := len(b)
		if out, ok := emit.AppendScalarYAML(b, x); ok {
			if bytes.IndexByte(out[start:], '\n') < 0 {
				return out
			}
			b = out[:start]
		}
	case json.Number:
		return append(b, x...)
	}
	return append(b, scalarText(v)...)
}

// encoderScalar is a string as sigs.k8s.io/yaml.Marshal writes it, without
// the final newline, for the strings emit.AppendScalarYAML leaves to the
// encoder (those with other than printable ASCII).
func encoderScalar(x string) (string, bool) {
	b, err := yaml.Marshal(x)
	if err != nil {
		return "", false
	}
	return strings.TrimSuffix(string(b), "\n"), true
}

// flow writes a value as JSON, which YAML reads as flow style.
func flow(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}
