package terraform

import (
	"encoding/json"
	"fmt"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
	"github.com/eksport/eksport/translate/source"
)

// run holds what every module of one run shares.
type run struct {
	opts   Options
	files  map[string][]byte // the run's inputs, by name
	byDir  map[string][]string
	parsed map[string]*hcl.File
	// contents are the top-level contents read ahead (parseAhead), until
	// load takes them.
	contents map[string]*fileContent
	// early holds the files parsed ahead, in parallel (parseAhead),
	// until parse hands them out: their diagnostics are reported when
	// parse would have made them.
	early map[string]parsedFile
	// vars are the references of expressions (traversals).
	vars map[hcl.Expression][]hcl.Traversal
	// conv makes the documents of evaluated resources; evaluating counts
	// the resources being evaluated (evalResource calls under way).
	conv       *converter
	evaluating int
	// parseDiags are reported once, however often a file is loaded.
	parseDiags diag.List
	// dropped are the files parsed, reported and no longer cached
	// (dropParsed): a module call that loads one again parses it again,
	// silently.
	dropped    map[string]bool
	diags      diag.List
	docs       []*source.Doc
	docIndex   map[string]int // next Doc.Index per file
	unresolved bool
	// outOfScope remembers the resource types already listed, per module
	// folder.
	outOfScope map[string]bool
	depth      int
	// nameTokens are the unresolved values names hold (noteNames).
	nameTokens []ir.Unresolved
	nameSeen   map[string]bool
}

func newRun(files []File, opts Options) *run {
	r := &run{opts: opts, files: map[string][]byte{}, byDir: map[string][]string{},
		parsed: map[string]*hcl.File{}, docIndex: map[string]int{}, outOfScope: map[string]bool{}, nameSeen: map[string]bool{}}
	for _, f := range files {
		r.files[f.Name] = f.Data
		d := path.Dir(f.Name)
		r.byDir[d] = append(r.byDir[d], f.Name)
	}
	for d := range r.byDir {
		slices.Sort(r.byDir[d])
	}
	return r
}

// readFile reads a run input, or through Options.ReadFile.
func (r *run) readFile(name string) ([]byte, error) {
	if data, ok := r.files[name]; ok {
		return data, nil
	}
	if r.opts.ReadFile == nil {
		return nil, fmt.Errorf("%s is not among the inputs", name)
	}
	return r.opts.ReadFile(name)
}

