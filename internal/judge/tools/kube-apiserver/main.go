// Command kube-apiserver is a wrapper module that pins k8s.io/kubernetes so
// that the judge can build a real kube-apiserver from the Go module proxy.
// k8s.io/kubernetes replaces its staging modules with local paths, so
// `go install k8s.io/kubernetes/cmd/kube-apiserver@vX` is refused; this module
// supplies the replace directives instead. build.sh runs:
//
//	go build -o kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
package main

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {}
