package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/diag"
)

// Doc is one parsed document of an input file.
type Doc struct {
	File  string
	Index int // 0-based position inside a multi-document YAML stream
	Root  *yaml.Node
	JSON  bool // parsed as JSON rather than YAML
}

// Pos returns the position of n inside this document.
func (d *Doc) Pos(n *yaml.Node, path string) diag.Pos {
	p := diag.Pos{File: d.File, Doc: d.Index, Path: path}
	if n != nil {
		p.Line, p.Col = n.Line, n.Column
	}
	return p
}

// Limits bound the work spent on one file, so that hostile inputs (alias
// bombs, very deep nesting) fail with a diagnostic instead of exhausting
// memory.
const (
	MaxFileSize = 64 << 20
	MaxDepth    = 200
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// Parse reads a JSON or YAML file. JSON is recognised by its first
// non-blank character ({ or [); everything else is read as a YAML stream.
// Problems are returned as positioned diagnostics; docs is nil when the file
// could not be read at all.
func Parse(name string, data []byte) (docs []*Doc, diags diag.List) {
	at := diag.Pos{File: name, Line: 1, Col: 1}
	if len(data) > MaxFileSize {
		diags.Errorf(at, "source/too-large", "file is %d bytes; eksport reads at most %d bytes per file", len(data), MaxFileSize)
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
	defer func() {
		if diags.HasErrors() && looksTemplated(data) {
			diags[len(diags)-1].Notes = append(diags[len(diags)-1].Notes,
				"the file looks like a template (jsonnet, Go template, jq or shell variables); render it and convert the result")
		}
	}()
	if trimmed[0] == '{' || trimmed[0] == '[' {
		root, err := parseJSON(data)
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
		docs = append(docs, &Doc{File: name, Index: i, Root: root})
	}
	if len(docs) == 0 {
		diags.Errorf(diag.Pos{File: name, Line: 1, Col: 1}, "source/empty", "file holds no YAML document")
	}
	return docs, diags
}

func trimYAMLPrefix(s string) string {
	s = regexp.MustCompile(`^yaml: (line \d+: )?`).ReplaceAllString(s, "")
	return s
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

// looksTemplated recognises the template languages people keep task
// definitions in, to say so when such a file does not parse.
func looksTemplated(data []byte) bool {
	s := string(data)
	return strings.Contains(s, "{{") || strings.Contains(s, "${") || strings.Contains(s, "$(") ||
		strings.HasPrefix(strings.TrimSpace(s), "local ") || strings.Contains(s, "std.") ||
		regexp.MustCompile(`(?m)^\s*"?\$[A-Za-z_]`).MatchString(s)
}
