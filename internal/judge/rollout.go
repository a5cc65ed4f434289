package judge

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	resourcehelper "k8s.io/component-helpers/resource"
	corev1helpers "k8s.io/component-helpers/scheduling/corev1"
	"k8s.io/component-helpers/scheduling/corev1/nodeaffinity"
	"k8s.io/klog/v2"
)

// RolloutUnit is one application run on the simulated cluster: the objects
// of one eksport output, and the input that produced them.
type RolloutUnit struct {
	Name    string // golden case and format, txtar archive, corpus file
	Input   string // the eksport input (file or folder) behind the objects
	Objects []Object
	// ObjectsToCreate are the migration checklist's objectsToCreate lines
	// ("Secret namespace/name: KEY, KEY", or "ServiceAccount
	// namespace/name" and "ConfigMap namespace/name" for the objects
	// kube/missing-reference reports): what the user creates by hand.
	ObjectsToCreate []string
	// NodeGroups are the node groups the unit's eksport configuration
	// declares (cluster.nodeGroups), which its placement rule checked the
	// pods against: the cluster gets them, with no nodes until pods wait
	// for them (see declaredNodeGroups).
	NodeGroups []NodeGroup
}

// RolloutProblem is one thing that did not roll out, with the reason the
// scheduler or a controller gave.
type RolloutProblem struct {
	Unit, Input string
	Where       string // file:line of the object in eksport's output
	Object      string // Kind namespace/name as eksport wrote it
	Reason      string
}

func (p RolloutProblem) String() string {
	return fmt.Sprintf("%s: %s: %s (input %s)", p.Where, p.Object, p.Reason, p.Input)
}

// RolloutReport is the verdict on a Rollout.
type RolloutReport struct {
	Units       int
	Workloads   int // Deployments, StatefulSets, DaemonSets, Jobs and CronJobs
	Available   int
	Pods        int
	PodsPending int
	NodesAdded  int
	Problems    []RolloutProblem
	Notes       []string // objects accepted but not run, and why
	Elapsed     time.Duration
}

// Line is the summary make e2e prints.
func (r *RolloutReport) Line() string {
	return fmt.Sprintf("rollout: %d of %d workloads available, %d pods pending", r.Available, r.Workloads, r.PodsPending)
}

// notRun are kinds the rollout does not apply: each would act on every
// other unit sharing the cluster (an admission webhook whose server does not
// run refuses every pod), so they are judged valid but not run.
var notRun = map[string]string{
	"MutatingWebhookConfiguration":     "an admission webhook without its server would refuse every unit's pods",
	"ValidatingWebhookConfiguration":   "an admission webhook without its server would refuse every unit's pods",
	"APIService":                       "an aggregated API without its server breaks discovery for every unit",
	"ValidatingAdmissionPolicy":        "an admission policy applies to every unit sharing the cluster",
	"ValidatingAdmissionPolicyBinding": "an admission policy applies to every unit sharing the cluster",
	"MutatingAdmissionPolicy":          "an admission policy applies to every unit sharing the cluster",
	"MutatingAdmissionPolicyBinding":   "an admission policy applies to every unit sharing the cluster",
}

// placed is one object as applied: which unit, where it came from.
type placed struct {
	unit int
	obj  Object
	u    *unstructured.Unstructured // rewritten for the cluster
	m    *meta.RESTMapping
}

type objKey struct {
	kind, ns, name string
}

type rollout struct {
	s       *Server
	units   []RolloutUnit
	base    int               // units of earlier Rollout calls: namespaces stay unique
	nsUnit  map[string]int    // cluster namespace -> unit
	nsOrig  map[string]string // cluster namespace -> namespace as written
	objects map[objKey]placed // by kind and cluster namespace/name
	report  *RolloutReport
	// triggered: when nodes were last added for a pod.
	triggered map[types.UID]time.Time
}

// nsFor is the cluster namespace of unit i's namespace ns: every unit gets
// its own, so units run side by side without seeing each other.
func nsFor(i int, ns string) string {
	if ns == "" {
		ns = metav1.NamespaceDefault
	}
	n := fmt.Sprintf("u%d-%s", i, ns)
	if len(n) > 63 {
		n = strings.TrimRight(n[:63], "-")
	}
	return n
}

// pvFor is the cluster name of unit i's PersistentVolume.
func pvFor(i int, name string) string {
	n := fmt.Sprintf("u%d-%s", i, name)
	if len(n) > 253 {
		n = n[:253]
	}
	return n
}

// Rollout applies every unit for real, each in namespaces of its own, on the
// control plane StartControlPlane started, waits (at most timeout) until
// everything has settled and checks that it runs: Deployments, StatefulSets
// and DaemonSets available with every replica scheduled and Running; Jobs,
// and a Job made from each CronJob, scheduled; Services with ready
// endpoints; HorizontalPodAutoscalers able to read their target's scale;
// PodDisruptionBudgets over two or more pods allowing an eviction; nothing
// Pending; and every Secret and ConfigMap a pod reads present.
func (s *Server) Rollout(ctx context.Context, units []RolloutUnit, timeout time.Duration) *RolloutReport {
	start := time.Now()
	r := &rollout{s: s, units: units, base: 0, nsUnit: map[string]int{}, nsOrig: map[string]string{}, objects: map[objKey]placed{},
		triggered: map[types.UID]time.Time{}, report: &RolloutReport{Units: len(units)}}
	defer func() { r.report.Elapsed = time.Since(start) }()
	if s.cp == nil {
		r.report.Problems = append(r.report.Problems, RolloutProblem{Where: "-", Object: "-", Reason: "the control plane is not running (StartControlPlane)"})
		return r.report
	}
	r.base = s.cp.units
	s.cp.units += len(units)
	plan := r.plan(ctx)
	r.declaredNodeGroups()
	r.createListedAll(ctx)
	r.apply(ctx, plan)
	r.createSecrets(ctx, plan)
	r.cronJobs(ctx, plan)
	r.karpenter(ctx, plan)
	r.settle(ctx, timeout)
	r.check(ctx)
	sort.SliceStable(r.report.Problems, func(i, j int) bool {
		a, b := r.report.Problems[i], r.report.Problems[j]
		if a.Unit != b.Unit {
			return a.Unit < b.Unit
		}
		return a.Where < b.Where
	})
	return r.report
}

func (r *rollout) problem(unit int, where, object, format string, args ...any) {
	p := RolloutProblem{Where: where, Object: object, Reason: fmt.Sprintf(format, args...)}
	if unit >= 0 && unit < len(r.units) {
		p.Unit, p.Input = r.units[unit].Name, r.units[unit].Input
	}
	r.report.Problems = append(r.report.Problems, p)
}

