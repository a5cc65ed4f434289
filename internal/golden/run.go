package golden

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
	"sigs.k8s.io/yaml"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/internal/kcheck"
	"github.com/eksport/eksport/translate"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
)

// Case is what a golden case feeds to the translator.
type Case struct {
	Inputs []translate.File
	// Environments are the inputs of each environment the configuration
	// names (see FromDir).
	Environments []translate.Environment
	Config       []byte // eksport.yaml, if the case has one
	Options      translate.Options
}

// FromArchive reads a txtar case: sections under in/ are inputs, a section
// named eksport.yaml is the configuration. Cases leave out the migration
// checklist unless their comment asks for it with "[report]"; the
// end-to-end applications under golden/ always have it.
func FromArchive(ar *txtar.Archive) Case {
	var c Case
	c.Options.NoReport = !strings.Contains(string(ar.Comment), "[report]")
	for _, f := range ar.Files {
		switch {
		case strings.HasPrefix(f.Name, "in/"):
			c.Inputs = append(c.Inputs, translate.File{Name: f.Name, Data: f.Data})
		case f.Name == "eksport.yaml":
			c.Config = f.Data
		}
	}
	return c
}

// Translate runs a case through the library twice, with the inputs in
// opposite orders, checks that both runs give identical bytes, checks every
// emitted manifest in process, and returns the outputs: out/<file> for each
// generated file and "diagnostics" with every diagnostic as text.
func Translate(t *testing.T, c Case) Outputs {
	t.Helper()
	var cfgDiags diag.List
	opts := c.Options
	if c.Config != nil {
		opts.Config, cfgDiags = config.Parse("eksport.yaml", c.Config)
	}
	objectFiles := map[string]bool{}
	run := func(files []translate.File, envs []translate.Environment) Outputs {
		res, err := translate.Translate(context.Background(), translate.Input{Files: files, Environments: envs}, opts)
		if err != nil {
			t.Fatalf("translate: %v", err)
		}
		out := Outputs{}
		var b bytes.Buffer
		all := append(slices.Clone(cfgDiags), res.Diagnostics...)
		if err := diag.Print(&b, diag.Text, all, true); err != nil {
			t.Fatal(err)
		}
		out["diagnostics"] = b.Bytes()
		if res.Files != nil {
			for _, f := range res.Files.Files {
				out["out/"+f.Path] = f.Data
				if len(f.Objects) > 0 {
					objectFiles["out/"+f.Path] = true
				}
			}
		}
		return out
	}
	fwd := run(c.Inputs, c.Environments)
	rev := slices.Clone(c.Inputs)
	slices.Reverse(rev)
	var revEnvs []translate.Environment
	for _, e := range c.Environments {
		files := slices.Clone(e.Files)
		slices.Reverse(files)
		revEnvs = append([]translate.Environment{{Name: e.Name, Files: files}}, revEnvs...)
	}
	back := run(rev, revEnvs)
	for n, data := range fwd {
		if !bytes.Equal(data, back[n]) {
			t.Errorf("%s differs when the inputs are given in reverse order:\n%s", n, Diff("forward", data, "reversed", back[n]))
		}
	}
	for n, data := range fwd {
		if objectFiles[n] {
			CheckManifest(t, n, data)
		}
	}
	return fwd
}

// CheckManifest checks one generated YAML file: the header is there, every
// document decodes strictly and validates, and re-encoding gives the same
// bytes (so the output is canonical).
func CheckManifest(t *testing.T, name string, data []byte) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(emit.Header)) {
		t.Errorf("%s: missing the generated-file header", name)
	}
	for _, doc := range bytes.Split(bytes.TrimPrefix(data, []byte(emit.Header)), []byte("\n---\n")) {
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		for _, err := range kcheck.Document(doc) {
			t.Errorf("%s: %v", name, err)
		}
		var m map[string]any
		if err := yaml.Unmarshal(doc, &m); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		again, err := yaml.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(bytes.TrimSpace(again), bytes.TrimSpace(doc)) {
			t.Errorf("%s: re-encoding changes the document:\n%s", name, Diff("emitted", doc, "re-encoded", again))
		}
		if bytes.Contains(doc, []byte("creationTimestamp")) || bytes.HasPrefix(doc, []byte("status: {}")) || bytes.Contains(doc, []byte("\nstatus: {}")) {
			t.Errorf("%s: carries creationTimestamp or an empty status", name)
		}
	}
}

// Cases runs the package's testdata/*.txtar cases through the whole
// pipeline, as every front-end's and rule's golden test does.
func Cases(t *testing.T) {
	t.Helper()
	RunTxtar(t, "testdata/*.txtar", func(t *testing.T, ar *txtar.Archive) Outputs {
		return Translate(t, FromArchive(ar))
	})
}
