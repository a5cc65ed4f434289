// Command kube-apiserver is a wrapper module that pins k8s.io/kubernetes so
// that the judge can build a real control plane from the Go module proxy.
// k8s.io/kubernetes replaces its staging modules with local paths, so
// `go install k8s.io/kubernetes/cmd/kube-apiserver@vX` is refused; this module
// supplies the replace directives instead. build.sh runs, at one version:
//
//	go build -o kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
//	go build -o kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager
//	go build -o kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler
//
// The blank imports keep every package of the three commands in go.mod and
// go.sum, so `go mod tidy` here never drops what build.sh needs.
package main

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver/app"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	_ "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

func main() {}
