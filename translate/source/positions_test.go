package source_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport/internal/gen"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ecs"
	"github.com/eksport/eksport/translate/source"
)

// recorded is what a decoder recorded, as the map from concrete path to
// position that decoders used to keep (the last recording of a path wins).
type recorded struct {
	t     *testing.T
	pos   map[string][2]int
	paths []string
}

func record(t *testing.T) (*recorded, func()) {
	r := &recorded{t: t, pos: map[string][2]int{}}
	restore := source.SetRecordHook(func(path string, h uint64, line, col int) {
		if want := source.HashPath(path); h != want {
			t.Errorf("%s recorded with hash %x, hashes to %x", path, h, want)
		}
		r.pos[path] = [2]int{line, col}
		r.paths = append(r.paths, path)
	})
	return r, restore
}

// pos is Decoder.Pos as it was with a map of path strings.
func (r *recorded) pos1(doc *source.Doc, path string) diag.Pos {
	for p := path; ; {
		if lc, ok := r.pos[p]; ok {
			return diag.Pos{File: doc.File, Doc: doc.Index, Line: lc[0], Col: lc[1], Path: path}
		}
		i := strings.LastIndexAny(p, ".[")
		if i <= 0 {
			break
		}
		p = p[:i]
	}
	return doc.Pos(doc.Root, path)
}

// check holds dec's positions to the map's, for every recorded path, the
// paths that enclose them and paths that were never recorded.
func (r *recorded) check(name string, doc *source.Doc, dec *source.Decoder) {
	t := r.t
	t.Helper()
	asks := []string{"", "nope", ".", "[", "[0]", ".x", "x.", "a..b", "a[[0]"}
	for _, p := range r.paths {
		asks = append(asks, p, p+".zz", p+"[7]", p+"z", p+".", p+"[", "."+p, "["+p, "x."+p)
		for i := range len(p) {
			if p[i] == '.' || p[i] == '[' {
				asks = append(asks, p[:i], p[:i+1])
			}
		}
	}
	for _, s := range dec.Seen {
		asks = append(asks, s.Path)
		if got, want := s.Pos(), doc.Pos(nil, s.Path); got.File != want.File || got.Doc != want.Doc || got.Path != s.Path || got.Line <= 0 {
			t.Errorf("%s: seen %s at %v", name, s.Path, got)
		}
	}
	bad := 0
	for _, p := range asks {
		got, want := dec.Pos(p), r.pos1(doc, p)
		if got != want && bad < 10 {
			bad++
			t.Errorf("%s: Pos(%q) = %#v, want %#v", name, p, got, want)
		}
		_, has := r.pos[p]
		if dec.Has(p) != has && bad < 10 {
			bad++
			t.Errorf("%s: Has(%q) = %v, want %v", name, p, !has, has)
		}
	}
}

// decoders returns the decoders of a decoded set.
func decoders(s *ecs.Set) []*source.Decoder {
	var out []*source.Decoder
	v := reflect.ValueOf(s).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		for j := range f.Len() {
			if d, ok := f.Index(j).Elem().FieldByName("Dec").Interface().(*source.Decoder); ok && d != nil {
				out = append(out, d)
			}
		}
	}
	return out
}

type namedFile struct {
	name string
	data []byte
}

func positionInputs(t *testing.T) []namedFile {
	var files []namedFile
	for _, f := range gen.Inputs(40, 7) {
		files = append(files, namedFile{f.Name, f.Data})
	}
	inputs := 0
	err := filepath.WalkDir("../../golden", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.Contains(p, "/input/") {
			return err
		}
		data, err := os.ReadFile(p)
		files = append(files, namedFile{p, data})
		inputs++
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	archives, _ := filepath.Glob("../ecs/testdata/*.txtar")
	ruleCases, _ := filepath.Glob("../../rules/*/testdata/*.txtar")
	archives = append(archives, ruleCases...)
	for _, p := range archives {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if !golden.IsOutput(f.Name) {
				files = append(files, namedFile{p + ":" + f.Name, f.Data})
			}
		}
	}
	if inputs == 0 || len(archives) == 0 {
		t.Fatal("no golden inputs found")
	}
	return files
}

