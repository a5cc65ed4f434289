// Package agree checks that eksport's three output formats agree: for every
// golden application and every environment, the raw manifests, `kustomize
// build` of the environment's overlay and `helm template` with the
// environment's values yield the same objects, compared field by field
// after parsing. Kustomize runs in memory (sigs.k8s.io/kustomize/api/krusty)
// and Helm through its own packages (chart loader, engine, lint), so the
// check needs no binaries; agree.mk also runs the real helm and kustomize
// commands on the same trees.
//
// It is a module of its own so that eksport's library never depends on Helm
// or Kustomize.
package agree
