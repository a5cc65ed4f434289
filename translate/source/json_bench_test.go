package source

import (
	"testing"

	"github.com/eksport/eksport/internal/gen"
)

// BenchmarkJSONParsers parses the files of 1,000 generated inputs (one op
// is every file) with the fast parser (fastjson.go) and with the one
// built on encoding/json's tokens (json.go), which words the errors.
func BenchmarkJSONParsers(b *testing.B) {
	files := gen.Inputs(1000, 1)
	lines := make([][]int, len(files))
	for i, f := range files {
		lines[i] = []int{0}
		for j, c := range f.Data {
			if c == '\n' {
				lines[i] = append(lines[i], j+1)
			}
		}
	}
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			for i, f := range files {
				if _, ok := parseJSONFast(f.Data, lines[i], nil); !ok {
					b.Fatal("declined")
				}
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			for i, f := range files {
				if _, err := parseJSONChecked(f.Data, lines[i]); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
