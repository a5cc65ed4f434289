package eksport_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate"
)

// secretName matches the names of fields and variables whose values are
// credentials. It is written independently of the translator's own rule, so
// that a change there cannot quietly make this test pass.
var secretName = regexp.MustCompile(`(?i)(password|passwd|secret|token|api_?key|access_?key|private_?key|credential)`)

// secretValues returns the values of secret-looking fields in a JSON or
// YAML input: plain environment variables ({"name": ..., "value": ...}
// pairs) and object members whose key looks like a credential.
func secretValues(data []byte) []string {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []string
	for dec.Decode(&root) == nil {
		collect(&root, &out)
		root = yaml.Node{}
	}
	return out
}

func collect(n *yaml.Node, out *[]string) {
	if n.Kind == yaml.MappingNode {
		var name, value string
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			switch {
			case k.Value == "name" && v.Kind == yaml.ScalarNode:
				name = v.Value
			case k.Value == "value" && v.Kind == yaml.ScalarNode:
				value = v.Value
			case k.Value == "secretName":
				// Kubernetes manifests name a Secret here (Ingress TLS,
				// volumes): a reference, not a credential.
			case v.Kind == yaml.ScalarNode && secretName.MatchString(k.Value):
				keep(v.Value, out)
			}
		}
		if secretName.MatchString(name) {
			keep(value, out)
		}
	}
	for _, c := range n.Content {
		collect(c, out)
	}
}

// keep records values that look like secrets rather than references,
// switches or placeholders.
func keep(v string, out *[]string) {
	if len(v) < 6 || strings.HasPrefix(v, "arn:") || strings.HasPrefix(v, "/") || strings.ContainsAny(v, "<>{}$") ||
		v == "true" || v == "false" || strings.HasPrefix(v, "http") {
		return
	}
	*out = append(*out, v)
}

// TestNoSecretValueInOutput checks every golden output (txtar cases and
// end-to-end applications, whose outputs the golden tests hold equal to what
// eksport produces) and the output of every corpus task definition: none may
// contain the value of a secret-looking field of its inputs.
func TestNoSecretValueInOutput(t *testing.T) {
	checked := 0
	archives, _ := filepath.Glob("translate/*/testdata/*.txtar")
	ruleCases, _ := filepath.Glob("rules/*/testdata/*.txtar")
	archives = append(archives, ruleCases...)
	for _, file := range archives {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var secrets []string
		for _, f := range ar.Files {
			if strings.HasPrefix(f.Name, "in/") {
				secrets = append(secrets, secretValues(f.Data)...)
			}
		}
		for _, f := range ar.Files {
			if strings.HasPrefix(f.Name, "in/") {
				continue
			}
			for _, s := range secrets {
				if bytes.Contains(f.Data, []byte(s)) {
					t.Errorf("%s: section %s contains the secret value %q", file, f.Name, s)
				}
			}
		}
		checked += len(secrets)
	}
	apps, _ := filepath.Glob("golden/*/input")
	for _, in := range apps {
		var secrets []string
		filepath.WalkDir(in, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := os.ReadFile(p)
				secrets = append(secrets, secretValues(data)...)
			}
			return nil
		})
		filepath.WalkDir(filepath.Join(filepath.Dir(in), "expected"), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, _ := os.ReadFile(p)
			for _, s := range secrets {
				if bytes.Contains(data, []byte(s)) {
					t.Errorf("%s contains the secret value %q", p, s)
				}
			}
			return nil
		})
		checked += len(secrets)
	}
	corpus, _ := filepath.Glob(filepath.Join("..", "shared", "corpus", "taskdefs", "*"))
	if len(corpus) == 0 {
		t.Fatal("no corpus task definitions at ../shared/corpus/taskdefs")
	}
	for _, file := range corpus {
		data, _ := os.ReadFile(file)
		secrets := secretValues(data)
		res, err := translate.Translate(context.Background(), translate.Input{Files: []translate.File{{Name: filepath.Base(file), Data: data}}}, translate.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var outputs [][]byte
		for _, d := range res.Diagnostics {
			outputs = append(outputs, []byte(d.String()+strings.Join(d.Notes, "\n")+d.Fix))
		}
		if res.Files != nil {
			for _, f := range res.Files.Files {
				outputs = append(outputs, f.Data)
			}
		}
		for _, out := range outputs {
			for _, s := range secrets {
				if bytes.Contains(out, []byte(s)) {
					t.Errorf("corpus %s: output contains the secret value %q", filepath.Base(file), s)
				}
			}
		}
		checked += len(secrets)
	}
	if checked == 0 {
		t.Fatal("no secret-looking values found in any input: the test checks nothing")
	}
	t.Logf("checked %d secret-looking values", checked)
}
