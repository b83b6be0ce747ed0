# VELA: ISA table, encoder/decoder/validator/disassembler, object format and
# reference interpreter (lib/vela), the host tools vela-as, vela-objdump and
# vela-run, their tests, fuzzers, examples and the interpreter benchmark.

VELA_LIB_SRCS := lib/vela/vela.c lib/vela/validate.c lib/vela/disasm.c lib/vela/obj.c
VELA_INTERP_SRCS := lib/vela/interp.c lib/vela/fpu.c

# The kernel needs decode/validate and the object reader, not the interpreter.
KERNEL_LIB_SRCS += $(VELA_LIB_SRCS)

# ---------------------------------------------------------------- tools
VELA_AS_SRCS := tools/vela-as/lex.c tools/vela-as/expr.c tools/vela-as/insn.c tools/vela-as/asm.c \
	tools/vela-as/directive.c

$(eval $(call host_tool,vela-as,tools/vela-as/main.c $(VELA_AS_SRCS) $(VELA_LIB_SRCS)))
$(eval $(call host_tool,vela-objdump,tools/vela-objdump/main.c tools/vela-objdump/dump.c \
	$(VELA_LIB_SRCS)))

# vela-run's execution backends. The native (translator) backend is a stub
# until the translator's fragment (sorted before this one) sets
# VELA_RUN_NATIVE_SRCS and VELA_RUN_NATIVE_LIBS.
VELA_RUN_NATIVE_SRCS ?= tools/vela-run/native_stub.c
VELA_RUN_NATIVE_LIBS ?=
VELA_RUN_SRCS := tools/vela-run/main.c tools/vela-run/shim.c tools/vela-run/interp.c \
	$(VELA_RUN_NATIVE_SRCS) $(VELA_LIB_SRCS) $(VELA_INTERP_SRCS)
$(eval $(call host_tool,vela-run,$(VELA_RUN_SRCS),$(VELA_RUN_NATIVE_LIBS)))

VELA_AS      := $(BUILD)/host/bin/vela-as
VELA_OBJDUMP := $(BUILD)/host/bin/vela-objdump
VELA_RUN     := $(BUILD)/host/bin/vela-run
VELA_TOOLS   := $(VELA_AS) $(VELA_OBJDUMP) $(VELA_RUN)

# ---------------------------------------------------------------- unit tests
$(eval $(call host_test,vela-isa,tests/vela/test_isa.c $(VELA_LIB_SRCS)))
$(eval $(call host_test,vela-interp,tests/vela/test_interp.c tests/vela/vtest.c \
	$(VELA_LIB_SRCS) $(VELA_INTERP_SRCS)))
$(eval $(call host_test,vela-fpu,tests/vela/test_fpu.c $(VELA_LIB_SRCS) lib/vela/fpu.c))
$(eval $(call host_test,vela-asm,tests/vela/test_asm.c $(VELA_AS_SRCS) $(VELA_LIB_SRCS) \
	$(VELA_INTERP_SRCS)))

# ---------------------------------------------------------------- script steps
TEST_STEPS += vela-examples vela-roundtrip vela-asm-errors vela-isa-doc

.PHONY: test-step-vela-examples test-step-vela-roundtrip test-step-vela-asm-errors \
	test-step-vela-isa-doc
test-step-vela-examples: $(VELA_TOOLS)
	$(Q)$(RUN_TEST) vela-examples tests/vela/run-examples.sh $(BUILD)/host/bin $(BUILD)/vela
test-step-vela-roundtrip: $(VELA_TOOLS)
	$(Q)$(RUN_TEST) vela-roundtrip tests/vela/roundtrip.sh $(BUILD)/host/bin $(BUILD)/vela
test-step-vela-asm-errors: $(VELA_AS)
	$(Q)$(RUN_TEST) vela-asm-errors tests/vela/asm-errors.sh $(BUILD)/host/bin
test-step-vela-isa-doc: $(VELA_OBJDUMP)
	$(Q)$(RUN_TEST) vela-isa-doc tests/vela/isa-doc.sh $(BUILD)/host/bin docs/vela-isa.md

# ---------------------------------------------------------------- fuzzers
# libFuzzer targets, run for a bounded time by `make test` (VELA_FUZZ_SECONDS).
VELA_FUZZ_SECONDS ?= 30
VELA_FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter -Ilib -Itools \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -DAETHER_HOST_TEST=1

$(BUILD)/fuzz/vela_fuzz_as: tests/fuzz/vela_fuzz_as.c $(VELA_AS_SRCS) $(VELA_LIB_SRCS)
	@mkdir -p $(@D)
	@echo "  FUZZLD  $@"
	$(Q)$(CLANG) $(VELA_FUZZ_CFLAGS) -o $@ $^

$(BUILD)/fuzz/vela_fuzz_exec: tests/fuzz/vela_fuzz_exec.c tools/vela-objdump/dump.c $(VELA_LIB_SRCS) \
	$(VELA_INTERP_SRCS)
	@mkdir -p $(@D)
	@echo "  FUZZLD  $@"
	$(Q)$(CLANG) $(VELA_FUZZ_CFLAGS) -o $@ $^

TEST_STEPS += vela-fuzz-as vela-fuzz-exec
.PHONY: test-step-vela-fuzz-as test-step-vela-fuzz-exec
test-step-vela-fuzz-as: $(BUILD)/fuzz/vela_fuzz_as
	$(Q)$(RUN_TEST) vela-fuzz-as tests/fuzz/vela_run_fuzzer.sh $< $(VELA_FUZZ_SECONDS) \
		examples/vela tests/vela/asm-errors tests/vela/regress
test-step-vela-fuzz-exec: $(BUILD)/fuzz/vela_fuzz_exec
	$(Q)$(RUN_TEST) vela-fuzz-exec tests/fuzz/vela_run_fuzzer.sh $< $(VELA_FUZZ_SECONDS) \
		$(BUILD)/vela/examples $(BUILD)/vela/roundtrip

test-prereqs: $(VELA_TOOLS) $(BUILD)/fuzz/vela_fuzz_as $(BUILD)/fuzz/vela_fuzz_exec

# ---------------------------------------------------------------- benchmark
BENCH_STEPS += vela-interp
.PHONY: bench-step-vela-interp
bench-step-vela-interp: $(VELA_TOOLS)
	$(Q)tests/vela/bench-interp.sh $(BUILD)/host/bin $(BUILD)/vela
bench-prereqs: $(VELA_TOOLS)
