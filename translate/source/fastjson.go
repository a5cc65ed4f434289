package source

import (
	"encoding/json"

	"gopkg.in/yaml.v3"
)

// parseJSONFast builds the tree parseJSONChecked builds, several times
// faster, by scanning the bytes itself instead of asking encoding/json
// for one allocated token at a time. It takes only what it is sure of:
// at anything else (a syntax error, a duplicate key, a limit reached) it
// gives up, and the checked parser runs to word the error exactly as
// before. Strings with escapes are decoded by encoding/json itself.
func parseJSONFast(data []byte, lines []int, arena *Arena) (*yaml.Node, bool) {
	f := &fastJSON{jsonParser: jsonParser{data: data, lines: lines, arena: arena}}
	if arena != nil {
		f.stack = arena.stack[:0]
		defer func() { arena.stack = f.stack[:0] }()
	}
	f.ws()
	n, ok := f.value(0)
	if !ok {
		return nil, false
	}
	// As the checked parser: only blanks, commas and colons may follow.
	for ; f.i < len(data); f.i++ {
		switch data[f.i] {
		case ' ', '\t', '\r', '\n', ',', ':':
		default:
			return nil, false
		}
	}
	return n, true
}

type fastJSON struct {
	jsonParser
	i int // the next byte
	// stack holds the items of the mappings and sequences being read,
	// innermost last; each gets a Content list of its exact size at its
	// end (appending to Content item by item left a trail of grown lists).
	stack []*yaml.Node
}

// content is the Content list of the items from base up on the stack,
// which it then pops.
func (f *fastJSON) content(base int) []*yaml.Node {
	items := f.stack[base:]
	var l []*yaml.Node
	if f.arena != nil {
		l = f.arena.content(items)
	} else {
		l = append(make([]*yaml.Node, 0, len(items)), items...)
	}
	clear(items)
	f.stack = f.stack[:base]
	return l
}

func (f *fastJSON) ws() {
	for f.i < len(f.data) {
		switch f.data[f.i] {
		case ' ', '\t', '\r', '\n':
			f.i++
		default:
			return
		}
	}
}

// value reads the value at f.i (blanks already skipped).
func (f *fastJSON) value(depth int) (*yaml.Node, bool) {
	if f.nodes++; f.nodes > MaxNodes || depth > MaxDepth || f.i >= len(f.data) {
		return nil, false
	}
	off := f.i
	switch c := f.data[f.i]; {
	case c == '{':
		return f.object(off, depth)
	case c == '[':
		return f.array(off, depth)
	case c == '"':
		s, ok := f.str()
		if !ok {
			return nil, false
		}
		return f.node(yaml.ScalarNode, "!!str", s, off), true
	case c == 't':
		return f.literal("true", "!!bool", off)
	case c == 'f':
		return f.literal("false", "!!bool", off)
	case c == 'n':
		return f.literal("null", "!!null", off)
	case c == '-' || c >= '0' && c <= '9':
		return f.number(off)
	}
	return nil, false
}

func (f *fastJSON) literal(word, tag string, off int) (*yaml.Node, bool) {
	if len(f.data)-f.i < len(word) || string(f.data[f.i:f.i+len(word)]) != word {
		return nil, false
	}
	f.i += len(word)
	return f.node(yaml.ScalarNode, tag, word, off), true
}

// number checks JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (f *fastJSON) number(off int) (*yaml.Node, bool) {
	d := f.data
	i := f.i
	digits := func() bool {
		start := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		return i > start
	}
	if d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case !digits():
		return nil, false
	}
	tag := "!!int"
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			return nil, false
		}
		tag = "!!float"
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			return nil, false
		}
		tag = "!!float"
	}
	// A number runs into the next token only through a delimiter.
	if i < len(d) {
		switch d[i] {
		case ' ', '\t', '\r', '\n', ',', ']', '}':
		default:
			return nil, false
		}
	}
	s := string(d[f.i:i])
	f.i = i
	return f.node(yaml.ScalarNode, tag, s, off), true
}

// str reads a string literal at f.i.
func (f *fastJSON) str() (string, bool) {
	d := f.data
	start := f.i
	escaped := false
	for i := start + 1; i < len(d); i++ {
		switch c := d[i]; {
		case c == '"':
			f.i = i + 1
			if !escaped {
				return string(d[start+1 : i]), true
			}
			var s string
			if json.Unmarshal(d[start:i+1], &s) != nil {
				return "", false
			}
			return s, true
		case c == '\\':
			escaped = true
			i++
		case c < 0x20:
			return "", false
		}
	}
	return "", false
}

func (f *fastJSON) object(off, depth int) (*yaml.Node, bool) {
	n := f.node(yaml.MappingNode, "!!map", "", off)
	f.i++
	f.ws()
	if f.i < len(f.data) && f.data[f.i] == '}' {
		f.i++
		return n, true
	}
	var seen map[string]bool
	base := len(f.stack)
	for {
		if f.i >= len(f.data) || f.data[f.i] != '"' {
			return nil, false
		}
		koff := f.i
		key, ok := f.str()
		if !ok {
			return nil, false
		}
		// Duplicates are the checked parser's to report.
		if items := f.stack[base:]; len(items) < 32 {
			for j := 0; j < len(items); j += 2 {
				if items[j].Value == key {
					return nil, false
				}
			}
		} else {
			if seen == nil {
				seen = map[string]bool{}
				for j := 0; j < len(items); j += 2 {
					seen[items[j].Value] = true
				}
			}
			if seen[key] {
				return nil, false
			}
			seen[key] = true
		}
		k := f.node(yaml.ScalarNode, "!!str", key, koff)
		f.ws()
		if f.i >= len(f.data) || f.data[f.i] != ':' {
			return nil, false
		}
		f.i++
		f.ws()
		v, ok := f.value(depth + 1)
		if !ok {
			return nil, false
		}
		f.stack = append(f.stack, k, v)
		f.ws()
		if f.i >= len(f.data) {
			return nil, false
		}
		switch f.data[f.i] {
		case ',':
			f.i++
			f.ws()
		case '}':
			f.i++
			n.Content = f.content(base)
			return n, true
		default:
			return nil, false
		}
	}
}

func (f *fastJSON) array(off, depth int) (*yaml.Node, bool) {
	n := f.node(yaml.SequenceNode, "!!seq", "", off)
	f.i++
	f.ws()
	if f.i < len(f.data) && f.data[f.i] == ']' {
		f.i++
		return n, true
	}
	base := len(f.stack)
	for {
		v, ok := f.value(depth + 1)
		if !ok {
			return nil, false
		}
		f.stack = append(f.stack, v)
		f.ws()
		if f.i >= len(f.data) {
			return nil, false
		}
		switch f.data[f.i] {
		case ',':
			f.i++
			f.ws()
		case ']':
			f.i++
			n.Content = f.content(base)
			return n, true
		default:
			return nil, false
		}
	}
}
