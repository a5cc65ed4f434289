// Package lower turns the intermediate model into Kubernetes objects, once,
// in canonical order. Every emitter starts from the same objects, so raw
// YAML, Kustomize and Helm output cannot drift apart.
package lower

import (
	"cmp"
	"maps"
	"slices"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/translate/ir"
)

// Options are the run-wide settings lowering applies to every object.
type Options struct {
	// Namespace is set on every namespaced object when not empty.
	Namespace string
	// PartOf is the app.kubernetes.io/part-of value; empty means the
	// workload's own name.
	PartOf string
	// Labels are added to every object's metadata (never to selectors).
	Labels map[string]string
}

// Recommended label keys.
const (
	LabelName      = "app.kubernetes.io/name"
	LabelPartOf    = "app.kubernetes.io/part-of"
	LabelManagedBy = "app.kubernetes.io/managed-by"
)

// Lower returns the objects of the model in install order.
func Lower(m *ir.Model, opts Options) []emit.Object {
	var objs []emit.Object
	for _, w := range m.Workloads {
		objs = append(objs, workload(w, opts, false)...)
	}
	read, made := Rest(m, opts)
	objs = append(objs, made...)
	emit.Sort(objs)
	return installOrder(read, objs)
}

// Workload returns the objects of one workload, in no particular order:
// Lower is Workload for every workload plus Rest, in install order. A
// large run lowers (and writes) one workload at a time with it, so that
// its objects need not all exist at once.
func Workload(w *ir.Workload, opts Options) []emit.Object { return workload(w, opts, false) }

// WorkloadTaken is Workload for a caller that gives w up: the objects take
// w's pod template as it is instead of a copy, and w must not be read or
// lowered again. A batch lowers tens of thousands of workloads it drops at
// once, and copying each template was most of what lowering allocated.
func WorkloadTaken(w *ir.Workload, opts Options) []emit.Object { return workload(w, opts, true) }

// Namespace is the namespace of every namespaced object Workload returns
// for w ("" for none).
func Namespace(w *ir.Workload, opts Options) string { return namespace(w, opts) }

// Rest returns the objects that belong to no single workload: those read
// from manifests (read, in input order), and the ones rules made once for
// several workloads or from manifests (made, in no particular order).
func Rest(m *ir.Model, opts Options) (read, made []emit.Object) {
	read, made = passThrough(m, opts)
	return read, append(shared(m, opts), made...)
}

// InstallKey orders objects as Lower does: by kind in install order, then
// the objects read from manifests in input order (seq is the index among
// Rest's read objects), then the objects eksport made by namespace and
// name. Compare two keys with CompareInstallKeys.
type InstallKey struct {
	Rank      int
	Kind      string
	Made      bool
	Seq       int
	Namespace string
	Name      string
}

// KeyOf is o's InstallKey; read tells whether it is the seq-th object read
// from manifests.
func KeyOf(o emit.Object, read bool, seq int) InstallKey {
	k := InstallKey{Rank: emit.KindRank(o.Kind), Kind: o.Kind, Made: !read}
	if read {
		k.Seq = seq
	} else {
		k.Namespace, k.Name = o.Namespace, o.Name
	}
	return k
}

// CompareInstallKeys orders two keys as Lower orders their objects.
func CompareInstallKeys(a, b InstallKey) int {
	return cmp.Or(
		cmp.Compare(a.Rank, b.Rank),
		cmp.Compare(a.Kind, b.Kind),
		compareBool(a.Made, b.Made),
		cmp.Compare(a.Seq, b.Seq),
		cmp.Compare(a.Namespace, b.Namespace),
		cmp.Compare(a.Name, b.Name),
	)
}