// plan rewrites every unit's objects into its namespaces.
func (r *rollout) plan(ctx context.Context) []placed {
	var plan []placed
	for i, u := range r.units {
		for _, o := range u.Objects {
			if o.Obj == nil {
				continue
			}
			if why, ok := notRun[o.Obj.GetKind()]; ok {
				r.report.Notes = append(r.report.Notes, fmt.Sprintf("%s: %s: %s: not run: %s", u.Name, o.Where(), o.ID(), why))
				continue
			}
			c := o.Obj.DeepCopy()
			m, err := r.s.mapping(c.GroupVersionKind())
			namespaced := err == nil && m.Scope.Name() == meta.RESTScopeNameNamespace
			if err != nil && c.GetNamespace() != "" {
				namespaced = true // a kind of a CRD the unit installs itself
			}
			if namespaced {
				ns := nsFor(r.base+i, c.GetNamespace())
				r.nsUnit[ns] = i
				r.nsOrig[ns] = o.Obj.GetNamespace()
				c.SetNamespace(ns)
			}
			switch c.GetKind() {
			case "Namespace":
				ns := nsFor(r.base+i, c.GetName())
				r.nsUnit[ns] = i
				r.nsOrig[ns] = c.GetName()
				c.SetName(ns)
			case "RoleBinding", "ClusterRoleBinding":
				subjects, _, _ := unstructured.NestedSlice(c.Object, "subjects")
				for _, sub := range subjects {
					if sm, ok := sub.(map[string]any); ok && sm["kind"] == "ServiceAccount" {
						ns, _ := sm["namespace"].(string)
						sm["namespace"] = nsFor(r.base+i, ns)
					}
				}
				if subjects != nil {
					_ = unstructured.SetNestedSlice(c.Object, subjects, "subjects")
				}
			case "PersistentVolume":
				// A static volume belongs to its unit's claim: renamed, so
				// that units with the same volume do not bind each other's.
				c.SetName(pvFor(r.base+i, c.GetName()))
				if ns, ok, _ := unstructured.NestedString(c.Object, "spec", "claimRef", "namespace"); ok {
					_ = unstructured.SetNestedField(c.Object, nsFor(r.base+i, ns), "spec", "claimRef", "namespace")
				}
			case "PersistentVolumeClaim":
				if v, ok, _ := unstructured.NestedString(c.Object, "spec", "volumeName"); ok && v != "" {
					_ = unstructured.SetNestedField(c.Object, pvFor(r.base+i, v), "spec", "volumeName")
				}
			}
			if !namespaced && c.GetKind() != "Namespace" && c.GetKind() != "PersistentVolume" {
				// Cluster-scoped objects keep their names, and units that
				// ship the same one (a StorageClass gp2, a ClusterRole)
				// would overwrite each other: the first unit's is applied.
				k := objKey{c.GetKind(), "", c.GetName()}
				if first, ok := r.objects[k]; ok && first.unit != i {
					r.report.Notes = append(r.report.Notes, fmt.Sprintf("%s: %s: %s: not applied: unit %s applies the same cluster-scoped object (units share one cluster)", u.Name, o.Where(), o.ID(), r.units[first.unit].Name))
					continue
				}
			}
			p := placed{unit: i, obj: o, u: c}
			if err == nil {
				p.m = m
			}
			plan = append(plan, p)
			r.objects[objKey{c.GetKind(), c.GetNamespace(), c.GetName()}] = p
		}
	}
	sort.SliceStable(plan, func(a, b int) bool { return orderOf(plan[a].u.GetKind()) < orderOf(plan[b].u.GetKind()) })
	return plan
}

// apply creates every unit's namespaces, then applies the objects kind by
// kind (in dependency order), the objects of one kind in parallel.
func (r *rollout) apply(ctx context.Context, plan []placed) {
	nss := make([]string, 0, len(r.nsUnit))
	for ns := range r.nsUnit {
		nss = append(nss, ns)
	}
	sort.Strings(nss)
	for _, ns := range nss {
		if err := r.s.ensureNamespace(ctx, ns); err != nil {
			r.problem(r.nsUnit[ns], "-", "Namespace "+r.nsOrig[ns], "the judge could not create namespace %s: %v", ns, err)
		}
	}
	for lo := 0; lo < len(plan); {
		hi := lo
		for hi < len(plan) && orderOf(plan[hi].u.GetKind()) == orderOf(plan[lo].u.GetKind()) {
			hi++
		}
		batch := plan[lo:hi]
		var mu sync.Mutex
		var wg sync.WaitGroup
		sem := make(chan struct{}, 8)
		var crds []string
		for k := range batch {
			p := &batch[k]
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				err := r.applyOne(ctx, p)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					r.problem(p.unit, p.obj.Where(), p.obj.ID(), "not applied: %s", message(err))
				} else if p.m != nil && p.m.GroupVersionKind.GroupKind() == crdGK {
					crds = append(crds, p.u.GetName())
				}
			}()
		}
		wg.Wait()
		if len(crds) > 0 {
			if err := r.s.waitEstablished(ctx, crds, 60*time.Second); err != nil {
				r.problem(-1, "-", "CustomResourceDefinition", "%v", err)
			}
			r.s.mapper.Reset()
		}
		lo = hi
	}
}

func (r *rollout) applyOne(ctx context.Context, p *placed) error {
	if p.m == nil {
		m, err := r.s.mapping(p.u.GroupVersionKind())
		if err != nil {
			return fmt.Errorf("no API serves %s %s: %v", p.u.GetAPIVersion(), p.u.GetKind(), err)
		}
		p.m = m
	}
	data, err := p.u.MarshalJSON()
	if err != nil {
		return err
	}
	res := r.s.dyn.Resource(p.m.Resource)
	opts := metav1.PatchOptions{FieldManager: FieldManager, Force: ptr(true)}
	if p.m.Scope.Name() == meta.RESTScopeNameNamespace {
		_, err = res.Namespace(p.u.GetNamespace()).Patch(ctx, p.u.GetName(), types.ApplyPatchType, data, opts)
	} else {
		_, err = res.Patch(ctx, p.u.GetName(), types.ApplyPatchType, data, opts)
	}
	return err
}

// createSecrets makes the Secrets that exist on a real cluster only once
// someone acts: those External Secrets or the Secrets Store CSI driver sync
// (ExternalSecret targets, SecretProviderClass secretObjects) and those the
// checklist tells the user to create. Values are placeholders.
func (r *rollout) createSecrets(ctx context.Context, plan []placed) {
	type want struct {
		unit     int
		ns, name string
		keys     []string
	}
	var wants []want
	for _, p := range plan {
		u := p.u
		switch {
		case u.GetKind() == "ExternalSecret" && strings.HasPrefix(u.GetAPIVersion(), "external-secrets.io/"):
			name, _, _ := unstructured.NestedString(u.Object, "spec", "target", "name")
			if name == "" {
				name = u.GetName()
			}
			var keys []string
			data, _, _ := unstructured.NestedSlice(u.Object, "spec", "data")
			for _, d := range data {
				if dm, ok := d.(map[string]any); ok {
					if k, ok := dm["secretKey"].(string); ok {
						keys = append(keys, k)
					}
				}
			}
			wants = append(wants, want{p.unit, u.GetNamespace(), name, keys})
		case u.GetKind() == "SecretProviderClass":
			objs, _, _ := unstructured.NestedSlice(u.Object, "spec", "secretObjects")
			for _, so := range objs {
				sm, ok := so.(map[string]any)
				if !ok {
					continue
				}
				name, _ := sm["secretName"].(string)
				var keys []string
				if data, ok := sm["data"].([]any); ok {
					for _, d := range data {
						if dm, ok := d.(map[string]any); ok {
							if k, ok := dm["key"].(string); ok {
								keys = append(keys, k)
							}
						}
					}
				}
				if name != "" {
					wants = append(wants, want{p.unit, u.GetNamespace(), name, keys})
				}
			}
		}
	}
	for i, u := range r.units {
		for _, line := range u.ObjectsToCreate {
			if listedObject(line) {
				continue // made before the objects were applied
			}
			ref, keyList, _ := strings.Cut(strings.TrimPrefix(line, "Secret "), ":")
			ns, name, ok := strings.Cut(strings.TrimSpace(ref), "/")
			if !ok {
				ns, name = "", strings.TrimSpace(ref)
			}
			var keys []string
			for _, k := range strings.Split(keyList, ",") {
				if k = strings.TrimSpace(k); k != "" {
					keys = append(keys, k)
				}
			}
			wants = append(wants, want{i, nsFor(r.base+i, ns), name, keys})
		}
	}
	for _, w := range wants {
		if err := r.s.ensureNamespace(ctx, w.ns); err != nil {
			continue
		}
		sec := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: w.name, Namespace: w.ns,
			Annotations: map[string]string{"eksport.io/judge": "placeholder for a Secret made outside the manifests"}},
			StringData: map[string]string{}}
		for _, k := range w.keys {
			sec.StringData[k] = "judge-placeholder"
		}
		_, err := r.s.cp.client.CoreV1().Secrets(w.ns).Create(ctx, sec, metav1.CreateOptions{FieldManager: setupManager})
		if apierrors.IsAlreadyExists(err) && len(w.keys) > 0 {
			// Two sources for one Secret: add the keys.
			patch := map[string]any{"stringData": sec.StringData}
			b, _ := json.Marshal(patch)
			_, err = r.s.cp.client.CoreV1().Secrets(w.ns).Patch(ctx, w.name, types.StrategicMergePatchType, b, metav1.PatchOptions{})
		}
		if err != nil && !apierrors.IsAlreadyExists(err) {
			r.problem(w.unit, "-", "Secret "+w.name, "the judge could not create the Secret: %v", err)
		}
	}
}

