package cloudformation

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ecs"
	"github.com/eksport/eksport/translate/source"
)

// Options are what a run knows beyond its templates.
type Options struct {
	// Region and AccountID give AWS::Region, AWS::Partition,
	// AWS::URLSuffix and AWS::AccountId; empty leaves them unresolved.
	Region    string
	AccountID string
	// StackName gives AWS::StackName of the top-level templates that no
	// CDK manifest names.
	StackName string
	// Parameters are overrides, as aws cloudformation deploy
	// --parameter-overrides takes them: Key=Value. They apply to every
	// top-level template that declares the key.
	Parameters []string
	// Placeholders turns the errors about deploy-time values into
	// warnings, the output holding a visible placeholder.
	Placeholders bool
	// Policy is the run's diagnostic policy, with which task definitions
	// are translated (an error it lowers drops only its field).
	Policy diag.Policy
}

// Kind is what a document is to this front-end.
type Kind int

const (
	NotMine   Kind = iota
	Template       // a CloudFormation template
	Manifest       // a CDK cloud assembly's manifest.json
	Params         // a parameters file (the CLI's list, or Copilot's/CodePipeline's {"Parameters": {...}})
	Companion      // a CDK file next to the templates that holds nothing to convert (tree.json, *.assets.json)
)

// Claim says whether a parsed document belongs to this front-end.
func Claim(doc *source.Doc) Kind {
	if Detect(doc) {
		return Template
	}
	root := doc.Root
	if root == nil {
		return NotMine
	}
	base := path.Base(doc.File)
	switch root.Kind {
	case yaml.MappingNode:
		if a := child(root, "artifacts"); a != nil && child(root, "version") != nil && a.Kind == yaml.MappingNode {
			return Manifest
		}
		if base == "tree.json" && child(root, "tree") != nil {
			return Companion
		}
		if strings.HasSuffix(base, ".assets.json") && (child(root, "dockerImages") != nil || child(root, "files") != nil) {
			return Companion
		}
		if p := child(root, "Parameters"); p != nil && p.Kind == yaml.MappingNode && len(root.Content) <= 6 && child(root, "Resources") == nil {
			return Params
		}
	case yaml.SequenceNode:
		if len(root.Content) > 0 && child(root.Content[0], "ParameterKey") != nil {
			return Params
		}
	}
	return NotMine
}

// run is one conversion of every template of an input set.
type run struct {
	opts   Options
	diags  *diag.List
	unres  table
	stacks []*stack
	byFile map[string]*stack
	// exports maps an export name to the output that exports it.
	exports map[string]export
	// overrides are the --parameter-overrides, by key.
	overrides map[string]string
	// fileParams are the parameters files, by template stem.
	fileParams map[string]map[string]paramValue
	names      map[string]string // stack names from CDK manifests, by template file
	set        *ecs.Set
	// included holds the first nested stack made of each template file.
	included map[string]*stack
	// assets are the CDK's container image assets, by image tag.
	assets map[string]asset
	// reported dedupes the unresolved values reported.
	reported map[Unresolved]bool
	// notes are the notes of the diagnostics about each nested template
	// (includedNotes), kept once the templates are released.
	notes map[string][]string
}

type paramValue struct {
	value string
	at    diag.Pos
}

type export struct {
	s     *stack
	value *yaml.Node
	at    diag.Pos
	busy  bool
}

