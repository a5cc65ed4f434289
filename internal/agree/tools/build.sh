#!/usr/bin/env bash
# build.sh ROOT — build and cache the helm and kustomize binaries CI runs on
# every golden chart and overlay.
#
# Idempotent: each binary is built once per version with `go install` from
# the Go module proxy and cached under ROOT/.tools/, keyed by version:
#
#   ROOT/.tools/helm-<version>/helm
#   ROOT/.tools/kustomize-<version>/kustomize
#   ROOT/.tools/bin/{helm,kustomize}   symlinks to the above
#
# The versions are below; change one and the next run builds it.
set -euo pipefail

HELM_VERSION=v4.3.1
KUSTOMIZE_VERSION=v5.8.2

if [[ $# -ne 1 ]]; then
	echo "usage: $0 ROOT" >&2
	exit 2
fi
ROOT=$(cd "$1" && pwd)
TOOLS="$ROOT/.tools"
mkdir -p "$TOOLS/bin"

# One build at a time per cache (parallel make or test runs).
if command -v flock >/dev/null 2>&1; then
	exec 9>"$TOOLS/.agree-build.lock"
	flock 9
fi

# install NAME MODULE VERSION [LDFLAGS]: go install MODULE@VERSION into
# .tools/NAME-VERSION unless it is there.
install() {
	local name=$1 module=$2 version=$3 ldflags=${4:-}
	local dir="$TOOLS/$name-$version"
	if [[ ! -x "$dir/$name" ]]; then
		local start=$SECONDS
		echo "building $name $version (go install $module@$version)" >&2
		rm -rf "$dir.tmp"
		mkdir -p "$dir.tmp"
		GOBIN="$dir.tmp" GOTOOLCHAIN=auto GOFLAGS=-mod=mod go install -ldflags "$ldflags" "$module@$version"
		rm -rf "$dir"
		mv "$dir.tmp" "$dir"
		echo "built $name $version in $((SECONDS - start))s" >&2
	fi
	ln -sfn "../$name-$version/$name" "$TOOLS/bin/$name"
}

# helm stamps its version at build time; without it `helm version` says v4.3.
install helm helm.sh/helm/v4/cmd/helm "$HELM_VERSION" "-X helm.sh/helm/v4/internal/version.version=$HELM_VERSION"
install kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION"
