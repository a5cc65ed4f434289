package helm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/eksport/eksport/internal/fuzzcount"
	"sigs.k8s.io/yaml"
)

// encoderScalarText is scalarText for strings as it was written before
// emit.ScalarYAML: sigs.k8s.io/yaml.Marshal for every string.
func encoderScalarText(x string) string {
	b, err := yaml.Marshal(x)
	if err == nil {
		s := strings.TrimSuffix(string(b), "\n")
		if !strings.Contains(s, "\n") {
			return s
		}
	}
	return flow(x)
}

var trickyScalars = []string{
	"", " ", "  ", "a", "web", "nginx:1.27", "app.kubernetes.io/name",
	// Other types when plain.
	"true", "false", "True", "FALSE", "yes", "no", "Yes", "NO", "on", "off", "On", "OFF", "y", "n", "Y", "N",
	"null", "Null", "NULL", "~", ".nan", ".NaN", ".inf", "-.inf", "+.INF",
	"0", "1", "-1", "+1", "007", "0x1F", "0o17", "0b101", "-0b101", "1_000", "1e3", "1E+3", "-1.5e-7", ".5", "5.", "1.0",
	"9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616", "123456789012345678901234567890",
	"3.141592653589793", "1e400", "1:20", "190:20:30", "190:20:30.15", "12:61", "2006-01-02", "2006-1-2", "2006-01-02T15:04:05Z",
	"2006-01-02 15:04:05", "2001-12-14t21:59:43.10-05:00", "20060102",
	// Indicators and spaces.
	" lead", "trail ", " both ", "in side", "two  spaces", "a: b", "a:b", "key:", ":", "- x", "-x", "-", "--", "---", "--- x", "...", "... x",
	"? x", "?x", "#hash", "a #b", "a#b", "@at", "*star", "&amp", "!bang", "%pct", "`tick", "|", ">", "'", "\"", "'q'", "\"q\"",
	"it's", "say \"hi\"", "a\\b", "{x}", "[x]", "{{ .Values.x }}", "a, b", ",", "<<", "=", "$(HOME)", "echo $(HOME) && exit 0",
	// Control characters, line breaks, tabs.
	"line\nline", "line\n", "\nline", "a\r\nb", "\t", "a\tb", "tab\t", "\x00", "\x7f", "\x1b[0m", "a\u0085b", "\u2028", "\u2029",
	// Unicode.
	"café", "日本語", "emoji 😀", "\ufeffbom", "\u00a0nbsp", "Ωmega: x", "\xff\xfe", "a\xc3",
	// Long strings the encoder folds at column 80.
	strings.Repeat("word ", 20), strings.Repeat("x", 100), strings.Repeat("long ", 16) + "tail",
	"a long sentence with \"quotes\" and \\ backslashes  and  double  spaces that goes past the eighty column limit",
	"true but long enough to be quoted by the encoder and then folded at a space past column eighty",
	"*starts with an indicator, so single quotes, and it's long enough to fold past column eighty",
	"x" + strings.Repeat(" ", 100) + "y", strings.Repeat("a ", 41), strings.Repeat("a ", 40) + "a",
}

// TestScalarTextMatchesEncoder holds scalarText to what it wrote when it
// ran sigs.k8s.io/yaml.Marshal on every string.
func TestScalarTextMatchesEncoder(t *testing.T) {
	for _, s := range trickyScalars {
		if got, want := scalarText(s), encoderScalarText(s); got != want {
			t.Errorf("scalarText(%q) = %q, encoder %q", s, got, want)
		}
	}
	// Every length around the fold, with spaces at every place.
	for n := 70; n < 90; n++ {
		for _, start := range []string{"", "*", "1", "'", " "} {
			s := start + strings.Repeat("ab ", n/3+1)[:n]
			if got, want := scalarText(s), encoderScalarText(s); got != want {
				t.Errorf("scalarText(%q) = %q, encoder %q", s, got, want)
			}
		}
	}
}

func FuzzScalarText(f *testing.F) {
	for _, s := range trickyScalars {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fuzzcount.Exec()
		if got, want := scalarText(s), encoderScalarText(s); got != want {
			t.Errorf("scalarText(%q) = %q, encoder %q", s, got, want)
		}
	})
}

// trialEnvFiles is envFiles as it was first written: each leaf tried on a
// JSON copy of the patch and merged over base.
func trialEnvFiles(base map[string]any, envs []map[string]any) ([]map[string]any, error) {
	var leaves [][]string
	for _, e := range envs {
		paths(mergePatch(base, e), nil, &leaves)
	}
	out := make([]map[string]any, len(envs))
	for i, e := range envs {
		p := mergePatch(base, e)
		for _, key := range leaves {
			if _, set := lookupKey(p, key); set {
				continue
			}
			if v, ok := lookupKey(e, key); ok {
				trial := jsonCopy(p)
				setPath(trial, key, v)
				if reflect.DeepEqual(applyPatch(base, trial), e) {
					p = trial
				}
			}
		}
		if got := applyPatch(base, p); !reflect.DeepEqual(got, e) {
			return nil, fmt.Errorf("helm: values file %d does not reproduce its environment", i)
		}
		out[i] = p
	}
	return out, nil
}

