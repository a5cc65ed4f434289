package report_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/eksport/eksport"
	"github.com/eksport/eksport/emit"
	"github.com/eksport/eksport/emit/report"
	"github.com/eksport/eksport/internal/golden"
	"github.com/eksport/eksport/translate/config"
	"github.com/eksport/eksport/translate/diag"
)

func ptr[T any](v T) *T { return &v }

func envFrom(name, key string) corev1.EnvVar {
	return corev1.EnvVar{Name: strings.ToUpper(key), ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key}}}
}

func deployment(ns, name string, init, main []corev1.EnvVar) emit.Object {
	d := &appsv1.Deployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: appsv1.DeploymentSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			InitContainers: []corev1.Container{{Name: "init", Image: "busybox", Env: init}},
			Containers:     []corev1.Container{{Name: "app", Image: "app", Env: main}},
		}}},
	}
	return emit.Object{APIVersion: "apps/v1", Kind: "Deployment", Namespace: ns, Name: name, Value: d}
}

func externalSecret(ns, name, storeKind, store string, keys ...string) emit.Object {
	var data []any
	for _, k := range keys {
		data = append(data, map[string]any{"secretKey": k, "remoteRef": map[string]any{"key": "prod/" + k}})
	}
	spec := map[string]any{"data": data, "target": map[string]any{"name": name}}
	if store != "" {
		spec["secretStoreRef"] = map[string]any{"name": store, "kind": storeKind}
	}
	return emit.Object{APIVersion: "external-secrets.io/v1", Kind: "ExternalSecret", Namespace: ns, Name: name, Value: map[string]any{
		"apiVersion": "external-secrets.io/v1", "kind": "ExternalSecret",
		"metadata": metav1.ObjectMeta{Name: name, Namespace: ns}, "spec": spec,
	}}
}

func pv(name, driver string, ann map[string]string) emit.Object {
	v := &corev1.PersistentVolume{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "PersistentVolume"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: ann},
		Spec: corev1.PersistentVolumeSpec{PersistentVolumeSource: corev1.PersistentVolumeSource{
			CSI: &corev1.CSIPersistentVolumeSource{Driver: driver, VolumeHandle: "fs-0123::fsap-0123"},
		}},
	}
	return emit.Object{APIVersion: "v1", Kind: "PersistentVolume", Name: name, Value: v}
}

func ingress(ns, name string, class *string, ann map[string]string) emit.Object {
	v := &networkingv1.Ingress{
		TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "Ingress"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Annotations: ann},
		Spec:       networkingv1.IngressSpec{IngressClassName: class},
	}
	return emit.Object{APIVersion: "networking.k8s.io/v1", Kind: "Ingress", Namespace: ns, Name: name, Value: v}
}

func generic(apiVersion, kind, ns, name string, rest map[string]any) emit.Object {
	md := map[string]any{"name": name}
	if ns != "" {
		md["namespace"] = ns
	}
	m := map[string]any{"apiVersion": apiVersion, "kind": kind, "metadata": md}
	for k, v := range rest {
		m[k] = v
	}
	return emit.Object{APIVersion: apiVersion, Kind: kind, Namespace: ns, Name: name, Value: m}
}