// Build converts the templates among docs (with their parameters files and
// CDK manifests) into the ECS front-end's set.
func Build(docs []*source.Doc, opts Options, diags *diag.List) *Result {
	r := &run{opts: opts, diags: diags, byFile: map[string]*stack{}, exports: map[string]export{},
		overrides: map[string]string{}, fileParams: map[string]map[string]paramValue{}, names: map[string]string{},
		set: &ecs.Set{}, reported: map[Unresolved]bool{}, included: map[string]*stack{}, assets: map[string]asset{}}
	for _, kv := range opts.Parameters {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			diags.Errorf(diag.Pos{File: "--parameter-overrides"}, "cloudformation/bad-override", "parameter override %q is not Key=Value", kv)
			continue
		}
		r.overrides[k] = v
	}
	var templates []*source.Doc
	for _, d := range docs {
		switch Claim(d) {
		case Template:
			templates = append(templates, d)
		case Manifest:
			r.manifest(d)
		case Params:
			r.paramsFile(d)
		case Companion:
			if strings.HasSuffix(d.File, ".assets.json") {
				r.assetsFile(d)
				continue
			}
			diags.Infof(d.Pos(d.Root, ""), "cloudformation/cdk-companion", "CDK file %s holds nothing to convert; the templates and manifest.json are read", path.Base(d.File))
		}
	}
	for _, d := range templates {
		name := r.names[d.File]
		if name == "" {
			name = opts.StackName
		}
		s := r.load(d, name)
		r.stacks = append(r.stacks, s)
		r.byFile[d.File] = s
	}
	// The values of the run's parameters files and overrides come first:
	// a nested stack's TemplateURL may be a parameter (Copilot's addons).
	for _, s := range r.stacks {
		r.applyParams(s, nil, nil)
	}
	// Templates another template of the run includes as a nested stack
	// are converted through it, with the parameters it passes.
	nested := map[*stack]bool{}
	includes := false
	for _, s := range r.stacks {
		for _, res := range s.order {
			if res.typ == "AWS::CloudFormation::Stack" {
				includes = true
				if c := r.childTemplate(s, res, false); c != nil {
					nested[c] = true
				}
			}
		}
	}
	for _, s := range r.stacks {
		if !nested[s] {
			r.indexExports(s)
		}
	}
	exporting := map[*stack]bool{}
	for _, ex := range r.exports {
		exporting[ex.s] = true
	}
	first := len(*diags)
	for _, s := range r.stacks {
		if !nested[s] {
			r.convert(s)
			// Once converted, a template that no other one can read
			// (by Fn::ImportValue or as a nested stack) is let go of,
			// so that a run holds the trees of the templates still to
			// convert, not of every template.
			if !includes && !exporting[s] {
				s.release()
			}
		}
	}
	r.notes = r.includedNotes()
	r.noteIncluded((*diags)[first:])
	r.release(templates)
	return &Result{Set: r.set, Unresolved: r.unres.made, run: r}
}

// release lets go of the templates' trees and of everything evaluated
// from them once the set is made: the Result lives on while the later
// stages run, and needs only the notes of the nested templates.
func (r *run) release(templates []*source.Doc) {
	for _, d := range templates {
		d.Release()
	}
	r.stacks, r.byFile, r.exports, r.included = nil, nil, nil, nil
}

// release lets go of a converted template's tree and of what its stack
// derived from it; the stack keeps its file and name only.
func (s *stack) release() {
	s.doc.Release()
	s.params, s.mappings, s.conds, s.condVal, s.res, s.order, s.outputs, s.vars = nil, nil, nil, nil, nil, nil, nil, nil
}

// includedNotes are the notes noteIncluded adds to the diagnostics about
// each nested template: where the including templates name it, one note
// per nesting level.
func (r *run) includedNotes() map[string][]string {
	if len(r.included) == 0 {
		return nil
	}
	notes := map[string][]string{}
	for file, s := range r.included {
		var l []string
		for ; s != nil && s.parent != nil; s = s.parent {
			l = append(l, fmt.Sprintf("%s is included as a nested stack at %s", s.file, s.includedAt))
		}
		notes[file] = l
	}
	return notes
}

// Result is what Build makes.
type Result struct {
	Set *ecs.Set
	// Unresolved says whether the set holds deploy-time values
	// (ir.Unresolved tokens), which the run then looks for in its output.
	Unresolved bool
	run        *run
}

// NoteIncluded adds, to the diagnostics that later stages make about a
// nested template, where the including template names it.
func (res *Result) NoteIncluded(l diag.List) {
	if res != nil && len(res.run.notes) > 0 {
		res.run.noteIncluded(l)
	}
}

// noteIncluded adds to each diagnostic about a nested template where the
// including template names it (one note per nesting level).
func (r *run) noteIncluded(l diag.List) {
	for i := range l {
		d := &l[i]
		if slices.ContainsFunc(d.Notes, func(n string) bool { return strings.Contains(n, "is included as a nested stack at") }) {
			continue
		}
		d.Notes = append(d.Notes, r.notes[d.Pos.File]...)
	}
}

// asset is a container image the CDK builds from a folder of the app.
type asset struct {
	dir string
	at  diag.Pos
}

// assetsFile reads a CDK asset manifest: the image tags of the container
// images cdk deploy builds and publishes.
func (r *run) assetsFile(d *source.Doc) {
	imgs := child(d.Root, "dockerImages")
	if imgs == nil {
		return
	}
	for i := 0; i+1 < len(imgs.Content); i += 2 {
		img := imgs.Content[i+1]
		dir := ""
		if src := child(img, "source"); src != nil {
			if dn := child(src, "directory"); dn != nil {
				dir = dn.Value
			}
		}
		dests := child(img, "destinations")
		if dests == nil {
			continue
		}
		for j := 1; j < len(dests.Content); j += 2 {
			if tag := child(dests.Content[j], "imageTag"); tag != nil {
				r.assets[tag.Value] = asset{dir: dir, at: d.Pos(imgs.Content[i], "dockerImages."+imgs.Content[i].Value)}
			}
		}
	}
}

