package kustomize

import (
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/eksport/eksport/emit"
)

// TestNotedAsTheTreeSays: what an object notes from its value when it is
// kept (an emit.Cursor: replica count, images, odd) is what the tree
// says of it (replicasOf, containerImages, oddContainers), for typed
// workloads, maps, and the values the Cursor leaves to the tree (an
// image that is not UTF-8), which are then read back from the text.
func TestNotedAsTheTreeSays(t *testing.T) {
	three := int32(3)
	pod := corev1.PodSpec{
		InitContainers: []corev1.Container{{Name: "init", Image: "busybox:1"}},
		Containers:     []corev1.Container{{Name: "web", Image: "nginx:1.27"}, {Name: "noimage"}},
	}
	meta := metav1.ObjectMeta{Name: "web"}
	cases := []struct {
		o      emit.Object
		byTree bool // the Cursor cannot tell: the text is read
	}{
		{o: emit.Object{APIVersion: "apps/v1", Kind: "Deployment", Name: "web", Value: &appsv1.Deployment{
			TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"}, ObjectMeta: meta,
			Spec: appsv1.DeploymentSpec{Replicas: &three, Template: corev1.PodTemplateSpec{Spec: pod}},
		}}},
		{o: emit.Object{APIVersion: "apps/v1", Kind: "Deployment", Name: "web", Value: appsv1.Deployment{
			TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"}, ObjectMeta: meta,
		}}},
		{o: emit.Object{APIVersion: "batch/v1", Kind: "CronJob", Name: "web", Value: &batchv1.CronJob{
			TypeMeta: metav1.TypeMeta{APIVersion: "batch/v1", Kind: "CronJob"}, ObjectMeta: meta,
			Spec: batchv1.CronJobSpec{JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: pod}}}},
		}}},
		{o: emit.Object{APIVersion: "v1", Kind: "Pod", Name: "web", Value: &corev1.Pod{
			TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"}, ObjectMeta: meta, Spec: pod,
		}}},
		{o: emit.Object{APIVersion: "v1", Kind: "Service", Name: "web", Value: &corev1.Service{
			TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Service"}, ObjectMeta: meta,
			Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromString("http")}}},
		}}},
		{o: mapObject(map[string]any{"replicas": "3", "template": map[string]any{"spec": map[string]any{
			"containers": map[string]any{"web": map[string]any{"image": "nginx:1"}},
		}}})},
		{o: mapObject(map[string]any{"replicas": 2.0, "template": map[string]any{"spec": map[string]any{
			"containers": []any{map[string]any{"image": 7}, nil, map[string]any{"image": "nginx:2"}},
		}}})},
		{o: mapObject(map[string]any{"containers": []any{map[string]any{"image": "nginx:\xff"}}}), byTree: true},
	}
	for i, c := range cases {
		before := treeReads.Load()
		obj, err := newObject(nil, c.o)
		if err != nil {
			t.Fatal(err)
		}
		if read := treeReads.Load() != before; read != c.byTree {
			t.Errorf("case %d: text read back %v, want %v", i, read, c.byTree)
		}
		tree, err := emit.Tree(c.o)
		if err != nil {
			t.Fatal(err)
		}
		imgs := containerImages(tree)
		var want []imageAt
		for _, p := range sortedKeys(imgs) {
			want = append(want, imageAt{p, imgs[p]})
		}
		if !reflect.DeepEqual(obj.images, want) {
			t.Errorf("case %d: images %v, the tree has %v", i, obj.images, want)
		}
		if got, want := obj.replicas, replicasOf(tree); !reflect.DeepEqual(got, want) {
			t.Errorf("case %d: replicas %v, the tree has %v", i, got, want)
		}
		if !c.byTree && obj.odd != oddContainers(tree) {
			t.Errorf("case %d: odd %v, the tree says %v", i, obj.odd, oddContainers(tree))
		}
	}
}

func mapObject(spec map[string]any) emit.Object {
	return emit.Object{APIVersion: "apps/v1", Kind: "Deployment", Name: "web", Value: map[string]any{
		"apiVersion": "apps/v1", "kind": "Deployment", "metadata": map[string]any{"name": "web"}, "spec": spec,
	}}
}
