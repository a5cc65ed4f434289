package emit

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeTree decodes the JSON text of an object, as encoding/json.Marshal
// writes it, into the generic tree json.Unmarshal makes (numbers as
// float64, or as json.Number with useNumber, as a json.Decoder with
// UseNumber makes them). It scans the text directly, several times faster
// than encoding/json's reflection, and hands anything unexpected to
// encoding/json, so its result is always encoding/json's.
func decodeTree(data []byte, useNumber bool) (map[string]any, error) {
	d := treeDecoder{data: data, useNumber: useNumber}
	d.ws()
	if v, ok := d.value(); ok {
		if m, isMap := v.(map[string]any); isMap {
			if d.ws(); d.i == len(data) {
				return m, nil
			}
		}
	}
	var m map[string]any
	if useNumber {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		err := dec.Decode(&m)
		return m, err
	}
	err := json.Unmarshal(data, &m)
	return m, err
}

type treeDecoder struct {
	data      []byte
	i         int
	useNumber bool
}

func (d *treeDecoder) ws() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\r', '\n':
			d.i++
		default:
			return
		}
	}
}

func (d *treeDecoder) value() (any, bool) {
	if d.i >= len(d.data) {
		return nil, false
	}
	switch c := d.data[d.i]; {
	case c == '{':
		d.i++
		m := map[string]any{}
		d.ws()
		if d.i < len(d.data) && d.data[d.i] == '}' {
			d.i++
			return m, true
		}
		for {
			k, ok := d.str()
			if !ok {
				return nil, false
			}
			if d.ws(); d.i >= len(d.data) || d.data[d.i] != ':' {
				return nil, false
			}
			d.i++
			d.ws()
			v, ok := d.value()
			if !ok {
				return nil, false
			}
			m[k] = v
			if d.ws(); d.i >= len(d.data) {
				return nil, false
			}
			switch d.data[d.i] {
			case ',':
				d.i++
				d.ws()
			case '}':
				d.i++
				return m, true
			default:
				return nil, false
			}
		}
	case c == '[':
		d.i++
		s := []any{}
		d.ws()
		if d.i < len(d.data) && d.data[d.i] == ']' {
			d.i++
			return s, true
		}
		for {
			v, ok := d.value()
			if !ok {
				return nil, false
			}
			s = append(s, v)
			if d.ws(); d.i >= len(d.data) {
				return nil, false
			}
			switch d.data[d.i] {
			case ',':
				d.i++
				d.ws()
			case ']':
				d.i++
				return s, true
			default:
				return nil, false
			}
		}
	case c == '"':
		return d.str()
	case c == 't':
		return true, d.word("true")
	case c == 'f':
		return false, d.word("false")
	case c == 'n':
		return nil, d.word("null")
	case c == '-' || c >= '0' && c <= '9':
		start := d.i
		for d.i < len(d.data) {
			switch d.data[d.i] {
			case '-', '+', '.', 'e', 'E', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
				d.i++
				continue
			}
			break
		}
		text := string(d.data[start:d.i])
		if !json.Valid([]byte(text)) {
			return nil, false
		}
		if d.useNumber {
			return json.Number(text), true
		}
		f, err := strconv.ParseFloat(text, 64)
		return f, err == nil
	}
	return nil, false
}

func (d *treeDecoder) word(w string) bool {
	if !bytes.HasPrefix(d.data[d.i:], []byte(w)) {
		return false
	}
	d.i += len(w)
	return true
}

// str reads a string literal, unescaping what encoding/json writes.
func (d *treeDecoder) str() (string, bool) {
	if d.i >= len(d.data) || d.data[d.i] != '"' {
		return "", false
	}
	start := d.i + 1
	for i := start; i < len(d.data); i++ {
		switch c := d.data[i]; {
		case c == '"':
			d.i = i + 1
			if !utf8.Valid(d.data[start:i]) {
				return "", false
			}
			return string(d.data[start:i]), true
		case c == '\\':
			return d.escaped(start)
		case c < 0x20:
			return "", false
		}
	}
	return "", false
}

func (d *treeDecoder) escaped(start int) (string, bool) {
	b := make([]byte, 0, 64)
	i := start
	for i < len(d.data) {
		c := d.data[i]
		switch {
		case c == '"':
			d.i = i + 1
			if !utf8.Valid(b) {
				return "", false
			}
			return string(b), true
		case c < 0x20:
			return "", false
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(d.data) {
			return "", false
		}
		switch e := d.data[i+1]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hex4(d.data, i+2)
			if !ok {
				return "", false
			}
			i += 6
			if utf16.IsSurrogate(r) {
				// A pair, or U+FFFD as encoding/json makes of a lone half.
				r2, ok := rune(0), false
				if i+1 < len(d.data) && d.data[i] == '\\' && d.data[i+1] == 'u' {
					r2, ok = hex4(d.data, i+2)
				}
				if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, r)
			continue
		default:
			return "", false
		}
		i += 2
	}
	return "", false
}

func hex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(data[i:i+4]), 16, 32)
	return rune(n), err == nil
}

// DecodeTree reads JSON text of an object into the generic tree
// (json.Unmarshal into a map; numbers as json.Number with useNumber, else
// float64): what an emitter that keeps trees as text uses to read them
// back.
func DecodeTree(data []byte, useNumber bool) (map[string]any, error) {
	return decodeTree(data, useNumber)
}
