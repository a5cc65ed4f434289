// Package translate is eksport's library entry point: Translate takes input
// files in memory and returns the generated files and diagnostics, touching
// no disk. The eksport command is built on it and adds only flags and file
// I/O, so other tools can import exactly what the command does.
package translate

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/emit/helm"
	"github.com/eksport/eksport/emit/kustomize"
	"github.com/eksport/eksport/emit/lower"
	"github.com/eksport/eksport/emit/raw"
	"github.com/eksport/eksport/emit/report"
	"github.com/eksport/eksport/internal/kname"
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/rules/registry"
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

// Input is everything one run reads.
type Input struct {
	Files []File
	// Environments, when set, makes the run translate Files plus each
	// environment's own files once per environment (as the configuration's
	// environments key names them). The emitters then write what the
	// environments share once and what differs per environment.
	Environments []Environment
}

// Environment is one environment's own input files.
type Environment struct {
	Name  string
	Files []File
}

// Format names an output layout.
type Format string

const (
	// Raw is one manifest per object (a folder per environment).
	Raw Format = "raw"
	// Kustomize is base/ with what environments share and overlays/<env>.
	Kustomize Format = "kustomize"
	// Helm is a chart with values.yaml and values-<env>.yaml.
	Helm Format = "helm"
)

// Formats lists the output layouts.
var Formats = []Format{Raw, Kustomize, Helm}

// Options configure a run.
type Options struct {
	// Config is the parsed configuration file (config.Parse); zero is fine.
	Config config.Config
	// Namespace overrides Config.Namespace when not empty.
	Namespace string
	// Format is the output layout; empty means Raw.
	Format Format
	// Policy changes severities (--strict, --diag code=severity). Codes
	// listed in Config.Diagnostics are merged in; Policy wins.
	Policy diag.Policy
	// NoReport leaves out the migration checklist and IAM trust policies
	// that are otherwise written beside the manifests.
	NoReport bool
	// KeepKube2iam keeps kube2iam/kiam annotations beside the IRSA
	// ServiceAccounts that replace them (--keep-kube2iam), as the
	// configuration's kube2iam.keep does.
	KeepKube2iam bool
	// DropInfo leaves out the diagnostics that are Info once Policy is
	// applied, as they are made, for a caller that will not show them: a
	// batch of 10,000 task definitions makes some 70,000. The checklist
	// still counts them.
	DropInfo bool
	// Placeholders writes a visible placeholder, with a warning, for each
	// value that exists only at apply time (ir.Unresolved) instead of
	// stopping on an error (--placeholders).
	Placeholders bool
	// Terraform holds --var, --var-file and how to read the files a
	// module refers to.
	Terraform terraform.Options
}

// Result is what a run produces.
type Result struct {
	// Files is nil when any diagnostic is an error: a run either produces
	// everything or nothing.
	Files *emit.FileSet
	// Objects are the Kubernetes objects behind Files, in install order.
	// With environments, each environment's objects follow the previous
	// environment's (in the order of Environments).
	Objects []emit.Object
	// Environments holds each environment's objects, by environment name;
	// nil for a run without environments.
	Environments []emit.Env
	Diagnostics  diag.List
}