// variedObjects has one of each kind of object the report reads, in an
// order the report must keep.
func variedObjects() []emit.Object {
	return []emit.Object{
		{APIVersion: "v1", Kind: "Namespace", Name: "shop", Value: &corev1.Namespace{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"}, ObjectMeta: metav1.ObjectMeta{Name: "shop"}}},
		{APIVersion: "v1", Kind: "Secret", Namespace: "shop", Name: "db", Value: &corev1.Secret{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Secret"}, ObjectMeta: metav1.ObjectMeta{Name: "db", Namespace: "shop"}}},
		{APIVersion: "storage.k8s.io/v1", Kind: "StorageClass", Name: "gp3", Value: &storagev1.StorageClass{TypeMeta: metav1.TypeMeta{APIVersion: "storage.k8s.io/v1", Kind: "StorageClass"}, ObjectMeta: metav1.ObjectMeta{Name: "gp3"}, Provisioner: "ebs.csi.aws.com", Parameters: map[string]string{"type": "gp3"}}},
		generic("storage.k8s.io/v1", "StorageClass", "", "gp2", map[string]any{"provisioner": "ebs.csi.aws.com", "parameters": map[string]any{"type": "gp2"}}),
		generic("storage.k8s.io/v1", "StorageClass", "", "efs", map[string]any{"provisioner": "efs.csi.aws.com"}),
		pv("efs-shop-fs-0123", "efs.csi.aws.com", nil),
		pv("pvc-0001", "ebs.csi.aws.com", map[string]string{"pv.kubernetes.io/provisioned-by": "ebs.csi.aws.com"}),
		generic("v1", "PersistentVolume", "", "efs-generic", map[string]any{"spec": map[string]any{"csi": map[string]any{"driver": "efs.csi.aws.com", "volumeHandle": "fs-1"}}}),
		generic("v1", "PersistentVolume", "", "ebs-generic", map[string]any{"spec": map[string]any{"csi": map[string]any{"driver": "ebs.csi.aws.com", "volumeHandle": "vol-1"}}}),
		{APIVersion: "v1", Kind: "PersistentVolumeClaim", Namespace: "shop", Name: "media", Value: &corev1.PersistentVolumeClaim{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "PersistentVolumeClaim"}, ObjectMeta: metav1.ObjectMeta{Name: "media", Namespace: "shop"}, Spec: corev1.PersistentVolumeClaimSpec{VolumeName: "efs-shop-fs-0123"}}},
		{APIVersion: "v1", Kind: "Service", Namespace: "shop", Name: "web-nlb", Value: &corev1.Service{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Service"}, ObjectMeta: metav1.ObjectMeta{Name: "web-nlb", Namespace: "shop"}, Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, LoadBalancerClass: ptr("service.k8s.aws/nlb")}}},
		{APIVersion: "v1", Kind: "Service", Namespace: "shop", Name: "web", Value: &corev1.Service{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Service"}, ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"}, Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Name: "http", Port: 80}}}}},
		generic("v1", "Service", "shop", "legacy-nlb", map[string]any{"spec": map[string]any{"type": "LoadBalancer", "loadBalancerClass": "service.k8s.aws/nlb"}}),
		externalSecret("shop", "web-secrets", "ClusterSecretStore", "aws-secrets-manager", "db_password", "api_key"),
		externalSecret("shop", "worker-secrets", "SecretStore", "aws-parameter-store", "db_password", "queue_url"),
		externalSecret("", "global", "SecretStore", "aws-parameter-store", "token"),
		externalSecret("shop", "no-store", "", "", "orphan"),
		{APIVersion: "secrets-store.csi.x-k8s.io/v1", Kind: "SecretProviderClass", Namespace: "shop", Name: "cache-secrets", Value: map[string]any{
			"apiVersion": "secrets-store.csi.x-k8s.io/v1", "kind": "SecretProviderClass", "metadata": map[string]any{"name": "cache-secrets", "namespace": "shop"},
			"spec": map[string]any{"provider": "aws", "parameters": map[string]any{"objects": "- objectName: \"arn:aws:secretsmanager:eu-west-1:111122223333:secret:cache-AbCdEf\"\n  objectType: secretsmanager\n- objectName: 'prod/api_key'\n"}},
		}},
		deployment("shop", "web", []corev1.EnvVar{envFrom("web-secrets", "db_password")}, []corev1.EnvVar{envFrom("web-secrets", "api_key"), envFrom("db", "password"), envFrom("kept-out", "token"), envFrom("kept-out", "b_token"), envFrom("kept-out", "token"), {Name: "PLAIN", Value: "x"}}),
		deployment("shop", "worker", nil, []corev1.EnvVar{envFrom("registry-credentials", "config")}),
		deployment("", "no-namespace", nil, []corev1.EnvVar{envFrom("cluster-secret", "key")}),
		{APIVersion: "batch/v1", Kind: "CronJob", Namespace: "shop", Name: "nightly", Value: &batchv1.CronJob{TypeMeta: metav1.TypeMeta{APIVersion: "batch/v1", Kind: "CronJob"}, ObjectMeta: metav1.ObjectMeta{Name: "nightly", Namespace: "shop"},
			Spec: batchv1.CronJobSpec{Schedule: "0 3 * * *", JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "job", Env: []corev1.EnvVar{envFrom("report-mail", "smtp_password")}}}}}}}}}},
		generic("apps/v1", "StatefulSet", "shop", "db", map[string]any{"spec": map[string]any{"template": map[string]any{"spec": map[string]any{"containers": []any{
			map[string]any{"name": "db", "env": []any{map[string]any{"name": "PW", "valueFrom": map[string]any{"secretKeyRef": map[string]any{"name": "db-root", "key": "password"}}}}},
		}}}}}),
		ingress("shop", "web", nil, nil),
		ingress("shop", "alb", ptr("alb"), nil),
		ingress("shop", "nginx", ptr("nginx"), nil),
		ingress("shop", "annotated", nil, map[string]string{"kubernetes.io/ingress.class": "nginx"}),
		generic("networking.k8s.io/v1", "Ingress", "shop", "generic-alb", map[string]any{"metadata": map[string]any{"name": "generic-alb", "namespace": "shop", "annotations": map[string]any{"kubernetes.io/ingress.class": "alb"}}}),
		generic("elbv2.k8s.aws/v1beta1", "TargetGroupBinding", "shop", "web-tg", map[string]any{"spec": map[string]any{"targetGroupARN": "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123"}}),
		{APIVersion: "autoscaling/v2", Kind: "HorizontalPodAutoscaler", Namespace: "shop", Name: "web", Value: map[string]any{"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": map[string]any{"name": "web", "namespace": "shop"}}},
		generic("keda.sh/v1alpha1", "ScaledObject", "shop", "worker", map[string]any{"spec": map[string]any{"scaleTargetRef": map[string]any{"name": "worker"}}}),
		generic("keda.sh/v1alpha1", "TriggerAuthentication", "shop", "worker-aws", map[string]any{"spec": map[string]any{"podIdentity": map[string]any{"provider": "aws"}}}),
		generic("karpenter.sh/v1", "NodePool", "", "default", nil),
	}
}

