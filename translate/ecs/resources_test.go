package ecs

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// Equal lists are one map, and a change made in place to a shared list is
// what ResourceListsIntact reports.
func TestSharedResourceLists(t *testing.T) {
	list := func() corev1.ResourceList {
		return corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("999Mi")}
	}
	a, b := shareList(list()), shareList(list())
	a[corev1.ResourceName("x-test/probe")] = resource.MustParse("1")
	_, inB := b["x-test/probe"]
	if !inB {
		t.Fatal("two equal lists were not shared")
	}
	if err := ResourceListsIntact(); err == nil {
		t.Error("a list changed in place was not reported")
	}
	delete(a, "x-test/probe")
	if err := ResourceListsIntact(); err != nil {
		t.Error(err)
	}
	if c := shareList(corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m")}); len(c) != 1 {
		t.Errorf("a different list was given a shared one: %v", c)
	}
	if shareList(nil) != nil {
		t.Error("an empty list became a map")
	}
}
