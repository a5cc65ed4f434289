// Package ir is eksport's intermediate model: workloads as front-ends read
// them, before lowering turns them into Kubernetes objects.
//
// What Kubernetes already says exactly (containers, probes, env, resources,
// security context) is held in the target vocabulary, corev1.PodTemplateSpec,
// filled in once by the front-end. AWS intents that need a decision (identity,
// exposure, scaling, storage, secrets) are small neutral structs that rules
// own. Every node carries its Origin; slices, never maps, hold anything whose
// order reaches the output.
package ir
