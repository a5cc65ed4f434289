// Package eksport is eksport's library entry point: Translate takes input
// files in memory and returns the generated files and diagnostics, touching
// no disk, and Stream hands each file over as it is made. The eksport
// command is built on it and adds only flags and file I/O, so other tools
// can import exactly what the command does.
//
// A run reads its inputs into the intermediate model (package translate),
// applies the rules (package rules), lowers the model to Kubernetes
// objects and hands them to the format's emitter (package emit).
package eksport

import (
	"context"
	"encoding/binary"
	"hash"
	"hash/fnv"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/emit/lower"
	"github.com/eksport/eksport/emit/report"
	"github.com/eksport/eksport/internal/kname"
	"github.com/eksport/eksport/rules"
	"github.com/eksport/eksport/rules/registry"
	"github.com/eksport/eksport/translate"
	"github.com/eksport/eksport/translate/cloudformation"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ecs"
	"github.com/eksport/eksport/translate/ir"
	"github.com/eksport/eksport/translate/kube"
	"github.com/eksport/eksport/translate/terraform"
)

// File is one input file (translate.File). Name is used in diagnostics
// and to order inputs.
type File = translate.File

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
	// Ordered, with the raw format, makes a run hand its files to put
	// one at a time in install order once every object is made, for one
	// stream such as standard output (emit.StreamWriter). The run then
	// holds each object's manifest, not the object.
	Ordered bool
	// CloudFormation are the parameter overrides and pseudo parameters of
	// CloudFormation templates; region and account default to the
	// configuration's.
	CloudFormation cloudformation.Options
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
// environment, and the emitter gets every environment's objects. It is
// the engine (Stream) writing into memory. The returned error is for bugs
// and cancellation only; problems with the input are diagnostics.
func Translate(ctx context.Context, in Input, opts Options) (*Result, error) {
	mem := &memory{}
	diags, envs, err := newEngine(ctx, opts, mem.put, true).run(in)
	if err != nil {
		return nil, err
	}
	res := &Result{Diagnostics: diags}
	for _, e := range envs {
		res.Objects = append(res.Objects, e.Objects...)
		if e.Name != "" {
			res.Environments = append(res.Environments, e)
		}
	}
	if !diags.HasErrors() {
		res.Files = mem.set(envs)
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

func lowerOptions(opts Options) lower.Options {
	return lower.Options{Namespace: namespace(opts), PartOf: opts.Config.PartOf, Labels: opts.Config.Labels}
}

func namespace(opts Options) string {
	if opts.Namespace != "" {
		return opts.Namespace
	}
	return opts.Config.Namespace
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
	// Objects they use that neither the inputs nor eksport create must
	// be made on the new cluster: warned here, listed by the checklist.
	kube.CheckReferences(model, diags)
	return nil
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
	// hash and buf are repeatKey's.
	hash hash.Hash64
	buf  []byte
}

func newInfoDrop(opts Options, policy diag.Policy) *infoDrop {
	if !opts.DropInfo {
		return nil
	}
	return &infoDrop{policy: policy, dropped: map[uint64]struct{}{}, hash: fnv.New64a()}
}

// filter returns l without its Info diagnostics, in l's own array.
func (f *infoDrop) filter(l diag.List) diag.List {
	if f == nil {
		return l
	}
	out := l[:0]
	for _, d := range l {
		if sev, keep := f.policy.Severity(d); keep && sev == diag.Info {
			f.dropped[f.repeatKey(d)] = struct{}{}
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
// for every dropped one), each text followed by a 0xff byte, which text
// does not hold, and each number as 8 little-endian bytes. The bytes are
// laid out in f's buffer and hashed with f's hash, both reused: filter
// runs on one goroutine at a time, and a batch drops tens of thousands
// of diagnostics (10,000 inputs: 45 MB of short-lived buffers before).
func (f *infoDrop) repeatKey(d diag.Diagnostic) uint64 {
	b := f.buf[:0]
	add := func(s string) {
		b = append(append(b, s...), 0xff)
	}
	add(d.Pos.File)
	for _, n := range [...]int{d.Pos.Doc, d.Pos.Line, d.Pos.Col} {
		b = binary.LittleEndian.AppendUint64(b, uint64(n))
	}
	add(d.Pos.Path)
	add(d.Code)
	add(d.Message)
	add(d.Fix)
	for _, n := range d.Notes {
		add(n)
	}
	f.buf = b
	f.hash.Reset()
	f.hash.Write(b)
	return f.hash.Sum64()
}

// Extensions are the file name endings read from folders.
var Extensions = translate.Extensions

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