// dirFiles lists the Terraform configuration files of a folder.
func (r *run) dirFiles(dir string) []string {
	var out []string
	names := r.byDir[dir]
	if len(names) == 0 && r.opts.ReadDir != nil {
		list, err := r.opts.ReadDir(dir)
		if err == nil {
			for _, n := range list {
				names = append(names, path.Join(dir, n))
			}
		}
	}
	for _, n := range names {
		if isConfigFile(n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

func (r *run) parse(name string) *hcl.File {
	if f, ok := r.parsed[name]; ok {
		return f
	}
	p, ok := r.early[name]
	if ok {
		delete(r.early, name)
		if len(p.vars) > 0 && r.vars == nil {
			r.vars = make(map[hcl.Expression][]hcl.Traversal, len(p.vars)*len(r.early))
		}
		for e, t := range p.vars {
			r.vars[e] = t
		}
	} else {
		p = r.parseFile(name)
	}
	if !r.dropped[name] {
		if p.err != nil {
			r.parseDiags.Errorf(diag.Pos{File: name}, "input/unreadable", "cannot read: %v", p.err)
		}
		addHCL(&r.parseDiags, p.diags, syntaxProblem)
	}
	r.parsed[name] = p.file
	if p.content != nil {
		if r.contents == nil {
			r.contents = map[string]*fileContent{}
		}
		r.contents[name] = p.content
	}
	return p.file
}

// dropParsed lets go of the syntax trees of a folder's files, once its
// module is loaded and no other module is known to call it: its
// resources keep their own blocks only until their documents are made
// (release), so that the trees of a large module do not all stay until
// evaluation ends.
func (r *run) dropParsed(dir string) {
	for _, name := range r.dirFiles(dir) {
		if _, ok := r.parsed[name]; !ok {
			continue
		}
		delete(r.parsed, name)
		if r.dropped == nil {
			r.dropped = map[string]bool{}
		}
		r.dropped[name] = true
	}
}

// release lets go of what an evaluated resource no longer needs once its
// documents are made: its body (and the references found in it) and its
// instances. What other expressions see of it (value) and where it is
// declared (the block's ranges) stay. The syntax tree itself is never
// changed: another instance of the module may share it.
func (r *run) release(m *module, res *resource) {
	if res.mode != "resource" || m.state[res.key] != 2 || res.block.Body == nil {
		return
	}
	if sb := syntaxBody(res.block.Body); sb != nil && r.vars != nil {
		var walk func(b *hclsyntax.Body)
		walk = func(b *hclsyntax.Body) {
			for _, a := range b.Attributes {
				delete(r.vars, a.Expr)
			}
			for _, c := range b.Blocks {
				walk(c.Body)
			}
		}
		walk(sb)
	}
	b := res.block
	res.block = &hcl.Block{Type: b.Type, Labels: b.Labels, DefRange: b.DefRange, TypeRange: b.TypeRange, LabelRanges: b.LabelRanges}
	res.instances = nil
}

// parsedFile is a file parsed, not yet reported.
type parsedFile struct {
	file  *hcl.File
	diags hcl.Diagnostics
	err   error
	// vars are the references of its expressions, found ahead by
	// parseAhead (run.traversals).
	vars map[hcl.Expression][]hcl.Traversal
	// content is its top-level content, read ahead by parseAhead for
	// load, with the count and for_each of its resources (readMeta).
	content *fileContent
}

// fileContent is a file's top-level blocks as load reads them.
type fileContent struct {
	content *hcl.BodyContent
	diags   hcl.Diagnostics
	meta    map[*hcl.Block]resourceMeta
}

// resourceMeta are a resource block's count and for_each.
type resourceMeta struct{ count, forEach hcl.Expression }

// readContent reads a parsed file's top-level content ahead of load.
func (p *parsedFile) readContent() {
	if p.file == nil {
		return
	}
	c := &fileContent{meta: map[*hcl.Block]resourceMeta{}}
	c.content, c.diags = rootContent(p.file.Body)
	for _, b := range c.content.Blocks {
		if b.Type == "resource" || b.Type == "data" {
			c.meta[b] = readMeta(b)
		}
	}
	p.content = c
}

// parseFile reads and parses a file, as hclparse does, without
// remembering it: it runs on any goroutine.
func (r *run) parseFile(name string) parsedFile {
	data, err := r.readFile(name)
	var p parsedFile
	switch {
	case err != nil:
		p.err = err
	case strings.HasSuffix(strings.ToLower(name), ".json"):
		p.file, p.diags = hcljson.Parse(data, name)
	default:
		p.file, p.diags = hclsyntax.ParseConfig(data, name, hcl.InitialPos)
	}
	return p
}

// findTraversals finds the references of every expression of a native
// syntax file, which evaluation reads (run.traversals): on the parsing
// goroutine, while the file is fresh in its cache.
func (p *parsedFile) findTraversals() {
	if p.file == nil {
		return
	}
	body, ok := p.file.Body.(*hclsyntax.Body)
	if !ok {
		return
	}
	p.vars = map[hcl.Expression][]hcl.Traversal{}
	var walk func(b *hclsyntax.Body)
	walk = func(b *hclsyntax.Body) {
		for _, a := range b.Attributes {
			if !literalExpr(a.Expr) {
				p.vars[a.Expr] = a.Expr.Variables()
			}
		}
		for _, c := range b.Blocks {
			walk(c.Body)
		}
	}
	walk(body)
}

// parseAhead parses the named run inputs on every core: files do not
// depend on each other. parse then hands them out in its own order, so
// that diagnostics keep theirs.
func (r *run) parseAhead(names []string) {
	workers := min(runtime.GOMAXPROCS(0), len(names)/8)
	if workers < 2 {
		return // not worth a goroutine
	}
	out := make([]parsedFile, len(names))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(names) {
					return
				}
				out[i] = r.parseFile(names[i])
				out[i].findTraversals()
				out[i].readContent()
			}
		})
	}
	wg.Wait()
	if r.early == nil {
		r.early = make(map[string]parsedFile, len(names))
	}
	for i, n := range names {
		r.early[n] = out[i]
	}
}

