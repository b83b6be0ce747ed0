# AetherOS top-level build: one non-recursive GNU make.
#
# Every directory describes its sources in a fragment under mk/ (mk/*.mk), which
# this file includes. Fragments use the helpers defined here:
#   $(call host_tool,NAME,SOURCES,LDLIBS)  hosted tool   -> build/host/bin/NAME (-O2)
#   $(call host_test,NAME,SOURCES,LDLIBS)  cmocka test   -> build/hosttest/bin/NAME
#                                          (ASan+UBSan), run by `make test`
#   KERNEL_SRCS += ...                     kernel C/asm sources (kernel flags)
#   KERNEL_LIB_SRCS += ...                 portable lib/ sources linked into the kernel
#   TEST_STEPS += NAME                     plus a rule `test-step-NAME:` that runs
#                                          $(RUN_TEST) NAME command...; see tests/README.md
#   BENCH_STEPS += NAME                    plus a rule `bench-step-NAME:`
# Out-of-tree: everything goes under $(BUILD).

BUILD    ?= build
HARDENED ?= 0
ACCEL    ?= tcg
# Test steps run side by side (each keeps its own log and work directory).
TEST_JOBS ?= 2
V        ?= 0

ifeq ($(V),0)
Q := @
else
Q :=
endif

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

# ---------------------------------------------------------------- toolchains
KCC      := gcc
KLD      := ld
HOST_CC  := gcc
CLANG    := clang
GCC_INC  := $(shell $(KCC) -print-file-name=include)

COMMON_WARN := -Wall -Wextra -Werror -Wno-unused-parameter
DEPFLAGS    := -MMD -MP

KERNEL_DEFS := -DAETHER_KERNEL=1 -DAETHER_HARDENED=$(HARDENED)
KERNEL_CFLAGS := -std=gnu11 -O2 -g $(COMMON_WARN) $(DEPFLAGS) $(KERNEL_DEFS) \
	-ffreestanding -nostdlib -nostdinc -isystem $(GCC_INC) \
	-mno-red-zone -mcmodel=kernel -fno-pic -fno-pie -mgeneral-regs-only \
	-fno-omit-frame-pointer -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-strict-aliasing -fno-builtin-malloc \
	-Ikernel/include/libc -Ikernel/include -Ilib
KERNEL_ASFLAGS := $(KERNEL_DEFS) $(DEPFLAGS) -Ikernel/include -Ilib
KERNEL_LDFLAGS := -nostdlib -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments

HOST_CFLAGS := -std=gnu11 -O2 -g $(COMMON_WARN) $(DEPFLAGS) -Ilib -Itools \
	-DAETHER_HARDENED=$(HARDENED)
HOST_TEST_CFLAGS := -std=gnu11 -O1 -g $(COMMON_WARN) $(DEPFLAGS) -Ilib -Itools -Itests \
	-DAETHER_HARDENED=$(HARDENED) -DAETHER_HOST_TEST=1 \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# ---------------------------------------------------------------- helpers
HOST_TOOLS :=
HOST_TESTS :=
DEFERRED_TOOLS :=
DEFERRED_TESTS :=
TEST_STEPS :=
BENCH_STEPS :=
KERNEL_SRCS :=
KERNEL_LIB_SRCS :=

RUN_TEST := scripts/run-test.sh
KERNEL_ELF := $(BUILD)/kernel/aetheros.elf
KERNEL_ISO := $(BUILD)/aetheros.iso

define host_tool
HOST_TOOLS += $(BUILD)/host/bin/$(1)
$(BUILD)/host/bin/$(1): $(patsubst %.c,$(BUILD)/host/%.o,$(2))
	@mkdir -p $$(@D)
	@echo "  HOSTLD  $$@"
	$(Q)$$(HOST_CC) $$(HOST_CFLAGS) -o $$@ $$^ $(3)
endef

define host_test
HOST_TESTS += $(BUILD)/hosttest/bin/$(1)
TEST_STEPS += host-$(1)
$(BUILD)/hosttest/bin/$(1): $(patsubst %.c,$(BUILD)/hosttest/%.o,$(2))
	@mkdir -p $$(@D)
	@echo "  TESTLD  $$@"
	$(Q)$$(HOST_CC) $$(HOST_TEST_CFLAGS) -o $$@ $$^ -lcmocka $(3)
.PHONY: test-step-host-$(1)
test-step-host-$(1): $(BUILD)/hosttest/bin/$(1)
	$(Q)$(RUN_TEST) host-$(1) --cmocka $(BUILD)/hosttest/bin/$(1)
endef

$(BUILD)/host/%.o: %.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -c -o $@ $<

$(BUILD)/hosttest/%.o: %.c
	@mkdir -p $(@D)
	@echo "  TESTCC  $<"
	$(Q)$(HOST_CC) $(HOST_TEST_CFLAGS) -c -o $@ $<

# ---------------------------------------------------------------- fragments
include $(sort $(wildcard mk/*.mk))

# Deferred definitions: a fragment that needs another fragment's source lists
# (which may be read later, fragments load in name order) declares
#   DEFERRED_TOOLS += NAME   with   NAME_SRCS = ... and NAME_LDLIBS = ...
#   DEFERRED_TESTS += NAME   with   NAME_TEST_SRCS = ... and NAME_TEST_LDLIBS = ...
# using recursive (=) assignments; they are expanded here, after every fragment.
$(foreach t,$(DEFERRED_TOOLS),$(eval $(call host_tool,$(t),$($(t)_SRCS),$($(t)_LDLIBS))))
$(foreach t,$(DEFERRED_TESTS),$(eval $(call host_test,$(t),$($(t)_TEST_SRCS),$($(t)_TEST_LDLIBS))))

# ---------------------------------------------------------------- top targets
.PHONY: all deps tools hosttests test bench run debug iso clean format

all: deps kernel tools

deps:
	$(Q)bash scripts/deps.sh

tools: $(HOST_TOOLS)
hosttests: $(HOST_TESTS)

# `make test`: build everything, run every step (continuing past failures), then
# print one summary line over all steps and exit non-zero on any failure.
test: deps
	$(Q)$(MAKE) --no-print-directory all hosttests test-prereqs
	$(Q)rm -rf $(BUILD)/test-logs && mkdir -p $(BUILD)/test-logs
	$(Q)TEST_LOG_DIR=$(BUILD)/test-logs $(MAKE) --no-print-directory -k -j$(TEST_JOBS) \
		$(addprefix test-step-,$(TEST_STEPS)) || true
	$(Q)scripts/test-summary.sh $(BUILD)/test-logs $(TEST_STEPS)

# Run a subset: make test-only STEPS="host-fmt boot-all"
# Each test-only run keeps its logs in a directory of its own, so two runs side
# by side (several engineers, one checkout) never delete each other's logs.
test-only:
	$(Q)mkdir -p $(BUILD) && d=$$(mktemp -d $(BUILD)/test-logs-only.XXXXXX) && \
	TEST_LOG_DIR=$$d $(MAKE) --no-print-directory -k $(addprefix test-step-,$(STEPS)) || true; \
	scripts/test-summary.sh $$d $(STEPS)

.PHONY: test-prereqs
test-prereqs:

bench: deps
	$(Q)$(MAKE) --no-print-directory all bench-prereqs
	$(Q)for s in $(BENCH_STEPS); do $(MAKE) --no-print-directory bench-step-$$s || exit 1; done

.PHONY: bench-prereqs
bench-prereqs:

format:
	$(Q)git ls-files '*.c' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
