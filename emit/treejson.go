package emit

import (
	"encoding/json"
	"slices"
)

// MarshalTreeJSON is json.Marshal of a tree as Tree makes it, byte for
// byte, faster (marshalTreeJSON): the text an emitter keeps of a tree.
func MarshalTreeJSON(t map[string]any) ([]byte, error) { return marshalTreeJSON(t) }

// marshalTreeJSON is json.Marshal of a tree as Tree makes it (maps, lists,
// strings, json.Number, booleans, nil), byte for byte, written without
// reflection: a Store writes the text of every object it keeps, and
// encoding/json spent most of that time finding and sorting map keys by
// reflection. Strings other than plain ASCII, and anything else a tree
// should not hold, are left to encoding/json (the whole tree, for a value
// of another type), so that the text is always json.Marshal's.
func marshalTreeJSON(t map[string]any) ([]byte, error) {
	b, ok := appendTreeJSON(make([]byte, 0, 1024), t)
	if !ok {
		return json.Marshal(t)
	}
	return b, nil
}

func appendTreeJSON(b []byte, v any) ([]byte, bool) {
	switch x := v.(type) {
	case map[string]any:
		if x == nil {
			return append(b, "null"...), true
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		// encoding/json sorts the keys of a map by their bytes.
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			var ok bool
			if b, ok = appendTreeJSON(b, x[k]); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	case []any:
		if x == nil {
			return append(b, "null"...), true
		}
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = appendTreeJSON(b, e); !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	case string:
		return appendJSONString(b, x), true
	case json.Number:
		if !validNumber(string(x)) {
			return b, false // encoding/json's error, or its "0" for ""
		}
		return append(b, x...), true
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

// appendJSONString writes s as encoding/json does: as it is between
// quotes when it is printable ASCII that needs no escape (encoding/json
// escapes <, > and & for HTML), else as json.Marshal writes it.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
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
