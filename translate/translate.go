// Package translate reads eksport's inputs into the intermediate model:
// each input file is parsed (translate/source) and read by its front-end
// (translate/ecs, translate/kube), and Build links what they read into
// one ir.Model. What happens to the model next (rules, lowering, emitters)
// is the module root's (eksport.Translate).
package translate

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/eksport/eksport/translate/cloudformation"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ecs"
	"github.com/eksport/eksport/translate/ir"
	"github.com/eksport/eksport/translate/kube"
	"github.com/eksport/eksport/translate/source"
	"github.com/eksport/eksport/translate/terraform"
)

// File is one input file. Name is used in diagnostics and to order inputs.
type File struct {
	Name string
	Data []byte
	// Read, when Data is nil, reads the file when the run gets to it; the
	// bytes are dropped once the file is parsed, so that a large batch
	// never holds every input at once. An error becomes an
	// input/unreadable diagnostic.
	Read func() ([]byte, error)
	// Walked is set for a file found by walking a folder rather than
	// named: one eksport does not recognise (a CI workflow, a compose
	// file, Helm values) is then skipped with an Info line.
	Walked bool
}

// Options say how Build reads a run's inputs.
type Options struct {
	Config config.Config
	// Namespace, when not empty, is where every workload and namespaced
	// object goes.
	Namespace string
	// Filter, when not nil, sees each batch of diagnostics as it is made
	// and returns those to keep (the caller's Info diagnostics it will not
	// show).
	Filter func(diag.List) diag.List
	// Policy is the run's diagnostic policy: front-ends that drop what an
	// error is about need to know whether the error was lowered.
	Policy diag.Policy
	// CloudFormation are the parameters and pseudo parameters of the
	// run's templates.
	CloudFormation cloudformation.Options
	// Terraform holds --var, --var-file and how to read the files a
	// module refers to.
	Terraform terraform.Options
	// Placeholders writes a visible placeholder, with a warning, for each
	// value that exists only at apply time instead of stopping on an
	// error (--placeholders).
	Placeholders bool
}

// Build reads one run's input files into the intermediate model, as the
// front-ends and linking leave it, before any rule: every workload and
// every object read from manifests. The error is for cancellation only;
// problems with the input are diagnostics.
func Build(ctx context.Context, files []File, opts Options) (*ir.Model, diag.List, error) {
	cfg, ns, filter := opts.Config, opts.Namespace, opts.Filter
	if filter == nil {
		filter = func(l diag.List) diag.List { return l }
	}
	var diags diag.List
	files = slices.Clone(files)
	slices.SortStableFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	model := &ir.Model{}
	set := &ecs.Set{}
	kset := &kube.Set{}
	// Parsing and decoding are the per-file work that needs no other
	// file: they run on every core, and the results are consumed in
	// sorted file order so that output never depends on scheduling.
	files, model.Unresolved = terraformModules(files, opts, opts.Policy, set, &diags)
	parsed := parseAll(ctx, files, opts, opts.Policy)
	var templates []*source.Doc // CloudFormation, converted once all are read
	for i := range files {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		p := <-parsed[i]
		if files[i].Walked && unrecognised(p.diags) {
			diags.Append(filter(skipped(files[i].Name, p.diags)))
			continue
		}
		diags.Append(filter(p.diags))
		model.Unresolved = model.Unresolved || p.unresolved
		for j, doc := range p.docs {
			if p.parts[j] != nil {
				set.Merge(p.parts[j])
				continue
			}
			if cloudformation.Claim(doc) != cloudformation.NotMine {
				templates = append(templates, doc)
				continue
			}
			kset.Add(doc, &diags)
			doc.Release()
		}
	}
	var cfn *cloudformation.Result
	if len(templates) > 0 {
		cfn = cloudformation.Build(templates, opts.CloudFormation, &diags)
		set.Merge(cfn.Set)
		model.Unresolved = model.Unresolved || cfn.Unresolved
	}
	model.Workloads = ecs.Build(set, cfg, &diags)
	cfn.NoteIncluded(diags)
	if model.Unresolved {
		ReadableDiags(diags)
	}
	diags = filter(diags)
	model.Objects = kset.Objects
	model.Kops = kset.Kops
	// Before the rules, so that the ServiceAccounts and bindings they
	// make name the namespace the objects end up in.
	kube.SetNamespace(model.Objects, ns)
	for _, w := range model.Workloads {
		if ns != "" {
			w.Namespace = ns
		}
	}
	return model, diags, nil
}

type parsedFile struct {
	docs []*source.Doc
	// parts[i] holds the ECS objects decoded from docs[i], nil for a
	// Kubernetes manifest: the manifest reader keeps state across
	// documents (duplicates), so manifests are read in order.
	parts []*ecs.Set
	diags diag.List
	// unresolved: a Terraform plan put ir.Unresolved tokens in the docs.
	unresolved bool
}

// parseAll parses files and decodes their ECS documents concurrently, on
// GOMAXPROCS workers; the i-th channel delivers the i-th file. A decoded
// document's tree is released at once, so that files parsed ahead of the
// consumer do not hold a batch's trees. The workers live for the whole
// run rather than one goroutine per file: the parser and decoder recurse,
// and each new goroutine grew its stack again (copying it a few times per
// file, 2.5% of a batch's CPU).
func parseAll(ctx context.Context, files []File, opts Options, policy diag.Policy) []chan parsedFile {
	out := make([]chan parsedFile, len(files))
	for i := range out {
		out[i] = make(chan parsedFile, 1)
	}
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		go func() {
			for i := int(next.Add(1)) - 1; i < len(files); i = int(next.Add(1)) - 1 {
				if ctx.Err() != nil {
					out[i] <- parsedFile{}
					continue
				}
				out[i] <- parseOne(files[i], opts, policy)
			}
		}()
	}
	return out
}

// parseOne reads, parses and decodes one file.
func parseOne(f File, opts Options, policy diag.Policy) parsedFile {
	data := f.Data
	if data == nil && f.Read != nil {
		var err error
		if data, err = f.Read(); err != nil {
			var d diag.List
			d.Errorf(diag.Pos{File: f.Name}, "input/unreadable", "cannot read: %v", err)
			return parsedFile{diags: d}
		}
	}
	if terraform.IsPlan(data) {
		return terraformPlan(f.Name, data, opts, policy)
	}
	arena := arenas.Get().(*source.Arena)
	docs, d := source.ParseIn(f.Name, data, arena)
	parts := make([]*ecs.Set, len(docs))
	released := true
	for j, doc := range docs {
		if cloudformation.Claim(doc) != cloudformation.NotMine {
			released = false // evaluated with the run's other templates
		} else if !kube.Detect(doc) {
			parts[j], _ = ecs.Decode(doc, &d)
			doc.Release()
			// Task definitions are translated here, on every
			// core, and only their workloads are kept.
			for _, td := range parts[j].TaskDefs {
				ecs.Prepare(td, &d, policy)
			}
		} else {
			released = false // the manifest reader keeps the tree
		}
	}
	// Nothing of the ECS documents' trees is kept (their values
	// are strings of their own, positions are numbers): the
	// next file may reuse the nodes.
	if released && arena.Kept() {
		arena.Reset()
		arenas.Put(arena)
	}
	return parsedFile{docs: docs, parts: parts, diags: d}
}

// arenas hold the parse workers' node slabs between files.
var arenas = sync.Pool{New: func() any { return new(source.Arena) }}

// Extensions are the file name endings read from folders.
var Extensions = []string{".json", ".yaml", ".yml"}