var variedRoles = []report.Role{{ARN: "arn:aws:iam::111122223333:role/web", ServiceAccounts: []report.ServiceAccount{{Namespace: "shop", Name: "web", Workloads: []string{"Deployment/web"}}}},
	{ARN: "arn:aws:iam::111122223333:role/worker", PodIdentity: true, ServiceAccounts: []report.ServiceAccount{{Namespace: "shop", Name: "worker", Workloads: []string{"Deployment/worker"}}}}}

// checklists runs the report three ways, on Objects, on a Collector fed
// without trees and on one fed the trees, checks that the three give the
// same files and returns the checklist.
func checklists(t *testing.T, in report.Input) (md, js []byte) {
	t.Helper()
	objs := in.Objects
	want, err := report.Files(in)
	if err != nil {
		t.Fatal(err)
	}
	if in.Collected != nil {
		return checklist(want)
	}
	for _, trees := range []bool{false, true} {
		c := report.NewCollector()
		for _, o := range objs {
			var tree map[string]any
			if trees {
				if tree, err = emit.Tree(o); err != nil {
					t.Fatal(err)
				}
			}
			c.Add(o, tree)
		}
		in := in
		in.Objects, in.Collected = nil, c
		got, err := report.Files(in)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("trees %v: %d files, want %d", trees, len(got), len(want))
		}
		for i := range want {
			if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
				t.Errorf("trees %v: %s differs from the Objects run:\n%s", trees, want[i].Path, golden.Diff("objects", want[i].Data, "collector", got[i].Data))
			}
		}
	}
	return checklist(want)
}

func checklist(files []emit.File) (md, js []byte) {
	for _, f := range files {
		switch f.Path {
		case "migration-checklist.md":
			md = f.Data
		case "migration-checklist.json":
			js = f.Data
		}
	}
	return md, js
}