// listedObject says whether a checklist line names a ServiceAccount or a
// ConfigMap rather than a Secret.
func listedObject(line string) bool {
	kind, _, ok := strings.Cut(line, " ")
	return ok && (kind == "ServiceAccount" || kind == "ConfigMap")
}

// createListedAll makes the ServiceAccounts and ConfigMaps the units'
// checklists list, before the workloads are applied: a pod whose
// ServiceAccount is missing is refused, and its controller would only
// retry after a back-off.
func (r *rollout) createListedAll(ctx context.Context) {
	for i, u := range r.units {
		for _, line := range u.ObjectsToCreate {
			if listedObject(line) {
				kind, ref, _ := strings.Cut(line, " ")
				r.createListed(ctx, i, kind, ref)
			}
		}
	}
}

// createListed makes a ServiceAccount or ConfigMap that the checklist
// lists among the objects to create ("ServiceAccount namespace/name"):
// one the pods of an input use but that is defined in a manifest not
// given (kube/missing-reference), which the user applies or creates.
func (r *rollout) createListed(ctx context.Context, unit int, kind, ref string) {
	ns, name, ok := strings.Cut(strings.TrimSpace(ref), "/")
	if !ok {
		ns, name = "", strings.TrimSpace(ref)
	}
	ns = nsFor(r.base+unit, ns)
	if err := r.s.ensureNamespace(ctx, ns); err != nil {
		return
	}
	meta := metav1.ObjectMeta{Name: name, Namespace: ns,
		Annotations: map[string]string{"eksport.io/judge": "placeholder for an object the checklist lists to create"}}
	var err error
	if kind == "ServiceAccount" {
		_, err = r.s.cp.client.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{ObjectMeta: meta}, metav1.CreateOptions{FieldManager: setupManager})
	} else {
		_, err = r.s.cp.client.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: meta}, metav1.CreateOptions{FieldManager: setupManager})
	}
	if err != nil && !apierrors.IsAlreadyExists(err) {
		r.problem(unit, "-", kind+" "+name, "the judge could not create the %s: %v", kind, err)
	}
}

// cronJobs makes a Job from each CronJob's template, as a schedule would.
func (r *rollout) cronJobs(ctx context.Context, plan []placed) {
	for _, p := range plan {
		if p.u.GetKind() != "CronJob" || !strings.HasPrefix(p.u.GetAPIVersion(), "batch/") {
			continue
		}
		var cj batchv1.CronJob
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(p.u.Object, &cj); err != nil {
			r.problem(p.unit, p.obj.Where(), p.obj.ID(), "cannot read the CronJob: %v", err)
			continue
		}
		job := &batchv1.Job{
			ObjectMeta: metav1.ObjectMeta{Name: jobNameFor(cj.Name), Namespace: cj.Namespace,
				Labels: cj.Spec.JobTemplate.Labels, Annotations: map[string]string{"cronjob.kubernetes.io/instantiate": "eksport-judge"}},
			Spec: cj.Spec.JobTemplate.Spec,
		}
		if _, err := r.s.cp.client.BatchV1().Jobs(cj.Namespace).Create(ctx, job, metav1.CreateOptions{FieldManager: setupManager}); err != nil && !apierrors.IsAlreadyExists(err) {
			r.problem(p.unit, p.obj.Where(), p.obj.ID(), "a Job from its jobTemplate is refused: %s", message(err))
		}
	}
}

func jobNameFor(cronJob string) string {
	n := cronJob + "-judge"
	if len(n) > 63 {
		n = strings.TrimRight(cronJob[:63-len("-judge")], "-") + "-judge"
	}
	return n
}

// karpenter gives each Karpenter NodePool of the output a node group of its
// own: nodes carrying the NodePool's template labels, taints and a value of
// each requirement, as Karpenter would launch for it.
func (r *rollout) karpenter(ctx context.Context, plan []placed) {
	for _, p := range plan {
		if p.u.GetKind() != "NodePool" || !strings.HasPrefix(p.u.GetAPIVersion(), "karpenter.sh/") {
			continue
		}
		g, err := nodeGroupForNodePool(p.unit, p.u, r.s.cp.spec.Zones)
		if err != nil {
			r.problem(p.unit, p.obj.Where(), p.obj.ID(), "%v", err)
			continue
		}
		r.s.cp.spec.NodeGroups = append(r.s.cp.spec.NodeGroups, g)
		if err := r.s.addNode(ctx, g); err != nil {
			r.problem(p.unit, p.obj.Where(), p.obj.ID(), "%v", err)
		}
	}
}

func nodeGroupForNodePool(unit int, u *unstructured.Unstructured, zones []string) (NodeGroup, error) {
	g := NodeGroup{
		Name:        fmt.Sprintf("karpenter-u%d-%s", unit, u.GetName()),
		Arch:        "amd64",
		OS:          "linux",
		Nodes:       1,
		MaxNodes:    20,
		Allocatable: map[string]string{"cpu": "15890m", "memory": "62280Mi", "pods": "234", "ephemeral-storage": "76Gi"},
		Labels:      map[string]string{"karpenter.sh/nodepool": u.GetName(), "karpenter.sh/capacity-type": "on-demand", "karpenter.sh/registered": "true", "karpenter.sh/initialized": "true"},
	}
	if len(g.Name) > 50 {
		g.Name = strings.TrimRight(g.Name[:50], "-")
	}
	tl, _, _ := unstructured.NestedStringMap(u.Object, "spec", "template", "metadata", "labels")
	for k, v := range tl {
		g.Labels[k] = v
	}
	reqs, _, _ := unstructured.NestedSlice(u.Object, "spec", "template", "spec", "requirements")
	for _, rq := range reqs {
		rm, ok := rq.(map[string]any)
		if !ok {
			continue
		}
		key, _ := rm["key"].(string)
		op, _ := rm["operator"].(string)
		var values []string
		if vs, ok := rm["values"].([]any); ok {
			for _, v := range vs {
				if s, ok := v.(string); ok {
					values = append(values, s)
				}
			}
		}
		val := ""
		switch op {
		case "In":
			if len(values) > 0 {
				val = values[0]
			}
		case "NotIn":
			if key == "kubernetes.io/arch" && len(values) == 1 && values[0] == "amd64" {
				val = "arm64"
			}
		case "Exists":
			val = "judge"
		}
		if val == "" {
			continue
		}
		switch key {
		case "kubernetes.io/arch":
			g.Arch = val
		case "kubernetes.io/os":
			g.OS = val
		case "node.kubernetes.io/instance-type":
			g.InstanceType = val
		case "topology.kubernetes.io/zone":
			g.Labels[key] = val
		default:
			g.Labels[key] = val
		}
	}
	var ng struct {
		Spec struct {
			Template struct {
				Spec struct {
					Taints []corev1.Taint `json:"taints"`
				} `json:"spec"`
			} `json:"template"`
		} `json:"spec"`
	}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, &ng); err == nil {
		g.Taints = ng.Spec.Template.Spec.Taints
	}
	return g, nil
}