// manifest reads a CDK manifest: the stack names and environments of the
// templates next to it.
func (r *run) manifest(d *source.Doc) {
	a := child(d.Root, "artifacts")
	dir := path.Dir(d.File)
	for i := 0; i+1 < len(a.Content); i += 2 {
		name, art := a.Content[i].Value, a.Content[i+1]
		if t := child(art, "type"); t == nil || t.Value != "aws:cloudformation:stack" {
			continue
		}
		if tf := child(child(art, "properties"), "templateFile"); tf != nil {
			sn := name
			if n := child(child(art, "properties"), "stackName"); n != nil {
				sn = n.Value
			}
			r.names[path.Join(dir, tf.Value)] = sn
		}
		if env := child(art, "environment"); env != nil {
			acct, region, _ := strings.Cut(strings.TrimPrefix(env.Value, "aws://"), "/")
			if r.opts.AccountID == "" && acct != "" && !strings.HasPrefix(acct, "unknown") {
				r.opts.AccountID = acct
				r.diags.Infof(d.Pos(env, "artifacts."+name+".environment"), "cloudformation/cdk-environment", "AWS::AccountId is %s, from the CDK manifest", acct)
			}
			if r.opts.Region == "" && region != "" && !strings.HasPrefix(region, "unknown") {
				r.opts.Region = region
				r.diags.Infof(d.Pos(env, "artifacts."+name+".environment"), "cloudformation/cdk-environment", "AWS::Region is %s, from the CDK manifest", region)
			}
		}
	}
}

// paramsFile reads a parameters file: the AWS CLI's
// [{"ParameterKey", "ParameterValue"}] or {"Parameters": {Key: Value}}
// (CodePipeline's template configuration, which Copilot writes as
// <workload>-<env>.params.json). It applies to the template of the same
// stem, or to every template when no template has its stem.
func (r *run) paramsFile(d *source.Doc) {
	m := map[string]paramValue{}
	root := d.Root
	if root.Kind == yaml.SequenceNode {
		for i, e := range root.Content {
			k, v := child(e, "ParameterKey"), child(e, "ParameterValue")
			if k == nil {
				r.diags.Errorf(d.Pos(e, fmt.Sprintf("[%d]", i)), "cloudformation/bad-parameters-file", "entry without ParameterKey")
				continue
			}
			if v == nil {
				if upv := child(e, "UsePreviousValue"); upv != nil {
					r.diags.Warnf(d.Pos(upv, fmt.Sprintf("[%d].UsePreviousValue", i)), "cloudformation/use-previous-value", "UsePreviousValue takes the value of the deployed stack, which eksport does not see; %s keeps its default", k.Value)
				}
				continue
			}
			m[k.Value] = paramValue{value: v.Value, at: d.Pos(v, fmt.Sprintf("[%d].ParameterValue", i))}
		}
	} else {
		p := child(root, "Parameters")
		for i := 0; i+1 < len(p.Content); i += 2 {
			k, v := p.Content[i], p.Content[i+1]
			m[k.Value] = paramValue{value: v.Value, at: d.Pos(v, "Parameters."+k.Value)}
		}
		for i := 0; i+1 < len(root.Content); i += 2 {
			if k := root.Content[i].Value; k != "Parameters" {
				r.diags.Infof(d.Pos(root.Content[i], k), "cloudformation/parameters-file-ignored", "%s of a parameters file is not read (only Parameters)", k)
			}
		}
	}
	stem := templateStem(d.File)
	stem = strings.TrimSuffix(strings.TrimSuffix(stem, "-params"), "-parameters")
	r.fileParams[path.Join(path.Dir(d.File), stem)] = m
}

