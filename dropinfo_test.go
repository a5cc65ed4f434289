package eksport_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/translate/diag"
)

// An input given twice reports its Info diagnostics twice, and the sorted
// list keeps one of each: a run without them counts them the same way, so
// its checklist holds the same counts (Translate and Stream alike).
func TestDropInfoCountsRepeatsOnce(t *testing.T) {
	td := []byte(`{"family": "Web_App", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 128, "essential": false}, {"name": "main", "image": "nginx:1.27", "memory": 128}]}`)
	in := eksport.Input{Files: []eksport.File{{Name: "a.json", Data: td}, {Name: "a.json", Data: td}}}
	checklist := func(opts eksport.Options, stream bool) []byte {
		t.Helper()
		var files []emit.File
		if stream {
			if _, err := eksport.Stream(context.Background(), in, opts, func(f emit.File) error {
				data, err := f.Content()
				files = append(files, emit.File{Path: f.Path, Data: bytes.Clone(data)})
				return err
			}); err != nil {
				t.Fatal(err)
			}
		} else {
			res, err := eksport.Translate(context.Background(), in, opts)
			if err != nil || res.Files == nil {
				t.Fatal(err, res.Diagnostics)
			}
			files = res.Files.Files
		}
		for _, f := range files {
			if f.Path == "migration-checklist.json" {
				return f.Data
			}
		}
		t.Fatal("no checklist")
		return nil
	}
	// The second copy's workload has the first one's name: the collision
	// is turned off, and the first is written.
	quiet := diag.Policy{Override: map[string]string{"names/collision": "off"}}
	want := checklist(eksport.Options{Policy: quiet}, false)
	if !bytes.Contains(want, []byte(`"info": `)) {
		t.Fatalf("the case makes no Info diagnostic:\n%s", want)
	}
	for _, stream := range []bool{false, true} {
		if got := checklist(eksport.Options{Policy: quiet, DropInfo: true}, stream); !bytes.Equal(got, want) {
			t.Errorf("stream %v: the checklist without infos differs:\n%s\nwant\n%s", stream, got, want)
		}
	}
}
