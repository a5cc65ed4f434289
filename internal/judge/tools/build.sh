#!/usr/bin/env bash
# build.sh ROOT — build and cache the judge's control plane: etcd,
# kube-apiserver, kube-controller-manager, kube-scheduler and kwok.
#
# Idempotent. Binaries are cached under ROOT/.tools/judge/, keyed by version:
#
#   ROOT/.tools/judge/kube-apiserver-<version>/kube-apiserver
#   ROOT/.tools/judge/kube-controller-manager-<version>/kube-controller-manager
#   ROOT/.tools/judge/kube-scheduler-<version>/kube-scheduler
#   ROOT/.tools/judge/etcd-<version>/etcd
#   ROOT/.tools/judge/kwok-<version>/{kwok,stages.yaml}
#   ROOT/.tools/judge/bin/{kube-apiserver,...,kwok,kwok-stages.yaml}   symlinks
#
# The Kubernetes and etcd versions come from the committed wrapper modules
# beside this script (tools/kube-apiserver/go.mod, which builds all three
# Kubernetes commands, and tools/etcd/go.mod), so changing a version there
# rebuilds on the next run. kwok is `go install`ed at KWOK_VERSION below with
# its own go.sum; stages.yaml joins the lifecycle stages of its module
# (kwok alone loads none; kwokctl would pass the same files). Everything comes from the Go module proxy; nothing
# has to be installed by hand. If building etcd fails, Debian's etcd-server
# package is used as a fallback (apt-get, when running as root).
set -euo pipefail

if [[ $# -ne 1 ]]; then
	echo "usage: $0 ROOT" >&2
	exit 2
fi
ROOT=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE="$ROOT/.tools/judge"
mkdir -p "$CACHE/bin"

# One build at a time per cache (parallel `make` or test runs).
if command -v flock >/dev/null 2>&1; then
	exec 9>"$CACHE/.build.lock"
	flock 9
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# modversion DIR MODULE: the version DIR/go.mod requires for MODULE.
modversion() {
	awk -v m="$2" '$1 == "require" && $2 == m { print $3; exit } $1 == m && $2 ~ /^v/ { print $2; exit }' "$1/go.mod"
}

START=$(now)

K8S_VERSION=$(modversion "$HERE/kube-apiserver" k8s.io/kubernetes)
ETCD_VERSION=$(modversion "$HERE/etcd" go.etcd.io/etcd/server/v3)
if [[ -z "$K8S_VERSION" || -z "$ETCD_VERSION" ]]; then
	echo "build.sh: cannot read versions from wrapper go.mod files" >&2
	exit 1
fi
K8S_MINOR=$(echo "$K8S_VERSION" | cut -d. -f2)

KWOK_VERSION=v0.8.0

ETCD="$CACHE/etcd-$ETCD_VERSION/etcd"

export CGO_ENABLED=0
# -mod=readonly: the committed go.sum files are the source of truth.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly -trimpath"

# build_k8s NAME: kube-apiserver, kube-controller-manager or kube-scheduler,
# all from one wrapper module (and so one build cache); kube-apiserver takes
# about 5 minutes cold on 2 cores, the other two much less once it is built.
build_k8s() {
	local name=$1 out="$CACHE/$1-$K8S_VERSION/$1" t
	if [[ -x "$out" ]]; then
		echo "judge: $name $K8S_VERSION cached at $out"
	else
		t=$(now)
		echo "judge: building $name $K8S_VERSION..."
		mkdir -p "$(dirname "$out")"
		(cd "$HERE/kube-apiserver" && go build \
			-ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$K8S_MINOR -X k8s.io/component-base/version.gitTreeState=clean" \
			-o "$out.tmp" "k8s.io/kubernetes/cmd/$name")
		mv -f "$out.tmp" "$out"
		echo "judge: built $name in $(elapsed "$t")"
	fi
	ln -sfn "../$name-$K8S_VERSION/$name" "$CACHE/bin/$name"
}
build_k8s kube-apiserver
build_k8s kube-controller-manager
build_k8s kube-scheduler

KWOK="$CACHE/kwok-$KWOK_VERSION/kwok"
STAGES="$CACHE/kwok-$KWOK_VERSION/stages.yaml"
if [[ -x "$KWOK" && -s "$STAGES" ]]; then
	echo "judge: kwok $KWOK_VERSION cached at $KWOK"
else
	t=$(now)
	echo "judge: building kwok $KWOK_VERSION (about 70 s cold)..."
	mkdir -p "$CACHE/kwok-$KWOK_VERSION/gobin"
	# go install pkg@version uses kwok's own go.mod and go.sum; -mod=readonly
	# does not apply outside a module.
	GOFLAGS=-trimpath GOBIN="$CACHE/kwok-$KWOK_VERSION/gobin" go install -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
	mv -f "$CACHE/kwok-$KWOK_VERSION/gobin/kwok" "$KWOK"
	rmdir "$CACHE/kwok-$KWOK_VERSION/gobin"
	dir=$(GOFLAGS= go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | awk -F'"' '$2 == "Dir" { print $4 }')
	stage="$dir/kustomize/stage"
	: >"$STAGES.tmp"
	for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
		pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
		{ echo "---"; cat "$stage/$f"; } >>"$STAGES.tmp"
	done
	mv -f "$STAGES.tmp" "$STAGES"
	echo "judge: built kwok in $(elapsed "$t")"
fi
ln -sfn "../kwok-$KWOK_VERSION/kwok" "$CACHE/bin/kwok"
ln -sfn "../kwok-$KWOK_VERSION/stages.yaml" "$CACHE/bin/kwok-stages.yaml"

if [[ -x "$ETCD" ]]; then
	echo "judge: etcd $ETCD_VERSION cached at $ETCD"
else
	t=$(now)
	echo "judge: building etcd $ETCD_VERSION..."
	mkdir -p "$(dirname "$ETCD")"
	if (cd "$HERE/etcd" && go build -ldflags "-s -w" -o "$ETCD.tmp" go.etcd.io/etcd/server/v3); then
		mv -f "$ETCD.tmp" "$ETCD"
		echo "judge: built etcd in $(elapsed "$t")"
	else
		rm -f "$ETCD.tmp"
		echo "judge: building etcd failed; falling back to Debian's etcd-server" >&2
		if ! [[ -x /usr/bin/etcd ]]; then
			if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
				DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends etcd-server >&2
			else
				echo "judge: no etcd; install etcd-server or fix the build" >&2
				exit 1
			fi
		fi
		ETCD_VERSION=debian
		ETCD="$CACHE/etcd-debian/etcd"
		mkdir -p "$(dirname "$ETCD")"
		ln -sfn /usr/bin/etcd "$ETCD"
	fi
fi

ln -sfn "../etcd-$ETCD_VERSION/etcd" "$CACHE/bin/etcd"
echo "judge: tools ready in $CACHE/bin (total $(elapsed "$START"))"