func TestCollectorGivesTheObjectsReport(t *testing.T) {
	in := report.Input{Objects: variedObjects(), Roles: variedRoles, Diagnostics: diag.List{{Severity: diag.Warning, Code: "x/y", Message: "m", Pos: diag.Pos{File: "a.json", Line: 1}}}}
	md, js := checklists(t, in)
	lmd, ljs, err := report.LegacyChecklist(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(md, lmd) || !bytes.Equal(js, ljs) {
		t.Errorf("the checklist differs from the one made from whole objects:\n%s\n%s", golden.Diff("legacy", lmd, "now", md), golden.Diff("legacy", ljs, "now", js))
	}
	// The order of objects per add-on is the order they were added in.
	for _, want := range []string{
		"(Service/shop/web-nlb, Service/shop/legacy-nlb, Ingress/shop/web, Ingress/shop/alb, Ingress/shop/generic-alb, TargetGroupBinding/shop/web-tg)",
		"(StorageClass/gp3, StorageClass/gp2, PersistentVolume/pvc-0001, PersistentVolume/ebs-generic)",
		"(PersistentVolume/efs-shop-fs-0123, PersistentVolume/efs-generic)",
		"ClusterSecretStore/aws-secrets-manager, SecretStore/aws-parameter-store, SecretStore/shop/aws-parameter-store",
		"- [ ] Secret cluster-secret: key\n- [ ] Secret shop/db-root: password\n- [ ] Secret shop/kept-out: b_token, token\n- [ ] Secret shop/registry-credentials: config\n- [ ] Secret shop/report-mail: smtp_password\n",
		"- [ ] `arn:aws:secretsmanager:eu-west-1:111122223333:secret:cache-AbCdEf`\n- [ ] `prod/api_key`\n- [ ] `prod/db_password`\n- [ ] `prod/orphan`\n- [ ] `prod/queue_url`\n- [ ] `prod/token`\n",
	} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("checklist lacks %q:\n%s", want, md)
		}
	}
	// An empty collector is an empty list of objects.
	empty, _ := checklists(t, report.Input{})
	if c, _ := checklists(t, report.Input{Collected: report.NewCollector(), Objects: variedObjects()}); !bytes.Equal(c, empty) {
		t.Errorf("Objects were read although Collected was set")
	}
}

// TestCollectorInParts has the report collect a long list of objects on
// several cores, where parts that name the same Secrets, keys and stores
// are merged, and holds it to one Collector fed every object in order.
func TestCollectorInParts(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(5))
	var objs []emit.Object
	for k := range 60 {
		for i, o := range variedObjects() {
			if (k+i)%3 == 1 {
				o.Name += fmt.Sprint("-", k)
			}
			if (k+i)%5 == 2 {
				o.Namespace += fmt.Sprint("-", k%4)
			}
			objs = append(objs, o)
		}
		// Secrets, stores and keys that some parts alone name.
		objs = append(objs, externalSecret("shop", fmt.Sprint("es-", k), "SecretStore", fmt.Sprint("store-", k%7), fmt.Sprint("key-", k)),
			deployment("shop", fmt.Sprint("app-", k), nil, []corev1.EnvVar{envFrom(fmt.Sprint("missing-", k%9), fmt.Sprint("key-", k%13)), envFrom(fmt.Sprint("es-", k+1), "k")}))
	}
	in := report.Input{Objects: objs, Roles: variedRoles}
	md, js := checklists(t, in)
	lmd, ljs, err := report.LegacyChecklist(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(md, lmd) || !bytes.Equal(js, ljs) {
		t.Errorf("the checklist differs from the one made from whole objects:\n%s\n%s", golden.Diff("legacy", lmd, "now", md), golden.Diff("legacy", ljs, "now", js))
	}
}

// TestCollectorReorder feeds the objects out of order, as goroutines
// taking turns would, and puts them back in the run's order.
func TestCollectorReorder(t *testing.T) {
	objs := variedObjects()
	want, _ := checklists(t, report.Input{Objects: objs})
	c := report.NewCollector()
	for _, i := range rand.New(rand.NewPCG(1, 2)).Perm(len(objs)) {
		c.Add(objs[i], nil)
	}
	var ids []emit.Object
	for _, o := range objs {
		o.Value = nil
		ids = append(ids, o)
	}
	c.Reorder(ids)
	if got, _ := checklists(t, report.Input{Collected: c}); !bytes.Equal(got, want) {
		t.Errorf("the checklist depends on the order of Add:\n%s", golden.Diff("in order", want, "reordered", got))
	}
}

