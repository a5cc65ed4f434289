package judge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
)

// Stages of judging one object, as reported in a Rejection.
const (
	StageParse   = "parse"    // the file is not readable YAML / objects
	StageMapping = "mapping"  // no API serves apiVersion/kind (CRD missing?)
	StageObject  = "object"   // the judge's own checks (name, scope)
	StageDryRun  = "dry-run"  // server-side apply, dryRun=All, fieldValidation=Strict
	StageApply   = "apply"    // the real server-side apply
	StageReapply = "re-apply" // the second apply changed the object
)

// Rejection is one object the server (or the judge) refused.
type Rejection struct {
	Where   string // file:line [txtar section]
	Object  string // Kind namespace/name
	Stage   string
	Message string // the server's message
}

func (r Rejection) String() string {
	return fmt.Sprintf("%s: %s: %s: %s", r.Where, r.Object, r.Stage, r.Message)
}

// Result is the verdict on one Apply call.
type Result struct {
	Objects    int // objects judged
	Accepted   int // objects that passed every stage
	Rejections []Rejection
	Warnings   []string // API warnings, "where: object: text"
	Elapsed    time.Duration
}

// Err joins the rejections into one error, or returns nil.
func (r *Result) Err() error {
	if len(r.Rejections) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d objects rejected:", len(r.Rejections), r.Objects)
	for _, rj := range r.Rejections {
		b.WriteString("\n  " + rj.String())
	}
	return errors.New(b.String())
}

// ParseRejection turns a parse failure into a Rejection (for callers that
// want one report for unreadable files and refused objects).
func ParseRejection(source string, err error) Rejection {
	var pe *ParseError
	if errors.As(err, &pe) {
		return Rejection{Where: fmt.Sprintf("%s:%d", pe.Source, pe.Line), Object: "-", Stage: StageParse, Message: pe.Msg}
	}
	return Rejection{Where: source, Object: "-", Stage: StageParse, Message: err.Error()}
}

type applied struct {
	res        dynamic.ResourceInterface
	gvr        schema.GroupVersionResource
	apiVersion string
	kind       string
	ns, name   string
	keep       bool // existed before the unit: release its fields, do not delete
}

