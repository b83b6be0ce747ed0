# AetherBridge: x86-64 encoder, translator, vela-run native backend, tests, bench.

BRIDGE_X86_SRCS := lib/bridge/x86/x86enc.c

# Encoder checked byte for byte against GNU as (built with the sanitizers).
X86ENC_CHECK := $(BUILD)/hosttest/bin/x86enc_check
$(X86ENC_CHECK): $(patsubst %.c,$(BUILD)/hosttest/%.o,tests/bridge/x86enc_check.c $(BRIDGE_X86_SRCS))
	@mkdir -p $(@D)
	@echo "  TESTLD  $@"
	$(Q)$(HOST_CC) $(HOST_TEST_CFLAGS) -o $@ $^

HOST_TESTS += $(X86ENC_CHECK)
TEST_STEPS += bridge-x86enc
.PHONY: test-step-bridge-x86enc
test-step-bridge-x86enc: $(X86ENC_CHECK)
	$(Q)mkdir -p $(BUILD)/bridge/x86enc
	$(Q)$(RUN_TEST) bridge-x86enc $(X86ENC_CHECK) $(BUILD)/bridge/x86enc

# ---------------------------------------------------------------- translator
# VRC (mk/vrc.mk, read later) is part of every translation: its sources, named here
VRC_SRCS := $(wildcard lib/vrc/*.c)
BRIDGE_SRCS := lib/bridge/translate.c lib/bridge/emit.c lib/bridge/float.c lib/bridge/regmap.c \
	lib/bridge/elide.c \
	$(BRIDGE_X86_SRCS) $(VRC_SRCS)
KERNEL_LIB_SRCS += $(BRIDGE_SRCS)
# mk/vela.mk is included after this fragment: name lib/vela's sources directly
BRIDGE_VELA_SRCS := $(wildcard lib/vela/*.c)
BRIDGE_NATIVE_SRCS := tools/vela-run/native.c tools/vela-run/shim.c $(BRIDGE_SRCS) $(BRIDGE_VELA_SRCS)
# vela-run's native backend (mk/vela.mk picks these up)
VELA_RUN_NATIVE_SRCS := tools/vela-run/native.c $(BRIDGE_SRCS)
BRIDGE_DIFF_SRCS := tests/bridge/diff.c tests/bridge/gen.c $(BRIDGE_NATIVE_SRCS)

# Unit tests: guard kinds, opcode semantics against the interpreter, rejections.
BRIDGE_TEST := $(BUILD)/hosttest/bin/bridge_test
$(BRIDGE_TEST): $(patsubst %.c,$(BUILD)/hosttest/%.o,tests/bridge/bridge_test.c tests/bridge/float_test.c \
	$(BRIDGE_DIFF_SRCS))
	@mkdir -p $(@D)
	@echo "  TESTLD  $@"
	$(Q)$(HOST_CC) $(HOST_TEST_CFLAGS) -o $@ $^

HOST_TESTS += $(BRIDGE_TEST)
TEST_STEPS += bridge-unit
.PHONY: test-step-bridge-unit
test-step-bridge-unit: $(BRIDGE_TEST)
	$(Q)$(RUN_TEST) bridge-unit $(BRIDGE_TEST)

# Examples and opcode tests: interpreter versus translator, and vela-run native.
BRIDGE_DIFF_OBJS := $(BUILD)/hosttest/bin/bridge_diff_objs
$(BRIDGE_DIFF_OBJS): $(patsubst %.c,$(BUILD)/hosttest/%.o,tests/bridge/diff_objs.c $(BRIDGE_DIFF_SRCS))
	@mkdir -p $(@D)
	@echo "  TESTLD  $@"
	$(Q)$(HOST_CC) $(HOST_TEST_CFLAGS) -o $@ $^

HOST_TESTS += $(BRIDGE_DIFF_OBJS)
TEST_STEPS += bridge-examples
.PHONY: test-step-bridge-examples
test-step-bridge-examples: $(BRIDGE_DIFF_OBJS) $(BUILD)/host/bin/vela-as $(BUILD)/host/bin/vela-run
	$(Q)$(RUN_TEST) bridge-examples tests/bridge/examples.sh $(BUILD)/host/bin $(BRIDGE_DIFF_OBJS) $(BUILD)/bridge

# ---------------------------------------------------------------- fuzzing
# `make test` runs the differential fuzzer for BRIDGE_FUZZ_SECONDS; docs/bridge.md
# says how to run it longer.
BRIDGE_FUZZ_SECONDS ?= 60
BRIDGE_FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter -Ilib -Itools \
	-Itests -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -DAETHER_HOST_TEST=1
BRIDGE_FUZZ := $(BUILD)/fuzz/bridge_fuzz
$(BRIDGE_FUZZ): tests/fuzz/bridge_fuzz.c $(BRIDGE_DIFF_SRCS) $(wildcard lib/bridge/*.h lib/bridge/x86/*.h tests/bridge/*.h)
	@mkdir -p $(@D)
	@echo "  FUZZLD  $@"
	$(Q)$(CLANG) $(BRIDGE_FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

test-prereqs: $(BRIDGE_FUZZ)
TEST_STEPS += bridge-fuzz
.PHONY: test-step-bridge-fuzz
test-step-bridge-fuzz: $(BRIDGE_FUZZ)
	$(Q)$(RUN_TEST) bridge-fuzz tests/bridge/fuzz.sh $(BRIDGE_FUZZ) $(BUILD)/bridge/fuzz-corpus $(BRIDGE_FUZZ_SECONDS)

# ISA-ASLR: gadget sharing between 100 draws of the same programs (aim < 5%).
BRIDGE_GADGETS := $(BUILD)/host/bin/bridge-gadgets
$(eval $(call host_tool,bridge-gadgets,tests/bridge/gadgets.c tools/vela-run/native.c \
	tools/vela-run/shim.c $(BRIDGE_SRCS) $(BRIDGE_VELA_SRCS)))
TEST_STEPS += bridge-aslr
.PHONY: test-step-bridge-aslr
test-step-bridge-aslr: $(BRIDGE_GADGETS) $(BUILD)/host/bin/vela-as
	$(Q)$(RUN_TEST) bridge-aslr tests/bridge/aslr.sh $(BUILD)/host/bin $(BRIDGE_GADGETS) $(BUILD)/bridge

# ---------------------------------------------------------------- benchmarks
# `make bench`: bench/run.sh over the kernels below (C twin + VELA each). The
# UNSAFE no-guards mode exists only in this separately compiled vela-run-bench.
BRIDGE_BENCH_KERNELS := sieve quicksort matmul crc32 sha256 strsearch nbody vdot
BRIDGE_BENCH_DIR := $(BUILD)/bench
VELA_RUN_BENCH := $(BRIDGE_BENCH_DIR)/vela-run-bench
VELA_RUN_BENCH_SRCS := tools/vela-run/main.c tools/vela-run/shim.c tools/vela-run/interp.c \
	tools/vela-run/native.c $(BRIDGE_SRCS) $(BRIDGE_VELA_SRCS)

$(BRIDGE_BENCH_DIR)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  BENCHCC $<"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -DBRIDGE_ALLOW_UNSAFE=1 -c -o $@ $<

$(VELA_RUN_BENCH): $(patsubst %.c,$(BRIDGE_BENCH_DIR)/obj/%.o,$(VELA_RUN_BENCH_SRCS))
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^

$(BRIDGE_BENCH_DIR)/%: bench/%.c bench/bench_c.h
	@mkdir -p $(@D)
	@echo "  BENCHCC $<"
	$(Q)$(HOST_CC) -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $<

$(BRIDGE_BENCH_DIR)/%.vo: bench/%.vs bench/bench.inc $(BUILD)/host/bin/vela-as
	@mkdir -p $(@D)
	$(Q)$(BUILD)/host/bin/vela-as -o $@ $<

$(eval $(call host_tool,bridge-xlat-speed,bench/xlat_speed.c tools/vela-run/native.c \
	tools/vela-run/shim.c $(BRIDGE_SRCS) $(BRIDGE_VELA_SRCS)))

BRIDGE_BENCH_DEPS := $(VELA_RUN_BENCH) $(BUILD)/host/bin/bridge-xlat-speed \
	$(foreach k,$(BRIDGE_BENCH_KERNELS),$(BRIDGE_BENCH_DIR)/$(k) $(BRIDGE_BENCH_DIR)/$(k).vo)
bench-prereqs: $(BRIDGE_BENCH_DEPS)
BENCH_STEPS += bridge
.PHONY: bench-step-bridge
bench-step-bridge: $(BRIDGE_BENCH_DEPS)
	$(Q)bench/run.sh $(BRIDGE_BENCH_DIR) $(VELA_RUN_BENCH) $(BUILD)/host/bin/bridge-xlat-speed $(BENCH_RUNS)
BENCH_RUNS ?= 5
