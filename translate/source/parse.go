package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/diag"
)

// Doc is one parsed document of an input file.
type Doc struct {
	File  string
	Index int // 0-based position inside a multi-document YAML stream
	// Root is the parsed tree; nil once Release has dropped it.
	Root *yaml.Node
	JSON bool // parsed as JSON rather than YAML
	// line and col are the root's position, kept by Release.
	line, col int
}

// Pos returns the position of n inside this document; for a nil n, the
// position of the document itself.
func (d *Doc) Pos(n *yaml.Node, path string) diag.Pos {
	p := diag.Pos{File: d.File, Doc: d.Index, Path: path}
	switch {
	case n != nil:
		p.Line, p.Col = n.Line, n.Column
	case d.Root != nil:
		p.Line, p.Col = d.Root.Line, d.Root.Column
	default:
		p.Line, p.Col = d.line, d.col
	}
	return p
}

// Release drops the parsed tree once the front-ends have decoded the
// document. Decoders keep every position they recorded and the document
// keeps its own, so diagnostics stay positioned; what goes is the tree,
// the largest thing a run holds per input (a node costs about 150 bytes).
func (d *Doc) Release() {
	if d.Root != nil {
		d.line, d.col = d.Root.Line, d.Root.Column
		d.Root = nil
	}
}

// Limits bound the work spent on one file, so that hostile inputs (alias
// bombs, very deep nesting, huge files) fail with a diagnostic instead of
// exhausting memory. A parsed YAML node costs about 200 bytes and can take
// as little as two bytes of input, so the file size bounds the memory of
// parsing one file to well under a gigabyte; the node count (aliases
// expanded) bounds what every later stage walks. Real inputs are far
// smaller: ECS caps a task definition at 64 KiB.
const (
	MaxFileSize = 8 << 20
	MaxDepth    = 200
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// Parse reads a JSON or YAML file. JSON is recognised by its first
// non-blank character ({ or [); everything else is read as a YAML stream.
// Problems are returned as positioned diagnostics; docs is nil when the file
// could not be read at all.
func Parse(name string, data []byte) (docs []*Doc, diags diag.List) {
	return ParseIn(name, data, nil)
}

// ParseIn is Parse with the nodes of a JSON file taken from arena (nil:
// the heap); see Arena for when it may be reset.
func ParseIn(name string, data []byte, arena *Arena) (docs []*Doc, diags diag.List) {
	at := diag.Pos{File: name, Line: 1, Col: 1}
	if len(data) > MaxFileSize {
		diags.Errorf(at, "source/too-large", "file is %d bytes; eksport reads at most %d bytes (%d MiB) per file; split it", len(data), MaxFileSize, MaxFileSize>>20)
		return nil, diags
	}
	data = bytes.TrimPrefix(data, bom)
	if i := invalidUTF8(data); i >= 0 {
		line, col := lineCol(data, i)
		diags.Errorf(diag.Pos{File: name, Line: line, Col: col}, "source/not-utf8", "file is not valid UTF-8 (byte 0x%02x at offset %d); save it as UTF-8", data[i], i)
		return nil, diags
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		diags.Errorf(at, "source/empty", "file is empty")
		return nil, diags
	}
	// A conflict inside a block scalar or list still parses; the markers
	// would then reach the output, so they are refused before parsing.
	if line := conflictMarker(data); line > 0 {
		diags.Errorf(diag.Pos{File: name, Line: line, Col: 1}, "source/merge-conflict", "the file holds a merge-conflict marker; resolve the conflict, then convert it")
		return nil, diags
	}
	defer func() {
		if diags.HasErrors() && looksTemplated(data) {
			diags[len(diags)-1].Notes = append(diags[len(diags)-1].Notes,
				"the file looks like a template (jsonnet, Go template, jq or shell variables); render it and convert the result")
		}
	}()
	if trimmed[0] == '{' || trimmed[0] == '[' {
		root, err := parseJSON(data, arena)
		if err != nil {
			var pe *posError
			if errors.As(err, &pe) {
				line, col := lineCol(data, pe.off)
				diags.Errorf(diag.Pos{File: name, Line: line, Col: col}, pe.code, "%s", pe.msg)
			} else {
				diags.Errorf(at, "source/invalid-json", "%v", err)
			}
			return nil, diags
		}
		return []*Doc{{File: name, Root: root, JSON: true}}, diags
	}
	return parseYAML(name, data)
}

func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		if r == 0 {
			return i
		}
		i += size
	}
	return -1
}

var yamlLineRE = regexp.MustCompile(`line (\d+)(?::(?: column (\d+))?)?`)