// Translate runs the pipeline: parse each input, translate it with its
// front-end, apply the rules, lower to Kubernetes objects and emit them.
// With environments, everything up to the emitter runs once per
// environment, and the emitter gets every environment's objects. The
// returned error is for bugs and cancellation only; problems with the
// input are diagnostics.
func Translate(ctx context.Context, in Input, opts Options) (*Result, error) {
	opts, policy := settle(opts)
	envs := slices.Clone(in.Environments)
	slices.SortStableFunc(envs, func(a, b Environment) int { return strings.Compare(a.Name, b.Name) })
	if len(envs) == 0 {
		envs = []Environment{{}}
	}
	type run struct {
		name    string
		model   *ir.Model
		objs    []emit.Object
		diags   diag.List
		dropped int // Info diagnostics left out (DropInfo)
	}
	res := &Result{}
	runs := make([]run, len(envs))
	emitEnvs := make([]emit.Env, len(envs))
	for i, e := range envs {
		files := append(slices.Clone(in.Files), e.Files...)
		drop := newInfoDrop(opts, policy)
		model, objs, diags, err := build(ctx, files, opts, drop)
		if err != nil {
			return nil, err
		}
		if model.Unresolved {
			resolveObjects(objs, opts.Placeholders, &diags)
			readableDiags(diags)
		}
		checkObjects(objs, &diags)
		runs[i] = run{e.Name, model, objs, policy.ApplyInPlace(diags).SortInPlace(), drop.count()}
		emitEnvs[i] = emit.Env{Name: e.Name, Objects: objs}
		res.Objects = append(res.Objects, objs...)
		res.Diagnostics = append(res.Diagnostics, runs[i].diags...)
		if e.Name != "" {
			res.Environments = append(res.Environments, emitEnvs[i])
		}
	}
	res.Diagnostics = res.Diagnostics.Sorted()
	if res.Diagnostics.HasErrors() {
		return res, nil
	}
	var err error
	switch opts.Format {
	case Raw, "":
		res.Files, err = raw.EmitEnvs(emitEnvs)
	case Kustomize:
		res.Files, err = kustomize.Emit(emitEnvs)
	case Helm:
		res.Files, err = helm.Emit(emitEnvs, helm.Options{Name: chartName(opts.Config, res.Objects), Version: opts.Config.Chart.Version, Description: opts.Config.Chart.Description})
	default:
		return nil, fmt.Errorf("unknown format %q", opts.Format)
	}
	if err != nil || opts.NoReport {
		return res, err
	}
	for _, r := range runs {
		rin := reportInput(r.model, stubsOf(r.model.Workloads), r.objs, r.diags, opts.Config)
		rin.DroppedInfo = r.dropped
		extra, err := report.Files(rin)
		if err != nil {
			return nil, err
		}
		dir := reportDir(opts.Format, r.name)
		for _, f := range extra {
			f.Path = dir + f.Path
			res.Files.Add(f)
		}
	}
	return res, nil
}

// settle folds the flags into the configuration and returns the
// diagnostic policy of the run: the configuration's, overridden by
// Options.Policy.
func settle(opts Options) (Options, diag.Policy) {
	if opts.KeepKube2iam {
		opts.Config.Kube2iam.Keep = true
	}
	policy := opts.Policy
	if len(opts.Config.Diagnostics) > 0 {
		merged := map[string]string{}
		for k, v := range opts.Config.Diagnostics {
			merged[k] = v
		}
		for k, v := range policy.Override {
			merged[k] = v
		}
		policy.Override = merged
	}
	if opts.Config.Strict != nil && *opts.Config.Strict {
		policy.Strict = true
	}
	return opts, policy
}

// reportDir is where an environment's checklist and IAM documents go: in
// its raw folder, beside its overlay, or under environments/ of the chart.
func reportDir(f Format, env string) string {
	switch {
	case env == "":
		return ""
	case f == Kustomize:
		return "overlays/" + env + "/"
	case f == Helm:
		return "environments/" + env + "/"
	}
	return env + "/"
}

// chartName is the configured chart name, else partOf, else the first
// workload's name.
func chartName(cfg config.Config, objs []emit.Object) string {
	if cfg.Chart.Name != "" {
		return cfg.Chart.Name
	}
	if n := kname.Label(cfg.PartOf); n != "" {
		return n
	}
	for _, o := range objs {
		if o.Name != "" {
			return o.Name
		}
	}
	return "eksport"
}

