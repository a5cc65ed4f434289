package ecs_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ecs"
	"github.com/eksport/eksport/translate/source"
)

// A batch holds task definitions packed (Kubernetes' protobuf encoding of
// the pod template) until they are used: every task definition of every
// case must come back from the round trip as the same manifest.
func TestPackedTemplatesComeBackTheSame(t *testing.T) {
	// The front-end's cases and the rules' (which hold the task
	// definitions of scaling, storage, secrets and identity cases).
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	ruleCases, err := filepath.Glob("../../rules/*/testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, ruleCases...)
	// The shared corpus's task definitions too: real ones, from public
	// repositories.
	corpusData := map[string][]byte{}
	corpus, err := filepath.Glob(filepath.Join(golden.Shared(t), "corpus", "taskdefs", "*"))
	if err != nil || len(corpus) == 0 {
		t.Fatalf("no corpus task definitions (%v)", err)
	}
	for _, c := range corpus {
		data, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, c)
		corpusData[c] = data
	}
	checked := 0
	for _, file := range files {
		var ar *txtar.Archive
		if data, ok := corpusData[file]; ok {
			ar = &txtar.Archive{Files: []txtar.File{{Name: "in/" + filepath.Base(file), Data: data}}}
		} else if ar, err = txtar.ParseFile(file); err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if !strings.HasPrefix(f.Name, "in/") {
				continue
			}
			docs, _ := source.Parse(f.Name, f.Data)
			for _, doc := range docs {
				var diags diag.List
				set, _ := ecs.Decode(doc, &diags)
				if set == nil {
					continue
				}
				for _, in := range set.TaskDefs {
					w := ecs.Translate(in, &diags)
					if w == nil {
						continue
					}
					want, err := json.Marshal(w.Template)
					if err != nil {
						t.Fatal(err)
					}
					ecs.Pack(w)
					if w.Packed == nil || w.Template != nil {
						t.Errorf("%s %s: not packed", file, f.Name)
						continue
					}
					if err := ecs.Unpack(w); err != nil {
						t.Fatal(err)
					}
					got, _ := json.Marshal(w.Template)
					if !bytes.Equal(got, want) {
						t.Errorf("%s %s: the template changed in the round trip:\n%s\nwant\n%s", file, f.Name, got, want)
					}
					checked++
				}
			}
		}
	}
	if checked < 150 {
		t.Errorf("only %d task definitions checked", checked)
	}
	t.Logf("%d task definitions", checked)
}
