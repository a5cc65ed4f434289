package emit

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// appendFast writes a generic JSON tree as YAML in the exact layout of
// go.yaml.in/yaml/v2 (block mappings, sequences at their key's indent,
// {} and [] for empty collections), for trees whose every scalar that
// encoder would write plain (or, for "", as ""). It reports false, leaving
// the caller to run the encoder itself, at the first key or string it is
// not certain about: anything that would need quoting, escaping, folding at
// 80 columns, a literal block or a complex key. Most manifests take the
// fast path; FuzzMarshalTree holds both paths to sigs.k8s.io/yaml's bytes.
func appendFast(b []byte, m map[string]any) ([]byte, bool) {
	if m == nil {
		return b, false // JSON null, not an empty mapping
	}
	if len(m) == 0 {
		return append(b, "{}\n"...), true
	}
	return appendMapping(b, m, 0, false)
}

// appendMapping writes the pairs of a non-empty mapping at indent; inline
// means the first key continues the current line (after "- ").
func appendMapping(b []byte, m map[string]any, indent int, inline bool) ([]byte, bool) {
	for i, key := range sortedKeys(m) {
		k := key
		if len(k) > 120 { // the encoder writes a long key as a complex "? " key
			return b, false
		}
		if i > 0 || !inline {
			b = appendIndent(b, indent)
		}
		start := len(b)
		var ok bool
		if b, ok = appendScalar(b, k, indent, indent, false); !ok {
			return b, false
		}
		b = append(b, ':')
		if b, ok = appendValue(b, m[key], indent, indent+len(b)-start, true); !ok {
			return b, false
		}
	}
	return b, true
}

// appendValue writes v after "key:" (inMapping) or after "-"; col is the
// column after the colon or the dash.
func appendValue(b []byte, v any, indent, col int, inMapping bool) ([]byte, bool) {
	switch x := v.(type) {
	case map[string]any:
		if x == nil {
			return append(b, " null\n"...), true
		}
		if len(x) == 0 {
			return append(b, " {}\n"...), true
		}
		if inMapping {
			return appendMapping(append(b, '\n'), x, indent+2, false)
		}
		return appendMapping(append(b, ' '), x, indent+2, true)
	case []any:
		if x == nil {
			return append(b, " null\n"...), true
		}
		if len(x) == 0 {
			return append(b, " []\n"...), true
		}
		if !inMapping {
			return b, false // a sequence in a sequence
		}
		b = append(b, '\n')
		for _, e := range x {
			b = append(appendIndent(b, indent), '-')
			var ok bool
			if b, ok = appendValue(b, e, indent, indent+1, false); !ok {
				return b, false
			}
		}
		return b, true
	case string:
		var ok bool
		if b, ok = appendScalar(b, x, col, indent+2, true); !ok {
			return b, false
		}
		return append(b, '\n'), true
	case bool:
		return append(append(append(b, ' '), strconv.FormatBool(x)...), '\n'), true
	case nil:
		return append(b, " null\n"...), true
	case float64:
		text, _ := json.Marshal(x)
		return appendNumber(b, string(text), x)
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return b, false
		}
		return appendNumber(b, string(x), f)
	}
	return b, false
}

func appendNumber(b []byte, text string, f float64) ([]byte, bool) {
	b = append(b, ' ')
	switch n := resolveNumber(text, f).(type) {
	case int:
		b = strconv.AppendInt(b, int64(n), 10)
	case int64:
		b = strconv.AppendInt(b, n, 10)
	case uint64:
		b = strconv.AppendUint(b, n, 10)
	case float64:
		s := strconv.FormatFloat(n, 'g', -1, 64)
		if strings.ContainsAny(s, "IN") { // +Inf, -Inf, NaN
			return b, false
		}
		b = append(b, s...)
	}
	return append(b, '\n'), true
}

func appendIndent(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}

// sortedKeys orders keys as yamlValue does (see MarshalTree).
func sortedKeys(m map[string]any) []string {
	keys := slices.AppendSeq(make([]string, 0, len(m)), maps.Keys(m))
	slices.Sort(keys)
	slices.SortStableFunc(keys, func(a, b string) int {
		switch {
		case keyLess(a, b):
			return -1
		case keyLess(b, a):
			return 1
		}
		return 0
	})
	return keys
}

