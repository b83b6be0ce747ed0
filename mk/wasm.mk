# WebAssembly importer: lib/wasm (reader, validator, lowering to VELA), the
# vela-wasm tool, C programs built through wasm (examples/c), the spec-test
# harness and fuzzers. docs/vela-wasm.md.

WASM_LIB_SRCS := lib/wasm/reader.c lib/wasm/compile.c lib/wasm/rt.c lib/wasm/module.c \
	lib/fmt/format.c

# links lib/vela (mk/vela.mk is read after this fragment)
DEFERRED_TOOLS += vela-wasm
vela-wasm_SRCS = tools/vela-wasm/main.c $(WASM_LIB_SRCS) $(VELA_LIB_SRCS)

VELA_WASM := $(BUILD)/host/bin/vela-wasm

# vela-run serves the AetherOS file/time/random syscalls on the host through
# tools/vela-run/wasi_host.c (shim.c reaches it through a weak reference)
$(BUILD)/host/bin/vela-run: $(BUILD)/host/tools/vela-run/wasi_host.o

# ---------------------------------------------------------------- C programs through wasm
# $(call wasm_program,NAME,C_SOURCES[,VELA_WASM_FLAGS]) builds
# $(BUILD)/wasm/NAME.wasm (clang, wasi-libc) and $(BUILD)/wasm/NAME.vo (vela-wasm);
# aelf-link turns the .vo into an executable. Usable from any fragment.
WASM_CC := $(CLANG) --target=wasm32-wasi
WASM_CFLAGS := -O2 -Wall -Wextra -Werror -Iuser/include
WASM_PROGRAMS :=

define wasm_program
WASM_PROGRAMS += $(BUILD)/wasm/$(1).vo
$(BUILD)/wasm/$(1).wasm: $(2)
	@mkdir -p $$(@D)
	@echo "  WASMCC  $$@"
	$(Q)$(WASM_CC) $(WASM_CFLAGS) -o $$@ $(2)
$(BUILD)/wasm/$(1).vo: $(BUILD)/wasm/$(1).wasm $(VELA_WASM)
	@echo "  VWASM   $$@"
	$(Q)$(VELA_WASM) $(3) $$< -o $$@
endef

WASM_EXAMPLES := $(basename $(notdir $(wildcard examples/c/*.c)))
$(foreach p,$(WASM_EXAMPLES),$(eval $(call wasm_program,$(p),examples/c/$(p).c)))
# user programs: one C file each under user/bin/
$(foreach s,$(wildcard user/bin/*.c),$(eval $(call wasm_program,$(basename $(notdir $(s))),$(s))))

.PHONY: wasm-programs
wasm-programs: $(WASM_PROGRAMS)
tools: wasm-programs

# ---------------------------------------------------------------- tests
# the examples whose output must equal gcc's
WASM_TESTED_EXAMPLES := hello wc files dirs mallocs sort primes floats args
WASM_SPEC_SUITE := ../shared/vectors/wasm-testsuite
WASM_FUZZ_SECONDS ?= 30

$(BUILD)/fuzz/wasm_fuzz_import: tests/fuzz/wasm_fuzz_import.c $(WASM_LIB_SRCS) lib/vela/vela.c \
		lib/vela/validate.c lib/vela/obj.c
	@mkdir -p $(@D)
	@echo "  FUZZLD  $@"
	$(Q)$(CLANG) $(VELA_FUZZ_CFLAGS) -o $@ $^

TEST_STEPS += wasm-examples wasm-spec wasm-fuzz wasm-reject wasm-float wasm-multivalue
.PHONY: test-step-wasm-examples test-step-wasm-spec test-step-wasm-fuzz test-step-wasm-reject \
	test-step-wasm-float test-step-wasm-multivalue
test-step-wasm-reject: $(VELA_WASM)
	$(Q)$(RUN_TEST) wasm-reject tests/wasm/reject.sh $(BUILD)/host/bin $(BUILD)/wasm-reject
test-step-wasm-examples: $(WASM_PROGRAMS) $(VELA_RUN)
	$(Q)$(RUN_TEST) wasm-examples tests/wasm/examples.sh $(BUILD)/host/bin $(BUILD)/wasm \
		$(WASM_TESTED_EXAMPLES)
test-step-wasm-spec: $(VELA_WASM) $(VELA_RUN)
	$(Q)$(RUN_TEST) wasm-spec python3 tests/wasm/spectest.py --tools $(BUILD)/host/bin \
		--suite $(WASM_SPEC_SUITE) --work $(BUILD)/wasm-spec --baseline tests/wasm/spec-baseline.txt
# seeded random values through the float sequences (rounding, fused compares)
test-step-wasm-float: $(VELA_WASM) $(VELA_RUN)
	$(Q)$(RUN_TEST) wasm-float python3 tests/wasm/floatcheck.py --tools $(BUILD)/host/bin \
		--work $(BUILD)/wasm-float
# seeded random signatures of up to 300 parameters and results, every way of
# returning them, direct and indirect calls (results beyond R3-R7)
test-step-wasm-multivalue: $(VELA_WASM) $(VELA_RUN)
	$(Q)$(RUN_TEST) wasm-multivalue python3 tests/wasm/multivalue.py --tools $(BUILD)/host/bin \
		--work $(BUILD)/wasm-multivalue
test-step-wasm-fuzz: $(BUILD)/fuzz/wasm_fuzz_import
	$(Q)$(RUN_TEST) wasm-fuzz tests/fuzz/wasm_run_fuzzer.sh $< $(WASM_FUZZ_SECONDS) \
		$(BUILD)/wasm $(BUILD)/wasm-spec $(BUILD)/wasm-multivalue

test-prereqs: $(VELA_WASM) $(WASM_PROGRAMS) $(BUILD)/fuzz/wasm_fuzz_import

# ---------------------------------------------------------------- benchmark
# the bench kernels' C versions as gcc, V8 (node) and vela-wasm + AetherBridge
WASM_BENCH_FLAGS ?= --sandbox
BENCH_STEPS += wasm
.PHONY: bench-step-wasm
bench-step-wasm: $(VELA_WASM) $(VELA_RUN)
	$(Q)bench/wasm/run.sh $(BUILD)/bench-wasm $(BUILD)/host/bin $(or $(BENCH_RUNS),5) \
		$(WASM_BENCH_FLAGS)
