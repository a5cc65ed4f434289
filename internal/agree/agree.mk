# Agreement of eksport's output formats, the real helm and kustomize
# commands on every golden chart and overlay, and the pre-commit hook test.
# Included from the root Makefile:
#
#	include internal/agree/agree.mk
#
# Targets
#	agree           go vet and go test in internal/agree: the three formats
#	                agree on every golden case and emitter archive (krusty and
#	                Helm's packages, in memory), helm lint --strict through
#	                Helm's linter, the real binaries agree too, and the
#	                pre-commit hook rejects stale manifests
#	format-tools    build (or reuse) helm v4.3.1 and kustomize v5.8.2 under
#	                .tools/ (go install from the module proxy; about 2 minutes
#	                cold, then nothing)
#	format-lint     the real `helm lint --strict` (default values and every
#	                values-<env>.yaml) and `kustomize build` (every base and
#	                overlay) on the golden trees
#	precommit-tool  install Debian's pre-commit when it is missing (as root)
#
# Variables
#	AGREE_RUN    -run pattern for the agree tests (default: all)
#	AGREE_FLAGS  extra go test flags (default -count=1 -timeout 20m)

AGREE_DIR   := $(CURDIR)/internal/agree
AGREE_BIN   := $(CURDIR)/.tools/bin
HELM        := $(AGREE_BIN)/helm
KUSTOMIZE   := $(AGREE_BIN)/kustomize
AGREE_FLAGS ?= -count=1 -timeout 20m
AGREE_RUN   ?=
AGREE_ENV   := EKSPORT_ROOT=$(CURDIR) EKSPORT_HELM=$(HELM) EKSPORT_KUSTOMIZE=$(KUSTOMIZE)

.PHONY: agree format-tools format-lint precommit-tool

format-tools:
	@bash $(AGREE_DIR)/tools/build.sh $(CURDIR)

precommit-tool:
	@command -v pre-commit >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "pre-commit is missing: apt-get install -y pre-commit"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pre-commit >/dev/null; \
	  else \
	    echo "pre-commit is missing: install it (Debian: apt-get install pre-commit)" >&2; exit 1; \
	  fi; }

agree: precommit-tool format-tools
	cd $(AGREE_DIR) && go vet ./...
	cd $(AGREE_DIR) && $(AGREE_ENV) go test $(AGREE_FLAGS) $(if $(AGREE_RUN),-run '$(AGREE_RUN)') ./...

format-lint: format-tools
	@set -e; n=0; \
	for chart in golden/*/expected/helm; do \
	  for values in "" $$(cd $$chart && ls values-*.yaml 2>/dev/null); do \
	    args="lint --strict $$chart$${values:+ -f $$chart/$$values}"; \
	    if ! out=$$($(HELM) $$args 2>&1); then echo "helm $$args"; echo "$$out"; exit 1; fi; \
	    n=$$((n+1)); \
	  done; \
	done; \
	for k in $$(find golden/*/expected/kustomize -name kustomization.yaml | sort); do \
	  dir=$$(dirname $$k); \
	  if ! out=$$($(KUSTOMIZE) build $$dir 2>&1 >/dev/null); then echo "kustomize build $$dir"; echo "$$out"; exit 1; fi; \
	  n=$$((n+1)); \
	done; \
	echo "format-lint: $$n helm lint --strict and kustomize build runs passed ($$($(HELM) version --short), kustomize $$($(KUSTOMIZE) version))"