// appendScalar writes a string as go.yaml.in/yaml/v2 writes it: plain
// when it may, else single-quoted when it reads as a string but may not be
// plain (an indicator, a leading or trailing space), else double-quoted
// (it would read as another type: true, 80, 1e3, a date, ""). Only
// printable ASCII is taken. A value (not a key) is preceded by a space and
// folded as the encoder folds it: at a space met past column 80, onto a
// line indented to indent (its yaml_emitter_write_*_scalar). col is the
// column before the scalar (and its leading space).
func appendScalar(b []byte, s string, col, indent int, value bool) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return b, false
		}
	}
	if value {
		b = append(b, ' ')
		col++
	}
	fold := func() {
		b = appendIndent(append(b, '\n'), indent)
		col = indent
	}
	spaces := false
	switch {
	case s == "" || !resolvesToString(s) || isBase60Float(s):
		b = append(b, '"')
		col++
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
				col += 2
			case c == ' ':
				if value && !spaces && col > 80 && i > 0 && i < len(s)-1 {
					fold()
					if s[i+1] == ' ' {
						b = append(b, '\\')
						col++
					}
				} else {
					b = append(b, c)
					col++
				}
				spaces = true
			default:
				b = append(b, c)
				col++
				spaces = false
			}
		}
		return append(b, '"'), true
	case plainAllowed(s):
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c == ' ' {
				if value && !spaces && col > 80 && s[i+1] != ' ' {
					fold()
				} else {
					b = append(b, c)
					col++
				}
				spaces = true
				continue
			}
			b = append(b, c)
			col++
			spaces = false
		}
		return b, true
	}
	b = append(b, '\'')
	col++
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			if value && !spaces && col > 80 && i > 0 && i < len(s)-1 && s[i+1] != ' ' {
				fold()
			} else {
				b = append(b, c)
				col++
			}
			spaces = true
			continue
		}
		if c == '\'' {
			b = append(b, c)
			col++
		}
		b = append(b, c)
		col++
		spaces = false
	}
	return append(b, '\''), true
}

// plainAllowed is yaml_emitter_analyze_scalar's block_plain_allowed for a
// non-empty printable ASCII string.
func plainAllowed(s string) bool {
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	if len(s) >= 3 && (s[:3] == "---" || s[:3] == "...") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		followedByBlank := i+1 == len(s) || s[i+1] == ' '
		if i == 0 {
			switch c {
			case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
				return false
			case '?', ':', '-':
				if followedByBlank {
					return false
				}
			}
			continue
		}
		switch c {
		case ':':
			if followedByBlank {
				return false
			}
		case '#':
			if s[i-1] == ' ' {
				return false
			}
		}
	}
	return true
}

var (
	yamlStyleFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
	base60float    = regexp.MustCompile(`^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`)
	resolveWords   = map[string]bool{}
)

func init() {
	for _, w := range strings.Fields("y Y yes Yes YES true True TRUE on On ON n N no No NO false False FALSE off Off OFF ~ null Null NULL .nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF") {
		resolveWords[w] = true
	}
}

// resolvesToString mirrors go.yaml.in/yaml/v2's resolve("", s) == !!str
// for a non-empty s.
func resolvesToString(s string) bool {
	c := s[0]
	switch {
	case strings.IndexByte("yYnNtTfFoO~", c) >= 0:
		return !resolveWords[s]
	case c == '.':
		if resolveWords[s] {
			return false
		}
		_, err := strconv.ParseFloat(s, 64)
		return err != nil
	case c == '+' || c == '-' || c >= '0' && c <= '9':
		if resolveWords[s] || isTimestamp(s) {
			return false
		}
		plain := strings.ReplaceAll(s, "_", "")
		if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
			return false
		}
		if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
			return false
		}
		if yamlStyleFloat.MatchString(plain) {
			if _, err := strconv.ParseFloat(plain, 64); err == nil {
				return false
			}
		}
		if rest, ok := strings.CutPrefix(plain, "0b"); ok {
			if _, err := strconv.ParseInt(rest, 2, 64); err == nil {
				return false
			}
			if _, err := strconv.ParseUint(rest, 2, 64); err == nil {
				return false
			}
		} else if rest, ok := strings.CutPrefix(plain, "-0b"); ok {
			if _, err := strconv.ParseInt("-"+rest, 2, 64); err == nil {
				return false
			}
		}
	}
	return true
}

func isTimestamp(s string) bool {
	i := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, f := range []string{"2006-1-2T15:4:5.999999999Z07:00", "2006-1-2t15:4:5.999999999Z07:00", "2006-1-2 15:4:5.999999999", "2006-1-2"} {
		if _, err := time.Parse(f, s); err == nil {
			return true
		}
	}
	return false
}

func isBase60Float(s string) bool {
	c := s[0]
	if !(c == '+' || c == '-' || c >= '0' && c <= '9') || strings.IndexByte(s, ':') < 0 {
		return false
	}
	return base60float.MatchString(s)
}
