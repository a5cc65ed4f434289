package emit_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/internal/gen"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/config"
)

// TestValueTreeMatchesJSON holds the reflection path of Marshal and Tree
// to the JSON round trip it replaces, for every object of every golden
// case and of a generated batch, with numbers as float64 and as
// json.Number.
func TestValueTreeMatchesJSON(t *testing.T) {
	var runs [][]eksport.File
	var cfgs []config.Config
	for _, c := range golden.AllCases(t) {
		var cfg config.Config
		if c.Config != nil {
			cfg, _ = config.Parse("eksport.yaml", c.Config)
		}
		files := c.Inputs
		for _, e := range c.Environments {
			files = append(files, e.Files...)
		}
		runs = append(runs, files)
		cfgs = append(cfgs, cfg)
	}
	var batch []eksport.File
	for _, f := range gen.Inputs(300, 7) {
		batch = append(batch, eksport.File{Name: f.Name, Data: f.Data})
	}
	runs = append(runs, batch)
	cfgs = append(cfgs, config.Config{})
	objects, declined := 0, 0
	for i, files := range runs {
		res, err := eksport.Translate(context.Background(), eksport.Input{Files: files}, eksport.Options{Config: cfgs[i]})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range res.Objects {
			for _, useNumber := range []bool{false, true} {
				fast, ok, slow, err := emit.TreeBothWays(o, useNumber)
				if err != nil {
					t.Fatalf("%s: %v", o.ID(), err)
				}
				objects++
				if !ok {
					declined++
					continue
				}
				if !reflect.DeepEqual(fast, slow) {
					t.Errorf("%s (numbers as json.Number: %v): reflection gives\n%#v\nJSON gives\n%#v", o.ID(), useNumber, fast, slow)
				}
			}
		}
	}
	t.Logf("%d object trees compared, %d left to the JSON path", objects, declined)
	if objects == 0 || declined*10 > objects {
		t.Errorf("the reflection path declined %d of %d objects", declined, objects)
	}
}
