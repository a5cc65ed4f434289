package helm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/eksport/eksport/emit"
)

// tmplWriter writes one object as a Helm template: the object's YAML with
// its slots replaced by template actions.
type tmplWriter struct {
	b        strings.Builder
	chart    string
	group    string
	slots    map[string]*slot   // by path
	children map[string][]*slot // by the path of the map holding them
}

func newTmplWriter(chart string, it *item) *tmplWriter {
	w := &tmplWriter{chart: chart, group: it.group, slots: map[string]*slot{}, children: map[string][]*slot{}}
	for _, s := range it.slots {
		w.slots[pathString(s.path)] = s
		parent := pathString(s.path[:len(s.path)-1])
		w.children[parent] = append(w.children[parent], s)
	}
	return w
}

// template returns the template file of an item.
func template(chart string, it *item) []byte {
	w := newTmplWriter(chart, it)
	w.b.WriteString(emit.TemplateHeader)
	if it.group != "" {
		fmt.Fprintf(&w.b, "{{- $w := index $.Values.workloads %s }}\n", quote(it.group))
	}
	if it.presence != nil {
		fmt.Fprintf(&w.b, "{{- if %s }}\n", w.ref(it.presence))
	}
	w.mapBody(nil, it.tmpl, 0, false)
	if it.presence != nil {
		w.b.WriteString("{{- end }}\n")
	}
	return []byte(w.b.String())
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ref is the template expression of a values key.
func (w *tmplWriter) ref(key []string) string {
	base, rest := "$.Values", key
	if w.group != "" && len(key) >= 2 && key[0] == "workloads" && key[1] == w.group {
		base, rest = "$w", key[2:]
	}
	if len(rest) == 0 {
		return base
	}
	simple := true
	for _, k := range rest {
		simple = simple && identifier.MatchString(k)
	}
	if simple {
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
	b, _ := json.Marshal(s)
	return string(b)
}

func pad(n int) string { return strings.Repeat(" ", n) }

func (w *tmplWriter) line(indent int, s string) {
	w.b.WriteString(pad(indent))
	w.b.WriteString(s)
	w.b.WriteByte('\n')
}

// keys returns a map's keys with those of slots that add a key the map
// lacks, sorted; in a list item, a literal key comes first, so that it can
// share the line with the dash.
func (w *tmplWriter) keys(path []any, m map[string]any, dash bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for _, s := range w.children[pathString(path)] {
		if k := s.path[len(s.path)-1].(string); !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	if dash {
		first := slices.IndexFunc(keys, func(k string) bool { return k == "name" && w.slots[pathString(extend(path, k))] == nil })
		if first < 0 {
			first = slices.IndexFunc(keys, func(k string) bool { return w.slots[pathString(extend(path, k))] == nil })
		}
		if first > 0 {
			k := keys[first]
			keys = append(append([]string{k}, keys[:first]...), keys[first+1:]...)
		}
	}
	return keys
}

// mapBody writes a map's entries at indent; dash starts a list item.
func (w *tmplWriter) mapBody(path []any, m map[string]any, indent int, dash bool) {
	keys := w.keys(path, m, dash)
	if dash && (len(keys) == 0 || w.slots[pathString(extend(path, keys[0]))] != nil) {
		w.line(indent-2, "-")
		dash = false
	}
	for i, k := range keys {
		prefix := pad(indent)
		if dash && i == 0 {
			prefix = pad(indent-2) + "- "
		}
		p := extend(path, k)
		if s := w.slots[pathString(p)]; s != nil {
			w.slot(s, k, indent)
			continue
		}
		w.entry(p, k, m[k], prefix, indent)
	}
}

func (w *tmplWriter) entry(path []any, key string, v any, prefix string, indent int) {
	k := literal(key)
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 && len(w.children[pathString(path)]) == 0 {
			w.b.WriteString(prefix + k + ": {}\n")
			return
		}
		w.b.WriteString(prefix + k + ":\n")
		w.mapBody(path, x, indent+2, false)
	case []any:
		if len(x) == 0 {
			w.b.WriteString(prefix + k + ": []\n")
			return
		}
		w.b.WriteString(prefix + k + ":\n")
		w.list(path, x, indent)
	default:
		w.b.WriteString(prefix + k + ": " + literal(v) + "\n")
	}
}

func (w *tmplWriter) list(path []any, l []any, indent int) {
	for i, e := range l {
		p := extend(path, i)
		switch x := e.(type) {
		case map[string]any:
			if len(x) == 0 && len(w.children[pathString(p)]) == 0 {
				w.line(indent, "- {}")
				continue
			}
			w.mapBody(p, x, indent+2, true)
		case []any:
			w.line(indent, "- "+escape(flow(x)))
		default:
			w.line(indent, "- "+literal(e))
		}
	}
}

// slot writes the actions that render a slot's value at key.
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
			w.mapBody(extend(s.path, i), em, indent+2, true)
			continue
		}
		name := em["name"].(string)
		known = append(known, quote(name))
		w.line(indent, fmt.Sprintf("{{- if hasKey $env %s }}", quote(name)))
		w.line(indent, "- name: "+literal(name))
		w.line(indent, fmt.Sprintf("{{- with index $env %s | toString }}", quote(name)))
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
		b, err := yaml.Marshal(x)
		if err == nil {
			s := strings.TrimSuffix(string(b), "\n")
			if !strings.Contains(s, "\n") {
				return s
			}
		}
		return flow(x)
	}
	return flow(v)
}

// flow writes a value as JSON, which YAML reads as flow style.
func flow(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}
