package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// jsonParser builds a *yaml.Node tree from JSON with the byte offset of every
// token, so that JSON and YAML inputs share positions and decoding.
type jsonParser struct {
	data  []byte
	dec   *json.Decoder
	lines []int // byte offset of the start of each line
	// The previous node's offset, line and column: tokens come in
	// increasing offsets, so a column is counted on from there rather than
	// from the start of the line, which made one-line files quadratic.
	lastOff, lastLine, lastCol int
	nodes                      int
	arena                      *Arena // where nodes come from; nil: the heap
}

func parseJSON(data []byte, arena *Arena) (*yaml.Node, error) {
	var lines []int
	if arena != nil {
		lines = arena.lines[:0]
	}
	lines = append(lines, 0)
	for i, c := range data {
		if c == '\n' {
			lines = append(lines, i+1)
		}
	}
	if arena != nil {
		arena.lines = lines
	}
	if n, ok := parseJSONFast(data, lines, arena); ok {
		return n, nil
	}
	return parseJSONChecked(data, lines)
}

// parseJSONChecked is the parser that words errors: it reads tokens with
// encoding/json, whose messages users know. Valid input takes the fast
// path (fastjson.go), which gives the same tree.
func parseJSONChecked(data []byte, lines []int) (*yaml.Node, error) {
	p := &jsonParser{data: data, dec: json.NewDecoder(bytes.NewReader(data)), lines: lines}
	p.dec.UseNumber()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	// Anything but white space after the value is an error.
	rest := p.skip(int(p.dec.InputOffset()))
	if rest < len(data) {
		return nil, &posError{off: rest, code: "source/invalid-json", msg: "unexpected data after the end of the JSON value"}
	}
	return n, nil
}

// skip returns the offset of the next token start at or after off.
func (p *jsonParser) skip(off int) int {
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

func (p *jsonParser) node(kind yaml.Kind, tag, value string, off int) *yaml.Node {
	off = min(off, len(p.data))
	// Binary search for the line: lineCol would rescan the prefix each time.
	line := sort.Search(len(p.lines), func(i int) bool { return p.lines[i] > off })
	var col int
	if line == p.lastLine && off >= p.lastOff {
		col = p.lastCol + utf8.RuneCount(p.data[p.lastOff:off])
	} else {
		col = utf8.RuneCount(p.data[p.lines[line-1]:off]) + 1
	}
	p.lastOff, p.lastLine, p.lastCol = off, line, col
	if p.arena == nil {
		return &yaml.Node{Kind: kind, Tag: tag, Value: value, Line: line, Column: col}
	}
	n := p.arena.node()
	*n = yaml.Node{Kind: kind, Tag: tag, Value: value, Line: line, Column: col}
	return n
}

func (p *jsonParser) token() (json.Token, int, error) {
	base := int(p.dec.InputOffset())
	off := p.skip(base)
	tok, err := p.dec.Token()
	if err != nil {
		return nil, off, p.wrap(err, base)
	}
	return tok, off, nil
}

func (p *jsonParser) wrap(err error, off int) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		// The offset is the stream offset of the offending byte (inside a
		// misspelt literal it points into the literal).
		o := max(int(se.Offset), off)
		return &posError{off: o, code: "source/invalid-json", msg: "invalid JSON: " + strings.TrimPrefix(se.Error(), "json: ")}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &posError{off: len(p.data), code: "source/truncated-json", msg: "JSON ends too early: a value, bracket or brace is missing (is the file truncated?)"}
	}
	return &posError{off: off, code: "source/invalid-json", msg: "invalid JSON: " + err.Error()}
}

func (p *jsonParser) value(depth int) (*yaml.Node, error) {
	tok, off, err := p.token()
	if err != nil {
		return nil, err
	}
	return p.fromToken(tok, off, depth)
}

func (p *jsonParser) fromToken(tok json.Token, off, depth int) (*yaml.Node, error) {
	if p.nodes++; p.nodes > MaxNodes {
		return nil, &posError{off: off, code: "source/too-large", msg: fmt.Sprintf("document holds more than %d values; eksport reads at most that many per file", MaxNodes)}
	}
	if depth > MaxDepth {
		return nil, &posError{off: off, code: "source/too-deep", msg: fmt.Sprintf("document nests deeper than %d levels", MaxDepth)}
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			return p.object(off, depth)
		case '[':
			return p.array(off, depth)
		}
		return nil, &posError{off: off, code: "source/invalid-json", msg: fmt.Sprintf("invalid JSON: unexpected %q", string(t))}
	case string:
		return p.node(yaml.ScalarNode, "!!str", t, off), nil
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(string(t), ".eE") {
			tag = "!!float"
		}
		return p.node(yaml.ScalarNode, tag, string(t), off), nil
	case bool:
		v := "false"
		if t {
			v = "true"
		}
		return p.node(yaml.ScalarNode, "!!bool", v, off), nil
	case nil:
		return p.node(yaml.ScalarNode, "!!null", "null", off), nil
	}
	return nil, &posError{off: off, code: "source/invalid-json", msg: fmt.Sprintf("invalid JSON token %v", tok)}
}

func (p *jsonParser) object(off, depth int) (*yaml.Node, error) {
	n := p.node(yaml.MappingNode, "!!map", "", off)
	seen := map[string]bool{}
	for {
		tok, koff, err := p.token()
		if err != nil {
			return nil, err
		}
		if d, ok := tok.(json.Delim); ok && d == '}' {
			return n, nil
		}
		key, ok := tok.(string)
		if !ok {
			return nil, &posError{off: koff, code: "source/invalid-json", msg: "invalid JSON: object key must be a string"}
		}
		if seen[key] {
			return nil, &posError{off: koff, code: "source/duplicate-key", msg: fmt.Sprintf("duplicate key %q in the same object; JSON readers disagree on which one wins", key)}
		}
		seen[key] = true
		k := p.node(yaml.ScalarNode, "!!str", key, koff)
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, k, v)
	}
}

func (p *jsonParser) array(off, depth int) (*yaml.Node, error) {
	n := p.node(yaml.SequenceNode, "!!seq", "", off)
	for {
		tok, eoff, err := p.token()
		if err != nil {
			return nil, err
		}
		if d, ok := tok.(json.Delim); ok && d == ']' {
			return n, nil
		}
		v, err := p.fromToken(tok, eoff, depth+1)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, v)
	}
}