// TestCollectorAgreesOnEveryCase holds the Collector, and the add-on rules
// that read fields rather than printed objects, to the old report on the
// objects of every golden case.
func TestCollectorAgreesOnEveryCase(t *testing.T) {
	if testing.Short() {
		t.Skip("translates every golden case")
	}
	for _, c := range golden.AllCases(t) {
		opts := c.Options
		opts.NoReport = true
		if c.Config != nil {
			opts.Config, _ = config.Parse("eksport.yaml", c.Config)
		}
		res, err := eksport.Translate(context.Background(), eksport.Input{Files: c.Inputs, Environments: c.Environments}, opts)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		runs := [][]emit.Object{res.Objects}
		for _, e := range res.Environments {
			runs = append(runs, e.Objects)
		}
		for _, objs := range runs {
			in := report.Input{Objects: objs, Diagnostics: res.Diagnostics}
			md, js := checklists(t, in)
			lmd, ljs, err := report.LegacyChecklist(in)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(md, lmd) || !bytes.Equal(js, ljs) {
				t.Errorf("%s: the checklist differs from the one made from whole objects:\n%s", c.Name, golden.Diff("legacy", lmd, "now", md)+golden.Diff("legacy", ljs, "now", js))
			}
		}
	}
}

// TestCollectorKeepsNoObject checks that neither an added object, nor its
// tree, nor the input its strings were cut from stays reachable from the
// Collector.
func TestCollectorKeepsNoObject(t *testing.T) {
	var freed atomic.Int32
	c := report.NewCollector()
	const n = 4
	func() {
		// Every string of the objects is cut from one large input, as a
		// parser that does not copy would cut them.
		input := strings.Repeat("x", 1<<20) + "shop web web-secrets db_password kept-out token efs-fs-0123 prod/db_password"
		runtime.AddCleanup(unsafe.StringData(input), func(int) { freed.Add(1) }, 0)
		cut := func(s string) string {
			i := strings.LastIndex(input, s)
			return input[i : i+len(s)]
		}
		ns, name := cut("shop"), cut("web")
		d := deployment(ns, name, nil, []corev1.EnvVar{envFrom(cut("web-secrets"), cut("db_password")), envFrom(cut("kept-out"), cut("token"))})
		runtime.AddCleanup(d.Value.(*appsv1.Deployment), func(int) { freed.Add(1) }, 0)
		es := externalSecret(ns, cut("web-secrets"), "ClusterSecretStore", cut("kept-out"))
		es.Value.(map[string]any)["spec"].(map[string]any)["data"] = []any{map[string]any{"remoteRef": map[string]any{"key": cut("prod/db_password")}}}
		v := pv(cut("efs-fs-0123"), "efs.csi.aws.com", nil)
		runtime.AddCleanup(v.Value.(*corev1.PersistentVolume), func(int) { freed.Add(1) }, 0)
		ing := ingress(ns, name, nil, nil)
		runtime.AddCleanup(ing.Value.(*networkingv1.Ingress), func(int) { freed.Add(1) }, 0)
		for _, o := range []emit.Object{d, es, v, ing} {
			c.Add(o, nil)
		}
		tree, err := emit.Tree(d)
		if err != nil {
			t.Fatal(err)
		}
		c.Add(d, tree)
	}()
	for i := 0; i < 200 && freed.Load() < n; i++ {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if got := freed.Load(); got < n {
		t.Errorf("%d of %d objects (the input, the Deployment, the PersistentVolume, the Ingress) were freed: the Collector keeps the rest", got, n)
	}
	md, _ := checklists(t, report.Input{Collected: c})
	for _, want := range []string{"ExternalSecret/shop/web-secrets", "ClusterSecretStore/kept-out", "PersistentVolume/efs-fs-0123", "Ingress/shop/web", "`prod/db_password`", "shop/kept-out: token"} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("checklist lacks %q:\n%s", want, md)
		}
	}
	runtime.KeepAlive(c)
}