// hclProblem says which stage an HCL diagnostic comes from.
type hclProblem int

const (
	syntaxProblem hclProblem = iota // parsing
	evalProblem                     // evaluating an expression
	typeProblem                     // a type constraint
)

// addHCL turns HCL diagnostics into eksport's, at their subject.
func addHCL(l *diag.List, hd hcl.Diagnostics, stage hclProblem) {
	for _, d := range hd {
		pos := diag.Pos{}
		if d.Subject != nil {
			pos = rangePos(*d.Subject)
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		switch {
		case stage == syntaxProblem && d.Severity == hcl.DiagError:
			l.Errorf(pos, "terraform/syntax", "%s", msg)
		case stage == syntaxProblem:
			l.Warnf(pos, "terraform/syntax", "%s", msg)
		case stage == evalProblem && d.Severity == hcl.DiagError:
			l.Errorf(pos, "terraform/eval", "%s", msg)
		case stage == evalProblem:
			l.Warnf(pos, "terraform/eval", "%s", msg)
		case d.Severity == hcl.DiagError:
			l.Errorf(pos, "terraform/variable-type", "%s", msg)
		default:
			l.Warnf(pos, "terraform/variable-type", "%s", msg)
		}
	}
}

func rangePos(rng hcl.Range) diag.Pos {
	return diag.Pos{File: rng.Filename, Line: rng.Start.Line, Col: rng.Start.Column}
}

// module is one module instance: a root module, or a module call.
type module struct {
	run    *run
	dir    string
	root   bool
	parent *module
	// addr prefixes the addresses of its resources: "" or "module.x.".
	addr      string
	call      *call // the call that made this instance (nil for a root)
	variables map[string]*variable
	locals    map[string]*hcl.Attribute
	outputs   map[string]*hcl.Attribute
	resources []*resource
	byAddr    map[string]*resource // "aws_ecs_service.app", "data.aws_x.y"
	calls     map[string]*call
	callOrder []string
	provider  []*hcl.Block // provider "aws"

	// evaluation state
	localVals map[string]cty.Value
	state     map[string]int // 1 evaluating, 2 done
	region    cty.Value
	account   cty.Value
	values    map[string]cty.Value // tfvars and --var values, by name
	valueFrom map[string]diag.Pos
	funcs     map[string]function.Function
	// literalCtx evaluates expressions that read nothing.
	literalCtx *hcl.EvalContext
	// ctxCache are the contexts of settled references, by appendCtxKey; ctxSeen
	// the keys read once (cacheCtx).
	ctxCache map[string]*hcl.EvalContext
	ctxSeen  map[string]bool
	// dupLocals are second, different definitions of locals.
	dupLocals map[string]*hcl.Attribute
}

type variable struct {
	name    string
	block   *hcl.Block
	deflt   hcl.Expression
	typ     hcl.Expression
	value   cty.Value
	has     bool
	defined hcl.Range
}

type call struct {
	name   string
	block  *hcl.Block
	attrs  hcl.Attributes
	source string
	dir    string // the folder of a local or downloaded module; "" when unknown
	remote bool
	out    cty.Value
	// refAttrs are the outputs the calling module reads.
	refAttrs stringSet
}

var rootSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "terraform"},
	{Type: "moved"}, {Type: "import"}, {Type: "removed"}, {Type: "check", LabelNames: []string{"name"}},
	{Type: "ephemeral", LabelNames: []string{"type", "name"}},
}}

// rootLabels are the label counts of rootSchema's block types.
var rootLabels = func() map[string]int {
	m := map[string]int{}
	for _, b := range rootSchema.Blocks {
		m[b.Type] = len(b.LabelNames)
	}
	return m
}()