// snapshot is the state of the judged namespaces at one moment.
type snapshot struct {
	pods   []corev1.Pod
	deps   []appsv1.Deployment
	rss    []appsv1.ReplicaSet
	stss   []appsv1.StatefulSet
	dss    []appsv1.DaemonSet
	jobs   []batchv1.Job
	pvcs   []corev1.PersistentVolumeClaim
	hpas   []autoscalingv2.HorizontalPodAutoscaler
	pdbs   []policyv1.PodDisruptionBudget
	svcs   []corev1.Service
	slices []discoveryv1.EndpointSlice
}

func (r *rollout) judged(ns string) bool {
	_, ok := r.nsUnit[ns]
	return ok
}

func (r *rollout) snap(ctx context.Context) (*snapshot, error) {
	c := r.s.cp.client
	all := metav1.ListOptions{}
	sn := &snapshot{}
	pods, err := c.CoreV1().Pods("").List(ctx, all)
	if err != nil {
		return nil, err
	}
	deps, err := c.AppsV1().Deployments("").List(ctx, all)
	if err != nil {
		return nil, err
	}
	rss, err := c.AppsV1().ReplicaSets("").List(ctx, all)
	if err != nil {
		return nil, err
	}
	stss, err := c.AppsV1().StatefulSets("").List(ctx, all)
	if err != nil {
		return nil, err
	}
	dss, err := c.AppsV1().DaemonSets("").List(ctx, all)
	if err != nil {
		return nil, err
	}
	jobs, err := c.BatchV1().Jobs("").List(ctx, all)
	if err != nil {
		return nil, err
	}
	pvcs, err := c.CoreV1().PersistentVolumeClaims("").List(ctx, all)
	if err != nil {
		return nil, err
	}
	hpas, err := c.AutoscalingV2().HorizontalPodAutoscalers("").List(ctx, all)
	if err != nil {
		return nil, err
	}
	pdbs, err := c.PolicyV1().PodDisruptionBudgets("").List(ctx, all)
	if err != nil {
		return nil, err
	}
	svcs, err := c.CoreV1().Services("").List(ctx, all)
	if err != nil {
		return nil, err
	}
	slices, err := c.DiscoveryV1().EndpointSlices("").List(ctx, all)
	if err != nil {
		return nil, err
	}
	for _, x := range pods.Items {
		if r.judged(x.Namespace) {
			sn.pods = append(sn.pods, x)
		}
	}
	for _, x := range deps.Items {
		if r.judged(x.Namespace) {
			sn.deps = append(sn.deps, x)
		}
	}
	for _, x := range rss.Items {
		if r.judged(x.Namespace) {
			sn.rss = append(sn.rss, x)
		}
	}
	for _, x := range stss.Items {
		if r.judged(x.Namespace) {
			sn.stss = append(sn.stss, x)
		}
	}
	for _, x := range dss.Items {
		if r.judged(x.Namespace) {
			sn.dss = append(sn.dss, x)
		}
	}
	for _, x := range jobs.Items {
		if r.judged(x.Namespace) {
			sn.jobs = append(sn.jobs, x)
		}
	}
	for _, x := range pvcs.Items {
		if r.judged(x.Namespace) {
			sn.pvcs = append(sn.pvcs, x)
		}
	}
	for _, x := range hpas.Items {
		if r.judged(x.Namespace) {
			sn.hpas = append(sn.hpas, x)
		}
	}
	for _, x := range pdbs.Items {
		if r.judged(x.Namespace) {
			sn.pdbs = append(sn.pdbs, x)
		}
	}
	for _, x := range svcs.Items {
		if r.judged(x.Namespace) {
			sn.svcs = append(sn.svcs, x)
		}
	}
	for _, x := range slices.Items {
		if r.judged(x.Namespace) {
			sn.slices = append(sn.slices, x)
		}
	}
	return sn, nil
}

// minReady is the longest minReadySeconds of the workloads.
func (sn *snapshot) minReady() time.Duration {
	var m int32
	for _, d := range sn.deps {
		m = max(m, d.Spec.MinReadySeconds)
	}
	for _, s := range sn.stss {
		m = max(m, s.Spec.MinReadySeconds)
	}
	for _, d := range sn.dss {
		m = max(m, d.Spec.MinReadySeconds)
	}
	return time.Duration(m) * time.Second
}

// progress counts what has rolled out, to see when the cluster settles.
func (sn *snapshot) progress() (done bool, sig string) {
	avail, pending := 0, 0
	done = true
	for _, d := range sn.deps {
		if deploymentAvailable(&d) {
			avail++
		} else {
			done = false
		}
	}
	for _, s := range sn.stss {
		if statefulSetAvailable(&s) {
			avail++
		} else {
			done = false
		}
	}
	for _, d := range sn.dss {
		if daemonSetAvailable(&d) {
			avail++
		} else {
			done = false
		}
	}
	for _, j := range sn.jobs {
		if jobFinished(&j) {
			avail++
		} else {
			done = false
		}
	}
	for _, p := range sn.pods {
		if p.Status.Phase == corev1.PodPending {
			pending++
			done = false
		}
	}
	for _, h := range sn.hpas {
		if hpaCondition(&h, autoscalingv2.AbleToScale) == nil {
			done = false
		}
	}
	for _, p := range sn.pdbs {
		if p.Status.ObservedGeneration < p.Generation {
			done = false
		}
	}
	return done, fmt.Sprintf("%d/%d/%d/%d", avail, pending, len(sn.pods), len(sn.pvcs))
}

// retrigger is how long a pod waiting for room waits after nodes were
// added for it before it asks for more (the scheduler retries it meanwhile).
const retrigger = 15 * time.Second

