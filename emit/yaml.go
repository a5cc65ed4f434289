package emit

import (
	"encoding/json"
	"strconv"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v2"
)

// MarshalTree writes a generic JSON value (maps, slices, strings,
// booleans, nil, and numbers as float64 or json.Number) as YAML, byte for
// byte as sigs.k8s.io/yaml.Marshal writes it, with two differences that
// only make it safer: map keys come out in the same order every time, and
// strings that the YAML parser would refuse (C1 control characters) are
// escaped rather than an error.
//
// sigs.k8s.io/yaml.Marshal encodes the value as JSON text, parses that text
// with go.yaml.in/yaml/v2 to learn which numbers are integers, and encodes
// the result with the same package. Here each number gets the type that
// parse would give it and each map becomes a yaml.MapSlice in the order the
// encoder would sort it, so the encoder runs on the tree directly: about
// half the cost of emitting an object.
//
// Why the order is made here: the encoder sorts keys with a "natural"
// comparison (digit runs compare as numbers) that is not a strict weak
// order for keys such as "a0", "a00" and "a01", so its unstable sort gave
// different orders for different map iteration orders. A stable sort from
// keys pre-sorted by bytes gives one answer, the encoder's own wherever the
// comparison is consistent (for every key the golden tests hold).
func MarshalTree(v any) ([]byte, error) {
	if m, ok := v.(map[string]any); ok {
		if b, ok := appendFast(nil, m); ok {
			return b, nil
		}
	}
	return yaml.Marshal(yamlValue(v))
}

func yamlValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if x == nil {
			return nil // JSON null
		}
		keys := sortedKeys(x)
		out := make(yaml.MapSlice, len(keys))
		for i, k := range keys {
			out[i] = yaml.MapItem{Key: k, Value: yamlValue(x[k])}
		}
		return out
	case []any:
		if x == nil {
			return nil
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = yamlValue(e)
		}
		return out
	case float64:
		// The JSON text of a float64, as encoding/json writes it.
		text, _ := json.Marshal(x)
		return resolveNumber(string(text), x)
	case json.Number:
		f, _ := x.Float64()
		return resolveNumber(string(x), f)
	}
	return v
}

// resolveNumber is what go.yaml.in/yaml/v2's resolver makes of a JSON
// number's text: int, int64 or uint64 when it is an integer, else float64.
func resolveNumber(text string, f float64) any {
	if i, err := strconv.ParseInt(text, 0, 64); err == nil {
		if i == int64(int(i)) {
			return int(i)
		}
		return i
	}
	if u, err := strconv.ParseUint(text, 0, 64); err == nil {
		return u
	}
	return f
}

// keyLess is go.yaml.in/yaml/v2's keyList.Less for two string keys.
func keyLess(a, b string) bool {
	if isASCII(a) && isASCII(b) {
		return keyLessRunes(asciiRunes{a}, asciiRunes{b})
	}
	return keyLessRunes(runeSlice([]rune(a)), runeSlice([]rune(b)))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// runes indexes a string by rune without converting an ASCII one.
type runes interface {
	len() int
	at(i int) rune
}

type asciiRunes struct{ s string }

func (r asciiRunes) len() int      { return len(r.s) }
func (r asciiRunes) at(i int) rune { return rune(r.s[i]) }

type runeSlice []rune

func (r runeSlice) len() int      { return len(r) }
func (r runeSlice) at(i int) rune { return r[i] }

func keyLessRunes[R runes](ar, br R) bool {
	for i := 0; i < ar.len() && i < br.len(); i++ {
		if ar.at(i) == br.at(i) {
			continue
		}
		al := unicode.IsLetter(ar.at(i))
		bl := unicode.IsLetter(br.at(i))
		if al && bl {
			return ar.at(i) < br.at(i)
		}
		if al || bl {
			return bl
		}
		var ai, bi int
		var an, bn int64
		if ar.at(i) == '0' || br.at(i) == '0' {
			for j := i - 1; j >= 0 && unicode.IsDigit(ar.at(j)); j-- {
				if ar.at(j) != '0' {
					an = 1
					bn = 1
					break
				}
			}
		}
		for ai = i; ai < ar.len() && unicode.IsDigit(ar.at(ai)); ai++ {
			an = an*10 + int64(ar.at(ai)-'0')
		}
		for bi = i; bi < br.len() && unicode.IsDigit(br.at(bi)); bi++ {
			bn = bn*10 + int64(br.at(bi)-'0')
		}
		if an != bn {
			return an < bn
		}
		if ai != bi {
			return ai < bi
		}
		return ar.at(i) < br.at(i)
	}
	return ar.len() < br.len()
}
