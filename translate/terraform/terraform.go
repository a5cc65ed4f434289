// Package terraform reads Terraform module folders (.tf and .tf.json) and
// plan or state files (terraform show -json), and hands the ECS front-end
// the documents it already reads: one synthetic source.Doc per ECS
// resource, in the AWS CLI shape, whose nodes carry the line and column of
// the Terraform expression that produced each value. Values that exist
// only at apply time become ir.Unresolved tokens.
package terraform

import (
	"path"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/ir"
	"slices"
	"strings"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/source"
)

// File is one input file of the run.
type File struct {
	Name string
	Data []byte
}

// Options are the run's Terraform settings.
type Options struct {
	// Vars are --var NAME=VALUE, in the order given; later ones win.
	Vars []string
	// VarFiles are --var-file paths, read with ReadFile, in order.
	VarFiles []string
	// ReadFile reads a file that is not among the run's inputs (a
	// template, a local module outside the walked folders, a var file).
	// Nil: such files cannot be read, and say so.
	ReadFile func(name string) ([]byte, error)
	// ReadDir lists the file names of a folder (for local modules
	// outside the run's inputs). Nil: only the run's inputs are modules.
	ReadDir func(dir string) ([]string, error)
	// Region and AccountID, when known from the configuration, complete
	// the ARNs of resources the module manages.
	Region    string
	AccountID string
	// Placeholders: names that exist only at apply time become visible
	// placeholders with a warning instead of errors.
	Placeholders bool
	// Made, when set, is called with each document of a module folder as
	// soon as it is made, while evaluation goes on, once per document, on
	// goroutines of the run's: several documents at once, in any order.
	// What it returns is the document's entry in Result.Made. It must leave the document as
	// it is. Without Placeholders, nothing changes a document once made,
	// so the run releases it (source.Doc.Release) as soon as Made returns:
	// Result.Docs then holds released documents. With Placeholders, the
	// run may still change them until Modules returns.
	Made func(doc *source.Doc) any
}

// IsModuleFile reports whether a file belongs to a Terraform module
// folder: .tf, .tf.json, .tfvars or .tfvars.json.
func IsModuleFile(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json") || strings.HasSuffix(n, ".tfvars") || strings.HasSuffix(n, ".tfvars.json")
}

func isConfigFile(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json")
}

// inCache reports whether a path lies inside a .terraform folder, where
// terraform init keeps providers and downloaded modules: such folders
// are never root modules.
func inCache(name string) bool {
	return slices.Contains(strings.Split(name, "/"), ".terraform")
}

// Result is what the module folders of a run produce.
type Result struct {
	// Docs are the synthetic ECS documents, in a stable order.
	Docs []*source.Doc
	// Unresolved is set when a document holds an ir.Unresolved token.
	Unresolved bool
	// Made holds what Options.Made returned, one entry per document; nil
	// without Options.Made, and when documents changed after they were
	// made (placeholders put in names that exist only at apply time).
	Made []any
}

// Modules evaluates every module folder among files: each folder holding
// a .tf or .tf.json file that no other folder of the run calls as a local
// module is a root module. Files that are not Terraform are ignored.
func Modules(files []File, opts Options) (Result, diag.List) {
	r := newRun(files, opts)
	var dirs []string
	seen := map[string]bool{}
	for _, f := range files {
		if !isConfigFile(f.Name) || inCache(f.Name) {
			continue
		}
		d := path.Dir(f.Name)
		if !seen[d] {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	slices.Sort(dirs)
	var ahead []string
	for _, d := range dirs {
		ahead = append(ahead, r.dirFiles(d)...)
	}
	r.parseAhead(ahead)
	// A folder another folder calls is evaluated through the call, with
	// its inputs.
	called := map[string]bool{}
	loaded := map[string]*module{}
	for _, d := range dirs {
		m := r.load(d, nil, "")
		loaded[d] = m
		for _, c := range m.calls {
			if c.dir != "" {
				called[c.dir] = true
			}
		}
	}
	for _, d := range dirs {
		if !called[d] {
			r.dropParsed(d)
		}
	}
	r.conv = newConverter(r)
	for _, d := range dirs {
		if called[d] {
			continue
		}
		m := loaded[d]
		m.root = true
		r.evaluate(m)
	}
	r.conv.finish()
	r.diags = append(r.diags, r.parseDiags...)
	res := Result{Docs: r.docs, Unresolved: r.unresolved && (r.conv.holdsTokens.Load() || docsHoldTokens(r.docs))}
	if r.opts.Made != nil && len(r.conv.made) == len(r.docs) {
		res.Made = r.conv.made
	}
	return res, r.diags
}

// docsHoldTokens reports whether a document holds an unresolved value: a
// token made for a value nothing translated reads (the region of a module
// whose resources need none) makes the run look for none.
func docsHoldTokens(docs []*source.Doc) bool {
	var walk func(n *yaml.Node) bool
	walk = func(n *yaml.Node) bool {
		if n.Kind == yaml.ScalarNode {
			return ir.HasUnresolved(n.Value)
		}
		for _, c := range n.Content {
			if walk(c) {
				return true
			}
		}
		return false
	}
	for _, d := range docs {
		if d.Root != nil && walk(d.Root) {
			return true
		}
	}
	return false
}