// installOrder merges the objects read from manifests (in input order)
// with the objects eksport made (sorted by emit.Sort). Everything is in
// install order by kind, so that namespaces, accounts and definitions come
// before what needs them; within a kind, the objects read come first and
// keep the order the input gave them (files sorted by name, documents in
// file order), then the objects eksport made, by namespace and name. Kinds
// eksport does not rewrite thus pass through in order, and the output does
// not depend on the order inputs were named in.
func installOrder(read, made []emit.Object) []emit.Object {
	type item struct {
		o    emit.Object
		made bool
		seq  int
	}
	items := make([]item, 0, len(read)+len(made))
	for i, o := range read {
		items = append(items, item{o, false, i})
	}
	for i, o := range made {
		items = append(items, item{o, true, i})
	}
	slices.SortStableFunc(items, func(a, b item) int {
		return cmp.Or(
			cmp.Compare(emit.KindRank(a.o.Kind), emit.KindRank(b.o.Kind)),
			cmp.Compare(a.o.Kind, b.o.Kind),
			compareBool(a.made, b.made),
			cmp.Compare(a.seq, b.seq),
		)
	})
	out := make([]emit.Object, len(items))
	for i, it := range items {
		out[i] = it.o
	}
	return out
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func labels(w *ir.Workload, opts Options) map[string]string {
	l := map[string]string{}
	maps.Copy(l, opts.Labels)
	maps.Copy(l, w.Labels)
	partOf := opts.PartOf
	if partOf == "" {
		partOf = w.Name
	}
	l[LabelName] = w.Name
	l[LabelPartOf] = partOf
	l[LabelManagedBy] = "eksport"
	return l
}

func podLabels(w *ir.Workload, opts Options) map[string]string {
	return labels(&ir.Workload{Name: w.Name}, opts)
}

// selector is the one label that picks a workload's pods. It never changes
// between runs for the same input, since selectors are immutable.
func selector(w *ir.Workload) map[string]string {
	return map[string]string{LabelName: w.Name}
}

func namespace(w *ir.Workload, opts Options) string {
	if opts.Namespace != "" {
		return opts.Namespace
	}
	return w.Namespace
}

func meta(w *ir.Workload, opts Options, name string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Name: name, Namespace: namespace(w, opts), Labels: labels(w, opts)}
}

