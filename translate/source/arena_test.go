package source_test

import (
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/source"
)

// A tree built in a reset Arena, from nodes and lists that held another
// file's tree, is the tree Parse builds on the heap; its Content lists
// cannot grow into each other.
func TestArenaReuse(t *testing.T) {
	files := []string{
		`{"family": "a", "containerDefinitions": [{"name": "x", "image": "i:1", "environment": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}]}`,
		`[1, 2, {"k": [true, false, null]}, "s", -3.5e2]`,
		`{"only": {}}`,
		`{"family": "b", "containerDefinitions": [{"name": "y", "image": "i:2", "command": ["a", "b", "c", "d", "e"]}], "volumes": []}`,
	}
	var a source.Arena
	for round := 0; round < 3; round++ {
		for i, f := range files {
			a.Reset()
			got, d := source.ParseIn("f.json", []byte(f), &a)
			want, _ := source.Parse("f.json", []byte(f))
			if d.HasErrors() || len(got) != 1 || len(want) != 1 {
				t.Fatalf("file %d: %v", i, d)
			}
			if g, w := dumpNode(got[0].Root), dumpNode(want[0].Root); g != w {
				t.Fatalf("round %d, file %d: the arena's tree differs:\n%s\nwant:\n%s", round, i, g, w)
			}
			var walk func(n *yaml.Node)
			walk = func(n *yaml.Node) {
				if cap(n.Content) != len(n.Content) {
					t.Errorf("file %d: a Content list of %d items has room for %d", i, len(n.Content), cap(n.Content))
				}
				for _, c := range n.Content {
					walk(c)
				}
			}
			walk(got[0].Root)
		}
	}
	if !a.Kept() {
		t.Error("an arena that held four small files is not kept")
	}
}
