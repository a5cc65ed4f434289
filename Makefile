# eksport: the README's two commands are `make demo` and `make test`.
GO      ?= go
BIN     := $(CURDIR)/bin
EXAMPLE := golden/webapp/input

.PHONY: all build demo test unit lint update bench clean fuzz fuzz-ci

all: build

build:
	$(GO) build -o $(BIN)/eksport ./cmd/eksport

# Convert the included example application and print the manifests.
demo: build
	$(BIN)/eksport convert $(EXAMPLE)

# Everything: vet and format checks, unit and golden tests, the agreement of
# the raw, Kustomize and Helm outputs (with the real helm and kustomize, and
# the pre-commit hook), then the judge (a real kube-apiserver; the first run
# builds it, about 5 minutes).
test: lint unit fuzz-ci agree format-lint e2e

unit:
	$(GO) test -count=1 ./...

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.tools/*')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# Rewrite golden files from the current output, then show what changed:
# review every line before committing.
update:
	EKSPORT_UPDATE=1 $(GO) test -count=1 ./...
	@git status --short -- '*testdata*' golden README.md

# Fuzz every front-end, the configuration file and the YAML encoder for
# FUZZTIME each (make fuzz FUZZTIME=10m). Seeds are every golden input; a
# crasher is written to the package's testdata/fuzz/ and stays as a
# regression test. fuzz-ci runs each target briefly, as part of make test.
# .ci/fuzz-one runs one target (and passes the bare deadline race of Go
# 1.26's fuzz coordinator, golang/go#75804, which finds nothing).
FUZZTIME ?= 30s
FUZZ_TARGETS := FuzzParse:./translate/source FuzzECS:. FuzzAAS:./translate/ecs \
	FuzzCloudWatch:./translate/ecs FuzzKube:./translate/kube FuzzConfig:./translate/config \
	FuzzMarshalTree:./emit FuzzMarshalDirect:./emit FuzzWriter:./emit/report FuzzScalarText:./emit/helm \
	FuzzMayNameCredential:./translate/ecs FuzzCloudFormation:./translate/cloudformation \
	FuzzTerraform:./translate/terraform

fuzz:
	@for t in $(FUZZ_TARGETS); do \
	  .ci/fuzz-one $${t%%:*} $${t#*:} $(FUZZTIME) $(GO) || exit 1; \
	done

fuzz-ci:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=8s

# Go benchmarks (each stage on 1,000 generated inputs, every format, and
# whole batches of 1,000 and 10,000 with inputs/s and peak heap), then the
# command line against the floor (decode and re-encode only) on BENCH_N
# generated inputs, a single file against eksport version, and every mode
# (raw -o, stdout, kustomize, helm, one and two environments, --check with
# half the files changed) on BENCH_MODES task definitions made from the
# corpus's convertible ones, and a CloudFormation template of 1,000 services
# against the floor of parsing and re-encoding it, with each ratio beside its
# target. BENCH_DIR
# holds the files: a memory file system
# by default where there is one, since a disk that is slow to create files
# would time the disk rather than the programs.
BENCH_N   ?= 1000,10000
BENCH_MODES ?= 3000
BENCH_DIR ?= $(shell test -w /dev/shm && echo /dev/shm)

bench: build
	$(GO) test -run '^$$' -bench . -benchmem -count=1 ./...
	$(GO) run ./internal/bench -eksport $(BIN)/eksport -n $(BENCH_N) -modes $(BENCH_MODES) -corpus $(CURDIR)/../shared/corpus/taskdefs $(if $(BENCH_DIR),-dir $(BENCH_DIR))
	-EKSPORT_BENCH=1 $(GO) test -run '^TestTemplate1000Ratio$$' -v -count=1 ./translate/cloudformation
	-EKSPORT_BENCH=1 $(GO) test -run '^TestModule1000Ratio$$' -v -count=1 ./translate/terraform
	$(GO) run ./internal/benchiac -eksport $(BIN)/eksport -n 300,3000 -import 1000,3000 -runs 3 $(if $(BENCH_DIR),-dir $(BENCH_DIR))

clean:
	rm -rf $(BIN)

include internal/judge/judge.mk
include internal/agree/agree.mk