// applyParams gives a stack's parameters their values: given (the
// Parameters of the nested stack resource), or the overrides and the
// parameters file of the template; AllowedValues are checked.
func (r *run) applyParams(s *stack, given map[string]*yaml.Node, from *stack) {
	var file map[string]paramValue
	if given == nil {
		stem := path.Join(path.Dir(s.file), templateStem(s.file))
		file = r.fileParams[stem]
		if file == nil && len(r.fileParams) == 1 && len(r.stacks) == 1 {
			for _, f := range r.fileParams {
				file = f
			}
		}
	}
	for _, name := range sortedKeys(s.params) {
		p := s.params[name]
		switch {
		case given != nil:
			if v, ok := given[name]; ok {
				p.value, p.given = v, true
			}
		default:
			if v, ok := file[name]; ok {
				p.value, p.given = str(v.value, p.key), true
				p.value.Line, p.value.Column = v.at.Line, v.at.Col
			}
			if v, ok := r.overrides[name]; ok {
				p.value, p.given = str(v, p.key), true
			}
		}
		if p.value != nil && len(p.allowed) > 0 && p.value.Kind == yaml.ScalarNode && !strings.Contains(p.value.Value, tokenPrefix) &&
			!slices.Contains(p.allowed, p.value.Value) {
			at := s.pos(p.key, "Parameters."+name)
			r.diags.Errorf(at, "cloudformation/parameter-not-allowed", "parameter %s is %q, not one of its AllowedValues (%s)", name, p.value.Value, strings.Join(p.allowed, ", "))
		}
	}
	if given != nil {
		for _, k := range sortedKeys(given) {
			if _, ok := s.params[k]; !ok && from != nil {
				r.diags.Errorf(from.pos(given[k], "Parameters."+k), "cloudformation/unknown-parameter", "nested template %s has no parameter %s", s.file, k)
			}
		}
	}
	if given == nil {
		for _, k := range sortedKeys(file) {
			if _, ok := s.params[k]; !ok {
				r.diags.Warnf(file[k].at, "cloudformation/unknown-parameter", "template %s has no parameter %s; the value is not used", s.file, k)
			}
		}
	}
}

// indexExports records the Exports of a stack's Outputs.
func (r *run) indexExports(s *stack) {
	if s.outputs == nil || s.outputs.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(s.outputs.Content); i += 2 {
		k, o := s.outputs.Content[i], s.outputs.Content[i+1]
		ex := child(o, "Export")
		if ex == nil {
			continue
		}
		nn := child(ex, "Name")
		if nn == nil {
			continue
		}
		name := s.eval(nn, "Outputs."+k.Value+".Export.Name")
		if name.Kind != yaml.ScalarNode || strings.Contains(name.Value, tokenPrefix) {
			continue
		}
		if prev, dup := r.exports[name.Value]; dup {
			r.diags.Errorf(s.pos(nn, "Outputs."+k.Value+".Export.Name"), "cloudformation/duplicate-export", "export %s is also exported at %s", name.Value, prev.at)
			continue
		}
		r.exports[name.Value] = export{s: s, value: child(o, "Value"), at: s.pos(nn, "Outputs."+k.Value+".Export.Name")}
	}
}

// importValue resolves Fn::ImportValue against the exports of the run.
func (r *run) importValue(s *stack, name string, at *yaml.Node, p string) *yaml.Node {
	if strings.Contains(name, tokenPrefix) {
		// The export's name is known only at deploy time: it is shown
		// with ${} around the values it is made of.
		shown := r.unres.replace(name, func(u Unresolved) string { return "${" + strings.TrimPrefix(u.Name, "!Ref ") + "}" })
		u := Unresolved{Name: "Fn::ImportValue " + shown, Pos: s.pos(at, p),
			How: "the export's name holds values known only at deploy time; give them (parameters) and add the exporting stack's template to the run"}
		return str(r.unres.token(u), at)
	}
	ex, ok := r.exports[name]
	if !ok || ex.value == nil {
		return s.unresolved(at, p, "Fn::ImportValue "+name, "no template of the run exports "+name+"; add the exporting stack's template to the run", false)
	}
	if ex.busy {
		return s.errorf(at, p, "cloudformation/import-cycle", "export %s depends on itself", name)
	}
	ex.busy = true
	r.exports[name] = ex
	v := ex.s.eval(ex.value, "Outputs")
	ex.busy = false
	r.exports[name] = ex
	r.diags.Infof(s.pos(at, p), "cloudformation/import", "Fn::ImportValue %s reads the export of %s", name, ex.s.file).Notes = []string{"exported at " + ex.at.String()}
	// The value takes the position of the import, in this file.
	return relocate(v, at)
}

// relocate copies a value evaluated in another file, every node at the
// position of the expression that brought it here.
func relocate(v, at *yaml.Node) *yaml.Node {
	c := *v
	c.Line, c.Column = at.Line, at.Column
	if len(v.Content) > 0 {
		c.Content = make([]*yaml.Node, len(v.Content))
		for i, e := range v.Content {
			c.Content[i] = relocate(e, at)
		}
	}
	return &c
}