// rootContent is body.PartialContent(rootSchema), the content only: for a
// native syntax file whose blocks of the schema's types all have the
// labels it names (PartialContent then reports nothing), the blocks
// themselves, without the maps and the remaining body PartialContent
// makes for each file.
func rootContent(body hcl.Body) (*hcl.BodyContent, hcl.Diagnostics) {
	sb := syntaxBody(body)
	if sb == nil {
		content, _, diags := body.PartialContent(rootSchema)
		return content, diags
	}
	var blocks hcl.Blocks
	for _, b := range sb.Blocks {
		n, wanted := rootLabels[b.Type]
		if !wanted {
			continue
		}
		if len(b.Labels) != n {
			content, _, diags := body.PartialContent(rootSchema)
			return content, diags
		}
		blocks = append(blocks, b.AsHCLBlock())
	}
	return &hcl.BodyContent{Attributes: hcl.Attributes{}, Blocks: blocks, MissingItemRange: sb.MissingItemRange()}, nil
}

// load reads the configuration files of a folder into a module.
func (r *run) load(dir string, parent *module, addr string) *module {
	m := &module{run: r, dir: dir, parent: parent, addr: addr, variables: map[string]*variable{}, locals: map[string]*hcl.Attribute{},
		outputs: map[string]*hcl.Attribute{}, byAddr: map[string]*resource{}, calls: map[string]*call{}, localVals: map[string]cty.Value{},
		state: map[string]int{}, values: map[string]cty.Value{}, valueFrom: map[string]diag.Pos{}, dupLocals: map[string]*hcl.Attribute{}}
	for _, name := range r.dirFiles(dir) {
		f := r.parse(name)
		if f == nil {
			continue
		}
		ahead := r.contents[name]
		delete(r.contents, name)
		if ahead == nil {
			ahead = &fileContent{}
			ahead.content, ahead.diags = rootContent(f.Body)
		}
		addHCL(&r.parseDiags, ahead.diags, syntaxProblem)
		for _, b := range ahead.content.Blocks {
			m.addBlock(b, ahead.meta)
		}
	}
	return m
}

func (m *module) addBlock(b *hcl.Block, meta map[*hcl.Block]resourceMeta) {
	r := m.run
	switch b.Type {
	case "variable":
		content, _, _ := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "default"}, {Name: "type"}}})
		v := &variable{name: b.Labels[0], block: b, defined: b.DefRange}
		if a := content.Attributes["default"]; a != nil {
			v.deflt = a.Expr
		}
		if a := content.Attributes["type"]; a != nil {
			v.typ = a.Expr
		}
		m.variables[v.name] = v
	case "locals":
		attrs, hd := b.Body.JustAttributes()
		addHCL(&r.parseDiags, hd, syntaxProblem)
		for n, a := range attrs {
			if prev := m.locals[n]; prev != nil {
				if sameText(prev.Expr.Range(), a.Expr.Range(), r) {
					r.parseDiags.Warnf(rangePos(a.NameRange), "terraform/duplicate", "local.%s is defined twice, the same way (first at %s); Terraform refuses this, eksport reads it once", n, rangePos(prev.NameRange))
					continue
				}
				r.parseDiags.Warnf(rangePos(a.NameRange), "terraform/duplicate", "local.%s is defined twice, differently (first at %s); Terraform refuses this, eksport reads the first and stops only if a translated value reads it", n, rangePos(prev.NameRange))
				m.dupLocals[n] = a
				continue
			}
			m.locals[n] = a
		}
	case "output":
		content, _, _ := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "value"}}})
		if a := content.Attributes["value"]; a != nil {
			m.outputs[b.Labels[0]] = a
		}
	case "resource", "data":
		res := &resource{mod: m, mode: b.Type, typ: b.Labels[0], name: b.Labels[1], block: b, refAttrs: map[string]bool{}}
		key := res.typ + "." + res.name
		if b.Type == "data" {
			key = "data." + key
		}
		if prev := m.byAddr[key]; prev != nil {
			r.parseDiags.Errorf(rangePos(b.DefRange), "terraform/duplicate", "%s is declared twice (first at %s)", key, rangePos(prev.block.DefRange))
			return
		}
		res.key = key
		rm, ok := meta[b]
		if !ok {
			rm = readMeta(b)
		}
		res.count, res.forEach = rm.count, rm.forEach
		m.byAddr[key] = res
		m.resources = append(m.resources, res)
	case "module":
		attrs, hd := b.Body.JustAttributes()
		addHCL(&r.parseDiags, hd, syntaxProblem)
		c := &call{name: b.Labels[0], block: b, attrs: attrs}
		if a := attrs["source"]; a != nil {
			if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
				c.source = v.AsString()
			}
		}
		switch {
		case c.source == "":
			r.parseDiags.Errorf(rangePos(b.DefRange), "terraform/module-source", "module %q has no literal source; Terraform requires one", c.name)
		case strings.HasPrefix(c.source, "./") || strings.HasPrefix(c.source, "../"):
			c.dir = path.Join(m.dir, c.source)
		default:
			c.remote = true
			c.dir = m.downloaded(c.name)
		}
		m.calls[c.name] = c
		m.callOrder = append(m.callOrder, c.name)
	case "provider":
		if b.Labels[0] == "aws" {
			m.provider = append(m.provider, b)
		}
	}
}

