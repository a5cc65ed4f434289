#!/usr/bin/env bash
# build.sh ROOT — build and cache the judge's kube-apiserver and etcd.
#
# Idempotent. Binaries are cached under ROOT/.tools/judge/, keyed by version:
#
#   ROOT/.tools/judge/kube-apiserver-<version>/kube-apiserver
#   ROOT/.tools/judge/etcd-<version>/etcd
#   ROOT/.tools/judge/bin/{kube-apiserver,etcd}   symlinks to the above
#
# The versions come from the committed wrapper modules beside this script
# (tools/kube-apiserver/go.mod, tools/etcd/go.mod), so changing a version there
# rebuilds on the next run. Everything comes from the Go module proxy; nothing
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

APISERVER="$CACHE/kube-apiserver-$K8S_VERSION/kube-apiserver"
ETCD="$CACHE/etcd-$ETCD_VERSION/etcd"

export CGO_ENABLED=0
# -mod=readonly: the committed go.sum files are the source of truth.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly -trimpath"

if [[ -x "$APISERVER" ]]; then
	echo "judge: kube-apiserver $K8S_VERSION cached at $APISERVER"
else
	t=$(now)
	echo "judge: building kube-apiserver $K8S_VERSION (about 5 minutes cold on 2 cores)..."
	mkdir -p "$(dirname "$APISERVER")"
	(cd "$HERE/kube-apiserver" && go build \
		-ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$K8S_MINOR -X k8s.io/component-base/version.gitTreeState=clean" \
		-o "$APISERVER.tmp" k8s.io/kubernetes/cmd/kube-apiserver)
	mv -f "$APISERVER.tmp" "$APISERVER"
	echo "judge: built kube-apiserver in $(elapsed "$t")"
fi

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

ln -sfn "../kube-apiserver-$K8S_VERSION/kube-apiserver" "$CACHE/bin/kube-apiserver"
ln -sfn "../etcd-$ETCD_VERSION/etcd" "$CACHE/bin/etcd"
echo "judge: tools ready in $CACHE/bin (total $(elapsed "$START"))"
