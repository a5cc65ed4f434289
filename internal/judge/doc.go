// Package judge checks that the manifests eksport writes are accepted by a
// real Kubernetes API server.
//
// It starts etcd and kube-apiserver (built from the Go module proxy by
// tools/build.sh and cached under $EKSPORT_ROOT/.tools/judge) on 127.0.0.1,
// installs the CustomResourceDefinitions eksport targets (KEDA, External
// Secrets, Secrets Store CSI, Karpenter from their Go modules; the AWS Load
// Balancer Controller from schemas/crds in this repository), and then judges
// objects: a server-side apply dry run with strict field validation, a real
// server-side apply, and a second apply that must change nothing.
//
// The module is separate from eksport's own module so that eksport never
// depends on k8s.io/kubernetes; it works only on files on disk and on the
// eksport binary.
//
// Environment:
//
//	EKSPORT_ROOT          repository root (default ../.. from this package)
//	EKSPORT_SHARED        shared material (default $EKSPORT_ROOT/../shared)
//	EKSPORT_JUDGE_BIN     folder holding kube-apiserver and etcd
//	                      (default $EKSPORT_ROOT/.tools/judge/bin)
//	EKSPORT_JUDGE_NO_BUILD=1  fail instead of running tools/build.sh when the
//	                      binaries are missing
//	EKSPORT_JUDGE_KEEP=1  keep the server's temporary folder (logs) on exit
package judge