// childTemplate finds the template of the run a nested stack resource
// includes: TemplateURL a path relative to the including template (as
// aws cloudformation package takes it), or an S3 URL whose path ends with
// a template of the run.
func (r *run) childTemplate(s *stack, res *resource, report bool) *stack {
	u := child(res.props, "TemplateURL")
	if u == nil {
		return nil
	}
	p := "Resources." + res.id + ".Properties.TemplateURL"
	v := s.eval(u, p)
	url := v.Value
	if url == "" {
		return nil
	}
	if !strings.Contains(url, "://") && !strings.Contains(url, tokenPrefix) {
		if c := r.byFile[path.Join(path.Dir(s.file), url)]; c != nil {
			return c
		}
		if report {
			r.diags.Errorf(s.pos(u, p), "cloudformation/nested-template-missing", "nested template %s is not among the inputs; add it to the run", path.Join(path.Dir(s.file), url))
		}
		return nil
	}
	// An uploaded template: matched by the longest path suffix.
	rest := url
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	parts := strings.Split(rest, "/")
	for k := 1; k < len(parts); k++ {
		suffix := strings.Join(parts[k:], "/")
		if strings.Contains(suffix, tokenPrefix) {
			continue
		}
		var found []*stack
		for _, c := range r.stacks {
			if c != s && (c.file == suffix || strings.HasSuffix(c.file, "/"+suffix)) {
				found = append(found, c)
			}
		}
		if len(found) == 1 {
			if report {
				r.diags.Infof(s.pos(u, p), "cloudformation/nested-template-local", "nested stack %s: the uploaded template is taken to be %s of the run", res.id, found[0].file)
			}
			return found[0]
		}
	}
	if report {
		r.diags.Warnf(s.pos(u, p), "cloudformation/nested-template-remote", "nested stack %s: its template is not among the inputs; its resources are not converted (give the template's local path in TemplateURL, as aws cloudformation package takes it, or add it to the run)", res.id)
	}
	return nil
}

// nestedOutput is Fn::GetAtt Stack.Outputs.Name of a nested stack.
func (r *run) nestedOutput(s *stack, res *resource, name string, at *yaml.Node, p string) *yaml.Node {
	c := r.nestedOf(s, res)
	if c == nil {
		return s.unresolved(at, p, "!GetAtt "+res.id+".Outputs."+name, "the nested stack's template is not among the inputs", false)
	}
	o := child(child(c.outputs, name), "Value")
	if o == nil {
		return s.errorf(at, p, "cloudformation/unknown-output", "nested template %s has no output %s", c.file, name)
	}
	v := c.eval(o, "Outputs."+name+".Value")
	return relocate(v, at)
}

// nestedOf returns the evaluated child stack of a nested stack resource:
// one copy per resource, with the parameters it passes.
func (r *run) nestedOf(s *stack, res *resource) *stack {
	if res.nested != nil || res.visiting {
		return res.nested
	}
	res.visiting = true
	defer func() { res.visiting = false }()
	tmpl := r.childTemplate(s, res, true)
	if tmpl == nil {
		return nil
	}
	for a := s; a != nil; a = a.parent {
		if a.doc == tmpl.doc {
			r.diags.Errorf(s.pos(res.key, "Resources."+res.id), "cloudformation/nested-cycle", "nested stack %s includes its own template", res.id)
			return nil
		}
	}
	c := r.load(tmpl.doc, "")
	c.parent = s
	parent := s.prefix
	if s.parent == nil {
		// Two top-level templates may include a nested stack of the same
		// logical ID: the including template tells them apart.
		parent = templateStem(s.file) + "-"
		if s.name != "" && !strings.Contains(s.name, tokenPrefix) {
			parent = s.name + "-"
		}
	}
	c.prefix = parent + res.id + "-"
	c.includedAt = s.pos(res.key, "Resources."+res.id)
	if r.included[c.file] == nil {
		r.included[c.file] = c
	}
	given := map[string]*yaml.Node{}
	if ps := child(res.props, "Parameters"); ps != nil {
		ev := s.eval(ps, "Resources."+res.id+".Properties.Parameters")
		for i := 0; i+1 < len(ev.Content); i += 2 {
			given[ev.Content[i].Value] = ev.Content[i+1]
		}
	}
	r.applyParams(c, given, s)
	res.nested = c
	return c
}
