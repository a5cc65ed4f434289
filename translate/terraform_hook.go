package translate

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ecs"
	"github.com/eksport/eksport/translate/source"
	"github.com/eksport/eksport/translate/terraform"
)

// terraformModules takes the Terraform files out of a run's files and
// decodes the ECS documents their module folders make into set.
func terraformModules(files []File, opts Options, policy diag.Policy, set *ecs.Set, diags *diag.List) (rest []File, unresolved bool) {
	var tf []terraform.File
	for _, f := range files {
		if !terraform.IsModuleFile(f.Name) {
			rest = append(rest, f)
			continue
		}
		data := f.Data
		if data == nil && f.Read != nil {
			var err error
			if data, err = f.Read(); err != nil {
				diags.Errorf(diag.Pos{File: f.Name}, "input/unreadable", "cannot read: %v", err)
				continue
			}
		}
		tf = append(tf, terraform.File{Name: f.Name, Data: data})
	}
	if len(tf) == 0 {
		return files, false
	}
	topts := terraformOptions(opts)
	// A file a module reads (a template, a JSON document) may be one of
	// the run's inputs.
	byName := map[string]File{}
	for _, f := range files {
		byName[f.Name] = f
	}
	read := topts.ReadFile
	topts.ReadFile = func(name string) ([]byte, error) {
		if f, ok := byName[name]; ok {
			if f.Data != nil || f.Read == nil {
				return f.Data, nil
			}
			return f.Read()
		}
		if read == nil {
			return nil, fmt.Errorf("%s is not among the inputs", name)
		}
		return read(name)
	}
	// Each document is decoded as soon as it is made, beside evaluation
	// (decodeDoc reads only the document: documents are decoded at once).
	topts.Made = func(doc *source.Doc) any { return decodeDoc(doc, policy) }
	res, d := terraform.Modules(tf, topts)
	diags.Append(d)
	var decoded []decodedDoc
	if res.Made != nil {
		decoded = make([]decodedDoc, len(res.Docs))
		for i, doc := range res.Docs {
			decoded[i] = res.Made[i].(decodedDoc)
			doc.Release()
		}
	} else {
		decoded = decodeDocs(res.Docs, policy)
	}
	// The list is grown once for all the documents' diagnostics, not
	// document after document.
	more := 0
	for _, dd := range decoded {
		more += len(dd.diags)
	}
	*diags = slices.Grow(*diags, more)
	for _, dd := range decoded {
		diags.Append(dd.diags)
		set.Merge(dd.part)
	}
	return rest, res.Unresolved
}

// decodedDoc is a Terraform document decoded, its task definitions
// translated, with what that found.
type decodedDoc struct {
	part  *ecs.Set
	diags diag.List
}

// decodeDoc decodes a document and translates its task definitions.
func decodeDoc(doc *source.Doc, policy diag.Policy) decodedDoc {
	var d diag.List
	part, _ := ecs.Decode(doc, &d)
	terraform.Explain(doc, d)
	for _, td := range part.TaskDefs {
		ecs.Prepare(td, &d, policy)
	}
	return decodedDoc{part: part, diags: d}
}

// decodeDocs decodes the documents of a module or plan, and translates
// their task definitions, on every core: each document needs no other
// (as parseAll decodes files). The results are in the documents' order.
func decodeDocs(docs []*source.Doc, policy diag.Policy) []decodedDoc {
	out := make([]decodedDoc, len(docs))
	decode := func(i int) {
		out[i] = decodeDoc(docs[i], policy)
		docs[i].Release()
	}
	workers := min(runtime.GOMAXPROCS(0), len(docs)/16)
	if workers < 2 {
		for i := range docs {
			decode(i)
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(docs); i = int(next.Add(1)) - 1 {
				decode(i)
			}
		})
	}
	wg.Wait()
	return out
}

func terraformOptions(opts Options) terraform.Options {
	topts := opts.Terraform
	topts.Placeholders = opts.Placeholders
	if topts.Region == "" {
		topts.Region = opts.Config.Region
	}
	if topts.AccountID == "" {
		topts.AccountID = opts.Config.Cluster.AccountID
	}
	return topts
}

// terraformPlan reads a plan or state file (terraform show -json) into
// the ECS documents of its resources, decoded.
func terraformPlan(name string, data []byte, opts Options, policy diag.Policy) parsedFile {
	res, d := terraform.Plan(name, data, terraformOptions(opts))
	p := parsedFile{docs: res.Docs, parts: make([]*ecs.Set, len(res.Docs)), unresolved: res.Unresolved}
	for i, dd := range decodeDocs(res.Docs, policy) {
		p.parts[i] = dd.part
		d.Append(dd.diags)
	}
	p.diags = d
	return p
}