func jsonCopy(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	_ = dec.Decode(&out)
	return out
}

// randomValues builds a values tree from a few keys, so that environments
// share keys, with nulls, empty maps and lists among the values.
func randomValues(r *rand.Rand, depth int) map[string]any {
	m := map[string]any{}
	for range r.IntN(4) {
		k := []string{"a", "b", "c", "d"}[r.IntN(4)]
		switch n := r.IntN(10); {
		case n < 3 && depth < 3:
			m[k] = randomValues(r, depth+1)
		case n == 3:
			m[k] = nil
		case n == 4:
			m[k] = []any{json.Number(fmt.Sprint(r.IntN(2))), nil}
		case n == 5:
			m[k] = r.IntN(2) == 0
		default:
			m[k] = fmt.Sprint(r.IntN(3))
		}
	}
	return m
}

// TestEnvFilesMatchesTrials compares envFiles with the version that tried
// every leaf by merging, on random environments (some of which no patch
// reproduces, and take the trials).
func TestEnvFilesMatchesTrials(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		envs := make([]map[string]any, 1+r.IntN(4))
		for j := range envs {
			envs[j] = randomValues(r, 0)
		}
		got, gotErr := envFiles(envs[0], envs)
		want, wantErr := trialEnvFiles(envs[0], envs)
		if (gotErr != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d, envs %v:\nenvFiles %v, %v\ntrials   %v, %v", i, envs, got, gotErr, want, wantErr)
		}
	}
}

// refValuesWriter is valuesWriter as it was first written, with strings
// concatenated and sigs.k8s.io/yaml for every string.
type refValuesWriter struct {
	b    strings.Builder
	docs map[string]string
}

func (w *refValuesWriter) mapBody(key []string, m map[string]any, indent int) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		sub := append(slices.Clone(key), k)
		if doc := w.docs[strings.Join(sub, "\x00")]; doc != "" {
			for _, l := range refWrap(doc, 80-indent-2) {
				w.b.WriteString(pad(indent) + "# " + l + "\n")
			}
		}
		w.value(sub, refScalarText(k), m[k], indent)
	}
}

func (w *refValuesWriter) value(key []string, k string, v any, indent int) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			w.b.WriteString(pad(indent) + k + ": {}\n")
			return
		}
		w.b.WriteString(pad(indent) + k + ":\n")
		w.mapBody(key, x, indent+2)
	case []any:
		if len(x) == 0 {
			w.b.WriteString(pad(indent) + k + ": []\n")
			return
		}
		w.b.WriteString(pad(indent) + k + ":\n")
		w.list(x, indent)
	default:
		w.b.WriteString(pad(indent) + k + ": " + refScalarText(v) + "\n")
	}
}

func (w *refValuesWriter) list(l []any, indent int) {
	for _, e := range l {
		switch x := e.(type) {
		case map[string]any:
			if len(x) == 0 {
				w.b.WriteString(pad(indent) + "- {}\n")
				continue
			}
			inner := &refValuesWriter{docs: map[string]string{}}
			inner.mapBody(nil, x, indent+2)
			s := inner.b.String()
			w.b.WriteString(pad(indent) + "- " + strings.TrimPrefix(s, pad(indent+2)))
		case []any:
			w.b.WriteString(pad(indent) + "- " + flow(x) + "\n")
		default:
			w.b.WriteString(pad(indent) + "- " + refScalarText(e) + "\n")
		}
	}
}

func refScalarText(v any) string {
	if s, ok := v.(string); ok {
		return encoderScalarText(s)
	}
	return scalarText(v)
}

func refWrap(text string, width int) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			if line != "" && len(line)+1+len(word) > width {
				lines = append(lines, line)
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += word
		}
		lines = append(lines, line)
	}
	return lines
}

