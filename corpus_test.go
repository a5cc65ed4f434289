package eksport_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/diag"
)

// shared is where the project's shared material lives, beside the checkout.
func shared(t *testing.T) string { return golden.Shared(t) }

// TestCorpusTaskDefinitions converts every real task definition in the
// shared corpus, one at a time: each converts, or is rejected with
// positioned errors; none panics; every manifest is valid. The table is
// logged (go test -v -run Corpus) for the closing note.
func TestCorpusTaskDefinitions(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(shared(t), "corpus", "taskdefs", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files: %v", err)
	}
	slices.Sort(files)
	var table []string
	converted := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		var res *eksport.Result
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic: %v", name, r)
				}
			}()
			res, err = eksport.Translate(context.Background(), eksport.Input{Files: []eksport.File{{Name: name, Data: data}}}, eksport.Options{})
		}()
		if err != nil || res == nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, d := range res.Diagnostics {
			if d.Severity == diag.Error && (d.Pos.Line == 0 || d.Code == "") {
				t.Errorf("%s: error without a position or code: %s", name, d)
			}
			if d.Code == "ecs/no-disposition" {
				t.Errorf("%s: %s", name, d)
			}
		}
		if res.Files == nil {
			first := ""
			for _, d := range res.Diagnostics {
				if d.Severity == diag.Error {
					first = d.String()
					break
				}
			}
			table = append(table, fmt.Sprintf("rejected\t%s\t%s", name, first))
			continue
		}
		converted++
		objs := 0
		for _, out := range res.Files.Files {
			if !strings.HasSuffix(out.Path, ".yaml") {
				continue
			}
			golden.CheckManifest(t, name+"/"+out.Path, out.Data)
			objs += len(out.Objects)
		}
		table = append(table, fmt.Sprintf("converted\t%s\t%d objects, %d warnings", name, objs, res.Diagnostics.Count(diag.Warning)))
	}
	t.Logf("corpus/taskdefs: %d of %d converted\n%s", converted, len(files), strings.Join(table, "\n"))
}