func parseYAML(name string, data []byte) (docs []*Doc, diags diag.List) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	budget := &expansion{left: MaxNodes}
	for i := 0; ; i++ {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			pos := diag.Pos{File: name, Doc: i, Line: 1, Col: 1}
			msg := err.Error()
			if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
				pos.Line, _ = strconv.Atoi(m[1])
				if m[2] != "" {
					pos.Col, _ = strconv.Atoi(m[2])
				}
			}
			diags.Errorf(pos, "source/invalid-yaml", "invalid YAML: %s", trimYAMLPrefix(msg))
			return nil, diags
		}
		root := &n
		if root.Kind == yaml.DocumentNode {
			if len(root.Content) == 0 {
				continue
			}
			root = root.Content[0]
		}
		if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			continue // an empty document between two "---"
		}
		if d := depth(root, 0); d > MaxDepth {
			diags.Errorf(diag.Pos{File: name, Doc: i, Line: root.Line, Col: root.Column}, "source/too-deep", "document nests deeper than %d levels", MaxDepth)
			return nil, diags
		}
		if at, code, msg := budget.check(root); at != nil {
			diags.Errorf(diag.Pos{File: name, Doc: i, Line: at.Line, Col: at.Column}, code, "%s", msg)
			return nil, diags
		}
		docs = append(docs, &Doc{File: name, Index: i, Root: root})
	}
	if len(docs) == 0 {
		diags.Errorf(diag.Pos{File: name, Line: 1, Col: 1}, "source/empty", "file holds no YAML document")
	}
	return docs, diags
}

var yamlPrefixRE = regexp.MustCompile(`^yaml: (line \d+: )?`)

func trimYAMLPrefix(s string) string {
	return yamlPrefixRE.ReplaceAllString(s, "")
}

// expansion counts the nodes of a file's documents as every later stage
// sees them, each alias expanded to a copy of its anchor, and checks their
// depth through aliases. An alias bomb (each anchor listing the previous
// one twice) is small on disk and exponential once expanded, and an anchor
// may even contain an alias of itself; both are stopped here, after at
// most MaxNodes steps, before any stage walks them.
type expansion struct {
	left int // nodes the file may still expand to
}

func (e *expansion) check(root *yaml.Node) (at *yaml.Node, code, msg string) {
	// via is the outermost alias being expanded: the place to point at.
	var walk func(n, via *yaml.Node, depth int) bool
	walk = func(n, via *yaml.Node, depth int) bool {
		for n.Kind == yaml.AliasNode && n.Alias != nil {
			if via == nil {
				via = n
			}
			n = n.Alias
		}
		if via == nil {
			via = n
		}
		if depth > MaxDepth {
			at, code, msg = via, "source/too-deep", fmt.Sprintf("document nests deeper than %d levels once its YAML aliases are expanded", MaxDepth)
			return false
		}
		if e.left--; e.left < 0 {
			at, code, msg = via, "source/too-large", fmt.Sprintf("document holds more than %d values; eksport reads at most that many per file", MaxNodes)
			if via.Kind == yaml.AliasNode {
				msg = fmt.Sprintf("document expands to more than %d values through this YAML alias (an alias bomb?); eksport reads at most that many per file", MaxNodes)
			}
			return false
		}
		for _, c := range n.Content {
			v := via
			if v == n {
				v = nil
			}
			if !walk(c, v, depth+1) {
				return false
			}
		}
		return true
	}
	walk(root, nil, 0)
	return at, code, msg
}

func depth(n *yaml.Node, d int) int {
	if d > MaxDepth {
		return d
	}
	m := d
	for _, c := range n.Content {
		if x := depth(c, d+1); x > m {
			m = x
			if m > MaxDepth {
				return m
			}
		}
	}
	return m
}

// lineCol converts a byte offset into a 1-based line and a 1-based column
// counted in characters.
func lineCol(data []byte, off int) (int, int) {
	if off > len(data) {
		off = len(data)
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, utf8.RuneCount(data[start:off]) + 1
}

type posError struct {
	off  int
	code string
	msg  string
}

func (e *posError) Error() string { return fmt.Sprintf("offset %d: %s", e.off, e.msg) }

var shellVarRE = regexp.MustCompile(`(?m)^\s*"?\$[A-Za-z_]`)

// looksTemplated recognises the template languages people keep task
// definitions in, to say so when such a file does not parse.
func looksTemplated(data []byte) bool {
	return bytes.Contains(data, []byte("{{")) || bytes.Contains(data, []byte("${")) || bytes.Contains(data, []byte("$(")) ||
		bytes.HasPrefix(bytes.TrimSpace(data), []byte("local ")) || bytes.Contains(data, []byte("std.")) ||
		shellVarRE.Match(data)
}

// conflictMarker returns the 1-based line of the first git merge-conflict
// marker (<<<<<<< , ======= alone, >>>>>>> ) in data, or 0.
func conflictMarker(data []byte) int {
	// Every marker holds one of these runs; almost no file does.
	if !bytes.Contains(data, []byte("<<<<<<<")) && !bytes.Contains(data, []byte(">>>>>>>")) && !bytes.Contains(data, []byte("=======")) {
		return 0
	}
	for i, rest := 0, data; len(rest) > 0; i++ {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		line = bytes.TrimRight(line, "\r")
		if bytes.HasPrefix(line, []byte("<<<<<<< ")) || bytes.HasPrefix(line, []byte(">>>>>>> ")) || string(line) == "=======" || string(line) == "<<<<<<<" || string(line) == ">>>>>>>" {
			return i + 1
		}
	}
	return 0
}