// Apply judges a set of objects as one unit (for example one eksport output
// folder): it creates the namespaces they need (with a default
// ServiceAccount, as a real cluster has), then, in dependency order, for each
// object runs a server-side apply dry run with strict field validation, a
// real server-side apply and a second identical apply that must change
// nothing. Afterwards it deletes what it created, so units do not see each
// other. Namespaced objects without a namespace go to "default". Apply is not
// safe for concurrent use.
func (s *Server) Apply(ctx context.Context, objs []Object) *Result {
	start := time.Now()
	r := &Result{Objects: len(objs)}
	s.warnings.drain()

	type planned struct {
		Object
		mapping *meta.RESTMapping
		ns      string
	}
	var plan []planned
	needNS := map[string]bool{}
	for _, o := range objs {
		reject := func(stage, msg string) {
			r.Rejections = append(r.Rejections, Rejection{Where: o.Where(), Object: o.ID(), Stage: stage, Message: msg})
		}
		gvk := o.Obj.GroupVersionKind()
		m, err := s.mapping(gvk)
		if err != nil {
			reject(StageMapping, fmt.Sprintf("no API serves %s %s (is its CRD installed?): %v", o.Obj.GetAPIVersion(), o.Obj.GetKind(), err))
			continue
		}
		if o.Obj.GetName() == "" {
			reject(StageObject, "metadata.name is empty (generateName cannot be applied)")
			continue
		}
		ns := o.Obj.GetNamespace()
		if m.Scope.Name() == meta.RESTScopeNameNamespace {
			if ns == "" {
				ns = metav1.NamespaceDefault
			}
			needNS[ns] = true
		} else if ns != "" {
			reject(StageObject, fmt.Sprintf("%s is cluster-scoped but metadata.namespace is %q (the server would silently drop it)", o.Obj.GetKind(), ns))
			continue
		}
		if gvk.Group == "" && gvk.Kind == "Namespace" {
			needNS[o.Obj.GetName()] = true
		}
		plan = append(plan, planned{Object: o, mapping: m, ns: ns})
	}
	sort.SliceStable(plan, func(i, j int) bool {
		return orderOf(plan[i].Obj.GetKind()) < orderOf(plan[j].Obj.GetKind())
	})

	for ns := range needNS {
		if err := s.ensureNamespace(ctx, ns); err != nil {
			r.Rejections = append(r.Rejections, Rejection{Where: "-", Object: "Namespace " + ns, Stage: StageObject, Message: "judge could not create namespace: " + err.Error()})
		}
	}

	var created []applied
	defer func() {
		s.cleanup(ctx, created)
		r.Elapsed = time.Since(start)
	}()

	for _, p := range plan {
		var res dynamic.ResourceInterface = s.dyn.Resource(p.mapping.Resource)
		if p.ns != "" {
			res = s.dyn.Resource(p.mapping.Resource).Namespace(p.ns)
		}
		name := p.Obj.GetName()
		reject := func(stage string, err error) {
			r.Rejections = append(r.Rejections, Rejection{Where: p.Where(), Object: p.ID(), Stage: stage, Message: message(err)})
		}
		warn := func() {
			seen := map[string]bool{}
			for _, w := range s.warnings.drain() {
				if !seen[w] {
					seen[w] = true
					r.Warnings = append(r.Warnings, fmt.Sprintf("%s: %s: %s", p.Where(), p.ID(), w))
				}
			}
		}
		opts := func(dry bool) metav1.PatchOptions {
			o := metav1.PatchOptions{FieldManager: FieldManager, FieldValidation: "Strict", Force: ptr(true)}
			if dry {
				o.DryRun = []string{metav1.DryRunAll}
			}
			return o
		}
		if _, err := res.Patch(ctx, name, types.ApplyPatchType, p.Raw, opts(true)); err != nil {
			warn()
			reject(StageDryRun, err)
			continue
		}
		// An object that exists already (a namespace, the default
		// ServiceAccount, kube-system objects) is released after the unit
		// rather than deleted.
		_, getErr := res.Get(ctx, name, metav1.GetOptions{})
		existed := getErr == nil
		first, err := res.Patch(ctx, name, types.ApplyPatchType, p.Raw, opts(false))
		if err != nil {
			warn()
			reject(StageApply, err)
			continue
		}
		created = append(created, applied{res: res, gvr: p.mapping.Resource, name: name, ns: p.ns,
			apiVersion: p.Obj.GetAPIVersion(), kind: p.Obj.GetKind(), keep: existed || p.mapping.Resource == nsGVR})
		if p.mapping.GroupVersionKind.GroupKind() == crdGK {
			if err := s.waitEstablished(ctx, []string{name}, 60*time.Second); err != nil {
				reject(StageApply, err)
				continue
			}
			s.mapper.Reset()
			// The API server writes a CRD's status (accepted names,
			// conditions) after the apply returns; compare the second apply
			// with the object as it stands once established.
			if now, err := res.Get(ctx, name, metav1.GetOptions{}); err == nil {
				first = now
			}
		}
		second, err := res.Patch(ctx, name, types.ApplyPatchType, p.Raw, opts(false))
		warn()
		if err != nil {
			reject(StageReapply, err)
			continue
		}
		if first.GetResourceVersion() != second.GetResourceVersion() {
			// Some kinds (PersistentVolumeClaim) get one more internal write
			// on their first update with nothing visible changing; only a
			// change of some field (managed fields included) is a failure.
			a, b := first.Object, second.Object
			if s.cp != nil {
				// Controllers write status between the two applies.
				a, b = withoutStatus(a), withoutStatus(b)
			}
			if paths := diffPaths(a, b); len(paths) > 0 {
				reject(StageReapply, fmt.Errorf("applying the same manifest again changed the object (resourceVersion %s -> %s): %s",
					first.GetResourceVersion(), second.GetResourceVersion(), strings.Join(paths, ", ")))
				continue
			}
		}
		r.Accepted++
	}
	return r
}

