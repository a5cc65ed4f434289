# eksport: the README's two commands are `make demo` and `make test`.
GO      ?= go
BIN     := $(CURDIR)/bin
EXAMPLE := golden/webapp/input

.PHONY: all build demo test unit lint update bench clean

all: build

build:
	$(GO) build -o $(BIN)/eksport ./cmd/eksport

# Convert the included example application and print the manifests.
demo: build
	$(BIN)/eksport convert $(EXAMPLE)

# Everything: vet and format checks, unit and golden tests, then the judge
# (a real kube-apiserver; the first run builds it, about 5 minutes).
test: lint unit e2e

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

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count=1 ./...

clean:
	rm -rf $(BIN)

include internal/judge/judge.mk
