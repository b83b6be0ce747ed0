# VRC: value-range analysis, guard elision, certificate checker (lib/vrc; its
# sources are linked through BRIDGE_SRCS in mk/bridge.mk). Tests and bench.

VRC_TEST_BIN := $(BUILD)/host/vrc

# vrc-dump: VRC's facts, claims and checker verdicts for one object
$(eval $(call host_tool,vrc-dump,tests/vrc/vrc_dump.c $(VRC_SRCS) $(BRIDGE_VELA_SRCS)))

# Domain: 8-bit exhaustive families and 64-bit sampling (optimised build: it
# evaluates about a billion concrete operations).
VRC_DOM_TEST := $(VRC_TEST_BIN)/dom_test
$(VRC_DOM_TEST): tests/vrc/dom_test.c tests/vrc/dom8.c tests/vrc/dom8.h lib/vrc/dom.c \
		lib/vrc/dom_impl.h lib/vrc/dom.h
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -Itests -o $@ $(filter %.c,$^)

TEST_STEPS += vrc-domain
.PHONY: test-step-vrc-domain
test-step-vrc-domain: $(VRC_DOM_TEST)
	$(Q)$(RUN_TEST) vrc-domain $(VRC_DOM_TEST)

# Programs with expected outcomes, forged certificates (sanitizers on).
VRC_PROG_TEST := $(BUILD)/hosttest/bin/vrc_prog_test
$(VRC_PROG_TEST): $(patsubst %.c,$(BUILD)/hosttest/%.o,tests/vrc/prog_test.c $(BRIDGE_DIFF_SRCS))
	@mkdir -p $(@D)
	@echo "  TESTLD  $@"
	$(Q)$(HOST_CC) $(HOST_TEST_CFLAGS) -o $@ $^

HOST_TESTS += $(VRC_PROG_TEST)
TEST_STEPS += vrc-programs
.PHONY: test-step-vrc-programs
test-step-vrc-programs: $(VRC_PROG_TEST)
	$(Q)$(RUN_TEST) vrc-programs $(VRC_PROG_TEST)

# Soundness against the oracle: the bridge's random-program fuzzer with VRC on.
VRC_FUZZ_SECONDS ?= 45
VRC_FUZZ := $(BUILD)/fuzz/vrc_fuzz
$(VRC_FUZZ): tests/fuzz/vrc_fuzz.c $(BRIDGE_DIFF_SRCS) $(wildcard lib/vrc/*.h lib/bridge/*.h tests/bridge/*.h)
	@mkdir -p $(@D)
	@echo "  FUZZLD  $@"
	$(Q)$(CLANG) $(BRIDGE_FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

test-prereqs: $(VRC_FUZZ)
TEST_STEPS += vrc-fuzz vrc-mutation
.PHONY: test-step-vrc-fuzz test-step-vrc-mutation
test-step-vrc-fuzz: $(VRC_FUZZ)
	$(Q)$(RUN_TEST) vrc-fuzz tests/vrc/fuzz.sh $(VRC_FUZZ) $(BUILD)/vrc/fuzz-corpus $(VRC_FUZZ_SECONDS)

# Mutation test: a broken transfer function must be caught by the checker or
# the fuzzer within a bounded run.
VRC_MUTATION_SECONDS ?= 60
test-step-vrc-mutation: $(VRC_FUZZ)
	$(Q)$(RUN_TEST) vrc-mutation tests/vrc/mutation.sh $(VRC_FUZZ) $(BUILD)/vrc/mutation $(VRC_MUTATION_SECONDS)

# ---------------------------------------------------------------- benchmark
# `make bench`: VRC rows over the AetherBridge kernels (mk/bridge.mk builds them).
BENCH_STEPS += vrc
.PHONY: bench-step-vrc
bench-step-vrc: $(BRIDGE_BENCH_DEPS)
	$(Q)tests/vrc/bench.sh $(BRIDGE_BENCH_DIR) $(VELA_RUN_BENCH) $(BENCH_RUNS)