var crdGK = schema.GroupKind{Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition"}

func ptr[T any](v T) *T { return &v }

// message returns the server's message for an API error.
func message(err error) string {
	var se apierrors.APIStatus
	if errors.As(err, &se) {
		st := se.Status()
		msg := st.Message
		if st.Details != nil && len(st.Details.Causes) > 0 && !strings.Contains(msg, st.Details.Causes[0].Message) {
			var causes []string
			for _, c := range st.Details.Causes {
				causes = append(causes, strings.TrimSpace(c.Field+": "+c.Message))
			}
			msg += " (" + strings.Join(causes, "; ") + ")"
		}
		return msg
	}
	return err.Error()
}

// mapping resolves a kind to its resource, refreshing discovery once when
// the kind is unknown (a CRD installed since the last lookup).
func (s *Server) mapping(gvk schema.GroupVersionKind) (*meta.RESTMapping, error) {
	m, err := s.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil && meta.IsNoMatchError(err) {
		s.mapper.Reset()
		m, err = s.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	return m, err
}

var (
	nsGVR = schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
	saGVR = schema.GroupVersionResource{Version: "v1", Resource: "serviceaccounts"}
)

// ensureNamespace creates a namespace and its "default" ServiceAccount (which
// kube-controller-manager would create in a real cluster; Pods need it).
func (s *Server) ensureNamespace(ctx context.Context, ns string) error {
	if s.namespaces == nil {
		s.namespaces = map[string]bool{}
	}
	if s.namespaces[ns] {
		return nil
	}
	opts := metav1.PatchOptions{FieldManager: setupManager, Force: ptr(true)}
	nsObj := fmt.Sprintf(`{"apiVersion":"v1","kind":"Namespace","metadata":{"name":%q}}`, ns)
	if _, err := s.dyn.Resource(nsGVR).Patch(ctx, ns, types.ApplyPatchType, []byte(nsObj), opts); err != nil {
		return err
	}
	saObj := fmt.Sprintf(`{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default","namespace":%q}}`, ns)
	if _, err := s.dyn.Resource(saGVR).Namespace(ns).Patch(ctx, "default", types.ApplyPatchType, []byte(saObj), opts); err != nil {
		return err
	}
	s.namespaces[ns] = true
	return nil
}

// cleanup deletes what a unit created, in reverse order. Namespaces and
// objects that existed before the unit are kept (deleting a namespace needs
// kube-controller-manager), but the fields the unit set on them are released. Finalizers no controller will ever remove here (for
// example kubernetes.io/pvc-protection) are stripped.
func (s *Server) cleanup(ctx context.Context, created []applied) {
	bg := metav1.DeletePropagationBackground
	var pending []applied
	for i := len(created) - 1; i >= 0; i-- {
		a := created[i]
		if a.keep {
			// Applying just the identity drops every field the unit set.
			meta := map[string]any{"name": a.name}
			if a.ns != "" {
				meta["namespace"] = a.ns
			}
			release, _ := json.Marshal(map[string]any{"apiVersion": a.apiVersion, "kind": a.kind, "metadata": meta})
			if _, err := a.res.Patch(ctx, a.name, types.ApplyPatchType, release, metav1.PatchOptions{FieldManager: FieldManager, Force: ptr(true)}); err != nil {
				s.logf("judge: releasing %s %s: %v", a.kind, a.name, err)
			}
			continue
		}
		err := a.res.Delete(ctx, a.name, metav1.DeleteOptions{PropagationPolicy: &bg, GracePeriodSeconds: ptr(int64(0))})
		if err == nil {
			pending = append(pending, a)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, a := range pending {
		for {
			u, err := a.res.Get(ctx, a.name, metav1.GetOptions{})
			if apierrors.IsNotFound(err) || err != nil && time.Now().After(deadline) {
				break
			}
			if err == nil && u.GetDeletionTimestamp() != nil && len(u.GetFinalizers()) > 0 {
				_, _ = a.res.Patch(ctx, a.name, types.MergePatchType, []byte(`{"metadata":{"finalizers":null}}`), metav1.PatchOptions{})
			}
			if time.Now().After(deadline) {
				s.logf("judge: %s %s still present after cleanup", a.kind, a.name)
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	for _, a := range created {
		if a.gvr == crdGVR {
			s.mapper.Reset() // the unit's own CRDs are gone
			break
		}
	}
}

// diffPaths lists (up to 10 of) the JSON paths that differ between two
// versions of an object, ignoring resourceVersion and managed-field
// timestamps. It returns nil when nothing else differs.
func diffPaths(a, b map[string]any) []string {
	a = normalizeForDiff(a)
	b = normalizeForDiff(b)
	var out []string
	var walk func(path string, x, y any)
	walk = func(path string, x, y any) {
		if len(out) >= 10 {
			return
		}
		xm, xok := x.(map[string]any)
		ym, yok := y.(map[string]any)
		if xok && yok {
			keys := map[string]bool{}
			for k := range xm {
				keys[k] = true
			}
			for k := range ym {
				keys[k] = true
			}
			sorted := make([]string, 0, len(keys))
			for k := range keys {
				sorted = append(sorted, k)
			}
			sort.Strings(sorted)
			for _, k := range sorted {
				walk(path+"."+k, xm[k], ym[k])
			}
			return
		}
		if !reflect.DeepEqual(x, y) {
			xb, _ := json.Marshal(x)
			yb, _ := json.Marshal(y)
			out = append(out, fmt.Sprintf("%s: %s -> %s", path, truncate(string(xb), 80), truncate(string(yb), 80)))
		}
	}
	walk("", a, b)
	return out
}

func withoutStatus(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		if k != "status" {
			c[k] = v
		}
	}
	return c
}

func normalizeForDiff(m map[string]any) map[string]any {
	c := (&unstructured.Unstructured{Object: m}).DeepCopy().Object
	unstructured.RemoveNestedField(c, "metadata", "resourceVersion")
	if mf, ok, _ := unstructured.NestedSlice(c, "metadata", "managedFields"); ok {
		for _, e := range mf {
			if em, ok := e.(map[string]any); ok {
				delete(em, "time")
			}
		}
		_ = unstructured.SetNestedSlice(c, mf, "metadata", "managedFields")
	}
	return c
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
