package emit

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
)

// AppendTreeJSON appends v, a tree as Tree makes it (maps, lists,
// strings, json.Number, int, booleans, nil), as a json.Encoder with
// SetIndent("", "  ") and SetEscapeHTML(false) writes a value that starts
// indent spaces in: map keys sorted by their bytes, nil maps and lists as
// null. It reports false for any other value, or a json.Number
// encoding/json refuses, so that the caller can leave the value to
// encoding/json. Helm's values schema is written with it.
func AppendTreeJSON(b []byte, v any, indent int) ([]byte, bool) {
	inner := indent + 2
	// member starts the i-th member of an object or list.
	member := func(b []byte, i int) []byte {
		if i > 0 {
			b = append(b, ',')
		}
		return appendSpaces(append(b, '\n'), inner)
	}
	// end closes an object or list of n members.
	end := func(b []byte, n int, c byte) []byte {
		if n > 0 {
			b = appendSpaces(append(b, '\n'), indent)
		}
		return append(b, c)
	}
	switch x := v.(type) {
	case map[string]any:
		if x == nil {
			return append(b, "null"...), true
		}
		// encoding/json sorts the keys of a map by their bytes.
		keys := slices.AppendSeq(make([]string, 0, len(x)), maps.Keys(x))
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			b = append(AppendJSONString(member(b, i), k), ':', ' ')
			var ok bool
			if b, ok = AppendTreeJSON(b, x[k], inner); !ok {
				return b, false
			}
		}
		return end(b, len(keys), '}'), true
	case []any:
		if x == nil {
			return append(b, "null"...), true
		}
		b = append(b, '[')
		for i, e := range x {
			var ok bool
			if b, ok = AppendTreeJSON(member(b, i), e, inner); !ok {
				return b, false
			}
		}
		return end(b, len(x), ']'), true
	case string:
		return AppendJSONString(b, x), true
	case json.Number:
		if !validNumber(string(x)) {
			return b, false // encoding/json's error, or its "0" for ""
		}
		return append(b, x...), true
	case int:
		return strconv.AppendInt(b, int64(x), 10), true
	case bool:
		if x {
			return append(b, "true"...), true
		}
		return append(b, "false"...), true
	case nil:
		return append(b, "null"...), true
	}
	return b, false
}

func appendSpaces(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}

// AppendJSONString appends s as a json.Encoder with SetEscapeHTML(false)
// writes it: as it is between quotes when it is printable ASCII that
// needs no escape, else through encoding/json.
func AppendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(s) // a string always encodes
			return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// validNumber says whether s is a JSON number, as encoding/json requires
// of a json.Number it writes.
func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i >= len(s):
		return false
	case s[i] == '0':
		i++
	case '1' <= s[i] && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigit(s[i]) {
			return false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