// settle waits until every workload has rolled out, or nothing has changed
// for a while (what is left will not roll out), or timeout. Meanwhile it plays
// two controllers EKS runs outside the manifests: the EBS/EFS CSI
// provisioner (a PersistentVolume for each claim waiting for one) and Cluster
// Autoscaler (nodes for pods waiting only for room).
func (r *rollout) settle(ctx context.Context, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	// The cluster is settled once nothing has changed for longer than a
	// pod waits before it asks for nodes again: with a shorter wait, a pod
	// whose new node another unit's pods took was left pending when the
	// cluster went quiet a few seconds before its second request (one CI
	// run in seven: "2 of 3 replicas available ... Insufficient cpu").
	quiet := retrigger + 5*time.Second
	var last string
	lastChange := time.Now()
	time.Sleep(time.Second)
	for {
		sn, err := r.snap(ctx)
		if err != nil {
			r.problem(-1, "-", "-", "reading the cluster: %v", err)
			return
		}
		done, sig := sn.progress()
		if q := sn.minReady() + 5*time.Second; q > quiet {
			quiet = q // pods are available only minReadySeconds after ready
		}
		provisioned := r.provision(ctx, sn)
		added := r.scaleUp(ctx, sn)
		if provisioned+added > 0 || sig != last {
			last = sig
			lastChange = time.Now()
		}
		if done && provisioned+added == 0 {
			return
		}
		if time.Now().After(deadline) {
			r.s.logf("judge: rollout did not settle within %s", timeout)
			return
		}
		if time.Since(lastChange) > quiet {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// provision makes a PersistentVolume for each claim the PV controller handed
// to an external (CSI) provisioner, as the EBS or EFS CSI driver would.
func (r *rollout) provision(ctx context.Context, sn *snapshot) int {
	n := 0
	for _, pvc := range sn.pvcs {
		if pvc.Status.Phase != corev1.ClaimPending || pvc.Spec.VolumeName != "" {
			continue
		}
		prov := pvc.Annotations["volume.kubernetes.io/storage-provisioner"]
		if prov == "" {
			continue
		}
		if pvc.Annotations["volume.kubernetes.io/selected-node"] == "" {
			// WaitForFirstConsumer: no pod scheduled yet, or an Immediate
			// class (then any zone will do).
			sc, err := r.s.cp.client.StorageV1().StorageClasses().Get(ctx, deref(pvc.Spec.StorageClassName), metav1.GetOptions{})
			if err != nil || sc.VolumeBindingMode == nil || *sc.VolumeBindingMode != "Immediate" {
				continue
			}
		}
		size := pvc.Spec.Resources.Requests[corev1.ResourceStorage]
		if size.IsZero() {
			size = resource.MustParse("1Gi")
		}
		pv := &corev1.PersistentVolume{
			ObjectMeta: metav1.ObjectMeta{Name: "pvc-" + string(pvc.UID),
				Annotations: map[string]string{"pv.kubernetes.io/provisioned-by": prov}},
			Spec: corev1.PersistentVolumeSpec{
				Capacity:                      corev1.ResourceList{corev1.ResourceStorage: size},
				AccessModes:                   pvc.Spec.AccessModes,
				StorageClassName:              deref(pvc.Spec.StorageClassName),
				VolumeMode:                    pvc.Spec.VolumeMode,
				PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimDelete,
				ClaimRef:                      &corev1.ObjectReference{Kind: "PersistentVolumeClaim", APIVersion: "v1", Namespace: pvc.Namespace, Name: pvc.Name, UID: pvc.UID},
				PersistentVolumeSource:        corev1.PersistentVolumeSource{CSI: &corev1.CSIPersistentVolumeSource{Driver: prov, VolumeHandle: "judge-" + string(pvc.UID)}},
			},
		}
		if _, err := r.s.cp.client.CoreV1().PersistentVolumes().Create(ctx, pv, metav1.CreateOptions{FieldManager: setupManager}); err == nil {
			n++
		}
	}
	return n
}

func deref[T any](p *T) T {
	var z T
	if p == nil {
		return z
	}
	return *p
}

// scaleUp adds nodes for pods the scheduler could not place, as Cluster
// Autoscaler would: to the first node group whose empty node matches the pod
// (selector, affinity, taints) and holds its requests, as many as their
// requests need, up to the group's maxNodes. A pod no empty node of any
// group would hold is left Pending.
func (r *rollout) scaleUp(ctx context.Context, sn *snapshot) int {
	added := 0
	need := map[string]corev1.ResourceList{}
	var order []string
	for i := range sn.pods {
		p := &sn.pods[i]
		if p.Status.Phase != corev1.PodPending || p.Spec.NodeName != "" {
			continue
		}
		c := podCondition(p, corev1.PodScheduled)
		if c == nil || c.Status != corev1.ConditionFalse || c.Reason != corev1.PodReasonUnschedulable {
			continue // not placed yet
		}
		zone := ""
		if strings.Contains(c.Message, "PersistentVolume's node affinity") {
			// A static volume lives in one zone (an EBS volume of the
			// migrated application): a node group spanning the
			// application's zones gets a node there.
			if zone = r.volumeZone(ctx, p); zone == "" {
				continue
			}
		} else if strings.Contains(c.Message, "PersistentVolumeClaim") || strings.Contains(c.Message, "volume") {
			continue // waiting for storage, not nodes
		}
		if t, ok := r.triggered[p.UID]; ok && time.Since(t) < retrigger {
			continue // nodes were added for it; let the scheduler retry
		}
		r.triggered[p.UID] = time.Now()
		r.namedNodeGroup(p)
		g, ok := r.groupFor(p)
		if !ok {
			continue
		}
		if zone != "" {
			if r.s.cp.nodes[g.Name] < g.MaxNodes && r.s.addNodeIn(ctx, g, zone) == nil {
				added++
				r.report.NodesAdded++
			}
			continue
		}
		req := podRequests(p)
		req[corev1.ResourcePods] = resource.MustParse("1")
		if need[g.Name] == nil {
			need[g.Name] = corev1.ResourceList{}
			order = append(order, g.Name)
		}
		for k, v := range req {
			q := need[g.Name][k]
			q.Add(v)
			need[g.Name][k] = q
		}
	}
	for _, name := range order {
		var g NodeGroup
		for _, x := range r.s.cp.spec.NodeGroups {
			if x.Name == name {
				g = x
			}
		}
		n := 1
		for k, v := range need[name] {
			a, ok := g.Allocatable[string(k)]
			if !ok {
				continue
			}
			q := resource.MustParse(a)
			if q.MilliValue() > 0 {
				if c := int((v.MilliValue() + q.MilliValue() - 1) / q.MilliValue()); c > n {
					n = c
				}
			}
		}
		for range n {
			if r.s.cp.nodes[g.Name] >= g.MaxNodes {
				break
			}
			if err := r.s.addNode(ctx, g); err != nil {
				r.s.logf("judge: %v", err)
				break
			}
			added++
			r.report.NodesAdded++
		}
	}
	if added > 0 {
		_ = r.s.waitNodesReady(ctx, 30*time.Second)
	}
	return added
}

// declaredNodeGroups adds the node groups the units' configurations
// declare, so that pods placed by the placement rule on a group of the
// configuration (its labels, its taints) find its nodes, as they would on
// the cluster the configuration describes. A group starts empty and gets
// nodes as pods wait for it, as Cluster Autoscaler adds them. The cluster's
// own groups stay (units share one cluster): a pod the placement rule
// finds no declared group for may still run on them. A group of a name the
// cluster has already is the cluster's, with a note when they differ.
func (r *rollout) declaredNodeGroups() {
	for i, u := range r.units {
		for _, g := range u.NodeGroups {
			if j := slices.IndexFunc(r.s.cp.spec.NodeGroups, func(h NodeGroup) bool { return h.Name == g.Name }); j >= 0 {
				h := r.s.cp.spec.NodeGroups[j]
				if h.Arch != g.Arch || h.OS != g.OS || h.Fargate != g.Fargate || !maps.Equal(h.Labels, g.Labels) || !slices.Equal(h.Taints, g.Taints) {
					r.report.Notes = append(r.report.Notes, fmt.Sprintf("%s: node group %s of the configuration is the cluster's node group of that name, which differs (%s/%s, labels %v, taints %v)", u.Name, g.Name, h.OS, h.Arch, h.Labels, h.Taints))
				}
				continue
			}
			r.s.cp.spec.NodeGroups = append(r.s.cp.spec.NodeGroups, g)
			r.report.Notes = append(r.report.Notes, fmt.Sprintf("%s: node group %s (%s/%s) added from the configuration's cluster.nodeGroups", r.units[i].Name, g.Name, g.OS, g.Arch))
		}
	}
}

// namedNodeGroup adds the managed node group a pod selects by name
// (eks.amazonaws.com/nodegroup) when the cluster has none of that name: the
// checklist tells the user to create it (a kOps instance group's default
// mapping, a capacity provider mapped to a node group). Its nodes are
// general purpose, of the architecture and OS the pod selects.
func (r *rollout) namedNodeGroup(p *corev1.Pod) {
	name := p.Spec.NodeSelector["eks.amazonaws.com/nodegroup"]
	if name == "" {
		return
	}
	for _, g := range r.s.cp.spec.NodeGroups {
		if g.Name == name {
			return
		}
	}
	g := NodeGroup{Name: name, InstanceType: "m5.xlarge", Arch: "amd64", OS: "linux", CapacityType: "ON_DEMAND", MaxNodes: 20,
		Allocatable: map[string]string{"cpu": "3920m", "memory": "14918Mi", "pods": "58", "ephemeral-storage": "76Gi"}}
	if a := p.Spec.NodeSelector["kubernetes.io/arch"]; a == "arm64" {
		g.Arch, g.InstanceType = a, "m6g.xlarge"
	}
	if o := p.Spec.NodeSelector["kubernetes.io/os"]; o == "windows" {
		g.OS = o
	}
	r.s.cp.spec.NodeGroups = append(r.s.cp.spec.NodeGroups, g)
	r.report.Notes = append(r.report.Notes, fmt.Sprintf("%s: node group %s (%s/%s) created because pod %s selects it by name", r.unitName(p.Namespace), name, g.OS, g.Arch, p.Name))
}

// volumeZone is the zone a static PersistentVolume of the pod requires.
func (r *rollout) volumeZone(ctx context.Context, p *corev1.Pod) string {
	for _, v := range p.Spec.Volumes {
		if v.PersistentVolumeClaim == nil {
			continue
		}
		pvc, err := r.s.cp.client.CoreV1().PersistentVolumeClaims(p.Namespace).Get(ctx, v.PersistentVolumeClaim.ClaimName, metav1.GetOptions{})
		if err != nil || pvc.Spec.VolumeName == "" {
			continue
		}
		pv, err := r.s.cp.client.CoreV1().PersistentVolumes().Get(ctx, pvc.Spec.VolumeName, metav1.GetOptions{})
		if err != nil || pv.Spec.NodeAffinity == nil || pv.Spec.NodeAffinity.Required == nil {
			continue
		}
		for _, t := range pv.Spec.NodeAffinity.Required.NodeSelectorTerms {
			for _, e := range t.MatchExpressions {
				if e.Key == "topology.kubernetes.io/zone" && e.Operator == corev1.NodeSelectorOpIn && len(e.Values) > 0 {
					return e.Values[0]
				}
			}
		}
	}
	return ""
}

// groupFor is the first node group whose empty node the pod fits.
func (r *rollout) groupFor(p *corev1.Pod) (NodeGroup, bool) {
	req := podRequests(p)
	for _, g := range r.s.cp.spec.NodeGroups {
		if r.s.cp.nodes[g.Name] >= g.MaxNodes {
			continue
		}
		if fits, _ := podFitsEmptyNode(p, req, r.s.cp.spec.nodeFor(g, r.s.cp.nodes[g.Name])); fits {
			return g, true
		}
	}
	return NodeGroup{}, false
}

// podFitsEmptyNode says whether an empty node would take the pod: node
// selector and required affinity, taints, requests within allocatable.
func podFitsEmptyNode(p *corev1.Pod, req corev1.ResourceList, n *corev1.Node) (bool, string) {
	if ok, _ := nodeaffinity.GetRequiredNodeAffinity(p).Match(n); !ok {
		return false, "node selector or affinity"
	}
	if t, bad := corev1helpers.FindMatchingUntoleratedTaint(klog.Background(), n.Spec.Taints, p.Spec.Tolerations, func(t *corev1.Taint) bool {
		return t.Effect == corev1.TaintEffectNoSchedule || t.Effect == corev1.TaintEffectNoExecute
	}, false); bad {
		return false, "taint " + t.ToString()
	}
	for k, v := range req {
		a, ok := n.Status.Allocatable[k]
		if v.IsZero() {
			continue
		}
		if !ok || v.Cmp(a) > 0 {
			return false, "requests " + string(k)
		}
	}
	return true, ""
}

func podRequests(p *corev1.Pod) corev1.ResourceList {
	return resourcehelper.PodRequests(p, resourcehelper.PodResourcesOptions{})
}

func podCondition(p *corev1.Pod, t corev1.PodConditionType) *corev1.PodCondition {
	for i := range p.Status.Conditions {
		if p.Status.Conditions[i].Type == t {
			return &p.Status.Conditions[i]
		}
	}
	return nil
}

func deploymentAvailable(d *appsv1.Deployment) bool {
	want := deref(d.Spec.Replicas)
	if d.Spec.Replicas == nil {
		want = 1
	}
	return d.Status.ObservedGeneration >= d.Generation && d.Status.UpdatedReplicas == want &&
		d.Status.AvailableReplicas == want && d.Status.Replicas == want
}

func statefulSetAvailable(s *appsv1.StatefulSet) bool {
	want := deref(s.Spec.Replicas)
	if s.Spec.Replicas == nil {
		want = 1
	}
	return s.Status.ObservedGeneration >= s.Generation && s.Status.ReadyReplicas == want && s.Status.AvailableReplicas == want
}

func daemonSetAvailable(d *appsv1.DaemonSet) bool {
	return d.Status.ObservedGeneration >= d.Generation && d.Status.DesiredNumberScheduled > 0 &&
		d.Status.NumberAvailable == d.Status.DesiredNumberScheduled && d.Status.UpdatedNumberScheduled == d.Status.DesiredNumberScheduled
}

func jobFinished(j *batchv1.Job) bool {
	for _, c := range j.Status.Conditions {
		if (c.Type == batchv1.JobComplete || c.Type == batchv1.JobSuccessCriteriaMet) && c.Status == corev1.ConditionTrue {
			return true
		}
	}
	return false
}

func jobFailed(j *batchv1.Job) *batchv1.JobCondition {
	for i, c := range j.Status.Conditions {
		if c.Type == batchv1.JobFailed && c.Status == corev1.ConditionTrue {
			return &j.Status.Conditions[i]
		}
	}
	return nil
}

func hpaCondition(h *autoscalingv2.HorizontalPodAutoscaler, t autoscalingv2.HorizontalPodAutoscalerConditionType) *autoscalingv2.HorizontalPodAutoscalerCondition {
	for i := range h.Status.Conditions {
		if h.Status.Conditions[i].Type == t {
			return &h.Status.Conditions[i]
		}
	}
	return nil
}

// check turns the settled cluster into the report.
func (r *rollout) check(ctx context.Context) {
	sn, err := r.snap(ctx)
	if err != nil {
		r.problem(-1, "-", "-", "reading the cluster: %v", err)
		return
	}
	ev := r.events(ctx)
	// owner: pod -> workload (kind/name) through ReplicaSets.
	rsOwner := map[string]string{}
	for _, rs := range sn.rss {
		for _, o := range rs.OwnerReferences {
			if o.Controller != nil && *o.Controller {
				rsOwner[rs.Namespace+"/"+rs.Name] = o.Kind + "/" + o.Name
			}
		}
	}
	podsOf := map[string][]*corev1.Pod{} // ns/Kind/name -> pods
	for i := range sn.pods {
		p := &sn.pods[i]
		for _, o := range p.OwnerReferences {
			if o.Controller == nil || !*o.Controller {
				continue
			}
			owner := o.Kind + "/" + o.Name
			if o.Kind == "ReplicaSet" {
				if w, ok := rsOwner[p.Namespace+"/"+o.Name]; ok {
					owner = w
				}
			}
			podsOf[p.Namespace+"/"+owner] = append(podsOf[p.Namespace+"/"+owner], p)
		}
	}
	rep := r.report
	rep.Pods = len(sn.pods)
	why := func(ns, kind, name string, children ...string) string {
		var reasons []string
		for _, p := range podsOf[ns+"/"+kind+"/"+name] {
			if p.Status.Phase != corev1.PodPending {
				continue
			}
			if c := podCondition(p, corev1.PodScheduled); c != nil && c.Status == corev1.ConditionFalse {
				reasons = append(reasons, fmt.Sprintf("pod %s: %s: %s", p.Name, c.Reason, c.Message))
			} else {
				reasons = append(reasons, fmt.Sprintf("pod %s Pending", p.Name))
			}
			for _, v := range p.Spec.Volumes {
				if v.PersistentVolumeClaim != nil {
					for _, e := range ev[ns+"/PersistentVolumeClaim/"+v.PersistentVolumeClaim.ClaimName] {
						reasons = append(reasons, "PersistentVolumeClaim "+v.PersistentVolumeClaim.ClaimName+": "+e)
					}
				}
			}
			break // one pod speaks for its siblings
		}
		for _, obj := range append([]string{kind + "/" + name}, children...) {
			for _, e := range ev[ns+"/"+obj] {
				reasons = append(reasons, obj+": "+e)
			}
		}
		if len(reasons) > 3 {
			reasons = reasons[:3]
		}
		return strings.Join(reasons, "; ")
	}
	rsOf := func(ns, dep string) []string {
		var out []string
		for _, rs := range sn.rss {
			if rs.Namespace == ns && rsOwner[ns+"/"+rs.Name] == "Deployment/"+dep {
				out = append(out, "ReplicaSet/"+rs.Name)
			}
		}
		return out
	}
	for _, d := range sn.deps {
		rep.Workloads++
		if deploymentAvailable(&d) {
			rep.Available++
			continue
		}
		want := int32(1)
		if d.Spec.Replicas != nil {
			want = *d.Spec.Replicas
		}
		r.fail(&d.ObjectMeta, "Deployment", "%d of %d replicas available: %s", d.Status.AvailableReplicas, want, why(d.Namespace, "Deployment", d.Name, rsOf(d.Namespace, d.Name)...))
	}
	for _, s := range sn.stss {
		rep.Workloads++
		if statefulSetAvailable(&s) {
			rep.Available++
			continue
		}
		want := int32(1)
		if s.Spec.Replicas != nil {
			want = *s.Spec.Replicas
		}
		r.fail(&s.ObjectMeta, "StatefulSet", "%d of %d replicas ready: %s", s.Status.ReadyReplicas, want, why(s.Namespace, "StatefulSet", s.Name))
	}
	for _, d := range sn.dss {
		rep.Workloads++
		if daemonSetAvailable(&d) {
			rep.Available++
			continue
		}
		if d.Status.DesiredNumberScheduled == 0 {
			r.fail(&d.ObjectMeta, "DaemonSet", "no node matches its node selector, affinity and tolerations, so it runs nowhere")
			continue
		}
		if other := r.portConflicts(sn, podsOf[d.Namespace+"/DaemonSet/"+d.Name]); other != "" {
			// Every pod that waits, waits for a host port a pod of another
			// unit holds on its node: an artifact of units sharing nodes.
			rep.Available++
			r.report.Notes = append(r.report.Notes, fmt.Sprintf("%s: DaemonSet %s: %d of %d pods available; the others wait for host ports that %s's pods hold on their nodes (units share nodes; on EKS one of them runs)",
				r.unitName(d.Namespace), d.Name, d.Status.NumberAvailable, d.Status.DesiredNumberScheduled, other))
			continue
		}
		r.fail(&d.ObjectMeta, "DaemonSet", "%d of %d pods available: %s", d.Status.NumberAvailable, d.Status.DesiredNumberScheduled, why(d.Namespace, "DaemonSet", d.Name))
	}
	for _, j := range sn.jobs {
		rep.Workloads++
		meta, kind := &j.ObjectMeta, "Job"
		if j.Annotations["cronjob.kubernetes.io/instantiate"] == "eksport-judge" {
			// Reported on the CronJob the judge made it from.
			cj := j.ObjectMeta
			cj.Name = strings.TrimSuffix(j.Name, "-judge")
			if p, ok := r.objects[objKey{"CronJob", j.Namespace, cj.Name}]; ok {
				cj.Name = p.u.GetName()
			}
			meta, kind = &cj, "CronJob"
		}
		if jobFinished(&j) {
			rep.Available++
			continue
		}
		if c := jobFailed(&j); c != nil {
			r.fail(meta, kind, "its Job failed: %s: %s", c.Reason, c.Message)
			continue
		}
		r.fail(meta, kind, "its Job did not complete (%d active, %d ready): %s", j.Status.Active, deref(j.Status.Ready), why(j.Namespace, "Job", j.Name))
	}
	for _, p := range sn.pods {
		if p.Status.Phase == corev1.PodPending {
			rep.PodsPending++
		}
	}
	r.checkServices(sn, podsOfNamespace(sn.pods))
	r.checkHPAs(sn, ev)
	r.checkPDBs(sn)
	r.checkPVCs(sn, ev)
	r.checkReferences(ctx, sn)
}

func (r *rollout) unitName(ns string) string {
	if i, ok := r.nsUnit[ns]; ok {
		return r.units[i].Name
	}
	return ns
}

// portConflicts returns the unit whose pods hold the host ports every
// Pending pod of pods waits for on its node, or "" when some pod waits
// for anything else.
func (r *rollout) portConflicts(sn *snapshot, pods []*corev1.Pod) string {
	held := map[string]map[int32]string{} // node -> host port -> namespace
	for i := range sn.pods {
		p := &sn.pods[i]
		if p.Spec.NodeName == "" {
			continue
		}
		for _, c := range p.Spec.Containers {
			for _, cp := range c.Ports {
				if cp.HostPort > 0 {
					if held[p.Spec.NodeName] == nil {
						held[p.Spec.NodeName] = map[int32]string{}
					}
					held[p.Spec.NodeName][cp.HostPort] = p.Namespace
				}
			}
		}
	}
	other := ""
	pending := 0
	for _, p := range pods {
		if p.Status.Phase != corev1.PodPending {
			continue
		}
		pending++
		c := podCondition(p, corev1.PodScheduled)
		if c == nil || !strings.Contains(c.Message, "didn't have free ports") {
			return ""
		}
		node := daemonPodNode(p)
		found := ""
		for _, c := range p.Spec.Containers {
			for _, cp := range c.Ports {
				if ns, ok := held[node][cp.HostPort]; ok && cp.HostPort > 0 && r.nsUnit[ns] != r.nsUnit[p.Namespace] {
					found = r.unitName(ns)
				}
			}
		}
		if found == "" {
			return ""
		}
		other = found
	}
	if pending == 0 {
		return ""
	}
	return other
}

// daemonPodNode is the node a DaemonSet pod is made for (its required
// affinity on metadata.name).
func daemonPodNode(p *corev1.Pod) string {
	a := p.Spec.Affinity
	if a == nil || a.NodeAffinity == nil || a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		return ""
	}
	for _, t := range a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms {
		for _, f := range t.MatchFields {
			if f.Key == "metadata.name" && len(f.Values) == 1 {
				return f.Values[0]
			}
		}
	}
	return ""
}

func podsOfNamespace(pods []corev1.Pod) map[string][]*corev1.Pod {
	m := map[string][]*corev1.Pod{}
	for i := range pods {
		m[pods[i].Namespace] = append(m[pods[i].Namespace], &pods[i])
	}
	return m
}

// fail reports an object of the cluster against the manifest it came from.
func (r *rollout) fail(m *metav1.ObjectMeta, kind, format string, args ...any) {
	unit, ok := r.nsUnit[m.Namespace]
	if !ok {
		unit = -1
	}
	where, id := "-", fmt.Sprintf("%s %s/%s", kind, r.nsOrig[m.Namespace], m.Name)
	if p, ok := r.objects[objKey{kind, m.Namespace, m.Name}]; ok {
		where, id = p.obj.Where(), p.obj.ID()
	}
	r.problem(unit, where, id, format, args...)
}

func (r *rollout) checkServices(sn *snapshot, pods map[string][]*corev1.Pod) {
	ready := map[string]int{}
	for _, es := range sn.slices {
		svc := es.Labels[discoveryv1.LabelServiceName]
		for _, e := range es.Endpoints {
			if e.Conditions.Ready != nil && *e.Conditions.Ready {
				ready[es.Namespace+"/"+svc]++
			}
		}
	}
	for _, s := range sn.svcs {
		if len(s.Spec.Selector) == 0 || s.Spec.Type == corev1.ServiceTypeExternalName {
			continue
		}
		if ready[s.Namespace+"/"+s.Name] > 0 {
			continue
		}
		sel := labels.SelectorFromSet(s.Spec.Selector)
		matching, running := 0, 0
		for _, p := range pods[s.Namespace] {
			if sel.Matches(labels.Set(p.Labels)) {
				matching++
				if p.Status.Phase == corev1.PodRunning {
					running++
				}
			}
		}
		if matching == 0 {
			r.fail(&s.ObjectMeta, "Service", "no ready endpoints: its selector %s matches no pod", sel)
			continue
		}
		r.fail(&s.ObjectMeta, "Service", "no ready endpoints: %d pods match its selector %s, %d Running, none ready", matching, sel, running)
	}
}

func (r *rollout) checkHPAs(sn *snapshot, ev map[string][]string) {
	for _, h := range sn.hpas {
		c := hpaCondition(&h, autoscalingv2.AbleToScale)
		switch {
		case c == nil:
			msg := "the HorizontalPodAutoscaler controller never evaluated it"
			if e := ev[h.Namespace+"/HorizontalPodAutoscaler/"+h.Name]; len(e) > 0 {
				msg += ": " + strings.Join(e, "; ")
			}
			r.fail(&h.ObjectMeta, "HorizontalPodAutoscaler", "%s", msg)
		case c.Status != corev1.ConditionTrue:
			r.fail(&h.ObjectMeta, "HorizontalPodAutoscaler", "its scale target %s %s does not resolve: %s: %s", h.Spec.ScaleTargetRef.Kind, h.Spec.ScaleTargetRef.Name, c.Reason, c.Message)
		}
	}
}

func (r *rollout) checkPDBs(sn *snapshot) {
	for _, p := range sn.pdbs {
		st := p.Status
		if st.ExpectedPods < 2 || st.CurrentHealthy < st.ExpectedPods {
			continue // one pod, or its workload is reported already
		}
		if st.DisruptionsAllowed < 1 {
			r.fail(&p.ObjectMeta, "PodDisruptionBudget", "allows no eviction with all %d pods healthy (desired healthy %d), so a node drain hangs on it", st.ExpectedPods, st.DesiredHealthy)
		}
	}
}

func (r *rollout) checkPVCs(sn *snapshot, ev map[string][]string) {
	for _, c := range sn.pvcs {
		if c.Status.Phase == corev1.ClaimBound {
			continue
		}
		msg := strings.Join(ev[c.Namespace+"/PersistentVolumeClaim/"+c.Name], "; ")
		if msg == "" {
			msg = "no event"
		}
		r.fail(&c.ObjectMeta, "PersistentVolumeClaim", "%s, not Bound: %s", c.Status.Phase, msg)
	}
}

// checkReferences: kwok runs a pod whose Secret or ConfigMap is missing; a
// kubelet would not start its containers (CreateContainerConfigError) or
// mount its volumes.
func (r *rollout) checkReferences(ctx context.Context, sn *snapshot) {
	type ref struct{ kind, ns, name string }
	exists := map[ref]bool{}
	check := func(p *corev1.Pod, kind, name string, optional *bool) {
		if name == "" || deref(optional) {
			return
		}
		k := ref{kind, p.Namespace, name}
		ok, seen := exists[k]
		if !seen {
			var err error
			if kind == "Secret" {
				_, err = r.s.cp.client.CoreV1().Secrets(p.Namespace).Get(ctx, name, metav1.GetOptions{})
			} else {
				_, err = r.s.cp.client.CoreV1().ConfigMaps(p.Namespace).Get(ctx, name, metav1.GetOptions{})
			}
			ok = err == nil
			exists[k] = ok
			if !ok {
				owner := ownerWorkload(p, sn)
				r.fail(&owner.meta, owner.kind, "its pods read %s %q, which nothing creates: a kubelet would not start them (CreateContainerConfigError)", kind, name)
			}
		}
	}
	for i := range sn.pods {
		p := &sn.pods[i]
		for _, c := range append(append([]corev1.Container{}, p.Spec.InitContainers...), p.Spec.Containers...) {
			for _, e := range c.Env {
				if e.ValueFrom == nil {
					continue
				}
				if s := e.ValueFrom.SecretKeyRef; s != nil {
					check(p, "Secret", s.Name, s.Optional)
				}
				if s := e.ValueFrom.ConfigMapKeyRef; s != nil {
					check(p, "ConfigMap", s.Name, s.Optional)
				}
			}
			for _, e := range c.EnvFrom {
				if s := e.SecretRef; s != nil {
					check(p, "Secret", s.Name, s.Optional)
				}
				if s := e.ConfigMapRef; s != nil {
					check(p, "ConfigMap", s.Name, s.Optional)
				}
			}
		}
		for _, v := range p.Spec.Volumes {
			if s := v.Secret; s != nil {
				check(p, "Secret", s.SecretName, s.Optional)
			}
			if s := v.ConfigMap; s != nil {
				check(p, "ConfigMap", s.Name, s.Optional)
			}
			if pr := v.Projected; pr != nil {
				for _, src := range pr.Sources {
					if s := src.Secret; s != nil {
						check(p, "Secret", s.Name, s.Optional)
					}
					if s := src.ConfigMap; s != nil {
						check(p, "ConfigMap", s.Name, s.Optional)
					}
				}
			}
		}
	}
}

type workloadRef struct {
	kind string
	meta metav1.ObjectMeta
}

func ownerWorkload(p *corev1.Pod, sn *snapshot) workloadRef {
	for _, o := range p.OwnerReferences {
		if o.Controller == nil || !*o.Controller {
			continue
		}
		if o.Kind == "ReplicaSet" {
			for _, rs := range sn.rss {
				if rs.Namespace == p.Namespace && rs.Name == o.Name {
					for _, ro := range rs.OwnerReferences {
						if ro.Controller != nil && *ro.Controller {
							return workloadRef{ro.Kind, metav1.ObjectMeta{Namespace: p.Namespace, Name: ro.Name}}
						}
					}
				}
			}
		}
		if o.Kind == "Job" && strings.HasSuffix(o.Name, "-judge") {
			return workloadRef{"CronJob", metav1.ObjectMeta{Namespace: p.Namespace, Name: strings.TrimSuffix(o.Name, "-judge")}}
		}
		return workloadRef{o.Kind, metav1.ObjectMeta{Namespace: p.Namespace, Name: o.Name}}
	}
	return workloadRef{"Pod", p.ObjectMeta}
}

// events returns the Warning events (and the claims' events) of the judged
// namespaces by
// "namespace/Kind/name", one line per reason (the latest message).
func (r *rollout) events(ctx context.Context) map[string][]string {
	out := map[string][]string{}
	list, err := r.s.cp.client.CoreV1().Events("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return out
	}
	type key struct{ obj, reason string }
	latest := map[key]corev1.Event{}
	for _, e := range list.Items {
		// The volume binder reports a claim nothing can bind as a Normal
		// event (FailedBinding); everything else worth saying is a Warning.
		if !r.judged(e.Namespace) || e.Type != corev1.EventTypeWarning && e.InvolvedObject.Kind != "PersistentVolumeClaim" {
			continue
		}
		k := key{e.Namespace + "/" + e.InvolvedObject.Kind + "/" + e.InvolvedObject.Name, e.Reason}
		if old, ok := latest[k]; !ok || eventTime(e).After(eventTime(old)) {
			latest[k] = e
		}
	}
	keys := make([]key, 0, len(latest))
	for k := range latest {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].obj != keys[j].obj {
			return keys[i].obj < keys[j].obj
		}
		return keys[i].reason < keys[j].reason
	})
	for _, k := range keys {
		out[k.obj] = append(out[k.obj], k.reason+": "+latest[k].Message)
	}
	return out
}

func eventTime(e corev1.Event) time.Time {
	if !e.LastTimestamp.IsZero() {
		return e.LastTimestamp.Time
	}
	if !e.EventTime.IsZero() {
		return e.EventTime.Time
	}
	return e.CreationTimestamp.Time
}
