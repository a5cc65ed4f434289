package ecs

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
	"github.com/eksport/eksport/translate/ir"
)

// taskDef is a translated task definition waiting to be used by services.
type taskDef struct {
	// pos and volumesPos are where the task definition and its volumes
	// are, networkMode what it says: all linking needs of the input, so
	// that the decoded input need not be kept.
	pos, volumesPos diag.Pos
	networkMode     string
	family          string
	revision        int64 // 0 for register input, which has no revision
	w               *ir.Workload
	used            bool
	// refs counts the services that name this task definition, and
	// pinned says a scheduled task does: the last service takes w itself
	// instead of a copy, unless pinned (see take).
	refs   int
	pinned bool
	// launchVolume is the ECS name of the volume configured at launch.
	launchVolume string
	// archDefault: the amd64 node selector is ECS's default architecture,
	// not the task definition's choice (see defaultArch).
	archDefault bool
}

// Build translates everything in the set: task definitions, then services
// (each on a copy of its task definition's workload), then the scaling,
// alarm and load balancer data that refer to services. Task definitions no
// service uses become workloads of their own.
func Build(s *Set, cfg config.Config, diags *diag.List) []*ir.Workload {
	var defs []*taskDef
	for _, in := range s.TaskDefs {
		d := in.prepared
		if d == nil {
			d = prepare(in, diags, diag.Policy{Override: cfg.Diagnostics})
		}
		in.prepared = nil // a second Build translates again
		if d.w != nil {
			defs = append(defs, d)
		}
	}
	l := &linker{cfg: cfg, diags: diags, defs: defs, set: s}
	l.countUses()
	var out []*ir.Workload
	for _, svc := range s.Services {
		if w := l.service(svc); w != nil {
			out = append(out, w)
			l.services = append(l.services, linkedService{item: svc, w: w})
		}
	}
	l.scaling()
	out = append(out, l.scheduledTasks()...)
	l.checkBases()
	usedFamily := map[string]*taskDef{}
	for _, d := range defs {
		if d.used {
			usedFamily[d.family] = d
		}
	}
	for _, d := range defs {
		if d.used {
			continue
		}
		if d.launchVolume != "" {
			diags.Warnf(d.volumesPos, "ecs/launch-volume", "volume %q is configured at launch, but no service among the inputs configures it: the task definition alone gets an empty volume; add the service whose volumeConfigurations give its EBS settings", d.launchVolume)
		}
		// Another revision of a family a service runs is history (or the
		// next deployment), not a workload of its own.
		if u := usedFamily[d.family]; u != nil {
			diags.Infof(d.pos, "ecs/unused-revision", "task definition %s is not the revision any service runs (a service runs %s); it is not translated on its own", revName(d), revName(u))
			continue
		}
		if slices.Contains(cfg.OneOff, d.family) {
			d.w.Kind = ir.Job
			d.w.Replicas = nil
			diags.Infof(d.pos, "ecs/one-off", "task definition %q is marked one-off in the configuration: it becomes a Job", d.family)
		}
		out = append(out, d.w)
	}
	return out
}

// Prepare translates a decoded task definition on its own, ahead of Build,
// and keeps only the workload and what linking needs: the decoded input
// is released. Task definitions need no other input to be translated, so
// a run prepares each one on the core that decoded it, and a batch never
// holds every decoded task definition at once. Build prepares the ones
// not prepared.
func Prepare(in *Input, diags *diag.List, policy diag.Policy) {
	in.prepared = prepare(in, diags, policy)
	if w := in.prepared.w; w != nil {
		pack(w)
	}
	in.TD, in.Dec, in.Doc = nil, nil, nil
}

// prepare translates a task definition: a taskDef without workload when
// the translation found errors.
func prepare(in *Input, diags *diag.List, policy diag.Policy) *taskDef {
	if slices.ContainsFunc(in.decodeErrors, policy.Fatal) {
		return &taskDef{pos: in.P(""), family: deref(in.TD.Family)}
	}
	before := len(*diags) // counting the whole list here was quadratic in a batch
	w := Translate(in, diags)
	d := &taskDef{pos: in.P(""), volumesPos: in.P("volumes"), networkMode: deref(in.TD.NetworkMode),
		family: deref(in.TD.Family), revision: deref(in.TD.Revision), archDefault: archDefaulted(in.TD)}
	if w == nil || slices.ContainsFunc((*diags)[before:], policy.Fatal) {
		return d
	}
	d.w = w
	for _, v := range in.TD.Volumes {
		if deref(v.ConfiguredAtLaunch) {
			d.launchVolume = deref(v.Name)
		}
	}
	return d
}

// revName names a task definition as family:revision, or the family for
// register input.
func revName(d *taskDef) string {
	if d.revision == 0 {
		return d.family
	}
	return fmt.Sprintf("%s:%d", d.family, d.revision)
}

type linkedService struct {
	item *Item[Service]
	w    *ir.Workload
}

type linker struct {
	cfg      config.Config
	diags    *diag.List
	defs     []*taskDef
	set      *Set
	services []linkedService
	pending  []scheduled
	// byFamily and byName index defs and services (in their order) so that
	// resolving a batch's references is not quadratic; byName is rebuilt
	// when services grew since.
	byFamily map[string][]*taskDef
	byName   map[string][]int
	indexed  int
	// tried marks the workloads some scaling policy or action applied to.
	tried map[*ir.Workload]bool
	// bases are one-provider strategies' bases, checked once the
	// workloads' scaling and task counts are known (checkBases).
	bases []capacityBase
}