// workload lowers w; with taken, the objects share w's pod template.
func workload(w *ir.Workload, opts Options, taken bool) []emit.Object {
	var objs []emit.Object
	ns := namespace(w, opts)
	add := func(apiVersion, kind, name string, v any) {
		objs = append(objs, emit.Object{APIVersion: apiVersion, Kind: kind, Namespace: ns, Name: name, Value: v, Origin: w.Origin})
	}
	var tmpl corev1.PodTemplateSpec
	if taken {
		tmpl = *w.Template
		w.Template = nil
	} else {
		tmpl = *w.Template.DeepCopy()
	}
	mountSecretsStore(w, &tmpl.Spec)
	// Pods carry the configured and recommended labels, and the tags the
	// front-end propagated onto the template (ECS propagateTags); the
	// workload's own tags stay on the workload's objects, as ECS keeps a
	// service's tags off its tasks unless told to propagate them.
	tl := podLabels(w, opts)
	maps.Copy(tl, tmpl.Labels)
	// The selector labels win over propagated tags: a template that does
	// not match its selector is rejected.
	maps.Copy(tl, selector(w))
	tmpl.Labels = tl
	switch w.Kind {
	case ir.Deployment, "":
		d := &appsv1.Deployment{
			TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
			ObjectMeta: meta(w, opts, w.Name),
			Spec: appsv1.DeploymentSpec{
				Replicas: w.Replicas,
				Selector: &metav1.LabelSelector{MatchLabels: selector(w)},
				Template: tmpl,
			},
		}
		d.Annotations = w.Annotations
		if r := w.Rollout; r != nil {
			d.Spec.ProgressDeadlineSeconds = r.ProgressDeadlineSeconds
			if r.MaxSurge != "" || r.MaxUnavailable != "" {
				d.Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType, RollingUpdate: &appsv1.RollingUpdateDeployment{
					MaxSurge: percent(r.MaxSurge), MaxUnavailable: percent(r.MaxUnavailable),
				}}
			}
		}
		add("apps/v1", "Deployment", w.Name, d)
	case ir.DaemonSet:
		ds := &appsv1.DaemonSet{
			TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "DaemonSet"},
			ObjectMeta: meta(w, opts, w.Name),
			Spec: appsv1.DaemonSetSpec{
				Selector: &metav1.LabelSelector{MatchLabels: selector(w)},
				Template: tmpl,
			},
		}
		ds.Annotations = w.Annotations
		if r := w.Rollout; r != nil && (r.MaxSurge != "" || r.MaxUnavailable != "") {
			ds.Spec.UpdateStrategy = appsv1.DaemonSetUpdateStrategy{Type: appsv1.RollingUpdateDaemonSetStrategyType, RollingUpdate: &appsv1.RollingUpdateDaemonSet{
				MaxSurge: percent(r.MaxSurge), MaxUnavailable: percent(r.MaxUnavailable),
			}}
		}
		add("apps/v1", "DaemonSet", w.Name, ds)
	case ir.Job, ir.CronJob:
		tmpl.Spec.RestartPolicy = corev1.RestartPolicyNever
		job := batchv1.JobSpec{Template: tmpl, BackoffLimit: ptr(int32(0))}
		if s := w.Schedule; s != nil && s.Parallelism > 1 {
			job.Parallelism, job.Completions = ptr(s.Parallelism), ptr(s.Parallelism)
		}
		if w.Kind == ir.Job {
			j := &batchv1.Job{TypeMeta: metav1.TypeMeta{APIVersion: "batch/v1", Kind: "Job"}, ObjectMeta: meta(w, opts, w.Name), Spec: job}
			j.Annotations = w.Annotations
			add("batch/v1", "Job", w.Name, j)
			break
		}
		cj := &batchv1.CronJob{
			TypeMeta:   metav1.TypeMeta{APIVersion: "batch/v1", Kind: "CronJob"},
			ObjectMeta: meta(w, opts, w.Name),
			Spec: batchv1.CronJobSpec{
				Schedule: w.Schedule.Cron,
				// EventBridge starts a task at every tick, even while the
				// previous one runs: Allow (the default) is the same.
				JobTemplate: batchv1.JobTemplateSpec{Spec: job},
			},
		}
		if w.Schedule.TimeZone != "" {
			cj.Spec.TimeZone = ptr(w.Schedule.TimeZone)
		}
		if w.Schedule.Suspend {
			cj.Spec.Suspend = ptr(true)
		}
		cj.Spec.StartingDeadlineSeconds = w.Schedule.StartingDeadlineSeconds
		cj.Annotations = w.Annotations
		add("batch/v1", "CronJob", w.Name, cj)
	}
	if r := w.Rollout; r != nil && (r.MinAvailable != "" || r.BudgetMaxUnavailable != "") {
		pdb := &policyv1.PodDisruptionBudget{
			TypeMeta:   metav1.TypeMeta{APIVersion: "policy/v1", Kind: "PodDisruptionBudget"},
			ObjectMeta: meta(w, opts, w.Name),
			Spec: policyv1.PodDisruptionBudgetSpec{
				Selector: &metav1.LabelSelector{MatchLabels: selector(w)},
				// ECS replaces a crash-looping task without waiting for
				// it; IfHealthyBudget would let such pods block drains.
				UnhealthyPodEvictionPolicy: ptr(policyv1.AlwaysAllow),
			},
		}
		if r.BudgetMaxUnavailable != "" {
			pdb.Spec.MaxUnavailable = percent(r.BudgetMaxUnavailable)
		} else {
			pdb.Spec.MinAvailable = percent(r.MinAvailable)
		}
		add("policy/v1", "PodDisruptionBudget", w.Name, pdb)
	}
	objs = append(objs, secretObjects(w, opts)...)
	objs = append(objs, services(w, opts)...)
	objs = append(objs, exposure(w, opts)...)
	objs = append(objs, scaling(w, opts)...)
	for _, c := range w.Claims {
		pvc := &corev1.PersistentVolumeClaim{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "PersistentVolumeClaim"},
			ObjectMeta: meta(w, opts, c.Name),
			Spec: corev1.PersistentVolumeClaimSpec{
				AccessModes: c.AccessModes,
				Resources: corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{
					corev1.ResourceStorage: resource.MustParse(c.Size),
				}},
			},
		}
		maps.Copy(pvc.Labels, c.Labels)
		objs = append(objs, emit.Object{APIVersion: "v1", Kind: "PersistentVolumeClaim", Namespace: ns, Name: c.Name, Value: pvc, Origin: c.Origin})
	}
	return objs
}

func ptr[T any](v T) *T { return &v }

// percent turns "25%" into an IntOrString; "" into nil.
func percent(s string) *intstr.IntOrString {
	if s == "" {
		return nil
	}
	v := intstr.Parse(s)
	return &v
}

// passThrough lowers objects read from manifests: unchanged, except for
// what rules rewrote and the run's namespace when one is set. It returns
// the objects read, in input order, apart from the ones rules made.
func passThrough(m *ir.Model, opts Options) (read, made []emit.Object) {
	for _, o := range m.Objects {
		if o.Drop {
			continue
		}
		ns := o.Namespace()
		if opts.Namespace != "" && ns != "" {
			ns = opts.Namespace
			if md, ok := o.Object["metadata"].(map[string]any); ok {
				md["namespace"] = ns
			}
		}
		eo := emit.Object{APIVersion: o.APIVersion(), Kind: o.Kind(), Namespace: ns, Name: o.Name(), Value: o.Object, Origin: o.Origin}
		if o.Generated {
			made = append(made, eo)
		} else {
			read = append(read, eo)
		}
	}
	return read, made
}
