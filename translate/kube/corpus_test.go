package kube_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/rules/apiupgrade"
	"github.com/eksport/eksport/translate/diag"
)

func shared(t *testing.T) string { return golden.Shared(t) }

// TestCorpusManifests converts every file of the shared kOps and kube2iam
// corpus on its own, as `eksport convert FILE` does: each converts or is
// rejected with positioned errors, none panics, every manifest is valid,
// and no output carries a removed API version or a kube2iam annotation
// (unless kept on purpose). The table is logged (go test -v -run Corpus)
// for the closing note.
func TestCorpusManifests(t *testing.T) {
	var files []string
	for _, d := range []string{"kops-manifests", "kube2iam"} {
		got, err := filepath.Glob(filepath.Join(shared(t), "corpus", d, "*"))
		if err != nil || len(got) == 0 {
			t.Fatalf("no corpus files in %s: %v", d, err)
		}
		files = append(files, got...)
	}
	slices.Sort(files)
	var table []string
	converted := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f)
		for _, keep := range []bool{false, true} {
			res := convert(t, name, data, keep)
			if res == nil || keep {
				continue
			}
			if res.Files == nil {
				table = append(table, fmt.Sprintf("| %s | rejected | %s |", name, firstError(res.Diagnostics)))
				continue
			}
			converted++
			kinds := map[string]int{}
			for _, o := range res.Objects {
				kinds[o.Kind]++
			}
			var parts []string
			for _, k := range slices.Sorted(maps.Keys(kinds)) {
				parts = append(parts, fmt.Sprintf("%d %s", kinds[k], k))
			}
			what := strings.Join(parts, ", ")
			if what == "" {
				what = "no objects (kOps specs: node and add-on report only)"
			}
			table = append(table, fmt.Sprintf("| %s | converted | %s; %d warnings |", name, what, res.Diagnostics.Count(diag.Warning)))
		}
	}
	t.Logf("corpus kops-manifests + kube2iam: %d of %d converted\n%s", converted, len(files), strings.Join(table, "\n"))
}

var apiVersionRE = regexp.MustCompile(`apiVersion: (\S+)`)

func firstError(l diag.List) string {
	for _, d := range l {
		if d.Severity == diag.Error {
			return strings.ReplaceAll(d.String(), "|", `\|`)
		}
	}
	return ""
}

// convert translates one corpus file and checks the contract.
func convert(t *testing.T, name string, data []byte, keep bool) (res *eksport.Result) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: panic: %v", name, r)
			res = nil
		}
	}()
	res, err := eksport.Translate(context.Background(), eksport.Input{Files: []eksport.File{{Name: name, Data: data}}}, eksport.Options{KeepKube2iam: keep})
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return nil
	}
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error && (d.Pos.Line == 0 || d.Code == "") {
			t.Errorf("%s: error without a position or code: %s", name, d)
		}
	}
	if res.Files == nil {
		if !res.Diagnostics.HasErrors() {
			t.Errorf("%s: no output and no error", name)
		}
		return res
	}
	for _, f := range res.Files.Files {
		if !strings.HasSuffix(f.Path, ".yaml") {
			continue
		}
		golden.CheckManifest(t, name+"/"+f.Path, f.Data)
		for _, doc := range strings.Split(strings.TrimPrefix(string(f.Data), emit.Header), "\n---\n") {
			var head struct {
				APIVersion string `json:"apiVersion"`
				Kind       string `json:"kind"`
			}
			if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
				t.Errorf("%s/%s: %v", name, f.Path, err)
				continue
			}
			if apiupgrade.Removed(head.APIVersion, head.Kind) {
				t.Errorf("%s/%s: %s %s is a removed API version", name, f.Path, head.APIVersion, head.Kind)
			}
			// References to other objects (scaleTargetRef, owner
			// references) must not name a removed version either.
			for _, m := range apiVersionRE.FindAllStringSubmatch(doc, -1) {
				if apiupgrade.Removed(m[1], "") {
					t.Errorf("%s/%s: names the removed API version %s", name, f.Path, m[1])
				}
			}
			if !keep && strings.Contains(doc, "iam.amazonaws.com/") {
				t.Errorf("%s/%s: a kube2iam annotation is left:\n%s", name, f.Path, doc)
			}
		}
	}
	return res
}