// TestPositionsAsMap holds the decoders' hashed positions to the map of
// path strings they replace, on every ECS input of the test suites.
func TestPositionsAsMap(t *testing.T) {
	n := 0
	for _, f := range positionInputs(t) {
		docs, diags := source.Parse(f.name, f.data)
		for _, doc := range docs {
			r, restore := record(t)
			set, _ := ecs.Decode(doc, &diags)
			restore()
			decs := decoders(set)
			if len(decs) == 0 {
				continue
			}
			for _, d := range decs[1:] {
				if d != decs[0] {
					t.Fatalf("%s: several decoders for one document", f.name)
				}
			}
			r.check(f.name, doc, decs[0])
			doc.Release()
			r.check(f.name+" (released)", doc, decs[0])
			n++
		}
	}
	if n < 50 {
		t.Errorf("only %d documents checked", n)
	}
}

// TestPositionsSamePath covers a path recorded twice, which keys holding
// dots or brackets allow: the last recording wins, as in a map.
func TestPositionsSamePath(t *testing.T) {
	for _, src := range []string{
		"nested:\n  a:\n    family: x\n  a.family: {}\n",
		"nested:\n  a.family: {}\n  a:\n    family: x\n",
		"capacityProviders:\n  p[0]: {containerPort: 1}\n  p: {}\ndockerLabels:\n  a.b: x\n  'a': y\n",
		"containerDefinitions:\n  - name: a\n    portMappings:\n      - containerPort: 1\n",
	} {
		docs, diags := source.Parse("s.yaml", []byte(src))
		if len(docs) != 1 {
			t.Fatalf("%q: %v", src, diags)
		}
		r, restore := record(t)
		var v fuzzShape
		dec := source.NewDecoder(docs[0], &diags, "test")
		dec.Decode(docs[0].Root, "", "", &v)
		// Decoding again into the same decoder records every path again.
		var w fuzzShape
		dec.Decode(docs[0].Root, "", "", &w)
		restore()
		r.check(src, docs[0], dec)
	}
}

// TestPositionsBase covers decoding under a base path, as a bare list of
// containers is.
func TestPositionsBase(t *testing.T) {
	docs, diags := source.Parse("c.json", []byte("[\n  {\"name\": \"a\", \"portMappings\": [{\"containerPort\": 80}]},\n  {\"name\": \"b\"}\n]\n"))
	r, restore := record(t)
	var v []fuzzContainer
	dec := source.NewDecoder(docs[0], &diags, "test")
	dec.Decode(docs[0].Root, "containerDefinitions", "containerDefinitions[]", &v)
	restore()
	if p := dec.Pos("containerDefinitions[0].portMappings[0].containerPort"); p.Line != 2 || p.Col != 35 {
		t.Errorf("containerPort at %v", p)
	}
	// Not present: the element's position.
	if p := dec.Pos("containerDefinitions[1].image"); p.Line != 3 || p.Col != 3 {
		t.Errorf("containerDefinitions[1].image at %v", p)
	}
	r.check("c.json", docs[0], dec)

	// A one-letter base: the first byte is never cut at, the second is.
	docs, diags = source.Parse("c.json", []byte("[{\"name\": \"a\"}]"))
	r, restore = record(t)
	dec = source.NewDecoder(docs[0], &diags, "test")
	dec.Decode(docs[0].Root, "c", "c[]", &v)
	restore()
	r.check("c.json (base c)", docs[0], dec)

	// One-letter fields: the search cuts at the second byte.
	type oneLetter struct {
		A *oneLetter `json:"a"`
		B []string   `json:"b"`
	}
	docs, diags = source.Parse("o.yaml", []byte("a: {a: {b: [x]}}\nb: [y, z]\n"))
	r, restore = record(t)
	var o oneLetter
	dec = source.NewDecoder(docs[0], &diags, "test")
	dec.Decode(docs[0].Root, "", "", &o)
	restore()
	if p := dec.Pos("b[5]"); p.Line != 2 || p.Col != 1 {
		t.Errorf("b[5] at %v", p)
	}
	r.check("o.yaml", docs[0], dec)
}