// build runs one environment's pipeline up to the objects.
func build(ctx context.Context, files []File, opts Options, drop *infoDrop) (*ir.Model, []emit.Object, diag.List, error) {
	model, diags, err := buildModel(ctx, files, opts, drop)
	if err != nil {
		return nil, nil, nil, err
	}
	objs := lower.Lower(model, lowerOptions(opts))
	return model, objs, diags, nil
}

func lowerOptions(opts Options) lower.Options {
	return lower.Options{Namespace: namespace(opts), PartOf: opts.Config.PartOf, Labels: opts.Config.Labels}
}

func namespace(opts Options) string {
	if opts.Namespace != "" {
		return opts.Namespace
	}
	return opts.Config.Namespace
}

// buildModel runs one environment's pipeline up to the model the rules
// leave. drop, when not nil, leaves out Info diagnostics as they come.
func buildModel(ctx context.Context, files []File, opts Options, drop *infoDrop) (*ir.Model, diag.List, error) {
	model, diags, err := buildWorkloads(ctx, files, opts, drop)
	if err != nil {
		return nil, nil, err
	}
	if err := runRules(model, opts, &diags, drop); err != nil {
		return nil, nil, err
	}
	return model, diags, nil
}

// runRules runs every rule on the whole model, its task definitions
// unpacked; each rule's diagnostics are filtered as it ends.
func runRules(model *ir.Model, opts Options, diags *diag.List, drop *infoDrop) error {
	if err := unpackAll(model); err != nil {
		return err
	}
	if err := rules.RunEach(registry.Rules(), model, opts.Config, diags, drop.after(diags)); err != nil {
		return err
	}
	// Objects read from manifests are written as the rules leave them:
	// each must be one the API server accepts.
	kube.Validate(model.Objects, diags)
	return nil
}

// buildWorkloads runs one environment's pipeline up to the rules: the
// model as the front-ends and linking leave it.
func buildWorkloads(ctx context.Context, files []File, opts Options, drop *infoDrop) (*ir.Model, diag.List, error) {
	var diags diag.List
	files = slices.Clone(files)
	slices.SortStableFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	model := &ir.Model{}
	set := &ecs.Set{}
	kset := &kube.Set{}
	// Parsing and decoding are the per-file work that needs no other
	// file: they run on every core, and the results are consumed in
	// sorted file order so that output never depends on scheduling.
	_, policy := settle(opts)
	files, model.Unresolved = terraformModules(files, opts, policy, set, &diags)
	parsed := parseAll(ctx, files, opts, policy)
	for i := range files {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		p := <-parsed[i]
		if files[i].Walked && unrecognised(p.diags) {
			diags.Append(drop.filter(skipped(files[i].Name, p.diags)))
			continue
		}
		diags.Append(drop.filter(p.diags))
		model.Unresolved = model.Unresolved || p.unresolved
		for j, doc := range p.docs {
			if p.parts[j] != nil {
				set.Merge(p.parts[j])
				continue
			}
			kset.Add(doc, &diags)
			doc.Release()
		}
	}
	model.Workloads = ecs.Build(set, opts.Config, &diags)
	if model.Unresolved {
		readableDiags(diags)
	}
	diags = drop.filter(diags)
	model.Objects = kset.Objects
	model.Kops = kset.Kops
	ns := namespace(opts)
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

// unpackAll restores every workload's pod template (ecs.Prepare packs the
// task definitions' until they are used).
func unpackAll(m *ir.Model) error {
	for _, w := range m.Workloads {
		if err := ecs.Unpack(w); err != nil {
			return err
		}
	}
	return nil
}

// infoDrop leaves out the diagnostics that are Info under the run's
// policy (Options.DropInfo), and counts them for the checklist. Its
// methods do nothing on a nil infoDrop.
type infoDrop struct {
	policy diag.Policy
	// dropped holds a hash of each dropped diagnostic: the sorted list
	// leaves out exact repeats (an input given twice reports twice), so the
	// count must too.
	dropped map[uint64]struct{}
}

func newInfoDrop(opts Options, policy diag.Policy) *infoDrop {
	if !opts.DropInfo {
		return nil
	}
	return &infoDrop{policy: policy, dropped: map[uint64]struct{}{}}
}

// filter returns l without its Info diagnostics, in l's own array.
func (f *infoDrop) filter(l diag.List) diag.List {
	if f == nil {
		return l
	}
	out := l[:0]
	for _, d := range l {
		if sev, keep := f.policy.Severity(d); keep && sev == diag.Info {
			f.dropped[repeatKey(d)] = struct{}{}
			continue
		}
		out = append(out, d)
	}
	return out
}

// after is the hook rules.RunEach calls after each rule: it filters the
// diagnostics the rule added to *diags (nil without an infoDrop).
func (f *infoDrop) after(diags *diag.List) func(*rules.Rule) {
	if f == nil {
		return nil
	}
	kept := len(*diags)
	return func(*rules.Rule) {
		*diags = append((*diags)[:kept], f.filter((*diags)[kept:])...)
		kept = len(*diags)
	}
}

func (f *infoDrop) count() int {
	if f == nil {
		return 0
	}
	return len(f.dropped)
}

// repeatKey is a 64-bit FNV-1a hash of what makes two diagnostics exact
// repeats for diag.List.SortInPlace (all but the severity, which is Info
// for every dropped one), each part followed by a 0xff byte, which text
// does not hold.
func repeatKey(d diag.Diagnostic) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * prime
		}
		h = (h ^ 0xff) * prime
	}
	add(d.Pos.File)
	for _, n := range []int{d.Pos.Doc, d.Pos.Line, d.Pos.Col} {
		for i := 0; i < 8; i++ {
			h = (h ^ uint64(byte(n>>(8*i)))) * prime
		}
	}
	add(d.Pos.Path)
	add(d.Code)
	add(d.Message)
	add(d.Fix)
	for _, n := range d.Notes {
		add(n)
	}
	return h
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