// parseTaskDefRef splits "family", "family:3" or a task definition ARN.
func parseTaskDefRef(ref string) (family string, revision int64) {
	if i := strings.LastIndex(ref, ":task-definition/"); i >= 0 {
		ref = ref[i+len(":task-definition/"):]
	}
	fam, rev, ok := strings.Cut(ref, ":")
	if ok {
		var n int64
		if _, err := fmt.Sscan(rev, &n); err == nil {
			return fam, n
		}
	}
	return fam, 0
}

// resolve finds the task definition a reference names. A register input
// (no revision) matches any revision of its family; among describe outputs
// the exact revision wins.
func (l *linker) resolve(ref string) (*taskDef, string) {
	if d := l.find(ref); d != nil {
		return d, ""
	}
	family, rev := parseTaskDefRef(ref)
	if len(l.byFamily[family]) == 0 {
		var known []string
		for _, d := range l.defs {
			known = append(known, d.family)
		}
		slices.Sort(known)
		if len(known) == 0 {
			return nil, fmt.Sprintf("no task definition %q among the inputs (there are none; add the task definition file to the run)", family)
		}
		return nil, fmt.Sprintf("no task definition %q among the inputs (they have: %s)", family, strings.Join(slices.Compact(known), ", "))
	}
	return nil, fmt.Sprintf("task definition %s:%d is not among the inputs (only other revisions of %q are)", family, rev, family)
}

// find is resolve without the message: the task definition ref names,
// or nil.
func (l *linker) find(ref string) *taskDef {
	family, rev := parseTaskDefRef(ref)
	if l.byFamily == nil {
		l.byFamily = map[string][]*taskDef{}
		for _, d := range l.defs {
			l.byFamily[d.family] = append(l.byFamily[d.family], d)
		}
	}
	byFamily := l.byFamily[family]
	if len(byFamily) == 0 {
		return nil
	}
	if rev != 0 {
		for _, d := range byFamily {
			if d.revision == rev {
				return d
			}
		}
		for _, d := range byFamily {
			if d.revision == 0 {
				return d
			}
		}
		return nil
	}
	// No revision asked: the latest given.
	best := byFamily[0]
	for _, d := range byFamily[1:] {
		if d.revision > best.revision {
			best = d
		}
	}
	return best
}

// countUses counts, for each task definition, the services that may take
// its workload, and pins those a scheduled task names (a scheduled task
// reads the task definition's workload after taking its copy).
func (l *linker) countUses() {
	for _, it := range l.set.Services {
		if d := l.find(serviceTaskDef(it.V)); d != nil {
			d.refs++
		}
	}
	for _, t := range l.set.EventTargets {
		if ep := t.V.EcsParameters; ep != nil {
			if d := l.find(deref(ep.TaskDefinitionArn)); d != nil {
				d.pinned = true
			}
		}
	}
	for _, sc := range l.set.Schedules {
		if t := sc.V.Target; t != nil && t.EcsParameters != nil {
			if d := l.find(deref(t.EcsParameters.TaskDefinitionArn)); d != nil {
				d.pinned = true
			}
		}
	}
}

// take returns the workload a service starts from: a copy, or for the
// last service counted the task definition's workload itself, which then
// nothing else reads (a batch need not hold both).
func (d *taskDef) take() (*ir.Workload, error) {
	d.refs--
	if d.refs == 0 && !d.pinned {
		return d.w, Unpack(d.w)
	}
	return clone(d.w)
}

// clone copies a workload deeply enough that services sharing a task
// definition do not share state.
func clone(w *ir.Workload) (*ir.Workload, error) {
	c := *w
	if w.Packed != nil {
		// Decoding makes a copy.
		t, err := unpacked(w.Packed)
		if err != nil {
			return nil, err
		}
		c.Template, c.Packed = t, nil
	} else {
		c.Template = w.Template.DeepCopy()
		shareResources(&c.Template.Spec)
	}
	c.Labels = maps.Clone(w.Labels)
	c.Annotations = maps.Clone(w.Annotations)
	c.Ports = slices.Clone(w.Ports)
	c.Claims = slices.Clone(w.Claims)
	c.Sources = slices.Clone(w.Sources)
	if w.Replicas != nil {
		r := *w.Replicas
		c.Replicas = &r
	}
	// The task role is the task definition's; the identity rule records
	// each copy's account in it.
	if w.Identity != nil {
		id := *w.Identity
		c.Identity = &id
	}
	return &c, nil
}

// clusterName reduces a cluster ARN to its name.
func clusterName(s string) string {
	if i := strings.LastIndex(s, ":cluster/"); i >= 0 {
		return s[i+len(":cluster/"):]
	}
	return s
}

// findService resolves an Application Auto Scaling ResourceId.
func (l *linker) findService(resourceID string) (*linkedService, string) {
	parts := strings.Split(resourceID, "/")
	if len(parts) != 3 || parts[0] != "service" {
		return nil, fmt.Sprintf("ResourceId %q is not of the form service/<cluster>/<service>", resourceID)
	}
	cluster, name := parts[1], parts[2]
	if l.byName == nil || l.indexed != len(l.services) {
		l.byName = map[string][]int{}
		for i := range l.services {
			n := deref(l.services[i].item.V.ServiceName)
			l.byName[n] = append(l.byName[n], i)
		}
		l.indexed = len(l.services)
	}
	var match []*linkedService
	for _, i := range l.byName[name] {
		ls := &l.services[i]
		c := clusterName(deref(ls.item.V.Cluster))
		if c == "" {
			c = clusterName(deref(ls.item.V.ClusterArn))
		}
		if c != "" && c != cluster {
			continue
		}
		match = append(match, ls)
	}
	switch len(match) {
	case 0:
		return nil, fmt.Sprintf("no ECS service %q (cluster %q) among the inputs; add its create-service or describe-services file", name, cluster)
	case 1:
		return match[0], ""
	}
	return nil, fmt.Sprintf("%d services are named %q; name their cluster in the service files", len(match), name)
}