// downloaded finds a registry or git module that terraform init fetched,
// in the root module's .terraform/modules/modules.json.
func (m *module) downloaded(name string) string {
	root := m
	key := name
	for root.parent != nil {
		key = root.call.name + "." + key
		root = root.parent
	}
	data, err := m.run.readFile(path.Join(root.dir, ".terraform/modules/modules.json"))
	if err != nil {
		return ""
	}
	var manifest struct {
		Modules []struct{ Key, Source, Dir string }
	}
	if json.Unmarshal(data, &manifest) != nil {
		return ""
	}
	for _, e := range manifest.Modules {
		if e.Key == key {
			if path.IsAbs(e.Dir) {
				return path.Clean(e.Dir)
			}
			return path.Join(root.dir, e.Dir)
		}
	}
	return ""
}

// resource is one resource or data block.
type resource struct {
	mod      *module
	mode     string // resource or data
	typ      string
	name     string
	key      string
	block    *hcl.Block
	count    hcl.Expression
	forEach  hcl.Expression
	refAttrs map[string]bool // attributes other expressions read
	// referenced is set when an expression of the module names the
	// resource; whole when one reads it other than by an attribute's
	// name (the instance, or an attribute by a computed key).
	referenced, whole bool
	// instances, once evaluated; value is what references see.
	instances []*instance
	value     cty.Value
}

type instance struct {
	key  cty.Value // NilVal, a number (count) or a string (for_each)
	obj  *obj
	addr string
	// pending are the arguments left for finishInstance.
	pending []pendingArg
}

// readMeta reads a resource block's count and for_each: in the native
// syntax, the arguments themselves (what PartialContent would hand out,
// without copying the body).
func readMeta(b *hcl.Block) resourceMeta {
	var rm resourceMeta
	if sb := syntaxBody(b.Body); sb != nil {
		if a := sb.Attributes["count"]; a != nil {
			rm.count = a.Expr
		}
		if a := sb.Attributes["for_each"]; a != nil {
			rm.forEach = a.Expr
		}
		return rm
	}
	content, _, _ := b.Body.PartialContent(metaSchema)
	if a := content.Attributes["count"]; a != nil {
		rm.count = a.Expr
	}
	if a := content.Attributes["for_each"]; a != nil {
		rm.forEach = a.Expr
	}
	return rm
}

var metaSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "count"}, {Name: "for_each"}}}

// syntaxBody returns the native syntax body of a block, nil for JSON.
func syntaxBody(b hcl.Body) *hclsyntax.Body {
	sb, _ := b.(*hclsyntax.Body)
	return sb
}

// sameText reports whether two ranges hold the same source text.
func sameText(a, b hcl.Range, r *run) bool {
	da, db := r.files[a.Filename], r.files[b.Filename]
	if da == nil || db == nil || a.End.Byte > len(da) || b.End.Byte > len(db) {
		return false
	}
	return string(a.SliceBytes(da)) == string(b.SliceBytes(db))
}