// parseAll parses files and decodes their ECS documents concurrently, at
// most GOMAXPROCS at a time; the i-th channel delivers the i-th file. A
// decoded document's tree is released at once, so that files parsed ahead
// of the consumer do not hold a batch's trees.
func parseAll(ctx context.Context, files []File, opts Options, policy diag.Policy) []chan parsedFile {
	out := make([]chan parsedFile, len(files))
	for i := range out {
		out[i] = make(chan parsedFile, 1)
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	go func() {
		for i, f := range files {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				for j := i; j < len(files); j++ {
					out[j] <- parsedFile{}
				}
				return
			}
			go func() {
				defer func() { <-sem }()
				data := f.Data
				if data == nil && f.Read != nil {
					var err error
					if data, err = f.Read(); err != nil {
						var d diag.List
						d.Errorf(diag.Pos{File: f.Name}, "input/unreadable", "cannot read: %v", err)
						out[i] <- parsedFile{diags: d}
						return
					}
				}
				if terraform.IsPlan(data) {
					out[i] <- terraformPlan(f.Name, data, opts, policy)
					return
				}
				arena := arenas.Get().(*source.Arena)
				docs, d := source.ParseIn(f.Name, data, arena)
				parts := make([]*ecs.Set, len(docs))
				released := true
				for j, doc := range docs {
					if !kube.Detect(doc) {
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
				out[i] <- parsedFile{docs: docs, parts: parts, diags: d}
			}()
		}
	}()
	return out
}

// arenas hold the parse workers' node slabs between files.
var arenas = sync.Pool{New: func() any { return new(source.Arena) }}

// Extensions are the file name endings read from folders.
var Extensions = []string{".json", ".yaml", ".yml"}

// FromFS reads the named files and, recursively, the JSON and YAML files
// under the named folders of fsys. Order does not matter: Translate sorts.
func FromFS(fsys fs.FS, roots ...string) (Input, error) {
	var in Input
	for _, root := range roots {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || (p != root && !slices.Contains(Extensions, strings.ToLower(path.Ext(p)))) {
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			in.Files = append(in.Files, File{Name: p, Data: data})
			return nil
		})
		if err != nil {
			return in, err
		}
	}
	return in, nil
}

// stub is what the checklist needs of a workload once its objects are
// made: its name and the inputs it came from.
type stub struct {
	name    string
	sources []ir.Source
}

func stubsOf(ws []*ir.Workload) []stub {
	out := make([]stub, len(ws))
	for i, w := range ws {
		out[i] = stub{w.Name, w.Sources}
	}
	return out
}

// reportInput gathers what the checklist needs from the model, whose
// workloads are given as stubs (a streamed run has let them go).
func reportInput(m *ir.Model, workloads []stub, objs []emit.Object, diags diag.List, cfg config.Config) report.Input {
	in := report.Input{Objects: objs, Diagnostics: diags, Cluster: report.Cluster{Name: cfg.Cluster.Name, AccountID: cfg.Cluster.AccountID, OIDCIssuer: cfg.Cluster.OIDCIssuer}}
	index := map[string]int{}
	for _, sa := range m.ServiceAccounts {
		i, ok := index[sa.RoleARN]
		if !ok {
			i = len(in.Roles)
			index[sa.RoleARN] = i
			in.Roles = append(in.Roles, report.Role{ARN: sa.RoleARN, PodIdentity: sa.PodIdentity})
			if sa.Manifest {
				in.Roles[i].Keep = "the statement that lets the kOps nodes' role assume it, for kube2iam or kiam, while the kOps cluster still runs"
			}
		}
		in.Roles[i].ServiceAccounts = append(in.Roles[i].ServiceAccounts, report.ServiceAccount{Namespace: sa.Namespace, Name: sa.Name, Workloads: sa.Workloads})
	}
	for _, w := range workloads {
		sources := w.sources
		in.Workloads = append(in.Workloads, report.Workload{Name: w.name, Covers: func(p diag.Pos) bool {
			for _, s := range sources {
				if s.Covers(p) {
					return true
				}
			}
			return false
		}})
	}
	// Objects read from manifests group the diagnostics about them.
	for _, o := range m.Objects {
		if o.Generated {
			continue
		}
		origin := o.Origin
		in.Workloads = append(in.Workloads, report.Workload{Name: o.Kind() + "/" + o.Name(), Covers: func(p diag.Pos) bool {
			return ir.Source{File: origin.File, Doc: origin.Doc, Path: origin.Path}.Covers(p)
		}})
	}
	in.Owner = ownerIndex(m, workloads, in.Workloads)
	return in
}

// ownerIndex answers report.Input.Owner as the scan of Workloads would
// (the first workload with a source that covers the position), from the
// sources of the position's own file and document: a batch's diagnostics
// are then grouped in linear time.
func ownerIndex(m *ir.Model, stubs []stub, workloads []report.Workload) func(diag.Pos) string {
	type doc struct {
		file string
		doc  int
	}
	type entry struct {
		name string
		src  ir.Source
	}
	index := map[doc][]entry{}
	add := func(name string, s ir.Source) {
		index[doc{s.File, s.Doc}] = append(index[doc{s.File, s.Doc}], entry{name, s})
	}
	i := 0
	for _, w := range stubs {
		for _, s := range w.sources {
			add(workloads[i].Name, s)
		}
		i++
	}
	for _, o := range m.Objects {
		if !o.Generated {
			add(workloads[i].Name, ir.Source{File: o.Origin.File, Doc: o.Origin.Doc, Path: o.Origin.Path})
			i++
		}
	}
	return func(p diag.Pos) string {
		for _, e := range index[doc{p.File, p.Doc}] {
			if e.src.Covers(p) {
				return e.name
			}
		}
		return ""
	}
}