// randomTree builds a values tree of tricky keys and scalars, lists of
// maps and lists, and the documentation of some of its keys.
func randomTree(r *rand.Rand, depth int, key []string, docs map[string]string) map[string]any {
	m := map[string]any{}
	for range r.IntN(5) {
		k := trickyScalars[r.IntN(len(trickyScalars))]
		if r.IntN(2) == 0 {
			k = []string{"a", "b", "web", "app-1", "x.y/z"}[r.IntN(5)]
		}
		sub := append(slices.Clone(key), k)
		if r.IntN(3) == 0 {
			docs[strings.Join(sub, "\x00")] = []string{
				"Short.", "Two\nlines.", "", "\n",
				"A long explanation of a value that goes on for more than one line of a comment, so that it wraps at least once, maybe twice.",
				"word " + strings.Repeat("x", 90) + " word",
			}[r.IntN(6)]
		}
		switch n := r.IntN(12); {
		case n < 3 && depth < 4:
			m[k] = randomTree(r, depth+1, sub, docs)
		case n < 5 && depth < 4:
			var l []any
			for range r.IntN(4) {
				switch r.IntN(4) {
				case 0:
					l = append(l, randomTree(r, depth+1, nil, map[string]string{}))
				case 1:
					l = append(l, []any{"x", json.Number("1")})
				case 2:
					l = append(l, map[string]any{})
				default:
					l = append(l, trickyScalars[r.IntN(len(trickyScalars))])
				}
			}
			if l == nil {
				l = []any{}
			}
			m[k] = l
		case n == 5:
			m[k] = nil
		case n == 6:
			m[k] = json.Number([]string{"0", "-3", "1.5", "1e3", "18446744073709551616"}[r.IntN(5)])
		case n == 7:
			m[k] = r.IntN(2) == 0
		default:
			m[k] = trickyScalars[r.IntN(len(trickyScalars))]
		}
	}
	return m
}

// TestValuesWriterMatchesReference compares valuesWriter with the writer
// it replaces on random trees.
func TestValuesWriterMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 3000 {
		docs := map[string]string{}
		tree := randomTree(r, 0, nil, docs)
		if i%10 == 0 {
			docs = map[string]string{}
		}
		indent := []int{0, 0, 2, 4}[i%4]
		got := &valuesWriter{docs: func(k []byte) string { return docs[string(k)] }}
		got.mapBody(tree, indent, false)
		want := &refValuesWriter{docs: docs}
		want.mapBody(nil, tree, indent)
		if string(got.b) != want.b.String() {
			t.Fatalf("tree %v:\nvaluesWriter:\n%s\nreference:\n%s", tree, got.b, want.b.String())
		}
	}
}

// TestAppendJSONMatchesEncoder compares the schema writer with
// encoding/json, which it replaces.
func TestAppendJSONMatchesEncoder(t *testing.T) {
	odd := []string{"", "a", "\"", "\\", "<&>", "\t", "\n", "\x00", "\x7f", "café", "\u2028", "\xff", "{{ x }}", "a/b~c", "^arn:"}
	r := rand.New(rand.NewPCG(5, 6))
	var gen func(depth int) any
	gen = func(depth int) any {
		switch n := r.IntN(10); {
		case n < 3 && depth < 4:
			m := map[string]any{}
			for range r.IntN(4) {
				m[odd[r.IntN(len(odd))]] = gen(depth + 1)
			}
			return m
		case n < 5 && depth < 4:
			l := []any{}
			for range r.IntN(3) {
				l = append(l, gen(depth+1))
			}
			return l
		case n == 5:
			return r.IntN(2) == 0
		case n == 6:
			return r.IntN(3) - 1
		case n == 7:
			return nil
		}
		return odd[r.IntN(len(odd))]
	}
	for range 3000 {
		s := map[string]any{"type": "object", "properties": gen(0)}
		got, ok := appendJSON(nil, s, 0)
		if !ok {
			t.Fatalf("appendJSON refused %v", s)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if string(got)+"\n" != want.String() {
			t.Fatalf("%v:\nappendJSON:\n%s\nencoding/json:\n%s", s, got, want.String())
		}
	}
	if _, ok := appendJSON(nil, map[string]any{"x": 1.5}, 0); ok {
		t.Error("appendJSON took a float64")
	}
}

// TestEnvAppliesOwnList checks the shortcut for the template's own list
// against the general comparison, which a copy of the list takes.
func TestEnvAppliesOwnList(t *testing.T) {
	entries := []map[string]any{
		{"name": "A", "value": "1"},
		{"name": "B"},
		{"name": "C", "value": ""},
		{"name": "D", "value": json.Number("1")},
		{"name": "E", "value": nil},
		{"name": "F", "valueFrom": map[string]any{"secretKeyRef": map[string]any{"name": "s", "key": "k"}}},
		{"name": "G", "value": "x", "valueFrom": map[string]any{}},
		{"name": "A", "value": "2"},
	}
	for mask := range 1 << len(entries) {
		var l []any
		for i, e := range entries {
			if mask&(1<<i) != 0 {
				l = append(l, e)
			}
		}
		if l == nil {
			continue
		}
		own := envApplies(l, []any{l})
		copied := envApplies(l, []any{slices.Clone(l)})
		if own != copied {
			t.Errorf("%v: own list %v, copy %v", l, own, copied)
		}
	}
}
