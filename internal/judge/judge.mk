# The judge: every manifest eksport writes must be accepted by a real
# kube-apiserver. Include from the root Makefile:
#
#	include internal/judge/judge.mk
#
# Targets
#	e2e          build (or reuse) etcd, kube-apiserver, kube-controller-manager,
#	             kube-scheduler and kwok, and helm + kustomize (format-tools,
#	             internal/agree/agree.mk), then run the judge tests
#	             (TestJudgeRejectsBad, TestGoldens, TestCorpus, CRD
#	             cross-check, then TestRollout and TestRolloutCanFail on the
#	             simulated cluster); golden charts and overlays are rendered
#	             by the real helm and kustomize binaries. Prints the line
#	             "rollout: N of M workloads available, P pods pending" and
#	             the reasons of what did not roll out (.tools/judge/rollout.txt)
#	judge-tools  only build/cache the binaries under .tools/judge/ (~10 min cold)
#	judge-vet    go vet the judge module (no servers started)
#	judge-clean  remove .tools/judge/ (binaries and corpus report)
#
# Variables (override on the command line, e.g. make e2e JUDGE_RUN=TestCorpus)
#	JUDGE_RUN    -run pattern for the judge tests (default: all)
#	JUDGE_FLAGS  extra go test flags (default -count=1 -timeout 30m)
#	EKSPORT_SHARED  shared material (default $(CURDIR)/../shared)

JUDGE_DIR    := $(CURDIR)/internal/judge
JUDGE_TOOLS  := $(CURDIR)/.tools/judge
JUDGE_BIN    := $(JUDGE_TOOLS)/bin
JUDGE_BUILD  := $(JUDGE_DIR)/tools/build.sh
JUDGE_REPORT := $(JUDGE_TOOLS)/corpus-report.tsv
JUDGE_FLAGS  ?= -count=1 -timeout 30m
JUDGE_RUN    ?=
JUDGE_ENV    := EKSPORT_ROOT=$(CURDIR) EKSPORT_JUDGE_BIN=$(JUDGE_BIN) \
                EKSPORT_HELM=$(CURDIR)/.tools/bin/helm EKSPORT_KUSTOMIZE=$(CURDIR)/.tools/bin/kustomize

.PHONY: e2e judge-tools judge-vet judge-clean

judge-tools:
	bash $(JUDGE_BUILD) $(CURDIR)

e2e: judge-tools format-tools
	@rm -f $(JUDGE_TOOLS)/rollout.txt
	cd $(JUDGE_DIR) && $(JUDGE_ENV) go test $(JUDGE_FLAGS) $(if $(JUDGE_RUN),-run '$(JUDGE_RUN)') ./...; \
		rc=$$?; cat $(JUDGE_TOOLS)/rollout.txt 2>/dev/null; exit $$rc

judge-vet:
	cd $(JUDGE_DIR) && go vet ./...

judge-clean:
	rm -rf $(JUDGE_TOOLS)
